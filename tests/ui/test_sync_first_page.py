"""A long first sync shows its first page, checked, before the rest has arrived."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from server.harness import ReferenceServerProcess
from tests.ui.conftest import OpenServices
from ui.common.sync_controller import SyncController
from workstation.config import Settings, load_settings
from workstation.models import CaseRow

PAGE = 10


@pytest.fixture
def settings(tmp_path: Path, central: ReferenceServerProcess) -> Settings:
    """The shared fixture's settings, with pages small enough for several of them."""
    return load_settings(
        file=tmp_path / "absent.toml",
        environ={},
        server_url=central.url,
        database_url=f"sqlite:///{tmp_path / 'workstation.sqlite3'}",
        data_dir=str(tmp_path),
        sync_page_size=PAGE,
    )


def test_the_first_page_is_checked_and_announced_before_the_sync_ends(
    qtbot: QtBot, open_signed_in: OpenServices
) -> None:
    services = open_signed_in("officer")
    sync = SyncController(services, interval_ms=3_600_000)
    seen: list[str] = []
    services.changes.cases_changed.connect(lambda _ids: seen.append("cases changed"))
    sync.finished.connect(lambda ok, _message: seen.append(f"finished {ok}"))
    with qtbot.waitSignal(sync.finished, timeout=60_000):
        sync.sync_now()
    qtbot.wait(10)  # the operation's relays are deleted while the controller, their parent, lives
    with services.store.reader() as session:
        stored = session.scalar(select(func.count()).select_from(CaseRow))
        unchecked = session.scalar(
            select(func.count()).select_from(CaseRow).where(CaseRow.check_verdict.is_(None))
        )
    assert stored is not None and stored > PAGE, "the test needs a pull of several pages"
    assert unchecked == 0
    # The first page announced, then the end of the sync (which announces everything).
    assert seen == ["cases changed", "cases changed", "finished True"]
