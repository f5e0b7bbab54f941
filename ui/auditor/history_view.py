"""The history browser: filter bar, the sortable table of entries, count and exports."""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from review.audit.queries.history import SORTABLE, AuditColumn
from review.audit.queries.terms import AuditFilter, filter_choices
from ui.auditor.filters import AuditFilterBar
from ui.auditor.history_model import CASE_ID_ROLE, COLUMNS, AuditHistoryModel
from ui.common.services import Services

log = logging.getLogger(__name__)

_WIDTHS: Final = {
    AuditColumn.SEQ: 70,
    AuditColumn.TIME: 150,
    AuditColumn.ACTOR: 130,
    AuditColumn.ROLE: 90,
    AuditColumn.ACTION: 130,
    AuditColumn.CASE: 80,
    AuditColumn.OUTCOME: 130,
    AuditColumn.NOTE: 380,
    AuditColumn.NATIONALITY: 80,
}


class AuditHistoryView(QWidget):
    #: The auditor asked for a case's timeline (Enter or double click on one of its entries).
    case_activated = Signal(str)
    #: The filter changed (AuditFilter), after the table shows it.
    filter_applied = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditHistory")
        self._services = services
        self.model = AuditHistoryModel(
            services.store, pools=services.pools, errors=services.errors, parent=self
        )
        self.filters = AuditFilterBar()
        self.count = QLabel()
        self.count.setObjectName("historyCount")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.timeline_button = QPushButton(self.tr("Case timeline"))
        self.timeline_button.setObjectName("openTimeline")
        self.timeline_button.setToolTip(self.tr("Every step of the selected entry's case"))
        self.timeline_button.setEnabled(False)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setObjectName("exportCsv")
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.setObjectName("exportPdf")
        self.new_entries = QPushButton()
        self.new_entries.setObjectName("showNewEntries")
        self.new_entries.setStyleSheet("color: #1a5fb4; font-weight: 600")
        self.new_entries.hide()
        self._waiting = 0

        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        # Newest first, as the log opens (set before sorting is enabled: that sorts once).
        header.setSortIndicator(COLUMNS.index(AuditColumn.TIME), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMNS.index(AuditColumn.NOTE), QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for position, column in enumerate(COLUMNS):
            self.table.setColumnWidth(position, _WIDTHS[column])

        bar = QHBoxLayout()
        bar.addWidget(self.count)
        bar.addWidget(self.new_entries)
        bar.addStretch(1)
        bar.addWidget(self.timeline_button)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.filters.filter_changed.connect(self.apply)
        self.model.counted.connect(self._on_counted)
        self.model.modelReset.connect(self._on_model_reset)
        header.sortIndicatorChanged.connect(self._on_sort_indicator)
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.timeline_button.clicked.connect(self._on_timeline_clicked)
        self.new_entries.clicked.connect(self.reload)

    # -- public ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the choices and the rows (after new entries were fetched)."""
        self._waiting = 0
        self.new_entries.hide()
        self.filters.set_choices(filter_choices(self._services.store))
        self.model.reload(self.filters.current_filter())

    def entries_arrived(self, count: int) -> None:
        """New entries were fetched: shown at once, unless the auditor is reading further on."""
        reading = self.table.verticalScrollBar().value() > 0
        if not reading and not self.table.selectionModel().hasSelection():
            self.reload()
            return
        self._waiting += count
        self.new_entries.setText(self.tr("Show {0} new entries").format(self._waiting))
        self.new_entries.show()

    def apply(self, audit_filter: AuditFilter) -> None:
        self.model.reload(audit_filter)
        self.filter_applied.emit(audit_filter)

    def selected_case(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        case_id = rows[0].data(CASE_ID_ROLE)
        return case_id if isinstance(case_id, str) else None

    # -- slots ----------------------------------------------------------------------------------

    def _on_model_reset(self) -> None:
        self.timeline_button.setEnabled(False)
        if self.model.total is None:
            self.count.setText(self.tr("Counting the entries…"))

    def _on_counted(self, total: int) -> None:
        if total == 1:
            self.count.setText(self.tr("1 entry"))
        else:
            self.count.setText(self.tr("{0} entries").format(f"{total:,}"))

    def _on_sort_indicator(self, section: int, _order: Qt.SortOrder) -> None:
        if COLUMNS[section] not in SORTABLE:  # notes are free text: keep the order in force
            order = self.model.order
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                COLUMNS.index(order.column),
                Qt.SortOrder.DescendingOrder if order.descending else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)

    def _on_selection_changed(self) -> None:
        self.timeline_button.setEnabled(self.selected_case() is not None)

    def _on_activated(self, index: QModelIndex) -> None:
        case_id = index.data(CASE_ID_ROLE)
        if isinstance(case_id, str):
            self.case_activated.emit(case_id)

    def _on_timeline_clicked(self) -> None:
        case_id = self.selected_case()
        if case_id:
            self.case_activated.emit(case_id)
