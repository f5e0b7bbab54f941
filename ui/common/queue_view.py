"""The queue: status filter, text search, and the sortable table of cases."""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common.labels import case_status_label
from ui.common.queue_model import COLUMNS, QueueModel
from workstation.domain import CaseStatus
from workstation.queue import OPEN_STATUSES, QueueColumn, QueueFilter
from workstation.store import Store

log = logging.getLogger(__name__)

SEARCH_DELAY_MS: Final = 150
OPEN: Final = "open"
EVERY: Final = "all"


class QueueView(QWidget):
    case_selected = Signal(str)  # case id
    case_activated = Signal(str)  # Enter or double click

    def __init__(
        self,
        store: Store,
        *,
        statuses: frozenset[CaseStatus] | None = OPEN_STATUSES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = QueueModel(store, self)
        self._default_statuses = statuses

        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(self.tr("Open cases"), OPEN)
        self.status_filter.addItem(self.tr("All cases"), EVERY)
        for status in CaseStatus:
            self.status_filter.addItem(case_status_label(status), status.value)
        self.search = QLineEdit()
        self.search.setObjectName("queueSearch")
        self.search.setPlaceholderText(self.tr("Search name, document number, nationality…"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("queueCount")

        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        widths = {
            QueueColumn.HOLDER: 190,
            QueueColumn.DEPARTURE: 120,
            QueueColumn.SUBMITTED: 120,
            QueueColumn.CHECKS: 80,
            QueueColumn.STATUS: 90,
            QueueColumn.NATIONALITY: 50,
            QueueColumn.DOCUMENT_TYPE: 140,
        }
        for position, column in enumerate(COLUMNS):
            self.table.setColumnWidth(position, widths.get(column, 70))

        bar = QHBoxLayout()
        bar.addWidget(self.status_filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_filter_changed)
        self.search.textChanged.connect(self._search_timer.start)
        self.status_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_activated)
        self.model.modelReset.connect(self._on_model_reset)

    def current_filter(self) -> QueueFilter:
        choice = self.status_filter.currentData()
        statuses: frozenset[CaseStatus] | None
        if choice == OPEN:
            statuses = self._default_statuses
        elif choice == EVERY:
            statuses = None
        else:
            statuses = frozenset({CaseStatus(choice)})
        return QueueFilter(statuses=statuses, text=self.search.text())

    def reload(self) -> None:
        """Re-read the queue, keeping the selected case selected if it is still there."""
        selected = self.selected_case()
        self.model.reload(self.current_filter())
        if selected:
            self.select_case(selected)

    def selected_case(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.case_id(rows[0].row()) if rows else None

    def select_case(self, case_id: str) -> bool:
        row = self.model.row_of(case_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _on_filter_changed(self) -> None:
        self.reload()

    def _on_model_reset(self) -> None:
        self.count.setText(self.tr("{0} cases").format(self.model.rowCount()))

    def _on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            case_id = self.model.case_id(indexes[0].row())
            if case_id:
                self.case_selected.emit(case_id)

    def _on_activated(self, index: QModelIndex) -> None:
        case_id = self.model.case_id(index.row())
        if case_id:
            self.case_activated.emit(case_id)
