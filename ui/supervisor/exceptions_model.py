"""The supervisor's queue of exceptions: cases an officer approved over failed checks that
wait for a countersignature. A handful at a time, so the rows are the records themselves.

An exception answered here whose answer still waits in the outbox stays listed, after the
open ones, as answered: it is not offered again (a second answer would only be refused).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ui.common.formatting import local_time
from ui.common.labels import check_label
from workstation.cases import load_records
from workstation.domain import CaseStatus, CountersignVerdict
from workstation.outbox import Outbox, OutboxState, RecordedCountersignature
from workstation.protocol import CaseRecord
from workstation.queue import QueueFilter, queue_ids
from workstation.store import Store

log = logging.getLogger(__name__)

FAILED_RED = "#b3261e"
ANSWERED_GREY = "#6b6b6b"
_ModelIndex = QModelIndex | QPersistentModelIndex


class ExceptionColumn(IntEnum):
    DECIDED = 0
    HOLDER = 1
    OFFICER = 2
    OVERRULED = 3
    JUSTIFICATION = 4
    ANSWER = 5


@dataclass(frozen=True)
class ExceptionRow:
    record: CaseRecord
    #: The latest answer recorded at this workstation to this very exception (a newer
    #: exception on the same case, after a send-back, is a new question), if any.
    answer: RecordedCountersignature | None

    @property
    def pending(self) -> bool:
        """Answered here and not refused: waiting in the outbox, or delivered and the local
        copy of the case not yet updated (a crash between the two)."""
        return self.answer is not None and self.answer.state is not OutboxState.REFUSED

    @property
    def refusal(self) -> RecordedCountersignature | None:
        return (
            self.answer
            if self.answer is not None and self.answer.state is OutboxState.REFUSED
            else None
        )


def awaiting_countersignature(store: Store) -> list[CaseRecord]:
    """The cases waiting for a supervisor, oldest exception first."""
    ids = queue_ids(
        store,
        QueueFilter(statuses=frozenset({CaseStatus.AWAITING_COUNTERSIGNATURE}), hide_pending=False),
    )
    records = [r for r in load_records(store, ids) if r.decision is not None]
    return sorted(records, key=lambda r: r.decision.decided_at if r.decision else r.submitted_at)


def exception_rows(store: Store, outbox: Outbox) -> list[ExceptionRow]:
    """The waiting exceptions with what this workstation answered to each: the open ones
    first, then those whose answer is in the outbox; oldest exception first in each."""
    records = awaiting_countersignature(store)
    latest: dict[tuple[str, str], RecordedCountersignature] = {}
    for answer in outbox.countersignatures(str(r.case_id) for r in records):
        latest[(str(answer.case_id), str(answer.request.decision_key))] = answer  # oldest first
    rows = [
        ExceptionRow(
            record,
            latest.get((str(record.case_id), str(record.decision.idempotency_key)))
            if record.decision
            else None,
        )
        for record in records
    ]
    return [r for r in rows if not r.pending] + [r for r in rows if r.pending]


class ExceptionsModel(QAbstractTableModel):
    def __init__(self, store: Store, outbox: Outbox) -> None:
        super().__init__()
        self._store = store
        self._outbox = outbox
        self._rows: list[ExceptionRow] = []

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = exception_rows(self._store, self._outbox)
        self.endResetModel()

    def row(self, row: int) -> ExceptionRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def record(self, row: int) -> CaseRecord | None:
        found = self.row(row)
        return found.record if found else None

    def row_of(self, case_id: str) -> int:
        for row, found in enumerate(self._rows):
            if str(found.record.case_id) == case_id:
                return row
        return -1

    def first_open_row(self) -> int:
        """The first exception not yet answered here, or -1."""
        return next((n for n, found in enumerate(self._rows) if not found.pending), -1)

    @property
    def open_count(self) -> int:
        return sum(1 for found in self._rows if not found.pending)

    @property
    def pending_count(self) -> int:
        return sum(1 for found in self._rows if found.pending)

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

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
            ExceptionColumn.ANSWER: self.tr("Answered here"),
        }[ExceptionColumn(section)]

    def answer_label(self, found: ExceptionRow) -> str:
        """What became of this workstation's answer, in a few words ("" when unanswered)."""
        answer = found.answer
        if answer is None:
            return ""
        signed = answer.request.verdict is CountersignVerdict.COUNTERSIGN
        if answer.state is OutboxState.REFUSED:
            return self.tr("Refused by the server")
        if answer.state is OutboxState.PENDING:
            return (
                self.tr("Countersigned, waiting to be delivered")
                if signed
                else self.tr("Sent back, waiting to be delivered")
            )
        return self.tr("Countersigned, delivered") if signed else self.tr("Sent back, delivered")

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = self.row(index.row())
        record = found.record if found is not None else None
        decision = record.decision if record is not None else None
        if found is None or record is None or decision is None:
            return None
        column = ExceptionColumn(index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if found.pending:
                return QBrush(QColor(ANSWERED_GREY))
            if column in (ExceptionColumn.OVERRULED, ExceptionColumn.ANSWER):
                return QBrush(QColor(FAILED_RED))  # failed checks; a refused answer
            return None
        if role == Qt.ItemDataRole.FontRole and found.pending:
            font = QFont()
            font.setItalic(True)
            return font
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
        if column is ExceptionColumn.ANSWER:
            return self.answer_label(found)
        return decision.justification.split("\n", 1)[0]
