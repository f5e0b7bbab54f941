"""The queue: a filter (statuses, or the room's own lists), text search, figures, and the
sortable table of cases.

Columns fit the room they are in: the ones the user chose (header menu or the Columns
button, remembered in `QSettings` per room) show while there is width for them, the most
useful first; the least useful hide first when the pane is narrow, so no column is ever
cut off at the edge. The table starts, and can always return to, the server's order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Final

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common.formatting import local_time
from ui.common.labels import case_status_label, document_type_label, verdict_label
from ui.common.queue_model import (
    COLUMNS,
    Clock,
    QueueModel,
    column_title,
    time_to_departure,
    utc_now,
)
from workstation.domain import CaseStatus, TravelDocumentType
from workstation.queue import OPEN_STATUSES, QueueColumn, QueueCounts, QueueFilter, queue_counts
from workstation.store import Store

log = logging.getLogger(__name__)

SEARCH_DELAY_MS: Final = 150
OPEN: Final = "open"
EVERY: Final = "all"
#: Room for the sort indicator and the cell margins beside a column's widest text.
_PADDING: Final = 26
_HOLDER_WIDTH: Final = 170
_WIDEST_DOCUMENT_TYPE: Final = 170
#: Always shown: a row must say whose case it is.
_ALWAYS: Final = frozenset({QueueColumn.HOLDER})


def columns_key(room: str) -> str:
    """Where the room's chosen columns are remembered in `QSettings`."""
    return f"queue/{room}/columns"


class QueueView(QWidget):
    case_selected = Signal(str)  # case id
    case_activated = Signal(str)  # Enter or double click

    def __init__(
        self,
        store: Store,
        *,
        statuses: frozenset[CaseStatus] | None = OPEN_STATUSES,
        columns: Sequence[QueueColumn] = COLUMNS,
        room: str = "officer",
        views: Sequence[tuple[str, QueueFilter]] | None = None,
        officer: str | None = None,
        claim_limit: int | None = None,
        clock: Clock = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = QueueModel(store, self, columns=columns, clock=clock)
        self._store = store
        self._default_statuses = statuses
        self._views = list(views or ())
        self._room = room
        self._officer = officer
        self._claim_limit = claim_limit
        #: Counts of the room's own lists (the clerk's), set by the room.
        self._counts_text: Callable[[], str] | None = None
        self.figures: QueueCounts | None = None
        self.chosen: set[QueueColumn] = self._remembered_columns()
        #: Chosen but hidden for want of width (the least useful first).
        self.crowded_out: set[QueueColumn] = set()

        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        if self._views:
            for position, (label, _filter) in enumerate(self._views):
                self.status_filter.addItem(label, position)
        else:
            self.status_filter.addItem(self.tr("Open cases"), OPEN)
            self.status_filter.addItem(self.tr("All cases"), EVERY)
            for status in CaseStatus:
                self.status_filter.addItem(case_status_label(status), status.value)
        self.search = QLineEdit()
        self.search.setObjectName("queueSearch")
        # Short, so that it is never cut off in a narrow pane; the tooltip says what it finds.
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setToolTip(self.tr("Search name, document number, nationality…"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("queueCount")
        self.columns_button = QPushButton(self.tr("Columns"))
        self.columns_button.setObjectName("queueColumnsButton")
        self.columns_button.setToolTip(self.tr("Choose the columns of the list"))
        self.columns_menu = QMenu(self)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self.columns_button.setMenu(self.columns_menu)
        self.counts = QLabel()
        self.counts.setObjectName("queueCounts")
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setVisible(officer is not None)

        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        # Ascending, descending, then back to the server's order.
        header.setSortIndicatorClearable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for position, column in enumerate(self.model.columns):
            self.table.setColumnWidth(position, self.natural_width(column))
        self.table.viewport().installEventFilter(self)

        bar = QHBoxLayout()
        bar.addWidget(self.status_filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        bar.addWidget(self.columns_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.counts)
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
        self.fit_columns()

    # -- filter and loading ---------------------------------------------------------------------

    def current_filter(self) -> QueueFilter:
        choice = self.status_filter.currentData()
        if self._views:
            chosen = self._views[int(choice)][1]
            return QueueFilter(
                statuses=chosen.statuses,
                text=self.search.text(),
                hide_pending=chosen.hide_pending,
                print_view=chosen.print_view,
            )
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

    def show_server_order(self) -> None:
        """Drop any column sort: the cases in the order the server hands them out."""
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.sort(-1)

    def set_counts(self, text: Callable[[], str]) -> None:
        """The room's own figures (read again at every reload) instead of the officer's."""
        self._counts_text = text
        self.counts.setVisible(True)
        self._update_counts()

    def _on_filter_changed(self) -> None:
        self.reload()
        self.fit_columns()  # the statuses shown decide how wide the Status column must be

    def _on_model_reset(self) -> None:
        self.count.setText(self.tr("{0} cases").format(self.model.rowCount()))
        self._update_counts()

    def _update_counts(self) -> None:
        if self._counts_text is not None:
            self.counts.setText(self._counts_text())
            return
        if self._officer is None:
            return
        figures = queue_counts(self._store, officer=self._officer, now=self.model.clock())
        self.figures = figures
        if self._claim_limit is not None and figures.claimed_by_me >= self._claim_limit:
            mine = self.tr("claimed by me {0} of {1}, the most allowed").format(
                figures.claimed_by_me, self._claim_limit
            )
        elif self._claim_limit is not None:
            mine = self.tr("claimed by me {0} of {1}").format(
                figures.claimed_by_me, self._claim_limit
            )
        else:
            mine = self.tr("claimed by me {0}").format(figures.claimed_by_me)
        parts = [
            self.tr("Waiting {0}").format(figures.waiting),
            self.tr("with failures {0}").format(figures.with_failures),
            mine,
            self.tr("exceptions awaiting countersignature {0}").format(
                figures.awaiting_countersignature
            ),
        ]
        self.counts.setText(" · ".join(parts))

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

    # -- columns --------------------------------------------------------------------------------

    def _remembered_columns(self) -> set[QueueColumn]:
        value = QSettings().value(columns_key(self._room))
        every = set(self.model.columns)
        if not isinstance(value, str) or not value:
            return every
        known = {c.value for c in QueueColumn}
        chosen = {QueueColumn(v) for v in value.split(",") if v in known}
        return (chosen & every) | _ALWAYS if chosen else every

    def choose_column(self, column: QueueColumn, shown: bool) -> None:
        """Show or hide a column for good (remembered for this room)."""
        if column in _ALWAYS:
            return
        if shown:
            self.chosen.add(column)
        else:
            self.chosen.discard(column)
        ordered = [c.value for c in self.model.columns if c in self.chosen]
        QSettings().setValue(columns_key(self._room), ",".join(ordered))
        self.fit_columns()

    def reset_columns(self) -> None:
        QSettings().remove(columns_key(self._room))
        self.chosen = set(self.model.columns)
        for position, column in enumerate(self.model.columns):
            self.table.setColumnWidth(position, self.natural_width(column))
        self.fit_columns()

    def natural_width(self, column: QueueColumn) -> int:
        """Wide enough for the header and the widest text the column shows."""
        metrics = self.table.fontMetrics()
        samples = [column_title(column)]
        match column:
            case QueueColumn.HOLDER:
                return max(_HOLDER_WIDTH, metrics.horizontalAdvance(samples[0]) + _PADDING)
            case QueueColumn.DEPARTURE:
                now = self.model.clock()
                samples += [
                    time_to_departure(now, now),
                    time_to_departure(now + timedelta(hours=23, minutes=58), now),
                    time_to_departure(now + timedelta(days=99, hours=23), now),
                ]
            case QueueColumn.CHECKS:
                samples += [verdict_label(v) for v in ("pass", "warn", "fail", None)]
            case QueueColumn.STATUS:
                shown = self.current_filter().statuses
                samples += [case_status_label(s) for s in (shown or CaseStatus)]
            case QueueColumn.SUBMITTED | QueueColumn.PRINTED:
                samples.append(local_time(self.model.clock()))
                if column is QueueColumn.PRINTED:
                    samples.append(QCoreApplication.translate("QueueModel", "not yet"))
            case QueueColumn.DOCUMENT_TYPE:
                widest = max(
                    metrics.horizontalAdvance(document_type_label(t)) for t in TravelDocumentType
                )
                header = metrics.horizontalAdvance(samples[0])
                return min(max(widest, header), _WIDEST_DOCUMENT_TYPE) + _PADDING
            case _:
                pass
        return max(metrics.horizontalAdvance(s) for s in samples) + _PADDING

    def fit_columns(self) -> None:
        """Show the chosen columns, most useful first, while they fit; hide the rest."""
        available = self.table.viewport().width()
        used = 0
        crowded: set[QueueColumn] = set()
        full = False
        for position, column in enumerate(self.model.columns):
            if column not in self.chosen:
                self.table.setColumnHidden(position, True)
                continue
            width = self.natural_width(column)
            fits = not full and (used == 0 or used + width <= available)
            if fits:
                if self.table.isColumnHidden(position):
                    self.table.setColumnHidden(position, False)
                if self.table.columnWidth(position) < width:
                    self.table.setColumnWidth(position, width)  # never narrower than its text
                used += width
            else:
                full = True
                crowded.add(column)
                self.table.setColumnHidden(position, True)
        self.crowded_out = crowded

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def _on_header_menu(self, position: QPoint) -> None:
        self._fill_columns_menu()
        self.columns_menu.popup(self.table.horizontalHeader().mapToGlobal(position))

    def _fill_columns_menu(self) -> None:
        menu = self.columns_menu
        menu.clear()
        for column in self.model.columns:
            action = QAction(column_title(column), menu)
            action.setCheckable(True)
            action.setChecked(column in self.chosen)
            action.setEnabled(column not in _ALWAYS)
            action.setData(column.value)
            if column in self.crowded_out:
                action.setToolTip(self.tr("Chosen; hidden while the list is too narrow"))
            action.toggled.connect(lambda shown, c=column: self.choose_column(c, shown))
            menu.addAction(action)
        menu.setToolTipsVisible(True)
        menu.addSeparator()
        server_order = menu.addAction(self.tr("Server's order"))
        server_order.setObjectName("serverOrderAction")
        server_order.triggered.connect(self.show_server_order)
        reset = menu.addAction(self.tr("Reset columns"))
        reset.setObjectName("resetColumnsAction")
        reset.triggered.connect(self.reset_columns)
