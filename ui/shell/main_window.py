"""The main window composes a workspace for the signed-in role; it does not contain them."""

from __future__ import annotations

import logging
from enum import Enum

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QWidget,
)

from printing.keys import DocumentSigner
from ui.auditor.workspace import AuditWorkspace
from ui.clerk.verify_dialog import may_verify, verify_action
from ui.clerk.workspace import PrintWorkspace
from ui.common.browse_workspace import BrowseWorkspace
from ui.common.labels import role_label
from ui.common.services import Services
from ui.common.sync_controller import SyncController
from ui.officer.workspace import ReviewWorkspace
from ui.shell.i18n import LANGUAGES, save_language, saved_language
from ui.shell.status_panel import StatusPanel
from ui.supervisor.workspace import CountersignWorkspace
from workstation.domain import Permission, can

log = logging.getLogger(__name__)

GEOMETRY = "window/geometry"
#: Closing mid-batch waits this long at most for the certificate on the printer and its record.
FINISH_PRINTING_MS = 120_000
#: When the session ends, how many times open dialogs are asked to close before the window goes.
MODAL_CLOSE_ATTEMPTS = 20
#: How often an ended session looks whether the print batch it waits for is done.
BATCH_POLL_MS = 200


class SessionEnd(Enum):
    """Why the window closed (what the sign-in dialog then says)."""

    SIGNED_OUT = "signed_out"  # Sign out, or the window was closed
    SESSION_ENDED = "session_ended"  # the server no longer accepts the session (expired)


class MainWindow(QMainWindow):
    """One signed-in session: closing it (or Sign out) ends the session and deletes the window."""

    #: The window closed and the session is over (SessionEnd); the window is deleted next.
    signed_out = Signal(object)

    def __init__(
        self,
        services: Services,
        *,
        sync_interval_ms: int = 60_000,
        signer: DocumentSigner | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        # Nothing of a signed-out user lingers: the window and its workspaces go with the session.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.services = services
        self._signer = signer  # an unlocked signing key (the demo); else asked for when printing
        self.end = SessionEnd.SIGNED_OUT
        self._closed = False
        user = services.user
        #: Who was signed in (the sign-in dialog offers the name again after the session).
        self.username = user.username
        self.server_url = services.client.base_url
        self.setWindowTitle(
            self.tr("Consular Workstation — {0} ({1}, {2})").format(
                user.display_name, role_label(user.role), user.mission
            )
        )
        self.sync = SyncController(services, interval_ms=sync_interval_ms)
        # Owned by the window, so it goes with it on the GUI thread: a Python-owned QObject
        # would be deleted by whichever thread's garbage collection finds it last.
        self.sync.setParent(self)
        self.workspace = self._workspace_for_role()
        self.setCentralWidget(self.workspace)
        self._build_toolbar()
        self.status = StatusPanel(self.statusBar(), services, self.sync)
        services.errors.failed.connect(self._on_error)
        services.errors.session_ended.connect(self._on_session_ended)
        self.sync.refused.connect(self._on_refused)
        geometry = QSettings().value(GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)

    def _workspace_for_role(self) -> QWidget:
        role = self.services.user.role
        if can(role, Permission.DECIDE):
            workspace = ReviewWorkspace(self.services, self.sync)
            workspace.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
            if not can(role, Permission.READ_AUDIT):
                return workspace
            audit = AuditWorkspace(self.services, self.sync)  # a supervisor: review and audit
            audit.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
            tabs = QTabWidget()
            tabs.setObjectName("supervisorTabs")
            tabs.addTab(workspace, self.tr("Review"))
            if can(role, Permission.COUNTERSIGN):
                countersign = CountersignWorkspace(self.services, self.sync)
                countersign.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
                tabs.addTab(countersign, self.tr("Countersignatures"))
            tabs.addTab(audit, self.tr("Audit"))
            return tabs
        if can(role, Permission.PRINT):
            printing = PrintWorkspace(self.services, self.sync, signer=self._signer)
            printing.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
            return printing
        if can(role, Permission.READ_AUDIT):
            audit = AuditWorkspace(self.services, self.sync)
            audit.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
            return audit
        return BrowseWorkspace(self.services)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        sync_action = QAction(self.tr("Sync now"), self)
        sync_action.setObjectName("syncAction")
        sync_action.setShortcut(QKeySequence("F5"))
        sync_action.triggered.connect(self.sync.sync_now)
        toolbar.addAction(sync_action)
        review = self.findChild(ReviewWorkspace)  # the workspace itself, or a supervisor's tab
        if review is not None:
            toolbar.addAction(review.next_action)
            toolbar.addAction(review.release_action)
        if may_verify(self.services.user.role):
            toolbar.addAction(verify_action(self, self.services))
        toolbar.addSeparator()
        language_menu = self.menuBar().addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == saved_language())
            action.triggered.connect(lambda _checked, c=code: self._on_language_chosen(c))
            group.addAction(action)
            language_menu.addAction(action)
        sign_out = QAction(self.tr("Sign out"), self)
        sign_out.setObjectName("signOutAction")
        sign_out.triggered.connect(self.close)
        toolbar.addAction(sign_out)

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if not self.sync.running and self.sync.last_sync is None:
            self.sync.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._closed:
            super().closeEvent(event)
            return
        self._closed = True
        printing = self.findChild(PrintWorkspace)
        if printing is not None:
            if printing.job is not None:
                self.statusBar().showMessage(self.tr("Finishing the certificate being printed…"))
                self.statusBar().repaint()  # the wait below blocks the event loop
            # Stop after the certificate on the printer, wait for its record, forget the key.
            printing.end_session(wait_ms=FINISH_PRINTING_MS)
        self._signer = None
        QSettings().setValue(GEOMETRY, self.saveGeometry())
        self.sync.stop()
        self.services.close()
        self._drop_late_results()
        log.info("session of %s ended (%s)", self.username, self.end.value)
        self.signed_out.emit(self.end)
        super().closeEvent(event)

    def _drop_late_results(self) -> None:
        """Work that finished while the session closed has posted its results (queued signal
        deliveries) to this window's objects; the session is over, so they are dropped, not
        handled. Walking the window's children to drop them object by object crashed when a
        child was half destroyed; the window is the only session on the GUI thread and the
        sign-in dialog opens only after this, so every queued delivery now pending is its."""
        QCoreApplication.removePostedEvents(None, QEvent.Type.MetaCall)  # type: ignore[arg-type]

    def _on_session_ended(self, message: str) -> None:
        if self._closed:
            return
        if self.end is SessionEnd.SESSION_ENDED:
            return  # said already (a sync and a delivery may both be refused)
        log.info("the server ended the session of %s: %s", self.username, message)
        self.end = SessionEnd.SESSION_ENDED
        printing = self.findChild(PrintWorkspace)
        if printing is not None and printing.job is not None:
            self.statusBar().showMessage(
                self.tr("The session has ended: signing out when this batch is printed.")
            )
        # After the failed operation's handler has returned: closing waits for the workers.
        QTimer.singleShot(0, self, self._close_when_unblocked)

    def _close_when_unblocked(self, attempts: int = MODAL_CLOSE_ATTEMPTS) -> None:
        """Close once nothing of this session is in the way: a print batch ends as the clerk
        asked (printing needs no server), and a dialog running its own event loop (a file or
        print dialog) is cancelled first, so its caller returns before the window is deleted."""
        printing = self.findChild(PrintWorkspace)
        if printing is not None and printing.job is not None:
            QTimer.singleShot(BATCH_POLL_MS, self, lambda: self._close_when_unblocked(attempts))
            return
        modal = QApplication.activeModalWidget()
        if modal is not None and attempts > 0 and self._owns(modal):
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()
            QTimer.singleShot(50, self, lambda: self._close_when_unblocked(attempts - 1))
            return
        self.close()

    def _owns(self, widget: QWidget) -> bool:
        """Whether `widget` belongs to this window (dialogs are windows of their own, so
        `isAncestorOf` does not say)."""
        current: QWidget | None = widget
        while current is not None:
            if current is self:
                return True
            current = current.parentWidget()
        return False

    def _on_language_chosen(self, code: str) -> None:
        save_language(code)
        self.statusBar().showMessage(
            self.tr("The language changes the next time the workstation starts."), 8000
        )

    def _on_error(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()

    def _on_refused(self, message: str) -> None:
        self._on_error(self.tr("Refused by the server"), message)
