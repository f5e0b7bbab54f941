"""Exceptions (issue 10) in the shared contract: the lifecycle, the decision's own validation,
the mission's rules and phrases, and the auditor's filter on exceptions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from review.audit.queries.history import HistoryOrder, count_history, history_rows, plan_history
from review.audit.queries.terms import AuditFilter
from review.policy import packaged_policy, parse_policy
from tests.support.audit_chain import GeneratedChain
from workstation.audit_log import store_entries
from workstation.domain import (
    AuditAction,
    CaseEvent,
    CaseStatus,
    CountersignVerdict,
    DecisionOutcome,
    IllegalTransition,
    ReasonCode,
    advance,
)
from workstation.protocol import (
    CheckOutcomeSummary,
    CountersignRequest,
    DecisionRequest,
    ExceptionRules,
)
from workstation.store import Store

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)
LAB = CheckOutcomeSummary(
    check="approved_lab", verdict="fail", reasons=[ReasonCode.LAB_NOT_APPROVED]
)
POSITIVE = CheckOutcomeSummary(
    check="required_tests", verdict="fail", reasons=[ReasonCode.TEST_POSITIVE]
)
WINDOW_WARNING = CheckOutcomeSummary(check="test_window", verdict="warn")


def _approval(**fields: object) -> DecisionRequest:
    values: dict[str, object] = {
        "outcome": DecisionOutcome.APPROVE,
        "reason_codes": [ReasonCode.OFFICER_JUDGEMENT],
        "decided_at": NOW,
        "checks": [LAB, WINDOW_WARNING],
    }
    values.update(fields)
    return DecisionRequest.model_validate(values)


def test_an_exception_waits_for_a_countersignature_then_issues_or_goes_back() -> None:
    waiting = advance(CaseStatus.IN_REVIEW, CaseEvent.APPROVE_EXCEPTION)
    assert waiting is CaseStatus.AWAITING_COUNTERSIGNATURE
    assert not waiting.is_open  # no officer decides it; the supervisor's queue holds it
    assert advance(waiting, CountersignVerdict.COUNTERSIGN.event) is CaseStatus.APPROVED
    assert advance(waiting, CountersignVerdict.SEND_BACK.event) is CaseStatus.IN_REVIEW
    assert advance(waiting, CaseEvent.REDECLARE) is CaseStatus.SUPERSEDED
    for event in (CaseEvent.APPROVE, CaseEvent.CLAIM, CaseEvent.REJECT):
        with pytest.raises(IllegalTransition):
            advance(waiting, event)
    with pytest.raises(IllegalTransition):  # only an exception can be countersigned
        advance(CaseStatus.IN_REVIEW, CaseEvent.COUNTERSIGN)


def test_every_status_fits_the_status_columns() -> None:
    # The server's column holds 16 characters (PostgreSQL refuses more), the local store's 20.
    assert all(len(status.value) <= 16 for status in CaseStatus)


def test_approving_over_a_failed_check_must_name_it_and_justify_it() -> None:
    with pytest.raises(ValidationError, match="name each failed check you overrule"):
        _approval(justification="Known laboratory.")
    with pytest.raises(ValidationError, match="justification is required"):
        _approval(overruled_checks=["approved_lab"], justification="  ")
    with pytest.raises(ValidationError, match="not all passed"):
        _approval(
            reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
            overruled_checks=["approved_lab"],
            justification="Known laboratory.",
        )
    with pytest.raises(ValidationError, match="did not fail"):
        _approval(overruled_checks=["approved_lab", "test_window"], justification="Known.")
    exception = _approval(overruled_checks=["approved_lab"], justification="Known laboratory.")
    assert exception.is_exception and exception.failed_checks == ["approved_lab"]


def test_a_clean_approval_and_a_rejection_are_unchanged() -> None:
    clean = _approval(reason_codes=[ReasonCode.ALL_CHECKS_PASSED], checks=[WINDOW_WARNING])
    assert not clean.is_exception
    reject = DecisionRequest(
        outcome=DecisionOutcome.REJECT,
        reason_codes=[ReasonCode.LAB_NOT_APPROVED],
        note="The laboratory is not on our list.",
        decided_at=NOW,
        checks=[LAB],
    )
    assert not reject.is_exception
    with pytest.raises(ValidationError, match="only an approval overrules"):
        DecisionRequest(
            outcome=DecisionOutcome.REJECT,
            reason_codes=[ReasonCode.LAB_NOT_APPROVED],
            note="No.",
            decided_at=NOW,
            checks=[LAB],
            overruled_checks=["approved_lab"],
        )


def test_the_rules_name_the_failures_that_may_not_be_overruled() -> None:
    rules = ExceptionRules(forbidden_reasons=[ReasonCode.TEST_POSITIVE])
    assert rules.forbidden([LAB, POSITIVE, WINDOW_WARNING]) == {
        "required_tests": [ReasonCode.TEST_POSITIVE]
    }
    assert ExceptionRules().forbidden([POSITIVE])  # the default forbids a positive result too
    assert ExceptionRules().countersignature


def test_a_send_back_must_say_why() -> None:
    with pytest.raises(ValidationError, match="note is required"):
        CountersignRequest(
            verdict=CountersignVerdict.SEND_BACK, decision_key=uuid.uuid4(), decided_at=NOW
        )


def test_each_mission_says_what_may_be_overruled_and_offers_phrases() -> None:
    london = packaged_policy("GBR-LON")
    assert ReasonCode.TEST_POSITIVE in london.exceptions.forbidden_reasons
    assert london.exceptions.countersignature
    assert not packaged_policy("JPN-TYO").exceptions.countersignature
    assert london.phrases_for(DecisionOutcome.REJECT)
    assert london.phrases_for(DecisionOutcome.REQUEST_INFO)
    assert not london.phrases_for(DecisionOutcome.APPROVE)


def test_a_policy_with_an_unknown_reason_is_refused() -> None:
    text = (Path(__file__).parents[2] / "resources/demo/policies/GBR-LON.toml").read_text()
    broken = text.replace('forbidden_reasons = ["test_positive"', 'forbidden_reasons = ["nope"')
    assert broken != text
    with pytest.raises(ValueError, match="exceptions"):
        parse_policy(broken)


def test_the_auditor_filters_on_exceptions(tmp_path: Path) -> None:
    chain = GeneratedChain("GBR-LON")
    at = NOW
    entries = []

    def add(action: AuditAction, outcome: str, note: str = "", **details: object) -> int:
        nonlocal at
        at += timedelta(minutes=5)
        entry = chain.append(
            at=at, actor="lon.officer1", role="officer", action=action.value,
            case_id=str(uuid.uuid4()), outcome=outcome, note=note, details=details,  # type: ignore[arg-type]
        )  # fmt: skip
        entries.append(entry)
        return entry.seq

    add(AuditAction.DECIDED, "approve", reason_codes=["all_checks_passed"])
    # A justification that quotes the marker does not make a clean decision an exception.
    add(AuditAction.DECIDED, "reject", "The word exception", justification='"exception":true')
    wanted = {
        add(AuditAction.DECIDED, "approve", exception=True, overruled_checks=["approved_lab"]),
        add(AuditAction.COUNTERSIGNED, "approved", exception=True),
        add(AuditAction.SENT_BACK, "in_review", "Attach the letter", exception=True),
    }
    add(AuditAction.PRINTED, "")
    store = Store.open(f"sqlite:///{tmp_path / 'audit.sqlite3'}")
    try:
        store_entries(store, entries)
        plan = plan_history(store, AuditFilter(exceptions_only=True), HistoryOrder())
        rows = history_rows(store, plan, offset=0, limit=50)
        assert {row.seq for row in rows} == wanted
        assert count_history(store, plan) == len(wanted)
        everything = plan_history(store, AuditFilter(), HistoryOrder())
        assert count_history(store, everything) == len(entries)
    finally:
        store.close()
