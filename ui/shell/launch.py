"""Starting the application: sign in, work, sign out, sign in again, until sign-in is cancelled.

`WorkstationShell` holds what outlives a session (settings, the local store, the worker
pools) and nothing of the person signed in: each session gets its own client, services and
main window, and all of them go when it ends. A session ends when the user signs out or
closes the window, or when the server no longer accepts it (it expired); the sign-in
dialog then comes back with the same server and user name, and what waits in the outbox
is delivered by the next session's first sync.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from printing.keys import DocumentSigner
from server.harness import DemoUser
from ui.common.operations import ErrorRoute, Pools
from ui.common.services import open_services
from ui.shell.app import create_application
from ui.shell.main_window import MainWindow, SessionEnd
from ui.shell.signin_dialog import SignInDialog
from workstation.client import CentralClient
from workstation.config import Settings
from workstation.store import Store, StoreError

log = logging.getLogger(__name__)

# Files the workstation makes (store, exports, saved certificates) hold personal data.
OWNER_ONLY_UMASK = 0o077


def restrict_new_files() -> None:
    """Every file this process makes is owner-only unless made wider on purpose."""
    os.umask(OWNER_ONLY_UMASK)


def quit_on_signals(app: QApplication, shell: WorkstationShell | None = None) -> None:
    """Ctrl+C or SIGTERM closes the application the normal way (so the demo stops its server).

    Python only runs signal handlers between bytecodes; a timer gives it that chance while
    Qt's event loop is in C++.
    """

    def stop(_signum: int, _frame: object) -> None:
        if shell is not None:
            shell.quit()
        else:
            app.closeAllWindows()
        app.quit()

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, stop)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def _open_store(settings: Settings) -> Store | None:
    try:
        return Store.open(settings.effective_database_url)
    except StoreError as exc:
        log.error("%s", exc)
        return None


class WorkstationShell(QObject):
    """One session at a time: the sign-in dialog, then the main window, then sign-in again."""

    # A main window is shown for a new session (MainWindow).
    window_opened = Signal(object)
    # The sign-in dialog is shown (SignInDialog).
    signing_in = Signal(object)
    # Sign-in was cancelled (or `quit`): the application is done.
    finished = Signal()

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        pools: Pools,
        demo_users: Sequence[DemoUser] = (),
        signer: DocumentSigner | None = None,
        sync_interval_ms: int = 60_000,
    ) -> None:
        super().__init__()
        self._settings = settings
        self.store = store
        self._pools = pools
        self._demo_users = tuple(demo_users)
        # The demo's own throw-away key (random passphrase nobody knows): handed to each
        # clerk's window, which forgets it when its session ends. Never set outside the demo.
        self._signer = signer
        self._sync_interval_ms = sync_interval_ms
        self.window: MainWindow | None = None
        self.dialog: SignInDialog | None = None
        self._quitting = False

    # -- signing in -----------------------------------------------------------------------------

    def sign_in(
        self, *, notice: str = "", username: str | None = None, server_url: str | None = None
    ) -> SignInDialog:
        """Show the sign-in dialog (not modal to anything: no window is open)."""
        errors = ErrorRoute()
        dialog = SignInDialog(
            server_url=server_url or self._settings.server_url,
            same_server=server_url,
            pools=self._pools,
            errors_route=errors,
            ca_bundle=self._settings.ca_bundle,
            username=username,
            notice=notice,
            demo_users=self._demo_users,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        errors.setParent(dialog)  # deleted with it, on the GUI thread
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.rejected.connect(self._on_dialog_rejected)
        self.dialog = dialog
        dialog.show()
        self.signing_in.emit(dialog)
        return dialog

    def sign_in_with(self, username: str, password: str) -> MainWindow:
        """Sign in without the dialog (the demo's first window) and open the window."""
        client = CentralClient(self._settings.server_url, ca_bundle=self._settings.ca_bundle)
        try:
            client.login(username, password)
        except Exception:
            client.close()
            raise
        return self.open_window(client)

    def open_window(self, client: CentralClient) -> MainWindow:
        services = open_services(
            settings=self._settings,
            store=self.store,
            client=client,
            pools=self._pools,
            # A route per session: an old session's late failure never reaches the next window.
            errors=ErrorRoute(),
        )
        window = MainWindow(services, sync_interval_ms=self._sync_interval_ms, signer=self._signer)
        # The session's QObjects go with its window, on the GUI thread (not whenever a worker
        # thread's garbage collection happens to find them).
        services.errors.setParent(window)
        services.changes.setParent(window)
        window.signed_out.connect(self._on_signed_out)
        self.window = window
        window.show()
        self.window_opened.emit(window)
        return window

    def _on_dialog_accepted(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None or dialog.client is None:
            return
        client, dialog.client = dialog.client, None
        self.open_window(client)

    def _on_dialog_rejected(self) -> None:
        self.dialog = None
        self._quitting = True
        self.finished.emit()

    # -- signing out ----------------------------------------------------------------------------

    def _on_signed_out(self, end: SessionEnd) -> None:
        window, self.window = self.window, None
        if window is None or self._quitting:
            return
        username, server_url = window.username, window.server_url
        del window  # the window deletes itself; nothing here keeps it
        if end is SessionEnd.SESSION_ENDED:
            notice = QCoreApplication.translate(
                "WorkstationShell",
                "Your session with the central server has ended (it expired or was closed "
                "there). Sign in again to go on: what you recorded is kept in the outbox and "
                "is delivered once you have signed in.",
            )
        else:
            notice = QCoreApplication.translate("WorkstationShell", "You have signed out.")
        # After the window's close has finished (it is deleted in the same turn of the loop).
        QTimer.singleShot(
            0,
            self,
            lambda: self.sign_in(notice=notice, username=username, server_url=server_url),
        )

    def quit(self) -> None:
        """End everything: close the window (its session ends the normal way) and any dialog."""
        self._quitting = True
        if self.window is not None:
            self.window.close()
        if self.dialog is not None:
            self.dialog.reject()
        else:
            self.finished.emit()


def run_shell(
    settings: Settings,
    *,
    demo_users: Sequence[DemoUser] = (),
    signer: DocumentSigner | None = None,
    username: str | None = None,
    password: str | None = None,
) -> int:
    """Run until sign-in is cancelled; with `username`/`password` the first session opens
    without the dialog (the demo)."""
    restrict_new_files()
    app = create_application()
    store = _open_store(settings)
    if store is None:
        return 2
    pools = Pools()
    shell = WorkstationShell(settings, store, pools=pools, demo_users=demo_users, signer=signer)
    # Between two sessions no window is open: the application ends only when sign-in is
    # cancelled, not when the last window closes.
    app.setQuitOnLastWindowClosed(False)
    shell.finished.connect(app.quit)
    quit_on_signals(app, shell)
    if username is not None and password is not None:
        shell.sign_in_with(username, password)
    else:
        shell.sign_in()
    code = app.exec()
    pools.wait()
    store.close()
    return code


def run_signed_out(settings: Settings) -> int:
    """Ask for credentials, open the window; after sign-out ask again; quit on cancel."""
    return run_shell(settings)


def open_signed_in_window(
    settings: Settings,
    *,
    username: str,
    password: str,
    signer: DocumentSigner | None = None,
) -> MainWindow:
    """Sign in and build the main window: what the startup benchmark times.

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
    errors.setParent(window)  # the session's QObjects go with the window, on the GUI thread
    services.changes.setParent(window)
    window.destroyed.connect(store.close)
    return window
