"""The queue as a Qt table model over the local store.

It holds the ordered case ids of the current filter and fetches the columns of
the rows the view shows, a batch at a time, caching them. Sorting and
filtering are queries in the store (`workstation.queue`), so 100,000 cases
cost one id list, not 100,000 Python objects.

The departure column says how long is left before the flight (urgency at a glance),
"departed" in red once it has left; the clock is injected so tests can move it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ui.common.formatting import local_time
from ui.common.labels import case_status_label, document_type_label, verdict_label
from ui.common.plain import plain_tooltip
from workstation.queue import QueueColumn, QueueFilter, QueueRow, queue_ids, queue_rows
from workstation.store import Store

log = logging.getLogger(__name__)

CASE_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 1
#: The value a column sorts by (a datetime for the times), where the text is relative.
SORT_VALUE_ROLE: Final = Qt.ItemDataRole.UserRole + 2
BATCH: Final = 200
CACHE_LIMIT: Final = 5000

#: What an officer scans first comes first: who, how urgent, what the checks say.
COLUMNS: Final = (
    QueueColumn.HOLDER,
    QueueColumn.DEPARTURE,
    QueueColumn.CHECKS,
    QueueColumn.STATUS,
    QueueColumn.SUBMITTED,
    QueueColumn.NATIONALITY,
    QueueColumn.DOCUMENT_TYPE,
    QueueColumn.REDECLARATIONS,
)

#: The clerk's: who, whether and when printed, how urgent.
CLERK_COLUMNS: Final = (
    QueueColumn.HOLDER,
    QueueColumn.PRINTED,
    QueueColumn.DEPARTURE,
    QueueColumn.STATUS,
    QueueColumn.SUBMITTED,
    QueueColumn.NATIONALITY,
    QueueColumn.DOCUMENT_TYPE,
)

_VERDICT_COLOURS: Final = {"pass": "#1b7f3b", "warn": "#a15c00", "fail": "#b3261e"}
DEPARTED_COLOUR: Final = "#b3261e"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def time_to_departure(departure: datetime, now: datetime) -> str:
    """ "in 2 d 5 h", "in 3 h 20 min", "in 45 min", or "departed" once the flight has left."""
    left = departure - now
    if left <= timedelta(0):
        return QCoreApplication.translate("QueueModel", "departed")
    minutes = int(left.total_seconds() // 60)
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    if days:
        return QCoreApplication.translate("QueueModel", "in {0} d {1} h").format(days, hours)
    if hours:
        return QCoreApplication.translate("QueueModel", "in {0} h {1} min").format(hours, minutes)
    return QCoreApplication.translate("QueueModel", "in {0} min").format(minutes)


Index = QModelIndex | QPersistentModelIndex


def _header(column: QueueColumn) -> str:
    titles = {
        QueueColumn.SUBMITTED: QCoreApplication.translate("QueueModel", "Submitted"),
        QueueColumn.DEPARTURE: QCoreApplication.translate("QueueModel", "Departure"),
        QueueColumn.HOLDER: QCoreApplication.translate("QueueModel", "Holder"),
        QueueColumn.NATIONALITY: QCoreApplication.translate("QueueModel", "Nationality"),
        QueueColumn.DOCUMENT_TYPE: QCoreApplication.translate("QueueModel", "Travel document"),
        QueueColumn.CHECKS: QCoreApplication.translate("QueueModel", "Checks"),
        QueueColumn.STATUS: QCoreApplication.translate("QueueModel", "Status"),
        QueueColumn.REDECLARATIONS: QCoreApplication.translate("QueueModel", "Re-declarations"),
        QueueColumn.PRINTED: QCoreApplication.translate("QueueModel", "Printed"),
    }
    return titles[column]


def column_title(column: QueueColumn) -> str:
    """The column's header, as the column chooser names it."""
    return _header(column)


class QueueModel(QAbstractTableModel):
    def __init__(
        self,
        store: Store,
        parent: Any = None,
        *,
        columns: Sequence[QueueColumn] = COLUMNS,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.columns: tuple[QueueColumn, ...] = tuple(columns)
        self.clock = clock
        self._ids: list[str] = []
        self._rows: dict[str, QueueRow] = {}
        self._filter = QueueFilter()
        self._sort: QueueColumn | None = None
        self._descending = False
        #: Whether `reload` ran: until then a sort only records the order (the view calls
        #: `sort` twice while it is set up; each would read every id of the store).
        self._loaded = False

    # -- loading --------------------------------------------------------------------------------

    def reload(self, queue_filter: QueueFilter | None = None) -> None:
        """Re-read the ids for the current filter and sort (the rows load as they are shown)."""
        if queue_filter is not None:
            self._filter = queue_filter
        ids = queue_ids(self._store, self._filter, sort=self._sort, descending=self._descending)
        self.beginResetModel()
        self._ids = ids
        self._rows.clear()
        self._loaded = True
        self.endResetModel()

    def refresh_cases(self, case_ids: set[str]) -> None:
        """Forget cached columns of these cases and repaint them; membership is re-read too."""
        for case_id in case_ids:
            self._rows.pop(case_id, None)
        self.reload()

    @property
    def queue_filter(self) -> QueueFilter:
        return self._filter

    def case_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, case_id: str) -> int:
        try:
            return self._ids.index(case_id)
        except ValueError:
            return -1

    def _row(self, row: int) -> QueueRow | None:
        case_id = self._ids[row]
        cached = self._rows.get(case_id)
        if cached is None:
            if len(self._rows) > CACHE_LIMIT:
                self._rows.clear()
            start = max(0, row - BATCH // 4)
            self._rows.update(queue_rows(self._store, self._ids[start : start + BATCH]))
            cached = self._rows.get(case_id)
        return cached

    # -- Qt model -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _header(self.columns[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == CASE_ID_ROLE:
            return self._ids[index.row()]
        row = self._row(index.row())
        if row is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == SORT_VALUE_ROLE:
            times = {
                QueueColumn.DEPARTURE: row.departure_at,
                QueueColumn.SUBMITTED: row.submitted_at,
                QueueColumn.PRINTED: row.printed_at,
            }
            return times.get(column, self._display(row, column))
        return None

    def departed(self, row: QueueRow) -> bool:
        return row.departure_at <= self.clock()

    def _foreground(self, row: QueueRow, column: QueueColumn) -> QBrush | None:
        if column is QueueColumn.CHECKS:
            colour = _VERDICT_COLOURS.get(row.check_verdict or "")
            return QBrush(QColor(colour)) if colour else None
        if column is QueueColumn.DEPARTURE and self.departed(row):
            return QBrush(QColor(DEPARTED_COLOUR))
        return None

    def _display(self, row: QueueRow, column: QueueColumn) -> str:
        match column:
            case QueueColumn.SUBMITTED:
                return local_time(row.submitted_at)
            case QueueColumn.DEPARTURE:
                return time_to_departure(row.departure_at, self.clock())
            case QueueColumn.PRINTED:
                if row.printed_at is None:
                    return QCoreApplication.translate("QueueModel", "not yet")
                return local_time(row.printed_at)
            case QueueColumn.HOLDER:
                return f"{row.holder_name} {row.holder_name_zh}".strip()
            case QueueColumn.NATIONALITY:
                return row.nationality
            case QueueColumn.DOCUMENT_TYPE:
                return document_type_label(row.document_type)
            case QueueColumn.CHECKS:
                return verdict_label(row.check_verdict)
            case QueueColumn.STATUS:
                return case_status_label(row.status)
            case QueueColumn.REDECLARATIONS:
                return str(row.version)

    def _tooltip(self, row: QueueRow, column: QueueColumn) -> str | None:
        expires = row.claim_expires_at
        live_claim = row.claim_officer and expires and expires > self.clock()
        if column is QueueColumn.STATUS and live_claim and expires:
            return plain_tooltip(
                QCoreApplication.translate("QueueModel", "Claimed by {0} until {1}").format(
                    row.claim_officer, local_time(expires)
                )
            )
        if column is QueueColumn.DOCUMENT_TYPE:
            return plain_tooltip(row.document_number)
        if column is QueueColumn.DEPARTURE:
            return plain_tooltip(
                QCoreApplication.translate("QueueModel", "First flight departs {0}").format(
                    local_time(row.departure_at)
                )
            )
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = self.columns[column] if column >= 0 else None
        descending = order == Qt.SortOrder.DescendingOrder
        if (sort, descending) == (self._sort, self._descending):
            return  # Qt asks again for the order it has (the header's indicator and the view)
        self._sort, self._descending = sort, descending
        if self._loaded:
            self.reload()
