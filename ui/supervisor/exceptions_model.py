"""The supervisor's queue of exceptions: cases an officer approved over failed checks that
wait for a countersignature. A handful at a time, so the rows are the records themselves."""

from __future__ import annotations

import logging
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ui.common.formatting import local_time
from ui.common.labels import check_label
from workstation.cases import load_records
from workstation.domain import CaseStatus
from workstation.protocol import CaseRecord
from workstation.queue import QueueFilter, queue_ids
from workstation.store import Store

log = logging.getLogger(__name__)

FAILED_RED = "#b3261e"
_ModelIndex = QModelIndex | QPersistentModelIndex


class ExceptionColumn(IntEnum):
    DECIDED = 0
    HOLDER = 1
    OFFICER = 2
    OVERRULED = 3
    JUSTIFICATION = 4


def awaiting_countersignature(store: Store) -> list[CaseRecord]:
    """The cases waiting for a supervisor, oldest exception first."""
    ids = queue_ids(
        store,
        QueueFilter(statuses=frozenset({CaseStatus.AWAITING_COUNTERSIGNATURE}), hide_pending=False),
    )
    records = [r for r in load_records(store, ids) if r.decision is not None]
    return sorted(records, key=lambda r: r.decision.decided_at if r.decision else r.submitted_at)


class ExceptionsModel(QAbstractTableModel):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store
        self._records: list[CaseRecord] = []

    def reload(self) -> None:
        self.beginResetModel()
        self._records = awaiting_countersignature(self._store)
        self.endResetModel()

    def record(self, row: int) -> CaseRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, case_id: str) -> int:
        for row, record in enumerate(self._records):
            if str(record.case_id) == case_id:
                return row
        return -1

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(ExceptionColumn)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            ExceptionColumn.DECIDED: self.tr("Decided"),
            ExceptionColumn.HOLDER: self.tr("Traveller"),
            ExceptionColumn.OFFICER: self.tr("Officer"),
            ExceptionColumn.OVERRULED: self.tr("Failed checks overruled"),
            ExceptionColumn.JUSTIFICATION: self.tr("Justification"),
        }[ExceptionColumn(section)]

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index.row())
        if record is None or record.decision is None:
            return None
        decision = record.decision
        column = ExceptionColumn(index.column())
        if role == Qt.ItemDataRole.ForegroundRole and column is ExceptionColumn.OVERRULED:
            return QBrush(QColor(FAILED_RED))
        if role == Qt.ItemDataRole.UserRole:
            return str(record.case_id)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column is ExceptionColumn.DECIDED:
            return local_time(decision.decided_at)
        if column is ExceptionColumn.HOLDER:
            name = record.content.holder.name
            return f"{name.latin} {name.chinese or ''}".strip()
        if column is ExceptionColumn.OFFICER:
            return decision.officer
        if column is ExceptionColumn.OVERRULED:
            return "; ".join(check_label(c) for c in decision.overruled_checks)
        return decision.justification.split("\n", 1)[0]
