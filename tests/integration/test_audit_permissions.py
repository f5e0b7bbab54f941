"""Auditors read every case and the whole audit log of their mission, nothing of another's,
and cannot claim, decide or print (the server enforces it)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tests.integration.conftest import StartCentral
from tests.support.audit_scene import record_activity
from tests.support.central import ApiSession
from tests.support.declarations import build_declaration, decision_body, submit
from workstation.domain import CaseStatus
from workstation.protocol import AuditCheckpoint, AuditPage, CaseChanges, CaseRecord


def _log(auditor: ApiSession) -> AuditPage:
    reply = auditor.get("/audit", params={"limit": 5000})
    assert reply.status_code == 200, reply.text
    return AuditPage.model_validate_json(reply.content)


def _cases(session: ApiSession) -> list[CaseRecord]:
    return CaseChanges.model_validate_json(session.get("/cases/changes").content).cases


def test_auditors_see_their_mission_only(start_central: StartCentral) -> None:
    server = start_central()
    home, other = server.missions[:2]
    record_activity(server, home)
    record_activity(server, other)
    assert submit(server.url, build_declaration(mission=home)).status_code == 201  # not decided
    ours, theirs = server.sign_in("auditor", home), server.sign_in("auditor", other)
    our_log, their_log = _log(ours), _log(theirs)
    assert {e.mission for e in our_log.entries} == {home}
    assert {e.mission for e in their_log.entries} == {other}
    our_cases, their_cases = _cases(ours), _cases(theirs)
    # Every case of the mission, whatever its status, and none of the other's.
    assert {c.status for c in our_cases} == {
        CaseStatus.APPROVED,
        CaseStatus.REJECTED,
        CaseStatus.INFO_REQUESTED,
        CaseStatus.SUBMITTED,
    }
    assert {e.case_id for e in our_log.entries if e.case_id} == {c.case_id for c in our_cases}
    assert {c.case_id for c in our_cases}.isdisjoint({c.case_id for c in their_cases})
    for case in our_cases:
        assert ours.get(f"/cases/{case.case_id}").status_code == 200
        document = case.documents[0].document_id
        assert ours.get(f"/cases/{case.case_id}/documents/{document}").status_code == 200
    for case in their_cases:
        assert ours.get(f"/cases/{case.case_id}").status_code == 404
    # Checkpoints sign this mission's own chain: each head is our entry at that number.
    by_seq = {e.hash: e.seq for e in _log(ours).entries}
    checkpoints = [AuditCheckpoint.model_validate(c) for c in ours.get("/audit/checkpoints").json()]
    assert checkpoints and all(by_seq.get(c.head_hash) == c.seq for c in checkpoints)
    theirs_signed = {c["head_hash"] for c in theirs.get("/audit/checkpoints").json()}
    assert theirs_signed.isdisjoint(by_seq)
    # The signing keys are the server's public keys: the same for everyone.
    assert ours.get("/audit/keys").json() == theirs.get("/audit/keys").json()


def test_auditors_cannot_claim_decide_or_print(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    record_activity(server, mission)
    auditor = server.sign_in("auditor", mission)
    cases = _cases(auditor)
    approved = next(c for c in cases if c.status is CaseStatus.APPROVED)
    assert approved.certificate is not None
    before = _log(auditor).head_seq
    attempts = [
        auditor.post(f"/cases/{cases[0].case_id}/claim", json={}),
        auditor.delete(f"/cases/{cases[0].case_id}/claim"),
        auditor.post("/queue/next", json={}),
        auditor.put(f"/cases/{cases[0].case_id}/decisions/{uuid.uuid4()}", json=decision_body()),
        auditor.put(
            f"/prints/{uuid.uuid4()}",
            json={
                "certificate_id": approved.certificate.certificate_id,
                "case_id": str(approved.case_id),
                "printed_at": datetime.now(UTC).isoformat(),
                "certificate_sha256": "ab" * 32,
                "kid": "0123456789abcdef",
            },
        ),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    assert all(r.json()["error"] == "forbidden" for r in attempts)
    # Nothing was recorded for the refused attempts (reading the log adds nothing either).
    assert _log(auditor).head_seq == before
