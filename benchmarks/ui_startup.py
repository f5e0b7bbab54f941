"""Child processes of ui_bench.py: what a user waits for, each timed in a fresh process.

    python benchmarks/ui_startup.py window SERVER_URL USER DATABASE_URL   (password: $CW_PASSWORD)
    python benchmarks/ui_startup.py signin SERVER_URL USER DATABASE_URL   (password: $CW_PASSWORD)
    python benchmarks/ui_startup.py queue DATABASE_URL

- `window`: sign in and build the main window (`ui.shell.launch.open_signed_in_window`,
  what `demo` runs); prints `shown_at=<perf_counter>` once the window has been painted.
  On Linux perf_counter is CLOCK_MONOTONIC, the same clock in the parent, so the parent
  subtracts the moment it started this process.
- `signin`: the workstation as `gui` runs it (`ui.shell.launch.WorkstationShell`): the
  sign-in dialog is shown and filled in, then its Sign in button is clicked; the dialog
  signs in off the GUI thread, the main window opens and starts its first sync. Prints
  `clicked_at=`, `window_at=` (the main window shown), `queue_at=` (the queue's table has
  painted its first rows and every one of them shows its check summary, not "Not
  checked") and `synced_at=` (the first sync finished), all perf_counter values.
- `queue`: the first load of a fresh queue (`ui.common.queue_view.QueueView`, its model
  empty) over an existing store, until the visible rows are painted: prints
  `queue_ms=<milliseconds>`. The store is opened before the clock starts; its SQLite page
  cache is empty, as in a workstation just started.
"""

from __future__ import annotations

import atexit
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox

from ui.common.labels import verdict_label
from ui.common.operations import Pools
from ui.common.queue_model import COLUMNS
from ui.common.queue_view import QueueView
from ui.shell.app import create_application
from ui.shell.launch import WorkstationShell, open_signed_in_window
from ui.shell.main_window import MainWindow
from workstation.config import load_settings
from workstation.queue import QueueColumn
from workstation.store import Store

POLL_MS = 5
TIMEOUT_MS = 120_000


def _data_dir() -> str:
    """A data folder of this process's own, removed when it exits."""
    folder = tempfile.TemporaryDirectory(prefix="ui-child-")
    atexit.register(folder.cleanup)
    return folder.name


def window(server_url: str, user: str, database_url: str) -> None:
    app = create_application()
    settings = load_settings(
        environ={},
        server_url=server_url,
        database_url=database_url,
        data_dir=_data_dir(),
    )
    main_window = open_signed_in_window(settings, username=user, password=os.environ["CW_PASSWORD"])
    main_window.show()
    main_window.repaint()

    def report() -> None:
        print(f"shown_at={time.perf_counter()}", flush=True)
        main_window.sync.stop()
        main_window.close()
        app.quit()

    QTimer.singleShot(0, report)
    app.exec()


def _first_rows_checked(view: QueueView) -> bool:
    """The table shows rows, and each visible one carries its check summary."""
    model, table = view.model, view.table
    if model.rowCount() == 0:
        return False
    checks = COLUMNS.index(QueueColumn.CHECKS)
    summaries = {verdict_label(v) for v in ("pass", "warn", "fail")}
    last = table.rowAt(table.viewport().height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    return all(model.index(row, checks).data() in summaries for row in range(last + 1))


def signin(server_url: str, user: str, database_url: str) -> None:
    app = create_application()
    settings = load_settings(
        environ={},
        server_url=server_url,
        database_url=database_url,
        data_dir=_data_dir(),
    )
    store = Store.open(settings.effective_database_url)
    pools = Pools()
    shell = WorkstationShell(settings, store, pools=pools)
    dialog = shell.sign_in()
    dialog.server.setText(server_url)
    dialog.user.setText(user)
    dialog.password.setText(os.environ["CW_PASSWORD"])
    dialog.repaint()
    app.processEvents()
    moments: dict[str, float] = {}
    poll = QTimer()
    poll.setInterval(POLL_MS)

    def finish() -> None:
        for name in ("clicked_at", "window_at", "queue_at", "synced_at"):
            print(f"{name}={moments.get(name, 'never')}", flush=True)
        if shell.window is not None:
            shell.window.sync.stop()
        shell.quit()
        app.quit()

    def on_window(main_window: MainWindow) -> None:
        moments["window_at"] = time.perf_counter()
        view: QueueView = main_window.workspace.queue  # the officer's workspace

        def check() -> None:
            if "queue_at" not in moments and _first_rows_checked(view):
                view.table.viewport().repaint()
                moments["queue_at"] = time.perf_counter()
                poll.stop()
                if "synced_at" in moments:
                    finish()

        def on_synced(_ok: bool, _message: str) -> None:
            moments.setdefault("synced_at", time.perf_counter())
            check()
            if "queue_at" in moments:
                finish()

        poll.timeout.connect(check)
        poll.start()
        main_window.sync.finished.connect(on_synced)

    shell.window_opened.connect(on_window)
    QTimer.singleShot(TIMEOUT_MS, finish)
    moments["clicked_at"] = time.perf_counter()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    app.exec()
    pools.wait()
    store.close()


def queue(database_url: str) -> None:
    create_application()
    store = Store.open(database_url)
    began = time.perf_counter()
    view = QueueView(store)
    view.resize(1200, 800)
    view.show()
    view.reload()
    view.table.viewport().repaint()
    elapsed = time.perf_counter() - began
    print(f"queue: {view.model.rowCount()} open cases", flush=True)
    print(f"queue_ms={elapsed * 1000}", flush=True)
    view.close()
    store.close()


if __name__ == "__main__":
    mode, *arguments = sys.argv[1:]
    {"window": window, "signin": signin, "queue": queue}[mode](*arguments)
