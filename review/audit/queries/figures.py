"""The figures behind the auditor's charts, as aggregates over the decision entries.

They follow the history's filter (officer, outcome, dates, nationality, mission,
note text) but always count decisions, whatever action the filter names. Days
are UTC days. Reading every decision of a large log takes a moment: call these
off the GUI thread.
"""

from __future__ import annotations

import dataclasses
import logging
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from review.audit.queries.terms import AuditFilter, filter_terms
from workstation.domain import AuditAction
from workstation.models import AuditEntryRow
from workstation.store import Store

log = logging.getLogger(__name__)

#: The entries that start a case's clock: its submission (or its re-declaration).
_SUBMISSIONS = (AuditAction.SUBMITTED.value, AuditAction.REDECLARED.value)


@dataclass(frozen=True)
class DayOutcomes:
    day: date
    counts: dict[str, int]  # outcome -> decisions that day


@dataclass(frozen=True)
class DayMedian:
    day: date
    median_hours: float
    decisions: int


@dataclass(frozen=True)
class OfficerWorkload:
    officer: str
    counts: dict[str, int]  # outcome -> decisions

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class DecisionFigures:
    per_day: tuple[DayOutcomes, ...]
    median_per_day: tuple[DayMedian, ...]
    workload: tuple[OfficerWorkload, ...]
    outcomes: tuple[str, ...]  # every outcome seen, for one colour each across the charts


def _decisions(
    session: Session, audit_filter: AuditFilter, entry: Any
) -> list[ColumnElement[bool]]:
    decided = dataclasses.replace(audit_filter, action=AuditAction.DECIDED.value)
    return [term.indexed for term in filter_terms(session, decided, entry=entry)]


def _day(moment: datetime | str) -> date:
    return moment.date() if isinstance(moment, datetime) else date.fromisoformat(moment[:10])


def decision_figures(store: Store, audit_filter: AuditFilter) -> DecisionFigures:
    """Decisions per day by outcome, median hours from submission per day, and per officer."""
    entry = AuditEntryRow
    per_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_officer: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with store.reader() as session:
        grouped = session.execute(
            select(func.date(entry.at), entry.actor, entry.outcome, func.count())
            .where(*_decisions(session, audit_filter, entry))
            .group_by(func.date(entry.at), entry.actor, entry.outcome)
        ).all()
        decision, submission = aliased(entry), aliased(entry)
        waits = session.execute(
            select(decision.at, submission.at)
            .join(
                submission,
                (submission.case_id == decision.case_id) & submission.action.in_(_SUBMISSIONS),
            )
            .where(*_decisions(session, audit_filter, decision))
        ).all()
    for day, officer, outcome, count in grouped:
        per_day[_day(day)][outcome] += count
        per_officer[officer][outcome] += count
    hours: dict[date, list[float]] = defaultdict(list)
    for decided_at, submitted_at in waits:
        hours[decided_at.date()].append((decided_at - submitted_at).total_seconds() / 3600)
    outcomes = sorted({o for counts in per_day.values() for o in counts})
    return DecisionFigures(
        per_day=tuple(DayOutcomes(day, dict(per_day[day])) for day in sorted(per_day)),
        median_per_day=tuple(
            DayMedian(day, statistics.median(values), len(values))
            for day, values in sorted(hours.items())
        ),
        workload=tuple(
            sorted(
                (OfficerWorkload(officer, dict(counts)) for officer, counts in per_officer.items()),
                key=lambda w: (-w.total, w.officer),
            )
        ),
        outcomes=tuple(outcomes),
    )
