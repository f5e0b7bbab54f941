"""The auditor's workspace (auditors, and supervisors beside their review): read only.

The integrity banner sits above four tabs: the history browser, a case's
timeline, the charts, and the declarations themselves. After each sync the
mission's audit log is fetched (only what is new, into the local store) and
the views refresh. Nothing here can claim, decide or print.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.auditor.charts import AuditCharts
from ui.auditor.export import AuditExporter
from ui.auditor.history_view import AuditHistoryView
from ui.auditor.integrity import IntegrityBanner
from ui.auditor.timeline import CaseTimelineView
from ui.common.browse_workspace import BrowseWorkspace
from ui.common.operations import Lane, Operation
from ui.common.services import Services
from ui.common.sync_controller import OFFLINE_ERRORS, SyncController
from workstation.audit_log import AuditFetch, AuditSequenceError, fetch_audit_log

log = logging.getLogger(__name__)


class AuditWorkspace(QWidget):
    #: A short message for the status bar.
    notice = Signal(str)
    #: The audit log was fetched after a sync (AuditFetch).
    audit_synced = Signal(object)

    def __init__(self, services: Services, sync: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("auditWorkspace")
        self._services = services
        self._fetching = False
        self.banner = IntegrityBanner(services)
        self.history = AuditHistoryView(services)
        self.timeline = CaseTimelineView(services)
        self.charts = AuditCharts(services)
        self.cases = BrowseWorkspace(services)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("auditTabs")
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.timeline, self.tr("Case timeline"))
        self.tabs.addTab(self.charts, self.tr("Charts"))
        self.tabs.addTab(self.cases, self.tr("Declarations"))
        self.exporter = AuditExporter(
            services, self.history.model, integrity=self.banner.summary_text, parent=self
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

        self.history.case_activated.connect(self.open_case)
        self.history.filter_applied.connect(self.charts.set_filter)
        self.history.csv_button.clicked.connect(self.exporter.ask_csv)
        self.history.pdf_button.clicked.connect(self.exporter.ask_pdf)
        self.exporter.exported.connect(self._on_exported)
        self.exporter.busy.connect(self._on_export_busy)
        sync.finished.connect(self._on_sync_finished)
        self.history.reload()

    # -- public ---------------------------------------------------------------------------------

    def open_case(self, case_id: str) -> None:
        self.timeline.show_case(case_id)
        self.tabs.setCurrentWidget(self.timeline)

    def fetch_audit_log(self) -> None:
        """Fetch what is new in the mission's log (one write at a time, after the sync)."""
        if self._fetching:
            return
        self._fetching = True
        client, store = self._services.client, self._services.store
        pinned = self._services.settings.audit_key_ids
        (
            Operation(
                self,
                lambda: fetch_audit_log(client, store, pinned_key_ids=pinned),
                pools=self._services.pools,
                errors=self._services.errors,
                title=self.tr("Audit log"),
                lane=Lane.WRITE,
            )
            .on_success(self._on_fetched)
            .on_failure(self._on_fetch_failed)
            .run_in_background()
        )

    # -- slots ----------------------------------------------------------------------------------

    def _on_sync_finished(self, succeeded: bool, _message: str) -> None:
        if succeeded:
            self.fetch_audit_log()

    def _on_fetched(self, fetched: AuditFetch) -> None:
        self._fetching = False
        first = self.banner.report is None and not self.banner.running
        if first:
            self.history.reload()
        elif fetched.entries:
            self.history.entries_arrived(fetched.entries)
        if fetched.entries or first:
            self.charts.set_filter(self.history.model.audit_filter)
        if first:
            self.banner.check()
        else:
            self.banner.note_newer_entries(fetched.head_seq)
        if fetched.entries:
            self.notice.emit(self.tr("{0} new audit entries fetched").format(fetched.entries))
        self.audit_synced.emit(fetched)

    def _on_fetch_failed(self, error: Exception) -> bool:
        self._fetching = False
        if isinstance(error, AuditSequenceError):
            # The server sent entries out of order: verification against it names the entry.
            self.banner.check(against_server=True)
            return True
        return isinstance(error, OFFLINE_ERRORS)  # offline shows in the status bar already

    def _on_exported(self, path: str, rows: int) -> None:
        self.notice.emit(self.tr("{0} entries exported to {1}").format(rows, path))

    def _on_export_busy(self, busy: bool) -> None:
        self.history.csv_button.setEnabled(not busy)
        self.history.pdf_button.setEnabled(not busy)
