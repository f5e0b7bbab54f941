"""Decisions and prints: idempotent by key, refused when they conflict, always audited."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.integration.conftest import StartCentral
from tests.support.central import ApiSession, CentralServer
from tests.support.declarations import build_declaration, decision_body, submit
from tests.support.server_clock import MovableServerClock
from workstation.domain import AuditAction, CaseStatus, DecisionOutcome
from workstation.protocol import (
    AuditPage,
    CaseRecord,
    DecisionRecord,
    PrintRecord,
    SubmissionReceipt,
)


def _claimed(
    server: CentralServer, mission: str, officer: ApiSession, lease: int = 300
) -> CaseRecord:
    reply = submit(server.url, build_declaration(mission=mission))
    case_id = SubmissionReceipt.model_validate_json(reply.content).case_id
    claimed = officer.post(f"/cases/{case_id}/claim", json={"lease_seconds": lease})
    assert claimed.status_code == 200, claimed.text
    return CaseRecord.model_validate_json(claimed.content)


def _audit(server: CentralServer, mission: str) -> AuditPage:
    return AuditPage.model_validate_json(server.sign_in("auditor", mission).get("/audit").content)


def _status(session: ApiSession, case_id: uuid.UUID) -> CaseStatus:
    return CaseRecord.model_validate_json(session.get(f"/cases/{case_id}").content).status


def test_the_same_decision_twice_is_stored_once(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    officer = server.sign_in("officer", mission)
    case = _claimed(server, mission, officer)
    key = uuid.uuid4()
    body = decision_body(note="all fine", document_sha256=(case.documents[0].sha256,))
    first = officer.put(f"/cases/{case.case_id}/decisions/{key}", json=body)
    again = officer.put(f"/cases/{case.case_id}/decisions/{key}", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert DecisionRecord.model_validate_json(first.content) == DecisionRecord.model_validate_json(
        again.content
    )
    decided = [e for e in _audit(server, mission).entries if e.action is AuditAction.DECIDED]
    assert len(decided) == 1
    entry = decided[0]
    assert entry.case_id == case.case_id and entry.outcome == "approve" and entry.note == "all fine"
    assert entry.details["document_sha256"] == [case.documents[0].sha256]
    assert entry.details["reason_codes"] == ["all_checks_passed"]
    record = CaseRecord.model_validate_json(officer.get(f"/cases/{case.case_id}").content)
    assert record.status is CaseStatus.APPROVED and record.claim is None
    assert record.certificate is not None
    assert record.certificate.certificate_id.startswith("URN:UVCI:01:CN:")
    assert _luhn_mod_n_valid(record.certificate.certificate_id)


def _luhn_mod_n_valid(uvci: str) -> bool:
    """The UVCI's check character (after `#`) closes Luhn mod N over the DCC alphabet."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:"
    body, _, check = uvci.partition("#")
    total, factor = 0, 1
    for character in reversed(body + check):
        addend = factor * alphabet.index(character)
        total += addend // len(alphabet) + addend % len(alphabet)
        factor = 3 - factor
    return len(check) == 1 and total % len(alphabet) == 0


def test_a_conflicting_decision_is_refused(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    officer = server.sign_in("officer", mission)
    case = _claimed(server, mission, officer)
    key = uuid.uuid4()
    assert (
        officer.put(f"/cases/{case.case_id}/decisions/{key}", json=decision_body()).status_code
        == 201
    )
    rejection = decision_body(DecisionOutcome.REJECT, note="positive result")
    reused_key = officer.put(f"/cases/{case.case_id}/decisions/{key}", json=rejection)
    assert reused_key.status_code == 409
    assert "different decision" in reused_key.json()["message"]
    other_key = officer.put(f"/cases/{case.case_id}/decisions/{uuid.uuid4()}", json=rejection)
    assert other_key.status_code == 409
    assert "already decided" in other_key.json()["message"]
    assert _status(officer, case.case_id) is CaseStatus.APPROVED


def test_reject_and_request_need_a_note(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    officer = server.sign_in("officer", mission)
    case = _claimed(server, mission, officer)
    for outcome in (DecisionOutcome.REJECT, DecisionOutcome.REQUEST_INFO):
        for note in ("", "   "):
            body = decision_body(outcome, note=note)
            reply = officer.put(f"/cases/{case.case_id}/decisions/{uuid.uuid4()}", json=body)
            assert reply.status_code == 422
            assert "a note is required" in reply.json()["message"]
    wrong_reason = decision_body(DecisionOutcome.APPROVE, reasons=())
    wrong_reason["reason_codes"] = ["test_positive"]
    assert (
        officer.put(
            f"/cases/{case.case_id}/decisions/{uuid.uuid4()}", json=wrong_reason
        ).status_code
        == 422
    )
    unknown_document = decision_body(document_sha256=("b" * 64,))
    reply = officer.put(f"/cases/{case.case_id}/decisions/{uuid.uuid4()}", json=unknown_document)
    assert reply.status_code == 422
    assert _status(officer, case.case_id) is CaseStatus.IN_REVIEW, "nothing changed"


def test_only_the_claimant_decides(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    first, second = (server.sign_in_as(u) for u in server.usernames("officer", mission))
    case = _claimed(server, mission, first)
    reply = second.put(f"/cases/{case.case_id}/decisions/{uuid.uuid4()}", json=decision_body())
    assert reply.status_code == 409
    assert "claimed by" in reply.json()["message"]
    unclaimed_id = SubmissionReceipt.model_validate_json(
        submit(server.url, build_declaration(mission=mission)).content
    ).case_id
    reply = second.put(f"/cases/{unclaimed_id}/decisions/{uuid.uuid4()}", json=decision_body())
    assert reply.status_code == 409
    assert "claim the case" in reply.json()["message"]


def test_a_late_decision_counts_unless_someone_else_claimed(
    start_central: StartCentral, tmp_path: Path
) -> None:
    clock = MovableServerClock(tmp_path / "clock")
    server = start_central(extra_args=clock.serve_args)
    mission = server.missions[0]
    first, second = (server.sign_in_as(u) for u in server.usernames("officer", mission))
    late = _claimed(server, mission, first, lease=60)
    taken = _claimed(server, mission, first, lease=60)
    clock.advance(timedelta(seconds=61))
    # The second case's expired lease is taken over by the other officer...
    assert second.post(f"/cases/{taken.case_id}/claim", json={}).status_code == 200
    refused = first.put(f"/cases/{taken.case_id}/decisions/{uuid.uuid4()}", json=decision_body())
    assert refused.status_code == 409
    # ...while nobody touched the first one: the outbox's late delivery still counts.
    body = decision_body(DecisionOutcome.REJECT, note="the test is positive")
    accepted = first.put(f"/cases/{late.case_id}/decisions/{uuid.uuid4()}", json=body)
    assert accepted.status_code == 201, accepted.text
    assert _status(first, late.case_id) is CaseStatus.REJECTED


def _print_body(case: CaseRecord, *, reprint: bool = False) -> dict[str, Any]:
    assert case.certificate is not None
    return {
        "certificate_id": case.certificate.certificate_id,
        "case_id": str(case.case_id),
        "copies": 1,
        "reprint": reprint,
        "printed_at": datetime.now(UTC).isoformat(),
        "certificate_sha256": "c" * 64,
        "kid": "0123456789abcdef",
    }


def test_prints_are_recorded_once_and_only_for_approved_cases(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    officer = server.sign_in("officer", mission)
    clerk = server.sign_in("clerk", mission)
    case = _claimed(server, mission, officer)
    assert (
        officer.put(
            f"/cases/{case.case_id}/decisions/{uuid.uuid4()}", json=decision_body()
        ).status_code
        == 201
    )
    approved = CaseRecord.model_validate_json(clerk.get(f"/cases/{case.case_id}").content)
    assert approved.certificate is not None and approved.certificate.printed_at is None
    print_id = uuid.uuid4()
    body = _print_body(approved)
    first = clerk.put(f"/prints/{print_id}", json=body)
    again = clerk.put(f"/prints/{print_id}", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    # The first print reaches every workstation through the feed: later paper is a reprint.
    printed = CaseRecord.model_validate_json(clerk.get(f"/cases/{case.case_id}").content)
    assert printed.certificate is not None and printed.certificate.printed_at is not None
    assert printed.change_seq > approved.change_seq
    assert (
        PrintRecord.model_validate_json(first.content).clerk
        == server.usernames("clerk", mission)[0]
    )
    assert clerk.put(f"/prints/{print_id}", json={**body, "copies": 2}).status_code == 409
    reprint = clerk.put(f"/prints/{uuid.uuid4()}", json=_print_body(approved, reprint=True))
    assert reprint.status_code == 201
    # Another workstation that never printed it sends an unmarked print: still a reprint.
    elsewhere = clerk.put(f"/prints/{uuid.uuid4()}", json=_print_body(approved))
    assert elsewhere.status_code == 201
    assert PrintRecord.model_validate_json(elsewhere.content).reprint
    wrong_certificate = {**body, "certificate_id": "URN:UVCI:01:CN:AAAAAAAAAAAA#A"}
    assert clerk.put(f"/prints/{uuid.uuid4()}", json=wrong_certificate).status_code == 409
    actions = [e.action for e in _audit(server, mission).entries if e.case_id == case.case_id]
    assert actions.count(AuditAction.PRINTED) == 1
    assert actions.count(AuditAction.REPRINTED) == 2
    unmarked = [
        e.details.get("paper_marked_reprint")
        for e in _audit(server, mission).entries
        if e.case_id == case.case_id and e.action is AuditAction.REPRINTED
    ]
    assert unmarked == [True, False]
    pending = _claimed(server, mission, officer)
    rejected_body = decision_body(DecisionOutcome.REJECT, note="positive")
    assert (
        officer.put(
            f"/cases/{pending.case_id}/decisions/{uuid.uuid4()}", json=rejected_body
        ).status_code
        == 201
    )
    not_approved = {**body, "case_id": str(pending.case_id)}
    assert clerk.put(f"/prints/{uuid.uuid4()}", json=not_approved).status_code == 404
