"""Demo decisions: some seeded cases are decided, so a clerk has certificates to print and
an auditor a history to read, the moment the demo starts.

Decided through the same claim and decision services the API uses, by the mission's
second demo officer: clean cases are approved, faulty ones rejected with the reason an
officer would give. Cases that were later re-declared are left alone, and so are clean
cases whose flight left before the decision: nobody approves a trip that has begun, and
the certificate could not be issued (a clerk must be able to print every approved demo
case); they wait in the queue, flagged as departed.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final

from server.auth import principal_of
from server.cases import claim_case
from server.db import Database
from server.decisions import record_decision
from server.demodata import DemoFault
from server.models import CaseRow, UserRow
from server.seed import SeededCase
from workstation.domain import DecisionOutcome, ReasonCode
from workstation.protocol import DecisionRequest

log = logging.getLogger(__name__)

REASON: Final[dict[DemoFault, ReasonCode]] = {
    DemoFault.WRONG_NAME: ReasonCode.IDENTITY_MISMATCH,
    DemoFault.WRONG_DOCUMENT_NUMBER: ReasonCode.IDENTITY_MISMATCH,
    DemoFault.SAMPLE_TOO_EARLY: ReasonCode.TEST_TOO_OLD,
    DemoFault.POSITIVE_RESULT: ReasonCode.TEST_POSITIVE,
    DemoFault.MISSING_ANTIBODY_TEST: ReasonCode.TEST_MISSING,
    DemoFault.UNKNOWN_LAB: ReasonCode.LAB_NOT_APPROVED,
    DemoFault.PDF_EDITED: ReasonCode.DOCUMENT_ALTERED,
}


def decision_for(case: SeededCase, decided_at: datetime) -> DecisionRequest:
    if case.fault is None:
        return DecisionRequest(
            outcome=DecisionOutcome.APPROVE,
            reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
            note="Demo: report and declaration agree.",
            decided_at=decided_at,
        )
    return DecisionRequest(
        outcome=DecisionOutcome.REJECT,
        reason_codes=[REASON[case.fault]],
        note=f"Demo: {case.fault.value.replace('_', ' ')}.",
        decided_at=decided_at,
    )


def _departs_after(case: CaseRow | None, moment: datetime) -> bool:
    """Whether the case's first flight is still to leave at `moment`."""
    return case is not None and case.first_departure > moment


def decide_demo_cases(
    db: Database,
    cases: Sequence[SeededCase],
    *,
    fraction: float,
    seed_value: int,
    now: datetime,
    issuer_country: str,
    officer_suffix: str = "officer2",
) -> int:
    """Decide about `fraction` of the seeded cases of each mission. Returns how many."""
    chooser = random.Random(seed_value)  # noqa: S311 - reproducible demo data, not a secret
    eligible = [c for c in cases if not c.redeclared]
    chosen = [c for c in eligible if chooser.random() < fraction]
    decided = 0
    with db.writer() as session:
        officers = {
            user.mission: principal_of(user)
            for user in session.query(UserRow).filter(UserRow.username.like(f"%.{officer_suffix}"))
        }
        for position, case in enumerate(chosen):
            officer = officers.get(case.mission)
            if officer is None:
                continue  # no demo users in this database
            at = now - timedelta(seconds=len(chosen) - position)
            if case.fault is None and not _departs_after(session.get(CaseRow, case.case_id), at):
                continue
            claim_case(session, officer, case.case_id, lease_seconds=60, now=at)
            record_decision(
                session, officer, case.case_id, uuid.uuid4(), decision_for(case, at),
                issuer_country=issuer_country, now=at,
            )  # fmt: skip
            decided += 1
    log.info("decided %d demo cases", decided)
    return decided
