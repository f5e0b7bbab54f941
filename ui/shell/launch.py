"""Starting the application: sign-in dialog, then the main window, until the user quits."""

from __future__ import annotations

import logging
import signal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from printing.keys import DocumentSigner
from ui.common.operations import ErrorRoute, Pools
from ui.common.services import open_services
from ui.shell.app import create_application
from ui.shell.main_window import MainWindow
from ui.shell.signin_dialog import SignInDialog
from workstation.client import CentralClient
from workstation.config import Settings
from workstation.store import Store, StoreError

log = logging.getLogger(__name__)


def quit_on_signals(app: QApplication) -> None:
    """Ctrl+C or SIGTERM closes the application the normal way (so the demo stops its server).

    Python only runs signal handlers between bytecodes; a timer gives it that chance while
    Qt's event loop is in C++.
    """
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda _signum, _frame: app.closeAllWindows() or app.quit())
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def _open_store(settings: Settings) -> Store | None:
    try:
        return Store.open(settings.effective_database_url)
    except StoreError as exc:
        log.error("%s", exc)
        return None


def run_signed_out(settings: Settings) -> int:
    """Ask for credentials, open the window; after sign-out ask again; quit on cancel."""
    app = create_application()
    quit_on_signals(app)
    store = _open_store(settings)
    if store is None:
        return 2
    pools, errors = Pools(), ErrorRoute()
    while True:
        dialog = SignInDialog(
            server_url=settings.server_url, pools=pools, errors_route=errors,
            ca_bundle=settings.ca_bundle,
        )  # fmt: skip
        if not dialog.exec() or dialog.client is None:
            break
        services = open_services(
            settings=settings, store=store, client=dialog.client, pools=pools, errors=errors
        )
        window = MainWindow(services)
        window.show()
        app.exec()
    pools.wait()
    store.close()
    return 0


def open_signed_in_window(
    settings: Settings,
    *,
    username: str,
    password: str,
    signer: DocumentSigner | None = None,
) -> MainWindow:
    """Sign in and build the main window: the demo's start, and what the startup benchmark times.

    `signer` is an unlocked signing key (the demo's); without one a clerk is asked for the
    passphrase when printing.
    """
    create_application()
    store = _open_store(settings)
    if store is None:
        raise StoreError(f"cannot open the local store {settings.effective_database_url}")
    client = CentralClient(settings.server_url, ca_bundle=settings.ca_bundle)
    client.login(username, password)
    pools, errors = Pools(), ErrorRoute()
    services = open_services(
        settings=settings, store=store, client=client, pools=pools, errors=errors
    )
    window = MainWindow(services, signer=signer)
    window.destroyed.connect(store.close)
    return window


def run_signed_in(
    settings: Settings, *, username: str, password: str, signer: DocumentSigner | None = None
) -> int:
    """Open the window already signed in (the demo) and run until it is closed."""
    app = create_application()
    quit_on_signals(app)
    try:
        window = open_signed_in_window(
            settings, username=username, password=password, signer=signer
        )
    except StoreError as exc:
        log.error("%s", exc)
        return 2
    window.show()
    return app.exec()
