from __future__ import annotations

import pytest

from workstation.domain import (
    DECISION_EVENT,
    REASONS_FOR,
    TRANSITIONS,
    CaseEvent,
    CaseStatus,
    DecisionOutcome,
    IllegalTransition,
    Permission,
    ReasonCode,
    Role,
    TravelDocumentType,
    advance,
    allowed_events,
    can,
)


def test_happy_path_through_review() -> None:
    status = CaseStatus.SUBMITTED
    for event in (CaseEvent.CLAIM, CaseEvent.REQUEST_INFO, CaseEvent.ANSWER, CaseEvent.CLAIM):
        status = advance(status, event)
    assert status is CaseStatus.IN_REVIEW
    assert advance(status, CaseEvent.APPROVE) is CaseStatus.APPROVED


def test_redeclaration_supersedes_pending_and_revokes_approved() -> None:
    for pending in (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW, CaseStatus.INFO_REQUESTED):
        assert advance(pending, CaseEvent.REDECLARE) is CaseStatus.SUPERSEDED
    assert advance(CaseStatus.APPROVED, CaseEvent.REDECLARE) is CaseStatus.REVOKED


@pytest.mark.parametrize(
    ("status", "event"),
    [
        (CaseStatus.SUBMITTED, CaseEvent.APPROVE),  # must be claimed first
        (CaseStatus.APPROVED, CaseEvent.REJECT),
        (CaseStatus.REVOKED, CaseEvent.REDECLARE),
        (CaseStatus.SUPERSEDED, CaseEvent.CLAIM),
        (CaseStatus.REJECTED, CaseEvent.CLAIM),
    ],
)
def test_illegal_transitions_say_what_is_allowed(status: CaseStatus, event: CaseEvent) -> None:
    with pytest.raises(IllegalTransition) as caught:
        advance(status, event)
    message = str(caught.value)
    assert status.value in message and event.value in message
    if not allowed_events(status):
        assert "closed" in message


def test_final_states_have_no_way_out() -> None:
    final = {status for status in CaseStatus if status.is_final}
    assert final == {CaseStatus.SUPERSEDED, CaseStatus.REVOKED}
    for status in final:
        assert not allowed_events(status)
    # Every other status has a way on (a re-declaration at least): no case is stuck.
    for status in set(CaseStatus) - final:
        assert allowed_events(status), status


def test_every_status_is_reachable_from_a_submission() -> None:
    reached = {CaseStatus.SUBMITTED}
    frontier = [CaseStatus.SUBMITTED]
    while frontier:
        status = frontier.pop()
        for (source, _event), target in TRANSITIONS.items():
            if source is status and target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(CaseStatus)


def test_each_decision_leads_to_its_status() -> None:
    after = {
        outcome: advance(CaseStatus.IN_REVIEW, DECISION_EVENT[outcome])
        for outcome in DecisionOutcome
    }
    assert after == {
        DecisionOutcome.APPROVE: CaseStatus.APPROVED,
        DecisionOutcome.REJECT: CaseStatus.REJECTED,
        DecisionOutcome.REQUEST_INFO: CaseStatus.INFO_REQUESTED,
    }
    assert not any(
        status.is_open for status in after.values() if status is not CaseStatus.INFO_REQUESTED
    )


def test_least_privilege() -> None:
    assert can(Role.OFFICER, Permission.DECIDE)
    assert not can(Role.CLERK, Permission.DECIDE)
    assert not can(Role.CLERK, Permission.READ_CASES)
    assert can(Role.CLERK, Permission.PRINT)
    auditor_writes = {Permission.CLAIM, Permission.DECIDE, Permission.PRINT, Permission.RELEASE_ANY}
    assert not any(can(Role.AUDITOR, p) for p in auditor_writes)
    assert not can(Role.OFFICER, Permission.PRINT)


def test_reason_codes_by_outcome() -> None:
    assert ReasonCode.ALL_CHECKS_PASSED in REASONS_FOR[DecisionOutcome.APPROVE]
    assert ReasonCode.ALL_CHECKS_PASSED not in REASONS_FOR[DecisionOutcome.REJECT]
    assert ReasonCode.TEST_POSITIVE in REASONS_FOR[DecisionOutcome.REJECT]
    assert DecisionOutcome.REJECT.needs_note and not DecisionOutcome.APPROVE.needs_note


def test_travel_documents_accepted_for_certificate() -> None:
    accepted = [t for t in TravelDocumentType if t.accepted_for_certificate]
    assert TravelDocumentType.OTHER not in accepted
    assert TravelDocumentType.TAIWAN_PERMIT in accepted
    assert len(TravelDocumentType) == 8
