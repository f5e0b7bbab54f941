"""The auditor's history as store queries: filter, sort, count and windows of rows.

The local audit log can hold a million entries, so nothing here loads them all:
the history view asks for one window of rows at a time (after a known row, or at
an offset) and for the count separately. Each filter term is counted on its own
index first (a few milliseconds each), and the query is then shaped so SQLite
cannot pick a slow plan: either driven by the most selective term's index, or
walking the sort order's index when every term is broad. SQLite's unary `+` is
how a term is kept off an index (https://sqlite.org/optoverview.html).

The chart figures (`review.audit.queries.figures`) reuse the filter terms.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, func, select, tuple_
from sqlalchemy.orm import Session

from review.audit.queries.terms import (
    AuditFilter,
    FilterTerm,
    count_term,
    filter_terms,
    note_match,
    notes_table,
    unindexed,
)
from workstation.models import AuditEntryRow
from workstation.store import Store

log = logging.getLogger(__name__)

#: Rows per window the history view fetches.
PAGE: Final = 200
#: A term matching at most this many entries drives the query: reading all its matches and
#: sorting them costs less than walking the sort order past rows the other terms reject.
DRIVE_LIMIT: Final = 250_000

A = AuditEntryRow


class AuditColumn(StrEnum):
    SEQ = "seq"
    TIME = "time"
    ACTOR = "actor"
    ROLE = "role"
    ACTION = "action"
    CASE = "case"
    OUTCOME = "outcome"
    NOTE = "note"
    NATIONALITY = "nationality"


#: What each column sorts on after the sequence number. Time sorts in the log's own order
#: (the server stamps entries as it appends them); notes are free text and not sortable.
_SORT_COLUMN: Final[dict[AuditColumn, Any]] = {
    AuditColumn.SEQ: None,
    AuditColumn.TIME: None,
    AuditColumn.ACTOR: A.actor,
    AuditColumn.ROLE: A.role,
    AuditColumn.ACTION: A.action,
    AuditColumn.CASE: A.case_id,
    AuditColumn.OUTCOME: A.outcome,
    AuditColumn.NATIONALITY: A.nationality,
}
SORTABLE: Final = frozenset(_SORT_COLUMN)
#: Columns that may be NULL: a window after one of their rows is found by offset, not by key.
_NULLABLE: Final = frozenset({AuditColumn.CASE, AuditColumn.NATIONALITY})


@dataclass(frozen=True)
class HistoryOrder:
    column: AuditColumn = AuditColumn.TIME
    descending: bool = True

    def __post_init__(self) -> None:
        if self.column not in SORTABLE:
            raise ValueError(f"the history cannot be sorted by {self.column.value}")


@dataclass(frozen=True)
class AuditRow:
    """One stored entry as the history shows and exports it."""

    seq: int
    at: datetime
    actor: str
    role: str
    mission: str
    action: str
    case_id: str | None
    outcome: str
    note: str
    nationality: str | None
    details_json: str
    hash: str

    @property
    def note_first_line(self) -> str:
        return self.note.split("\n", 1)[0].strip()


#: A row's place in an order: (value of the sort column or None for time, seq).
HistoryKey = tuple[Any, int]

_ROW_COLUMNS: Final = (
    A.seq,
    A.at,
    A.actor,
    A.role,
    A.mission,
    A.action,
    A.case_id,
    A.outcome,
    A.note,
    A.nationality,
    A.details_json,
    A.hash,
)


def row_key(row: AuditRow, order: HistoryOrder) -> HistoryKey:
    column = _SORT_COLUMN[order.column]
    return (None if column is None else getattr(row, column.key), row.seq)


# -- planning -------------------------------------------------------------------------------------


class Shape(Enum):
    EMPTY = "empty"  # a term matches nothing
    WALK = "walk"  # follow the sort order's index, testing every term
    ORDERED = "ordered"  # the driving index already lists rows in the asked order
    DRIVE = "drive"  # read the driving term's matches, then sort them


@dataclass(frozen=True)
class HistoryPlan:
    audit_filter: AuditFilter
    order: HistoryOrder
    terms: tuple[FilterTerm, ...]
    driver: FilterTerm | None
    shape: Shape
    sqlite: bool
    #: Entries in the whole log, and in the result when it follows from the term counts.
    entries: int
    total: int | None

    @property
    def keyset(self) -> bool:
        """Whether a window can start right after a known row (else it is found by offset)."""
        return self.order.column not in _NULLABLE


def _skipped(session: Session, audit_filter: AuditFilter, descending: bool) -> int:
    """Entries a walk in sequence order passes before it reaches the date range."""
    if descending and audit_filter.until is not None:
        beyond = A.at >= audit_filter.until
    elif not descending and audit_filter.since is not None:
        beyond = A.at < audit_filter.since
    else:
        return 0
    return session.execute(select(func.count()).select_from(A).where(beyond)).scalar_one()


def _shape(
    session: Session,
    terms: Sequence[FilterTerm],
    audit_filter: AuditFilter,
    order: HistoryOrder,
    entries: int,
) -> tuple[Shape, FilterTerm | None, int | None]:
    """How to run the query: (shape, driving term, result count when it is already known)."""
    counted = [t for t in terms if t.count is not None]
    if not terms:
        return Shape.WALK, None, entries
    if entries == 0 or any(t.count == 0 for t in counted):
        return Shape.EMPTY, None, 0
    if not counted:  # only short note words: nothing to drive from
        return Shape.WALK, None, None
    driver = min(counted, key=lambda t: t.count or 0)
    driver_count = driver.count or 0
    total = driver_count if len(terms) == 1 else None
    sort_column = _SORT_COLUMN[order.column]
    if driver.seq_ordered and (sort_column is None or sort_column in driver.columns):
        return Shape.ORDERED, driver, total  # a prefix of the driver's matches, in order
    if driver_count <= DRIVE_LIMIT:
        return Shape.DRIVE, driver, total
    # Every term is broad: walking the sort order's index finds matching rows soon. But in
    # sequence order a date range is one stretch of the log: walking to it may pass most
    # entries, while sorting its matches may cost less.
    time_term = next((t for t in counted if t.name == "time"), None)
    if (
        sort_column is None
        and time_term is not None
        and _skipped(session, audit_filter, order.descending) > (time_term.count or 0)
    ):
        return Shape.DRIVE, time_term, total
    return Shape.WALK, None, total


def plan_history(store: Store, audit_filter: AuditFilter, order: HistoryOrder) -> HistoryPlan:
    """Count each term on its index and choose how the history query runs."""
    with store.reader() as session:
        entries = session.execute(select(func.count()).select_from(A)).scalar_one()
        terms = tuple(
            dataclasses.replace(term, count=count_term(session, term))
            for term in filter_terms(session, audit_filter)
        )
        shape, driver, total = _shape(session, terms, audit_filter, order, entries)
        sqlite = session.get_bind().dialect.name == "sqlite"
    return HistoryPlan(
        audit_filter=audit_filter,
        order=order,
        terms=terms,
        driver=driver,
        shape=shape,
        sqlite=sqlite,
        entries=entries,
        total=total,
    )


# -- reading --------------------------------------------------------------------------------------


def _conditions(plan: HistoryPlan) -> list[ColumnElement[bool]]:
    return [t.indexed if t is plan.driver else t.plain for t in plan.terms]


def _after(plan: HistoryPlan, key: HistoryKey, descending: bool, seq: Any) -> ColumnElement[bool]:
    """Rows after `key` in the order (a row-value comparison an index can seek to)."""
    drive = plan.shape is Shape.DRIVE
    column = _SORT_COLUMN[plan.order.column]
    value, after_seq = key
    if column is None:
        beyond: ColumnElement[bool] = seq < after_seq if descending else seq > after_seq
        return beyond
    if value is None:
        raise ValueError("a window after a row with no value is found by offset")
    sort = unindexed(column, sqlite=plan.sqlite) if drive else column
    pair = tuple_(sort, seq)
    return pair < tuple_(value, after_seq) if descending else pair > tuple_(value, after_seq)


def _source(plan: HistoryPlan) -> tuple[Select[Any], Any, list[ColumnElement[bool]]]:
    """The query's start: (select of numbers, the number column it orders by, conditions)."""
    driver = plan.driver
    if plan.shape is Shape.ORDERED and driver is not None and driver.match:
        # The note index lists its rowids (the entries' numbers) in order, newest first if
        # asked: reading it as the outer loop finds a window without reading every match.
        notes = notes_table()
        query = select(A.seq).select_from(notes.join(A, A.seq == notes.c.rowid))
        others = [t.plain for t in plan.terms if t is not driver]
        return query, notes.c.rowid, [note_match(driver.match), *others]
    seq = unindexed(A.seq, sqlite=plan.sqlite) if plan.shape is Shape.DRIVE else A.seq
    return select(A.seq), seq, _conditions(plan)


def history_seqs(
    store: Store,
    plan: HistoryPlan,
    *,
    after: HistoryKey | None = None,
    offset: int = 0,
    limit: int = PAGE,
    reverse: bool = False,
) -> list[int]:
    """Sequence numbers of one window, in the plan's order (or the reverse of it)."""
    if plan.shape is Shape.EMPTY or limit <= 0:
        return []
    descending = plan.order.descending != reverse
    query, seq, conditions = _source(plan)
    if after is not None:
        conditions.append(_after(plan, after, descending, seq))
    column = _SORT_COLUMN[plan.order.column]
    if column is not None and plan.shape is Shape.DRIVE:
        column = unindexed(column, sqlite=plan.sqlite)
    columns = ([] if column is None else [column]) + [seq]
    query = (
        query.where(*conditions)
        .order_by(*(c.desc() if descending else c.asc() for c in columns))
        .offset(offset)
        .limit(limit)
    )
    with store.reader() as session:
        return list(session.scalars(query))


def rows_by_seq(store: Store, seqs: Sequence[int]) -> list[AuditRow]:
    """The entries with these sequence numbers, in the order given (missing ones skipped)."""
    if not seqs:
        return []
    with store.reader() as session:
        found: dict[int, AuditRow] = {}
        for values in session.execute(select(*_ROW_COLUMNS).where(A.seq.in_(list(seqs)))):
            row = AuditRow(*values)  # type: ignore[call-arg]  # the columns in field order
            found[row.seq] = row
    return [found[seq] for seq in seqs if seq in found]


def history_rows(
    store: Store,
    plan: HistoryPlan,
    *,
    after: HistoryKey | None = None,
    offset: int = 0,
    limit: int = PAGE,
    reverse: bool = False,
) -> list[AuditRow]:
    """One window of rows (see `history_seqs`)."""
    seqs = history_seqs(store, plan, after=after, offset=offset, limit=limit, reverse=reverse)
    return rows_by_seq(store, seqs)


def count_history(store: Store, plan: HistoryPlan) -> int:
    """How many entries the filter matches (may read every match: run it off the GUI thread)."""
    if plan.total is not None:
        return plan.total
    query = select(func.count()).select_from(A).where(*_conditions(plan))
    with store.reader() as session:
        return session.execute(query).scalar_one()


def window(
    store: Store, plan: HistoryPlan, *, start: int, total: int, limit: int = PAGE
) -> list[AuditRow]:
    """Rows `start .. start+limit` of the result by offset, counted from the nearer end."""
    end = min(total, start + limit)
    if start >= end:
        return []
    if start <= total - end:
        return history_rows(store, plan, offset=start, limit=end - start)
    rows = history_rows(store, plan, offset=total - end, limit=end - start, reverse=True)
    return rows[::-1]
