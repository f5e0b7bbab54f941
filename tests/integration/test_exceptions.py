"""Exceptions (issue 10): approving over a failed check is deliberate, justified, countersigned.

Sent straight to the real server, as a workstation that skipped its own checks would.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime
from typing import Any

from tests.integration.conftest import StartCentral
from tests.support.central import ApiSession, CentralServer
from tests.support.declarations import build_declaration, decision_body, submit
from workstation.domain import (
    AuditAction,
    CaseStatus,
    DecisionOutcome,
    ReasonCode,
    TestKind,
    TestResult,
)
from workstation.protocol import AuditEntry, AuditPage, CaseRecord, SubmissionReceipt

LAB_FAILED = {
    "check": "approved_lab",
    "verdict": "fail",
    "summary": "the laboratory is not on the approved list",
    "reasons": ["lab_not_approved"],
}
POSITIVE_FAILED = {
    "check": "required_tests",
    "verdict": "fail",
    "summary": "IgM antibody result is positive",
    "reasons": ["test_positive"],
}


def _claimed(
    server: CentralServer, mission: str, officer: ApiSession, *, igm_positive: bool = False
) -> CaseRecord:
    upload = build_declaration(mission=mission)
    if igm_positive:
        content = upload.submission.content
        tests = [
            t.model_copy(update={"result": TestResult.POSITIVE})
            if t.kind is TestKind.IGM_ANTIBODY
            else t
            for t in content.tests
        ]
        submission = upload.submission.model_copy(
            update={"content": content.model_copy(update={"tests": tests})}
        )
        upload = dataclasses.replace(upload, submission=submission)
    reply = submit(server.url, upload)
    assert reply.status_code == 201, reply.text
    case_id = SubmissionReceipt.model_validate_json(reply.content).case_id
    claimed = officer.post(f"/cases/{case_id}/claim", json={"lease_seconds": 300})
    assert claimed.status_code == 200, claimed.text
    return CaseRecord.model_validate_json(claimed.content)


def _exception(
    checks: list[dict[str, Any]], *, justification: str, overruled: list[str]
) -> dict[str, object]:
    body = decision_body(reasons=(ReasonCode.OFFICER_JUDGEMENT,))
    return {
        **body,
        "checks": checks,
        "justification": justification,
        "overruled_checks": overruled,
    }


def _answer(verdict: str, decision_key: uuid.UUID, note: str = "") -> dict[str, object]:
    return {
        "verdict": verdict,
        "decision_key": str(decision_key),
        "note": note,
        "decided_at": datetime.now(UTC).isoformat(),
    }


def _case(session: ApiSession, case_id: uuid.UUID) -> CaseRecord:
    reply = session.get(f"/cases/{case_id}")
    assert reply.status_code == 200, reply.text
    return CaseRecord.model_validate_json(reply.content)


def _entries(server: CentralServer, mission: str, case_id: uuid.UUID) -> list[AuditEntry]:
    page = AuditPage.model_validate_json(server.sign_in("auditor", mission).get("/audit").content)
    return [e for e in page.entries if e.case_id == case_id]


def test_an_exception_without_justification_is_refused_by_the_server(
    start_central: StartCentral,
) -> None:
    server = start_central()
    mission = server.missions[0]
    officer = server.sign_in("officer", mission)
    case = _claimed(server, mission, officer)
    path = f"/cases/{case.case_id}/decisions/{uuid.uuid4()}"

    # Officer's judgement ticked, the failed check listed, but not named and not justified.
    bare = officer.put(path, json=_exception([LAB_FAILED], justification="", overruled=[]))
    assert bare.status_code == 422, bare.text
    assert "exception" in bare.json()["message"] and "approved_lab" in bare.json()["message"]
    unjustified = officer.put(
        path, json=_exception([LAB_FAILED], justification="  ", overruled=["approved_lab"])
    )
    assert unjustified.status_code == 422
    assert "justification" in unjustified.json()["message"]
    # "All checks passed" over a failed check is not an approval either.
    clean_claim = {**decision_body(), "checks": [LAB_FAILED]}
    assert officer.put(path, json=clean_claim).status_code == 422
    after = _case(officer, case.case_id)
    assert after.status is CaseStatus.IN_REVIEW and after.certificate is None


def test_an_exception_waits_for_a_supervisor_who_countersigns(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    officer = server.sign_in("officer", mission)
    clerk = server.sign_in("clerk", mission)
    supervisor = server.sign_in("supervisor", mission)
    case = _claimed(server, mission, officer)
    key = uuid.uuid4()
    body = _exception(
        [LAB_FAILED],
        justification="The laboratory was accredited last week; the list is being updated.",
        overruled=["approved_lab"],
    )
    decided = officer.put(f"/cases/{case.case_id}/decisions/{key}", json=body)
    assert decided.status_code == 201, decided.text

    waiting = _case(officer, case.case_id)
    assert waiting.status is CaseStatus.AWAITING_COUNTERSIGNATURE
    assert waiting.certificate is None
    assert waiting.decision is not None and waiting.decision.overruled_checks == ["approved_lab"]
    # Nothing to print: the clerk does not even see the case.
    assert clerk.get(f"/cases/{case.case_id}").status_code == 404
    # Four eyes: the officer cannot sign their own exception.
    own = officer.put(
        f"/cases/{case.case_id}/countersignatures/{uuid.uuid4()}",
        json=_answer("countersign", key),
    )
    assert own.status_code == 403

    answer_key = uuid.uuid4()
    signed = supervisor.put(
        f"/cases/{case.case_id}/countersignatures/{answer_key}", json=_answer("countersign", key)
    )
    assert signed.status_code == 201, signed.text
    again = supervisor.put(
        f"/cases/{case.case_id}/countersignatures/{answer_key}", json=_answer("countersign", key)
    )
    assert again.status_code == 200
    approved = _case(clerk, case.case_id)
    assert approved.status is CaseStatus.APPROVED and approved.certificate is not None
    assert approved.decision is not None and approved.decision.is_exception
    assert approved.decision.countersignature is not None
    assert (
        approved.decision.countersignature.supervisor == server.user("supervisor", mission).username
    )

    entries = _entries(server, mission, case.case_id)
    decided_entry = next(e for e in entries if e.action is AuditAction.DECIDED)
    assert decided_entry.details["exception"] is True
    assert decided_entry.details["overruled_checks"] == ["approved_lab"]
    assert decided_entry.details["awaiting_countersignature"] is True
    assert "accredited" in str(decided_entry.details["justification"])
    assert "certificate_id" not in decided_entry.details
    countersigned = [e for e in entries if e.action is AuditAction.COUNTERSIGNED]
    assert len(countersigned) == 1
    assert countersigned[0].details["overruled_checks"] == ["approved_lab"]
    assert countersigned[0].details["certificate_id"] == approved.certificate.certificate_id


def test_a_send_back_returns_the_exception_to_its_officer(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    officer = server.sign_in("officer", mission)
    supervisor = server.sign_in("supervisor", mission)
    case = _claimed(server, mission, officer)
    key = uuid.uuid4()
    body = _exception([LAB_FAILED], justification="Known lab.", overruled=["approved_lab"])
    assert officer.put(f"/cases/{case.case_id}/decisions/{key}", json=body).status_code == 201

    no_note = supervisor.put(
        f"/cases/{case.case_id}/countersignatures/{uuid.uuid4()}", json=_answer("send_back", key)
    )
    assert no_note.status_code == 422
    sent = supervisor.put(
        f"/cases/{case.case_id}/countersignatures/{uuid.uuid4()}",
        json=_answer("send_back", key, "Ask the traveller for the lab's accreditation."),
    )
    assert sent.status_code == 201, sent.text
    back = CaseRecord.model_validate_json(sent.content)
    assert back.status is CaseStatus.IN_REVIEW and back.certificate is None
    assert back.claim is not None
    assert back.claim.officer == server.user("officer", mission).username
    assert back.decision is not None and back.decision.countersignature is not None
    assert back.decision.countersignature.verdict.value == "send_back"
    # The officer decides again: a request for materials, with a message to the traveller.
    again = officer.put(
        f"/cases/{case.case_id}/decisions/{uuid.uuid4()}",
        json=decision_body(
            DecisionOutcome.REQUEST_INFO,
            note="Please upload the laboratory's accreditation.",
            reasons=(ReasonCode.LAB_NOT_APPROVED,),
        ),
    )
    assert again.status_code == 201, again.text
    assert _case(officer, case.case_id).status is CaseStatus.INFO_REQUESTED
    sent_back = [
        e for e in _entries(server, mission, case.case_id) if e.action is AuditAction.SENT_BACK
    ]
    assert len(sent_back) == 1 and "accreditation" in sent_back[0].note
    assert sent_back[0].details["overruled_checks"] == ["approved_lab"]
    # The old exception can no longer be countersigned.
    late = supervisor.put(
        f"/cases/{case.case_id}/countersignatures/{uuid.uuid4()}", json=_answer("countersign", key)
    )
    assert late.status_code == 409


def test_a_forbidden_exception_is_refused(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    officer = server.sign_in("officer", mission)
    case = _claimed(server, mission, officer, igm_positive=True)
    path = f"/cases/{case.case_id}/decisions/{uuid.uuid4()}"
    overruled = _exception(
        [POSITIVE_FAILED], justification="I believe it.", overruled=["required_tests"]
    )
    refused = officer.put(path, json=overruled)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"] == "exception_forbidden"
    assert "required_tests" in refused.json()["message"]
    # A workstation that leaves the failed check out is refused all the same: the server
    # reads the positive result in the declaration itself.
    silent = officer.put(path, json=decision_body())
    assert silent.status_code == 422
    assert "positive" in silent.json()["message"]
    assert _case(officer, case.case_id).status is CaseStatus.IN_REVIEW
    # Rejecting stays possible.
    reject = decision_body(DecisionOutcome.REJECT, note="Your IgM antibody result is positive.")
    assert officer.put(path, json=reject).status_code == 201


def test_without_countersignature_the_exception_is_approved_at_once(
    start_central: StartCentral,
) -> None:
    server = start_central()
    mission = "JPN-TYO"  # its policy: exceptions need no second signature
    assert mission in server.missions
    officer = server.sign_in("officer", mission)
    case = _claimed(server, mission, officer)
    body = _exception([LAB_FAILED], justification="Known lab.", overruled=["approved_lab"])
    assert (
        officer.put(f"/cases/{case.case_id}/decisions/{uuid.uuid4()}", json=body).status_code == 201
    )
    record = _case(officer, case.case_id)
    assert record.status is CaseStatus.APPROVED and record.certificate is not None
    decided = next(
        e for e in _entries(server, mission, case.case_id) if e.action is AuditAction.DECIDED
    )
    assert decided.details["exception"] is True
    assert decided.details["awaiting_countersignature"] is False


def test_a_supervisor_cannot_countersign_their_own_exception(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    supervisor = server.sign_in("supervisor", mission)
    case = _claimed(server, mission, supervisor)
    key = uuid.uuid4()
    body = _exception([LAB_FAILED], justification="Known lab.", overruled=["approved_lab"])
    assert supervisor.put(f"/cases/{case.case_id}/decisions/{key}", json=body).status_code == 201
    own = supervisor.put(
        f"/cases/{case.case_id}/countersignatures/{uuid.uuid4()}",
        json=_answer("countersign", key),
    )
    assert own.status_code == 403 and own.json()["error"] == "four_eyes"
    assert _case(supervisor, case.case_id).status is CaseStatus.AWAITING_COUNTERSIGNATURE
