"""Driving whole sessions in GUI tests: the shell's sign-in dialog, main windows that end and
are deleted, and the print records a session left in the local store."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from printing.keys import DocumentSigner
from server.harness import DemoUser
from ui.common.operations import Pools
from ui.shell.launch import WorkstationShell
from ui.shell.main_window import MainWindow
from ui.shell.signin_dialog import SignInDialog
from workstation.config import Settings
from workstation.models import OutboxEntry
from workstation.outbox import OutboxKind
from workstation.protocol import PrintRequest
from workstation.store import Store

TIMEOUT = 60_000


@contextmanager
def running_shell(
    settings: Settings,
    *,
    signer: DocumentSigner | None = None,
    demo_users: tuple[DemoUser, ...] = (),
) -> Iterator[WorkstationShell]:
    """The application's shell on its own store and pools; everything ends with the block."""
    store = Store.open(settings.effective_database_url)
    pools = Pools()
    shell = WorkstationShell(
        settings,
        store,
        pools=pools,
        signer=signer,
        demo_users=demo_users,
        sync_interval_ms=3_600_000,  # the periodic sync is an hour away: tests sync on purpose
    )
    try:
        yield shell
    finally:
        shell.quit()
        pools.wait()
        flush_deleted()
        pools.wait()
        store.close()


def flush_deleted() -> None:
    """Run the deletions the event loop would run next (closed windows, finished operations)."""
    for _round in range(3):  # a deleted object's children may post deletions of their own
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()


def opened_window(qtbot: QtBot, shell: WorkstationShell, sign_in: object) -> MainWindow:
    """Run `sign_in()` (which opens a window) and wait for the window's first sync."""
    with qtbot.waitSignal(shell.window_opened, timeout=TIMEOUT) as opened:
        assert callable(sign_in)
        sign_in()
    window = opened.args[0]
    assert isinstance(window, MainWindow)
    qtbot.waitUntil(lambda: window.sync.last_sync is not None, timeout=TIMEOUT)
    return window


def sign_in_from_dialog(
    qtbot: QtBot, shell: WorkstationShell, dialog: SignInDialog, password: str
) -> MainWindow:
    dialog.password.setText(password)
    return opened_window(qtbot, shell, dialog.buttons.accepted.emit)


def sign_out(window: MainWindow) -> None:
    """What the toolbar's Sign out does."""
    action = window.findChild(QAction, "signOutAction")
    assert isinstance(action, QAction)
    action.trigger()


def pdf_printer(path: Path) -> QPrinter:
    """Qt's own PDF printer: the same code path as a system printer, with a file to check."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def stored_prints(store: Store) -> list[tuple[PrintRequest, str]]:
    """Every print in the local outbox with its state (pending, delivered...), oldest first."""
    with store.reader() as session:
        rows = session.execute(
            select(OutboxEntry.payload_json, OutboxEntry.state)
            .where(OutboxEntry.kind == OutboxKind.PRINT.value)
            .order_by(OutboxEntry.created_at)
        ).all()
    return [(PrintRequest.model_validate_json(payload), state) for payload, state in rows]
