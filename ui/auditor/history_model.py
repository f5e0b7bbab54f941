"""The audit history as a Qt table model over the local store, for a million entries.

Nothing holds the whole result: the model keeps a few windows of rows (200
each), fetching a window the first time the view shows one of its rows: right
after a neighbouring window by key when it can, else by offset from the nearer
end. A filter shows its first window at once; when the count does not follow
from the plan, it is counted on a worker thread and the rows beyond the first
window appear when it arrives (until then the view can fetch more as it scrolls).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from review.audit.columns import TABLE_COLUMNS
from review.audit.queries.history import (
    PAGE,
    SORTABLE,
    AuditColumn,
    AuditRow,
    HistoryOrder,
    HistoryPlan,
    count_history,
    history_rows,
    plan_history,
    row_key,
    window,
)
from review.audit.queries.terms import AuditFilter
from ui.auditor.labels import (
    OUTCOME_COLOURS,
    action_label,
    actor_label,
    audit_outcome_label,
    audit_time,
    column_title,
    role_name,
    short_case,
)
from ui.common.operations import ErrorRoute, Lane, Operation, Pools
from ui.common.plain import plain_tooltip
from workstation.store import Store

log = logging.getLogger(__name__)

SEQ_ROLE: Final = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 2
#: Windows kept in memory (the view shows one or two; scrolling back is free for a while).
CACHE_WINDOWS: Final = 50

#: The table's columns are the history's (`review.audit.columns`); the headings are translated here.
COLUMNS: Final = TABLE_COLUMNS

Index = QModelIndex | QPersistentModelIndex


def _display(row: AuditRow, column: AuditColumn) -> str:
    match column:
        case AuditColumn.SEQ:
            return str(row.seq)
        case AuditColumn.TIME:
            return audit_time(row.at)
        case AuditColumn.ACTOR:
            return actor_label(row.actor)
        case AuditColumn.ROLE:
            return role_name(row.role)
        case AuditColumn.ACTION:
            return action_label(row.action)
        case AuditColumn.CASE:
            return short_case(row.case_id)
        case AuditColumn.OUTCOME:
            return audit_outcome_label(row.outcome)
        case AuditColumn.NOTE:
            return row.note_first_line
        case AuditColumn.NATIONALITY:
            return row.nationality or ""


class AuditHistoryModel(QAbstractTableModel):
    #: The number of entries the filter matches, once known.
    counted = Signal(int)

    def __init__(
        self, store: Store, *, pools: Pools, errors: ErrorRoute, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._pools = pools
        self._errors = errors
        self._filter = AuditFilter()
        self._order = HistoryOrder()
        self._plan: HistoryPlan | None = None
        self._windows: OrderedDict[int, list[AuditRow]] = OrderedDict()
        self._loaded = 0
        self._total: int | None = None
        self._generation = 0

    # -- loading --------------------------------------------------------------------------------

    @property
    def audit_filter(self) -> AuditFilter:
        return self._filter

    @property
    def order(self) -> HistoryOrder:
        return self._order

    @property
    def total(self) -> int | None:
        """Entries matching the filter; None while they are being counted."""
        return self._total

    def reload(self, audit_filter: AuditFilter | None = None) -> None:
        """Apply a filter (or re-read the current one): its first window shows at once."""
        if audit_filter is not None:
            self._filter = audit_filter
        self._generation += 1
        plan = plan_history(self._store, self._filter, self._order)
        first = history_rows(self._store, plan, limit=PAGE)
        self.beginResetModel()
        self._plan = plan
        self._windows.clear()
        self._windows[0] = first
        self._total = plan.total
        if self._total is None and len(first) < PAGE:
            self._total = len(first)
        self._loaded = self._total if self._total is not None else len(first)
        self.endResetModel()
        if self._total is None:
            self._count(plan, self._generation)
        else:
            self.counted.emit(self._total)

    def _count(self, plan: HistoryPlan, generation: int) -> None:
        store = self._store
        (
            Operation(
                self,
                lambda: count_history(store, plan),
                pools=self._pools,
                errors=self._errors,
                title=QCoreApplication.translate("AuditHistoryModel", "Counting the history"),
                lane=Lane.READ,
            )
            .on_success(lambda total: self._on_counted(generation, total))
            .run_in_background()
        )

    def _on_counted(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return  # a newer filter replaced the one counted
        self._total = total
        if total > self._loaded:
            self.beginInsertRows(QModelIndex(), self._loaded, total - 1)
            self._loaded = total
            self.endInsertRows()
        elif total < self._loaded:
            self.beginResetModel()
            self._loaded = total
            self.endResetModel()
        self.counted.emit(total)

    def entry(self, row: int) -> AuditRow | None:
        if not 0 <= row < self._loaded:
            return None
        rows = self._window(row // PAGE)
        offset = row % PAGE
        return rows[offset] if offset < len(rows) else None

    def _window(self, number: int) -> list[AuditRow]:
        cached = self._windows.get(number)
        if cached is not None:
            self._windows.move_to_end(number)
            return cached
        rows = self._fetch(number)
        self._windows[number] = rows
        while len(self._windows) > CACHE_WINDOWS:
            self._windows.popitem(last=False)
        return rows

    def _fetch(self, number: int) -> list[AuditRow]:
        plan = self._plan
        if plan is None:
            return []
        before, after = self._windows.get(number - 1), self._windows.get(number + 1)
        if plan.keyset and before is not None and len(before) == PAGE:
            return history_rows(self._store, plan, after=row_key(before[-1], plan.order))
        if plan.keyset and after:
            key = row_key(after[0], plan.order)
            return history_rows(self._store, plan, after=key, reverse=True)[::-1]
        if self._total is not None:
            return window(self._store, plan, start=number * PAGE, total=self._total)
        return history_rows(self._store, plan, offset=number * PAGE)

    # -- Qt model -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        # While the count is not known, the view may ask for the next window as it scrolls.
        return (
            not parent.isValid()
            and self._total is None
            and self._loaded > 0
            and self._loaded % PAGE == 0
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        rows = self._window(self._loaded // PAGE)
        if rows:
            self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + len(rows) - 1)
            self._loaded += len(rows)
            self.endInsertRows()

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column_title(column)
        if role == Qt.ItemDataRole.ToolTipRole and column is AuditColumn.TIME:
            return QCoreApplication.translate(
                "AuditHistoryModel", "Local time; sorting follows the log's order"
            )
        if role == Qt.ItemDataRole.ToolTipRole and column not in SORTABLE:
            return QCoreApplication.translate("AuditHistoryModel", "Not sortable")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.entry(index.row())
        if row is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == SEQ_ROLE:
            return row.seq
        if role == CASE_ID_ROLE:
            return row.case_id
        if role == Qt.ItemDataRole.ForegroundRole and column is AuditColumn.OUTCOME:
            colour = OUTCOME_COLOURS.get(row.outcome)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column is AuditColumn.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    @staticmethod
    def _tooltip(row: AuditRow, column: AuditColumn) -> str | None:
        if column is AuditColumn.NOTE and row.note:
            return plain_tooltip(row.note)
        if column is AuditColumn.CASE and row.case_id:
            return row.case_id
        if column is AuditColumn.TIME:
            return row.at.isoformat()
        if column is AuditColumn.ACTOR:
            return row.actor
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        chosen = COLUMNS[column] if column >= 0 else AuditColumn.TIME
        if chosen not in SORTABLE:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if column < 0:
            descending = True  # the log's newest entries first, as it opens
        self._order = HistoryOrder(chosen, descending)
        self.reload()
