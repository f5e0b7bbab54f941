"""Sync speed: a first full pull of 10,000 declarations, and a pull when nothing changed.

Starts the reference server (a subprocess on loopback, SQLite) seeded with
10,000 demo declarations of one mission through the server's own intake, signs
in as an officer of that mission and measures, each round into a fresh SQLite store:

- initial_sync_10k_s: the sync engine exactly as `consular-workstation sync` runs it
  (outbox delivery, the paged pull, the documents of held cases);
- nochange_sync_s: the same engine again when nothing changed (5 per round);
- gui_first_sync_10k_s: the first sync the workstation's window runs after sign-in:
  `ui.common.sync_controller.SyncController.sync_now()` over the services the window
  builds (`ui.common.services.open_services`), on its worker thread, until it reports
  `finished`: the pull with the automatic declaration checks of every new case (the
  queue's check column, run as each page is stored), then the check of any case left
  unchecked and the purge of expired cases. Each round asserts that all the declarations
  arrived and were checked, and (untimed) that each stored verdict is the one the checks
  give on the record read back from the store.

Medians over the rounds. The last line is

    initial_sync_10k_s=<f> nochange_sync_s=<f> gui_first_sync_10k_s=<f>

Usage: python benchmarks/sync_bench.py [--declarations 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from server.harness import ReferenceServerProcess
from workstation.cases import load_records
from workstation.client import CentralClient
from workstation.config import load_settings
from workstation.models import CaseRow
from workstation.store import Store
from workstation.sync import SyncEngine

MISSION = "GBR-LON"
GUI_TIMEOUT_MS = 600_000


def gui_first_sync(server: ReferenceServerProcess, folder: Path, expected: int) -> float:
    """Seconds of the window's first sync into a fresh store (see the module's docstring)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from ui.common.operations import ErrorRoute, Pools
    from ui.common.services import open_services
    from ui.common.sync_controller import SyncController
    from ui.shell.app import create_application

    create_application()
    officer = server.user("officer", MISSION)
    name = f"gui-{time.monotonic_ns()}"
    settings = load_settings(
        environ={}, server_url=server.url,
        database_url=f"sqlite:///{folder / f'{name}.sqlite3'}", data_dir=str(folder / name),
    )  # fmt: skip
    client = CentralClient(server.url)
    client.login(officer.username, officer.password)
    store = Store.open(settings.effective_database_url)
    services = open_services(
        settings=settings, store=store, client=client, pools=Pools(), errors=ErrorRoute()
    )
    sync = SyncController(services, interval_ms=3_600_000)  # no timer round during the run
    outcome: list[tuple[bool, str]] = []
    arrived: list[int] = []
    loop = QEventLoop()
    services.changes.synced.connect(lambda pulled, _delivered: arrived.append(pulled))

    def on_finished(ok: bool, message: str) -> None:
        outcome.append((ok, message))
        loop.quit()

    sync.finished.connect(on_finished)
    QTimer.singleShot(GUI_TIMEOUT_MS, loop.quit)
    began = time.perf_counter()
    sync.sync_now()
    loop.exec()
    seconds = time.perf_counter() - began
    # Let Qt delete the operation's relays while the controller, their parent, still exists.
    QTimer.singleShot(50, loop.quit)
    loop.exec()
    try:
        if outcome != [(True, "")]:
            raise SystemExit(f"the window's sync did not succeed: {outcome or 'timed out'}")
        with store.reader() as session:
            stored = session.scalar(select(func.count()).select_from(CaseRow))
            checked = session.scalar(
                select(func.count()).select_from(CaseRow).where(CaseRow.check_verdict.is_not(None))
            )
            verdicts = dict(session.execute(select(CaseRow.case_id, CaseRow.check_verdict)).all())
        if arrived != [expected] or stored != expected or checked != expected:
            raise SystemExit(
                f"expected {expected} cases pulled, stored and checked; the sync reported "
                f"{arrived}, the store holds {stored}, {checked} checked"
            )
        differ = [
            record.case_id
            for record in load_records(store, list(verdicts))
            if services.assessor.declaration_verdict(record) != verdicts[str(record.case_id)]
        ]
        if differ:
            raise SystemExit(f"{len(differ)} stored verdicts differ from the checks' read back")
    finally:
        services.close()
        store.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--declarations", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    page_size = load_settings(environ={}).sync_page_size

    with tempfile.TemporaryDirectory(prefix="sync-bench-") as folder_name:
        folder = Path(folder_name)
        started = time.perf_counter()
        server = ReferenceServerProcess(
            database_url=f"sqlite:///{folder / 'central.sqlite3'}",
            workdir=folder,
            seed=args.declarations,
            extra_args=["--seed-missions", MISSION],
        ).start()
        print(f"seeded {args.declarations} declarations in {time.perf_counter() - started:.1f} s")
        try:
            officer = server.user("officer", MISSION)
            initial: list[float] = []
            nochange: list[float] = []
            gui: list[float] = []
            for round_number in range(args.rounds):
                store = Store.open(f"sqlite:///{folder / f'workstation-{round_number}.sqlite3'}")
                client = CentralClient(server.url)
                client.login(officer.username, officer.password)
                engine = SyncEngine(client, store, page_size=page_size)
                began = time.perf_counter()
                _delivery, pull = engine.sync()
                initial.append(time.perf_counter() - began)
                print(
                    f"round {round_number + 1}: first sync pulled {pull.new} cases in "
                    f"{pull.pages} pages, {initial[-1]:.3f} s"
                )
                for _ in range(5):
                    began = time.perf_counter()
                    _delivery, again = engine.sync()
                    nochange.append(time.perf_counter() - began)
                    assert again.new == again.updated == 0, "a no-change sync fetched something"
                client.close()
                store.close()
                gui.append(gui_first_sync(server, folder, args.declarations))
                print(
                    f"round {round_number + 1}: the window's first sync pulled and checked "
                    f"{args.declarations} cases in {gui[-1]:.3f} s"
                )
        finally:
            server.stop()
    print(f"first sync: median {statistics.median(initial):.3f} s over {len(initial)} rounds")
    print(
        f"no-change sync: median {statistics.median(nochange) * 1000:.1f} ms over {len(nochange)}"
    )
    print(f"window's first sync: median {statistics.median(gui):.3f} s over {len(gui)} rounds")
    print(
        f"initial_sync_10k_s={statistics.median(initial):.3f} "
        f"nochange_sync_s={statistics.median(nochange):.4f} "
        f"gui_first_sync_10k_s={statistics.median(gui):.3f}"
    )


if __name__ == "__main__":
    main()
