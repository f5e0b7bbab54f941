"""Who may call what: the role x endpoint matrix, and missions that cannot see each other."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tests.integration.conftest import StartCentral
from tests.support.central import ApiSession, CentralServer
from tests.support.declarations import build_declaration, decision_body, submit
from workstation.domain import AuditAction, DecisionOutcome
from workstation.protocol import AuditPage, CaseChanges, CaseRecord, SubmissionReceipt

ROLES = ("officer", "clerk", "auditor", "supervisor")
ANYONE = frozenset(ROLES)
READERS = frozenset({"officer", "auditor", "supervisor"})
DECIDERS = frozenset({"officer", "supervisor"})
AUDIT_READERS = frozenset({"auditor", "supervisor"})
CLERKS = frozenset({"clerk"})


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    allowed: frozenset[str]
    json: Any = None
    public: bool = False


def _submitted(server: CentralServer, mission: str) -> CaseRecord:
    reply = submit(server.url, build_declaration(mission=mission))
    assert reply.status_code == 201, reply.text
    receipt = SubmissionReceipt.model_validate_json(reply.content)
    officer = server.sign_in("officer", mission)
    return CaseRecord.model_validate_json(officer.get(f"/cases/{receipt.case_id}").content)


def _approved(server: CentralServer, mission: str) -> CaseRecord:
    case = _submitted(server, mission)
    officer = server.sign_in("officer", mission)
    assert officer.post(f"/cases/{case.case_id}/claim", json={}).status_code == 200
    decided = officer.put(f"/cases/{case.case_id}/decisions/{uuid.uuid4()}", json=decision_body())
    assert decided.status_code == 201, decided.text
    return CaseRecord.model_validate_json(officer.get(f"/cases/{case.case_id}").content)


def _print_body(case: CaseRecord) -> dict[str, Any]:
    assert case.certificate is not None
    return {
        "certificate_id": case.certificate.certificate_id,
        "case_id": str(case.case_id),
        "printed_at": datetime.now(UTC).isoformat(),
        "certificate_sha256": "a" * 64,
        "kid": "0123456789abcdef",
    }


def _matrix(pending: CaseRecord, approved: CaseRecord) -> list[Call]:
    document = pending.documents[0].document_id
    return [
        Call("GET", "/info", ANYONE, public=True),
        Call("GET", "/revocations", ANYONE, public=True),
        Call("GET", "/auth/me", ANYONE),
        Call("GET", "/cases/changes", ANYONE),
        Call("GET", f"/cases/{approved.case_id}", ANYONE),
        Call("GET", f"/cases/{pending.case_id}/documents/{document}", READERS),
        Call("POST", f"/cases/{pending.case_id}/claim", DECIDERS, json={}),
        Call("DELETE", f"/cases/{pending.case_id}/claim", DECIDERS),
        Call("POST", "/queue/next", DECIDERS, json={"lease_seconds": 1}),
        Call(
            "PUT",
            f"/cases/{pending.case_id}/decisions/{uuid.uuid4()}",
            DECIDERS,
            json=decision_body(DecisionOutcome.REJECT, note="positive test"),
        ),
        Call("PUT", f"/prints/{uuid.uuid4()}", CLERKS, json=_print_body(approved)),
        Call("GET", "/audit", AUDIT_READERS),
        Call("GET", "/audit/checkpoints", AUDIT_READERS),
        Call("GET", "/audit/keys", AUDIT_READERS),
    ]


def test_role_endpoint_matrix(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    pending = _submitted(server, mission)
    approved = _approved(server, mission)
    sessions: dict[str, ApiSession] = {role: server.sign_in(role, mission) for role in ROLES}
    wrong: list[str] = []
    for call in _matrix(pending, approved):
        anonymous = server.api().request(call.method, call.path, json=call.json)
        expected_anonymous = "allowed" if call.public else 401
        got_anonymous = "allowed" if anonymous.status_code < 400 else anonymous.status_code
        if got_anonymous != expected_anonymous:
            wrong.append(f"anonymous {call.method} {call.path}: {anonymous.status_code}")
        for role in ROLES:
            reply = sessions[role].request(call.method, call.path, json=call.json)
            if role in call.allowed:
                # Allowed means the server let the call through and handled it: a 500 is not.
                ok = reply.status_code not in (401, 403) and reply.status_code < 500
            else:
                ok = reply.status_code == 403 and reply.json()["error"] == "forbidden"
            if not ok:
                wrong.append(
                    f"{role} {call.method} {call.path}: {reply.status_code} {reply.text[:120]}"
                )
    assert wrong == []


def test_clerk_sees_only_approved_cases(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    pending = _submitted(server, mission)
    approved = _approved(server, mission)
    clerk = server.sign_in("clerk", mission)
    assert clerk.get(f"/cases/{pending.case_id}").status_code == 404
    assert clerk.get(f"/cases/{approved.case_id}").status_code == 200
    feed = CaseChanges.model_validate_json(clerk.get("/cases/changes").content)
    assert [c.case_id for c in feed.cases] == [approved.case_id]


def test_missions_cannot_see_each_other(start_central: StartCentral) -> None:
    server = start_central()
    home, other = server.missions[:2]
    pending = _submitted(server, home)
    approved = _approved(server, home)
    document = pending.documents[0].document_id
    outsider = server.sign_in("supervisor", other)
    for method, path, body in (
        ("GET", f"/cases/{pending.case_id}", None),
        ("GET", f"/cases/{pending.case_id}/documents/{document}", None),
        ("POST", f"/cases/{pending.case_id}/claim", {}),
        ("DELETE", f"/cases/{pending.case_id}/claim", None),
        ("PUT", f"/cases/{pending.case_id}/decisions/{uuid.uuid4()}", decision_body()),
    ):
        reply = outsider.request(method, path, json=body)
        assert reply.status_code == 404, f"{method} {path}: {reply.status_code}"
        # Same answer as for a case that does not exist at all: existence is not revealed.
        assert reply.json()["message"] == "no such case in your mission"
    outside_clerk = server.sign_in("clerk", other)
    assert outside_clerk.get(f"/cases/{approved.case_id}").status_code == 404
    assert (
        outside_clerk.put(f"/prints/{uuid.uuid4()}", json=_print_body(approved)).status_code == 404
    )
    assert outsider.post("/queue/next", json={}).status_code == 204
    feed = CaseChanges.model_validate_json(outsider.get("/cases/changes").content)
    assert feed.cases == []
    audit = AuditPage.model_validate_json(outsider.get("/audit").content)
    assert all(entry.mission == other for entry in audit.entries)
    assert {pending.case_id, approved.case_id}.isdisjoint({e.case_id for e in audit.entries})
    assert {e.action for e in audit.entries} == {AuditAction.SIGNED_IN}
