"""The status bar: online or offline, last sync, what waits in the outbox, sync progress."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from ui.common.plain import plain_tooltip
from ui.common.services import Services
from ui.common.sync_controller import SyncController


class StatusPanel:
    """Adds permanent widgets to a status bar and keeps them current."""

    def __init__(self, bar: QStatusBar, services: Services, sync: SyncController) -> None:
        self._bar = bar
        self._services = services
        self._sync = sync
        self.connection = self._label("connectionStatus")
        self.last_sync = self._label("lastSync")
        self.outbox = self._label("outboxStatus")
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 0)  # busy indicator: the total is not known in advance
        self.progress.setFormat("%v")
        self.progress.hide()
        for widget in (self.progress, self.connection, self.last_sync, self.outbox):
            bar.addPermanentWidget(widget)
        services.changes.connection_changed.connect(self._on_connection_changed)
        services.changes.outbox_changed.connect(self._on_outbox_changed)
        sync.started.connect(self._on_sync_started)
        sync.progress.connect(self._on_sync_progress)
        sync.finished.connect(self._on_sync_finished)
        self._on_connection_changed(True)
        self._on_outbox_changed()
        self.last_sync.setText(QCoreApplication.translate("StatusPanel", "Not synced yet"))

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _on_connection_changed(self, online: bool) -> None:
        self.connection.setText(
            QCoreApplication.translate("StatusPanel", "● Online")
            if online
            else QCoreApplication.translate("StatusPanel", "● Offline")
        )
        self.connection.setStyleSheet("color: #1b7f3b" if online else "color: #b3261e")

    def _on_outbox_changed(self) -> None:
        counts = self._services.outbox.counts()
        text = QCoreApplication.translate("StatusPanel", "Outbox: {0} waiting").format(
            counts.pending
        )
        if counts.refused:
            text += QCoreApplication.translate("StatusPanel", ", {0} refused").format(
                counts.refused
            )
        self.outbox.setText(text)
        self.outbox.setToolTip(self._refusals_tooltip())

    def _refusals_tooltip(self) -> str:
        """Why the server refused what this user recorded, to read again at any time."""
        user = self._services.client.user  # None once the session has ended
        refused = self._services.outbox.refused(actor=user.username) if user else []
        if not refused:
            return ""
        lines = [QCoreApplication.translate("StatusPanel", "Refused by the server:")]
        lines += [
            QCoreApplication.translate("StatusPanel", "case {0}: {1}").format(
                str(entry.case_id)[:8], entry.reason
            )
            for entry in refused
        ]
        return plain_tooltip(*lines)

    def _on_sync_started(self) -> None:
        self.progress.setValue(0)
        self.progress.show()

    def _on_sync_progress(self, pulled: int) -> None:
        self.progress.setRange(0, max(pulled, 1))
        self.progress.setValue(pulled)

    def _on_sync_finished(self, succeeded: bool, message: str) -> None:
        self.progress.hide()
        self.progress.setRange(0, 0)
        if self._sync.last_sync is not None:
            moment = self._sync.last_sync.astimezone().strftime("%H:%M:%S")
            self.last_sync.setText(
                QCoreApplication.translate("StatusPanel", "Last sync {0}").format(moment)
            )
        if not succeeded and message:
            self._bar.showMessage(message, 10_000)
