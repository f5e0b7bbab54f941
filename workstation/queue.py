"""Reading the local queue: which cases, in which order, and their columns on demand.

The queue view holds only ordered case ids (cheap even for 100,000 cases) and
asks for the columns of the rows it actually shows, a batch at a time.
Filtering and sorting happen in the database, on indexed columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.sql.elements import UnaryExpression

from workstation.domain import CaseStatus, QueueOrder
from workstation.models import CaseRow
from workstation.store import QUEUE_ORDER, Store
from workstation.text import fold


class QueueColumn(StrEnum):
    SUBMITTED = "submitted"
    DEPARTURE = "departure"
    HOLDER = "holder"
    NATIONALITY = "nationality"
    DOCUMENT_TYPE = "document_type"
    CHECKS = "checks"
    STATUS = "status"
    REDECLARATIONS = "redeclarations"


_SORT_COLUMN: Final[dict[QueueColumn, Any]] = {
    QueueColumn.SUBMITTED: CaseRow.submitted_at,
    QueueColumn.DEPARTURE: CaseRow.departure_at,
    QueueColumn.HOLDER: CaseRow.holder_name,
    QueueColumn.NATIONALITY: CaseRow.nationality,
    QueueColumn.DOCUMENT_TYPE: CaseRow.document_type,
    QueueColumn.CHECKS: CaseRow.check_verdict,
    QueueColumn.STATUS: CaseRow.status,
    QueueColumn.REDECLARATIONS: CaseRow.version,
}

#: What an officer's queue shows unless they ask for more.
OPEN_STATUSES: Final = frozenset(s for s in CaseStatus if s.is_open)


@dataclass(frozen=True)
class QueueFilter:
    statuses: frozenset[CaseStatus] | None = OPEN_STATUSES  # None = every status
    text: str = ""
    #: Hide cases decided here whose decision still waits in the outbox.
    hide_pending: bool = True


@dataclass(frozen=True)
class QueueRow:
    case_id: str
    submitted_at: datetime
    departure_at: datetime
    holder_name: str
    holder_name_zh: str
    nationality: str
    document_type: str
    document_number: str
    check_verdict: str | None
    status: CaseStatus
    version: int
    claim_officer: str | None
    claim_expires_at: datetime | None
    pending: bool


def _conditions(queue_filter: QueueFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if queue_filter.statuses is not None:
        conditions.append(CaseRow.status.in_(sorted(s.value for s in queue_filter.statuses)))
    if queue_filter.hide_pending:
        conditions.append(CaseRow.pending_entry_id.is_(None))
    for word in fold(queue_filter.text).split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(CaseRow.search_text.like(f"%{escaped}%", escape="\\"))
    return conditions


def server_order(store: Store) -> list[UnaryExpression[Any]]:
    """The order the server assigns: first come first served, or earliest departure first."""
    if store.get_state(QUEUE_ORDER) == QueueOrder.DEPARTURE.value:
        return [CaseRow.departure_at.asc(), CaseRow.submitted_at.asc()]
    return [CaseRow.submitted_at.asc()]


def queue_ids(
    store: Store,
    queue_filter: QueueFilter,
    *,
    sort: QueueColumn | None = None,
    descending: bool = False,
) -> list[str]:
    """Ids of the matching cases, in the server's order unless a column is given."""
    if sort is None:
        order = server_order(store)
    else:
        column = _SORT_COLUMN[sort]
        order = [column.desc() if descending else column.asc(), CaseRow.submitted_at.asc()]
    query = select(CaseRow.case_id).where(and_(True, *_conditions(queue_filter))).order_by(*order)
    with store.reader() as session:
        return list(session.scalars(query))


_ROW_COLUMNS: Final = (
    CaseRow.case_id,
    CaseRow.submitted_at,
    CaseRow.departure_at,
    CaseRow.holder_name,
    CaseRow.holder_name_zh,
    CaseRow.nationality,
    CaseRow.document_type,
    CaseRow.document_number,
    CaseRow.check_verdict,
    CaseRow.status,
    CaseRow.version,
    CaseRow.claim_officer,
    CaseRow.claim_expires_at,
    CaseRow.pending_entry_id,
)


def queue_rows(store: Store, case_ids: Iterable[str]) -> dict[str, QueueRow]:
    """The queue columns of the given cases (missing ids are simply absent)."""
    wanted: Sequence[str] = list(case_ids)
    rows: dict[str, QueueRow] = {}
    with store.reader() as session:
        for chunk_start in range(0, len(wanted), 500):
            chunk = wanted[chunk_start : chunk_start + 500]
            for values in session.execute(
                select(*_ROW_COLUMNS).where(CaseRow.case_id.in_(chunk))
            ).all():
                (case_id, submitted, departure, name, name_zh, nationality, doc_type, doc_no,
                 verdict, status, version, officer, expires, pending) = values  # fmt: skip
                rows[case_id] = QueueRow(
                    case_id=case_id,
                    submitted_at=submitted,
                    departure_at=departure,
                    holder_name=name,
                    holder_name_zh=name_zh,
                    nationality=nationality,
                    document_type=doc_type,
                    document_number=doc_no,
                    check_verdict=verdict,
                    status=CaseStatus(status),
                    version=version,
                    claim_officer=officer,
                    claim_expires_at=expires,
                    pending=pending is not None,
                )
    return rows
