"""Read-only case browsing: the queue and the declaration, no decision controls."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ui.common.case_view import CaseView
from ui.common.queue_view import QueueView
from ui.common.services import Services
from workstation.cases import load_record, version_history
from workstation.domain import CaseStatus


class BrowseWorkspace(QWidget):
    def __init__(
        self,
        services: Services,
        *,
        statuses: frozenset[CaseStatus] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("browseWorkspace")
        self._services = services
        self.queue = QueueView(services.store, statuses=statuses)
        self.case_view = CaseView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.queue)
        splitter.addWidget(self.case_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.queue.case_selected.connect(self._on_case_selected)
        services.changes.cases_changed.connect(lambda _ids: self.queue.reload())
        self.queue.reload()

    def _on_case_selected(self, case_id: str) -> None:
        record = load_record(self._services.store, case_id)
        if record is not None:
            self.case_view.show_case(record, version_history(self._services.store, case_id))
