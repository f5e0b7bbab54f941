"""The clerk's lists (to print, printed, reprints) with their Printed column and figures, the
batch preview that says which certificate it shows, and Ctrl+P, against the real server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from printing.verify import verify
from server.harness import ReferenceServerProcess
from tests.support.clerk_ui import (
    TIMEOUT,
    ApprovedCase,
    Clerk,
    open_clerk,
    pdf_pages,
    submit_and_approve,
)
from tests.ui.conftest import MISSION, OpenServices
from ui.clerk.print_job import BatchOutcome
from workstation.config import Settings
from workstation.domain import CaseStatus
from workstation.queue import QueueColumn, queue_rows


@pytest.fixture(scope="module")
def approved(central: ReferenceServerProcess) -> list[ApprovedCase]:
    return submit_and_approve(central, 7)


@pytest.fixture
def clerk(qtbot: QtBot, open_signed_in: OpenServices, settings: Settings) -> Clerk:
    return open_clerk(qtbot, open_signed_in, settings)


def show_list(qtbot: QtBot, clerk: Clerk, name: str) -> list[str]:
    """Choose one of the clerk's lists; the case ids it shows, in order."""
    queue = clerk.workspace.queue
    index = queue.status_filter.findText(name)
    assert index >= 0, name
    if index != queue.status_filter.currentIndex():
        with qtbot.waitSignal(queue.model.modelReset, timeout=TIMEOUT):
            queue.status_filter.setCurrentIndex(index)
    return [i for r in range(queue.model.rowCount()) if (i := queue.model.case_id(r))]


def printed_column(clerk: Clerk, case_id: str) -> str:
    model = clerk.workspace.queue.model
    return str(model.data(model.index(model.row_of(case_id), 1)))


def save_pdf(qtbot: QtBot, clerk: Clerk, cases: list[ApprovedCase], out: Path) -> BatchOutcome:
    clerk.workspace.select_cases([c.case_id for c in cases])
    with qtbot.waitSignal(clerk.workspace.batch_finished, timeout=TIMEOUT) as finished:
        assert clerk.workspace.save_pdf_to(out, signer=clerk.signer)
    outcome = finished.args[0]
    assert isinstance(outcome, BatchOutcome) and len(outcome.printed) == len(cases)
    qtbot.waitUntil(lambda: not clerk.services.outbox.counts().pending, timeout=TIMEOUT)
    return outcome


def test_the_lists_follow_what_was_printed_here_and_elsewhere(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase], central: ReferenceServerProcess,
    tmp_path: Path,
) -> None:  # fmt: skip
    ours = [c.case_id for c in approved[:3]]
    queue = clerk.workspace.queue
    assert queue.model.columns[1] is QueueColumn.PRINTED
    to_print = show_list(qtbot, clerk, "To print")
    assert set(ours) <= set(to_print)
    rows = queue_rows(clerk.services.store, to_print)
    assert all(r.status is CaseStatus.APPROVED and r.printed_at is None for r in rows.values())
    assert all(printed_column(clerk, c) == "not yet" for c in ours)
    assert show_list(qtbot, clerk, "Printed") == [] and show_list(qtbot, clerk, "Reprints") == []

    # Printed here: out of "To print", into "Printed", with the time it was printed.
    show_list(qtbot, clerk, "To print")
    save_pdf(qtbot, clerk, approved[:2], tmp_path / "first.pdf")
    assert set(show_list(qtbot, clerk, "Printed")) == set(ours[:2])
    assert all(printed_column(clerk, c)[:2] == "20" for c in ours[:2])  # a date, not "not yet"
    assert not set(ours[:2]) & set(show_list(qtbot, clerk, "To print"))
    assert show_list(qtbot, clerk, "Reprints") == []

    # Printed again: also in "Reprints".
    show_list(qtbot, clerk, "Printed")
    save_pdf(qtbot, clerk, approved[:1], tmp_path / "again.pdf")
    assert show_list(qtbot, clerk, "Reprints") == ours[:1]

    # Printed on another workstation: known here once the feed says so.
    elsewhere = central.sign_in("clerk", MISSION)
    recorded = elsewhere.put(
        f"/prints/{uuid.uuid4()}",
        json={
            "certificate_id": approved[2].certificate_id,
            "case_id": ours[2],
            "copies": 1,
            "reprint": False,
            "printed_at": datetime.now(UTC).isoformat(),
            "certificate_sha256": "e" * 64,
            "kid": "0123456789abcdef",
        },
    )
    assert recorded.status_code == 201, recorded.text
    clerk.services.sync.pull()
    clerk.services.changes.cases_changed.emit({ours[2]})
    printed = show_list(qtbot, clerk, "Printed")
    assert set(printed) == set(ours)
    assert ours[2] not in show_list(qtbot, clerk, "To print")

    # The figures say what the lists hold.
    counts = {
        name: len(show_list(qtbot, clerk, name)) for name in ("To print", "Printed", "Reprints")
    }
    assert queue.counts.text() == (
        f"To print {counts['To print']} · printed {counts['Printed']} · "
        f"reprints {counts['Reprints']}"
    )


def test_the_batch_preview_says_which_certificate_it_shows(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase]
) -> None:
    batch = approved[3:5]
    preview = clerk.workspace.preview
    with qtbot.waitSignal(preview.rendered, timeout=TIMEOUT):
        clerk.workspace.select_cases([c.case_id for c in batch])
    first, second = batch
    assert preview.caption.text() == (
        f"Certificate 1 of 2: {first.holder} 刘洋\n{first.certificate_id}"
    )
    assert not preview.next_button.isHidden()
    with qtbot.waitSignal(preview.rendered, timeout=TIMEOUT):
        preview.next_button.click()
    assert preview.caption.text() == (
        f"Certificate 2 of 2: {second.holder} 陈静\n{second.certificate_id}"
    )
    assert clerk.workspace.selected_ids() == [c.case_id for c in batch], "selection kept"
    with qtbot.waitSignal(preview.rendered, timeout=TIMEOUT):
        clerk.workspace.select_cases([first.case_id])
    assert preview.caption.text().startswith("Certificate 1 of 1: ")
    assert preview.next_button.isHidden()


def test_ctrl_p_prints_the_selection(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase], tmp_path: Path
) -> None:
    batch = approved[5:7]
    workspace = clerk.workspace
    workspace.select_cases([c.case_id for c in batch])
    workspace.show()
    workspace.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is workspace, timeout=TIMEOUT)
    out = tmp_path / "ctrl-p.pdf"
    dialogs: list[str] = []

    def print_to_file() -> None:
        # Qt's own print dialog; with no system printer it offers "Print to File (PDF)".
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintDialog):
            QTimer.singleShot(50, print_to_file)
            return
        dialogs.append(dialog.windowTitle())
        name = dialog.findChild(QLineEdit, "filename")
        assert isinstance(name, QLineEdit)
        name.setText(str(out))
        dialog.accept()

    QTimer.singleShot(50, print_to_file)
    with qtbot.waitSignal(workspace.batch_finished, timeout=TIMEOUT) as finished:
        qtbot.keyClick(workspace.queue.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert dialogs == ["Print certificates"]
    outcome = finished.args[0]
    assert isinstance(outcome, BatchOutcome) and len(outcome.printed) == 2
    assert pdf_pages(out) == 2
    results = verify([out], clerk.trust)
    assert all(r.valid for r in results), [r.problems for r in results]
    assert [r.claims.dcc["t"][0]["ci"] for r in results if r.claims] == [
        c.certificate_id for c in batch
    ]
