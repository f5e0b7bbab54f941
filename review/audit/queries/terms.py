"""The auditor's filter as SQL terms, each in two forms: one an index may serve, one none may.

A filter is a conjunction of terms (who, action, outcome, nationality, mission,
a date range, words of the notes). `review.audit.queries.history` counts
each term on its index and lets the most selective one drive the query; the
charts use the same terms. Note words of three characters or more are found by
the trigram index (SQLite FTS5, migration 0004), shorter ones by LIKE.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    TableClause,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from workstation.domain import AuditAction
from workstation.models import AuditEntryRow
from workstation.store import Store

log = logging.getLogger(__name__)

#: The trigram index finds substrings of three characters or more.
TRIGRAM: Final = 3
FTS_TABLE: Final = "audit_notes"

A = AuditEntryRow


@dataclass(frozen=True)
class AuditFilter:
    """What the auditor asked for; empty fields match everything. `until` is exclusive."""

    actor: str = ""
    action: str = ""
    outcome: str = ""
    nationality: str = ""
    mission: str = ""
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""
    #: Only the steps of exceptions: approvals over failed checks, countersignatures, send-backs.
    exceptions_only: bool = False


# -- filter terms ---------------------------------------------------------------------------------


def unindexed(element: Any, *, sqlite: bool) -> Any:
    """The same expression, but no SQLite index may serve it (`+column`)."""
    if not sqlite:
        return element
    return UnaryExpression(element, operator=operators.custom_op("+"), type_=element.type)


@dataclass(frozen=True)
class FilterTerm:
    """One condition of a filter, in a form an index serves and in a form none does."""

    name: str
    indexed: ColumnElement[bool]
    plain: ColumnElement[bool]
    #: Entries matching this term alone; None when no index can count it.
    count: int | None = None
    #: Its index lists matches in sequence order (equality on an indexed column, or the notes).
    seq_ordered: bool = False
    columns: tuple[Any, ...] = field(default=())
    #: The note index's query, for the text term (its rowids are the entries' numbers).
    match: str = ""


def has_note_index(session: Session) -> bool:
    if session.get_bind().dialect.name != "sqlite":
        return False
    found: Any = session.execute(
        select(literal_column("name"))
        .select_from(table("sqlite_master"))
        .where(literal_column("type") == "table", literal_column("name") == FTS_TABLE)
    ).first()
    return found is not None


def notes_table() -> TableClause:
    """The note index (FTS5, external content): its rowid is the entry's number."""
    return table(FTS_TABLE, column("rowid"))


def note_match(query: str) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = literal_column(FTS_TABLE).op("MATCH")(query)
    return condition


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filter_terms(
    session: Session, audit_filter: AuditFilter, *, entry: Any = A
) -> list[FilterTerm]:
    """The filter's conditions on `entry` (the entries table or an alias of it), uncounted."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    terms: list[FilterTerm] = []

    def equal(name: str, *pairs: tuple[Any, str]) -> None:
        indexed = and_(*(column == value for column, value in pairs))
        plain = and_(*(unindexed(column, sqlite=sqlite) == value for column, value in pairs))
        terms.append(
            FilterTerm(name, indexed, plain, seq_ordered=True, columns=tuple(c for c, _v in pairs))
        )

    f = audit_filter
    if f.action and f.actor:  # one composite index serves both
        equal("action_actor", (entry.action, f.action), (entry.actor, f.actor))
    elif f.action:
        equal("action", (entry.action, f.action))
    elif f.actor:
        equal("actor", (entry.actor, f.actor))
    for name, value in (
        ("outcome", f.outcome),
        ("nationality", f.nationality),
        ("mission", f.mission),
    ):
        if value:
            equal(name, (getattr(entry, name), value))
    if f.since is not None or f.until is not None:
        at, plain_at = entry.at, unindexed(entry.at, sqlite=sqlite)
        indexed_bounds, plain_bounds = [], []
        if f.since is not None:
            indexed_bounds.append(at >= f.since)
            plain_bounds.append(plain_at >= f.since)
        if f.until is not None:
            indexed_bounds.append(at < f.until)
            plain_bounds.append(plain_at < f.until)
        terms.append(FilterTerm("time", and_(*indexed_bounds), and_(*plain_bounds), columns=(at,)))
    if f.exceptions_only:
        terms.append(_exception_term(entry, sqlite=sqlite))
    words = f.text.split()
    indexed_words = [w for w in words if len(w) >= TRIGRAM] if has_note_index(session) else []
    if indexed_words:
        query = " AND ".join(_fts_phrase(w) for w in indexed_words)
        matching: Any = select(notes_table().c.rowid).where(note_match(query))
        terms.append(
            FilterTerm(
                "text",
                entry.seq.in_(matching),
                unindexed(entry.seq, sqlite=sqlite).in_(matching),
                seq_ordered=True,
                match=query,
            )
        )
    for word in (w for w in words if w not in indexed_words):
        # SQLite's LIKE ignores (ASCII) case already; PostgreSQL's needs ILIKE for that.
        like = entry.note.like if sqlite else entry.note.ilike
        condition = like(_like(word), escape="\\")
        terms.append(FilterTerm("note_like", condition, condition))
    return terms


#: A decision's details say `"exception":true` for an approval over failed checks (stored as
#: canonical JSON: sorted keys, no spaces, see `workstation.audit_log`).
EXCEPTION_MARK: Final = '%"exception":true%'
_EXCEPTION_STEPS: Final = (AuditAction.COUNTERSIGNED.value, AuditAction.SENT_BACK.value)


def _exception_term(entry: Any, *, sqlite: bool) -> FilterTerm:
    def condition(action: Any) -> ColumnElement[bool]:
        return or_(
            and_(action == AuditAction.DECIDED.value, entry.details_json.like(EXCEPTION_MARK)),
            action.in_(_EXCEPTION_STEPS),
        )

    return FilterTerm(
        "exceptions", condition(entry.action), condition(unindexed(entry.action, sqlite=sqlite))
    )


def count_term(session: Session, term: FilterTerm) -> int | None:
    """Entries matching the term alone, read from its index (None when it has none)."""
    if term.name in ("note_like", "exceptions"):
        return None  # a scan of every note, or of every decision's details: not cheap
    if term.match:
        query = select(func.count()).select_from(notes_table()).where(note_match(term.match))
        return session.execute(query).scalar_one()
    return session.execute(select(func.count()).select_from(A).where(term.indexed)).scalar_one()


# -- choices for the filter bar -------------------------------------------------------------------


@dataclass(frozen=True)
class FilterChoices:
    actors: tuple[str, ...]
    actions: tuple[str, ...]
    outcomes: tuple[str, ...]
    nationalities: tuple[str, ...]
    missions: tuple[str, ...]


def _distinct(session: Session, column: Any) -> tuple[str, ...]:
    # One index seek per distinct value ("skip scan"), instead of reading every entry.
    values: list[str] = []
    current = session.execute(select(func.min(column))).scalar_one()
    while current is not None:
        values.append(current)
        current = session.execute(select(func.min(column)).where(column > current)).scalar_one()
    return tuple(values)


def filter_choices(store: Store) -> FilterChoices:
    """The values each filter can take in the stored log (a few index seeks per value)."""
    with store.reader() as session:
        return FilterChoices(
            actors=_distinct(session, A.actor),
            actions=_distinct(session, A.action),
            outcomes=tuple(o for o in _distinct(session, A.outcome) if o),
            nationalities=_distinct(session, A.nationality),
            missions=_distinct(session, A.mission),
        )
