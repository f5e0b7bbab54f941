"""Reading the local queue: which cases, in which order, and their columns on demand.

The queue view holds only ordered case ids (cheap even for 100,000 cases) and
asks for the columns of the rows it actually shows, a batch at a time.
Filtering and sorting happen in the database, on indexed columns.

The clerk's views (to print, printed, reprinted) also ask whether a certificate was
printed: the server's `certificate.printed_at` (any workstation, as of the last sync)
or a print recorded in this workstation's outbox (even offline).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import (
    JSON,
    ColumnElement,
    and_,
    case,
    cast,
    exists,
    func,
    not_,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression

from workstation.domain import CaseStatus, QueueOrder
from workstation.models import CaseRecordRow, CaseRow, OutboxEntry
from workstation.outbox import OutboxKind, OutboxState
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
    PRINTED = "printed"  # the clerk's: when the certificate was first printed


class PrintView(StrEnum):
    """The clerk's lists."""

    TO_PRINT = "to_print"  # approved, not revoked, never printed
    PRINTED = "printed"  # printed at least once (here or, as of the last sync, anywhere)
    REPRINTED = "reprinted"  # printed again as REPRINT at this workstation


_SORT_COLUMN: Final[dict[QueueColumn, Any]] = {
    QueueColumn.SUBMITTED: CaseRow.submitted_at,
    QueueColumn.DEPARTURE: CaseRow.departure_at,
    QueueColumn.HOLDER: CaseRow.holder_name,
    QueueColumn.NATIONALITY: CaseRow.nationality,
    QueueColumn.DOCUMENT_TYPE: CaseRow.document_type,
    QueueColumn.CHECKS: CaseRow.check_verdict,
    QueueColumn.STATUS: CaseRow.status,
    QueueColumn.REDECLARATIONS: CaseRow.version,
    QueueColumn.PRINTED: None,  # a field of the record: see `_server_printed_at`
}

#: What an officer's queue shows unless they ask for more.
OPEN_STATUSES: Final = frozenset(s for s in CaseStatus if s.is_open)


@dataclass(frozen=True)
class QueueFilter:
    statuses: frozenset[CaseStatus] | None = OPEN_STATUSES  # None = every status
    text: str = ""
    #: Hide cases decided here whose decision still waits in the outbox.
    hide_pending: bool = True
    #: One of the clerk's lists, or None for every case the other fields let through.
    print_view: PrintView | None = None


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
    #: When the certificate was first printed (the server's record, else this workstation's).
    printed_at: datetime | None = None


@dataclass(frozen=True)
class QueueCounts:
    """What an officer's queue holds, at a glance."""

    waiting: int  # submitted, nobody's yet
    with_failures: int  # open cases whose automatic checks failed
    claimed_by_me: int  # live claims of the signed-in officer
    awaiting_countersignature: int  # exceptions waiting for a supervisor


# -- what was printed ----------------------------------------------------------------------------


def _json_document(column: Any, session: Session) -> Any:
    """`column` (JSON text) as a JSON value SQL can take apart, on SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(column, JSON)
    return type_coerce(column, JSON)


def _server_printed_at(session: Session) -> Any:
    """The record's `certificate.printed_at` (ISO text, or NULL), for a query joined to records."""
    document = _json_document(CaseRecordRow.record_json, session)
    return document[("certificate", "printed_at")].as_string()


def _printed_here() -> ColumnElement[bool]:
    return exists().where(
        OutboxEntry.case_id == CaseRow.case_id,
        OutboxEntry.kind == OutboxKind.PRINT.value,
        OutboxEntry.state != OutboxState.REFUSED.value,
    )


def _reprinted_here(session: Session) -> ColumnElement[bool]:
    reprint = _json_document(OutboxEntry.payload_json, session)["reprint"].as_boolean()
    return exists().where(
        OutboxEntry.case_id == CaseRow.case_id,
        OutboxEntry.kind == OutboxKind.PRINT.value,
        OutboxEntry.state != OutboxState.REFUSED.value,
        reprint,
    )


def _print_view_condition(view: PrintView, session: Session) -> ColumnElement[bool]:
    printed = or_(_server_printed_at(session).is_not(None), _printed_here())
    match view:
        case PrintView.TO_PRINT:
            return and_(
                CaseRow.status == CaseStatus.APPROVED.value,
                CaseRow.certificate_revoked_at.is_(None),
                not_(printed),
            )
        case PrintView.PRINTED:
            return printed
        case PrintView.REPRINTED:
            return _reprinted_here(session)


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
    with store.reader() as session:
        conditions = _conditions(queue_filter)
        joined = queue_filter.print_view is not None or sort is QueueColumn.PRINTED
        if queue_filter.print_view is not None:
            conditions.append(_print_view_condition(queue_filter.print_view, session))
        if sort is None:
            order = server_order(store)
        else:
            column = (
                _server_printed_at(session) if sort is QueueColumn.PRINTED else _SORT_COLUMN[sort]
            )
            order = [column.desc() if descending else column.asc(), CaseRow.submitted_at.asc()]
        query = select(CaseRow.case_id)
        if joined:
            query = query.join(CaseRecordRow, CaseRecordRow.case_id == CaseRow.case_id)
        query = query.where(and_(True, *conditions)).order_by(*order)
        # On the connection, not the ORM session: plain strings need no ORM row processing,
        # which costs more than the query itself over 100,000 ids.
        return list(session.connection().execute(query).scalars())


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
    CaseRow.certificate_id,
)


def queue_rows(store: Store, case_ids: Iterable[str]) -> dict[str, QueueRow]:
    """The queue columns of the given cases (missing ids are simply absent)."""
    wanted: Sequence[str] = list(case_ids)
    rows: dict[str, QueueRow] = {}
    with store.reader() as session:
        for chunk_start in range(0, len(wanted), 500):
            chunk = wanted[chunk_start : chunk_start + 500]
            printed = _printed_times(session, chunk)
            for values in session.execute(
                select(*_ROW_COLUMNS).where(CaseRow.case_id.in_(chunk))
            ).all():
                (case_id, submitted, departure, name, name_zh, nationality, doc_type, doc_no,
                 verdict, status, version, officer, expires, pending, certificate,
                 ) = values  # fmt: skip
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
                    printed_at=printed.get(case_id) if certificate else None,
                )
    return rows


def _printed_times(session: Session, case_ids: Sequence[str]) -> dict[str, datetime]:
    """When each of these cases' certificate was first printed, where it is known."""
    first: dict[str, datetime] = {}
    for case_id, recorded in session.execute(
        select(OutboxEntry.case_id, func.min(OutboxEntry.created_at))
        .where(
            OutboxEntry.case_id.in_(case_ids),
            OutboxEntry.kind == OutboxKind.PRINT.value,
            OutboxEntry.state != OutboxState.REFUSED.value,
        )
        .group_by(OutboxEntry.case_id)
    ).all():
        if recorded is not None:
            # min() of a UTCDateTime column comes back as the database's plain value.
            first[case_id] = _as_utc(recorded)
    server_printed = _server_printed_at(session)
    for case_id, text in session.execute(
        select(CaseRecordRow.case_id, server_printed).where(
            CaseRecordRow.case_id.in_(case_ids), server_printed.is_not(None)
        )
    ).all():
        try:
            at = _as_utc(datetime.fromisoformat(text))
        except (TypeError, ValueError):
            continue  # the record was validated when stored; a bad value is simply not shown
        first[case_id] = min(at, first.get(case_id, at))
    return first


def _as_utc(value: datetime | str) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def queue_counts(store: Store, *, officer: str, now: datetime) -> QueueCounts:
    """The officer's figures, in one pass over the small columns (decisions still in the
    outbox count as decided, as the queue shows them)."""
    is_open = CaseRow.status.in_(sorted(s.value for s in OPEN_STATUSES))
    not_pending = CaseRow.pending_entry_id.is_(None)

    def count(*conditions: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)

    query = select(
        count(CaseRow.status == CaseStatus.SUBMITTED.value, not_pending),
        count(is_open, not_pending, CaseRow.check_verdict == "fail"),
        count(
            CaseRow.status == CaseStatus.IN_REVIEW.value,
            not_pending,
            CaseRow.claim_officer == officer,
            CaseRow.claim_expires_at > now,
        ),
        count(CaseRow.status == CaseStatus.AWAITING_COUNTERSIGNATURE.value),
    ).where(  # only these statuses count: the status index spares a scan of decided cases
        CaseRow.status.in_(
            sorted({s.value for s in OPEN_STATUSES} | {CaseStatus.AWAITING_COUNTERSIGNATURE.value})
        )
    )
    with store.reader() as session:
        waiting, failures, mine, countersign = session.execute(query).one()
    return QueueCounts(
        waiting=int(waiting),
        with_failures=int(failures),
        claimed_by_me=int(mine),
        awaiting_countersignature=int(countersign),
    )


def print_counts(store: Store) -> dict[PrintView, int]:
    """How many cases each of the clerk's lists holds."""
    counts: dict[PrintView, int] = {}
    with store.reader() as session:
        for view in PrintView:
            counts[view] = session.execute(
                select(func.count())
                .select_from(CaseRow)
                .join(CaseRecordRow, CaseRecordRow.case_id == CaseRow.case_id)
                .where(_print_view_condition(view, session))
            ).scalar_one()
    return counts
