"""One officer may hold at most the mission's `max_claims` cases at once (policy, default 3)."""

from __future__ import annotations

import uuid

from server.claim_limit import max_claims
from tests.integration.conftest import StartCentral
from tests.support.central import ApiSession, CentralServer
from tests.support.declarations import build_declaration, submit
from workstation.protocol import CaseRecord, ErrorReply, SubmissionReceipt


def _submit(server: CentralServer, mission: str, count: int) -> list[uuid.UUID]:
    ids = []
    for _ in range(count):
        reply = submit(server.url, build_declaration(mission=mission))
        assert reply.status_code == 201, reply.text
        ids.append(SubmissionReceipt.model_validate_json(reply.content).case_id)
    return ids


def _next(officer: ApiSession) -> uuid.UUID:
    reply = officer.post("/queue/next", json={"lease_seconds": 600})
    assert reply.status_code == 200, reply.text
    return CaseRecord.model_validate_json(reply.content).case_id


def test_the_claim_beyond_the_limit_is_refused_with_a_clear_error(
    start_central: StartCentral,
) -> None:
    server = start_central()
    mission = server.missions[0]
    limit = max_claims(mission)
    waiting = _submit(server, mission, limit + 2)
    first, second = (server.sign_in_as(n) for n in server.usernames("officer", mission)[:2])

    held = [_next(first) for _ in range(limit)]
    assert held == waiting[:limit]

    for refused in (
        first.post("/queue/next", json={"lease_seconds": 600}),
        first.post(f"/cases/{waiting[limit]}/claim", json={"lease_seconds": 600}),
    ):
        assert refused.status_code == 409, refused.text
        error = ErrorReply.model_validate_json(refused.content)
        assert error.error == "claim_limit"
        assert f"you already hold {limit} cases" in error.message
        assert "decide or release one" in error.message

    # Renewing a claim one holds is not a new claim; another officer is not limited by it.
    renewed = first.post(f"/cases/{held[0]}/claim", json={"lease_seconds": 600})
    assert renewed.status_code == 200, renewed.text
    assert _next(second) == waiting[limit]

    # Giving one back makes room for the next.
    assert first.delete(f"/cases/{held[0]}/claim").status_code == 200
    assert _next(first) == held[0], "the released case is first in the queue again"
    assert first.post("/queue/next", json={"lease_seconds": 600}).status_code == 409
