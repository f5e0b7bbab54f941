"""The main window composes a workspace for the signed-in role; it does not contain them."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget, QToolBar, QWidget

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
from workstation.domain import Permission, can

log = logging.getLogger(__name__)

GEOMETRY = "window/geometry"


class MainWindow(QMainWindow):
    signed_out = Signal()

    def __init__(
        self,
        services: Services,
        *,
        sync_interval_ms: int = 60_000,
        signer: DocumentSigner | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.services = services
        self._signer = signer  # an unlocked signing key (the demo); else asked for when printing
        user = services.user
        self.setWindowTitle(
            self.tr("Consular Workstation — {0} ({1}, {2})").format(
                user.display_name, role_label(user.role), user.mission
            )
        )
        self.sync = SyncController(services, interval_ms=sync_interval_ms)
        self.workspace = self._workspace_for_role()
        self.setCentralWidget(self.workspace)
        self._build_toolbar()
        self.status = StatusPanel(self.statusBar(), services, self.sync)
        services.errors.failed.connect(self._on_error)
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
        printing = self.findChild(PrintWorkspace)
        if printing is not None and printing.job is not None:
            # Stop after the certificate on the printer: what printed is recorded, the rest not.
            printing.job.cancel()
            self.statusBar().showMessage(self.tr("Finishing the certificate being printed…"))
            self.services.pools.wait(120_000)
        QSettings().setValue(GEOMETRY, self.saveGeometry())
        self.sync.stop()
        self.services.close()
        self.signed_out.emit()
        super().closeEvent(event)

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
