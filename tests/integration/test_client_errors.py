"""`CentralClient` turns each kind of server answer into the right `workstation.errors` class.

Everything runs against the real reference server on loopback; the retry tests put
`TamperProxy` in front of it to answer 503 the way an overloaded load balancer would.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from tests.integration.conftest import StartCentral
from tests.support.central import CentralServer
from tests.support.declarations import build_declaration, submit
from tests.support.server_clock import MovableServerClock
from tests.support.tamper_proxy import TamperProxy
from workstation import errors
from workstation.client import CentralClient
from workstation.domain import DecisionOutcome, ReasonCode
from workstation.protocol import API_PREFIX, DecisionRequest, SubmissionReceipt


@pytest.fixture
def clients() -> Iterator[list[CentralClient]]:
    opened: list[CentralClient] = []
    yield opened
    for client in opened:
        client.close()


def sign_in(
    server: CentralServer, clients: list[CentralClient], username: str, *, url: str = ""
) -> CentralClient:
    client = CentralClient(url or server.url)
    clients.append(client)
    client.login(username, server.users[username].password)
    return client


def pending_case(server: CentralServer) -> UUID:
    reply = submit(server.url, build_declaration(mission=server.missions[0]))
    assert reply.status_code == 201, reply.text
    return SubmissionReceipt.model_validate_json(reply.content).case_id


def officers(server: CentralServer) -> list[str]:
    names = server.usernames("officer", server.missions[0])
    assert len(names) >= 2, names
    return names


def test_clerk_claiming_a_case_is_permission_denied(
    start_central: StartCentral, clients: list[CentralClient]
) -> None:
    server = start_central()
    case_id = pending_case(server)
    clerk = sign_in(server, clients, server.user("clerk", server.missions[0]).username)
    with pytest.raises(errors.PermissionDenied):
        clerk.claim(case_id)


def test_claiming_a_case_another_officer_holds_is_a_conflict(
    start_central: StartCentral, clients: list[CentralClient]
) -> None:
    server = start_central()
    case_id = pending_case(server)
    first, second = (sign_in(server, clients, name) for name in officers(server)[:2])
    first.claim(case_id)
    with pytest.raises(errors.Conflict, match="claimed by"):
        second.claim(case_id)


def test_a_decision_citing_an_unknown_document_is_rejected(
    start_central: StartCentral, clients: list[CentralClient]
) -> None:
    server = start_central()
    case_id = pending_case(server)
    officer = sign_in(server, clients, officers(server)[0])
    officer.claim(case_id)
    decision = DecisionRequest(
        outcome=DecisionOutcome.APPROVE,
        reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
        decided_at=datetime.now(UTC),
        document_sha256=["0" * 64],
    )
    with pytest.raises(errors.Rejected, match="not part of this case"):
        officer.decide(case_id, uuid4(), decision)


def test_a_reject_without_a_note_is_rejected_by_the_server(
    start_central: StartCentral, clients: list[CentralClient]
) -> None:
    server = start_central()
    case_id = pending_case(server)
    officer = sign_in(server, clients, officers(server)[0])
    officer.claim(case_id)
    # The client's own model refuses it; build it unvalidated to see what the server says.
    decision = DecisionRequest.model_construct(
        outcome=DecisionOutcome.REJECT,
        reason_codes=[ReasonCode.TEST_POSITIVE],
        note="",
        decided_at=datetime.now(UTC),
        checks=[],
        document_sha256=[],
    )
    with pytest.raises(errors.Rejected, match="note"):
        officer.decide(case_id, uuid4(), decision)


def test_a_wrong_password_fails_authentication(start_central: StartCentral) -> None:
    server = start_central()
    client = CentralClient(server.url)
    try:
        with pytest.raises(errors.AuthenticationFailed):
            client.login(officers(server)[0], "not the password")
        assert not client.signed_in
    finally:
        client.close()


def test_an_expired_session_fails_authentication(
    start_central: StartCentral, clients: list[CentralClient], tmp_path: Path
) -> None:
    clock = MovableServerClock(tmp_path / "clock")
    server = start_central(extra_args=["--token-ttl-seconds", "60", *clock.serve_args])
    officer = sign_in(server, clients, officers(server)[0])
    officer.me()  # still valid
    clock.advance(timedelta(seconds=61))
    with pytest.raises(errors.AuthenticationFailed, match="expired"):
        officer.me()


def test_an_unknown_case_is_not_found(
    start_central: StartCentral, clients: list[CentralClient]
) -> None:
    server = start_central()
    officer = sign_in(server, clients, officers(server)[0])
    with pytest.raises(errors.NotFound):
        officer.case(uuid4())


def test_a_dead_port_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens there any more: every connection attempt is refused.
    client = CentralClient(f"http://127.0.0.1:{port}")
    try:
        with pytest.raises(errors.Unreachable):
            client.info()
    finally:
        client.close()


def test_an_idempotent_get_is_retried_through_503s(
    start_central: StartCentral, clients: list[CentralClient]
) -> None:
    server = start_central(seed=3)
    path = f"{API_PREFIX}/cases/changes"
    with TamperProxy(server.url) as proxy:
        officer = sign_in(server, clients, officers(server)[0], url=proxy.url)
        proxy.fail_first(2, path)
        page = officer.changes(since=0)
        assert page.cases, "the third attempt reached the server and got its answer"
        assert proxy.requests_for(path) == ["GET", "GET", "GET"]


def test_a_get_that_keeps_failing_is_a_server_fault(
    start_central: StartCentral, clients: list[CentralClient]
) -> None:
    server = start_central()
    path = f"{API_PREFIX}/cases/changes"
    with TamperProxy(server.url) as proxy:
        officer = sign_in(server, clients, officers(server)[0], url=proxy.url)
        proxy.fail_first(10, path)
        with pytest.raises(errors.ServerFault):
            officer.changes(since=0)
        assert proxy.requests_for(path) == ["GET", "GET", "GET"], "two retries, then give up"


def test_next_case_is_not_retried_after_a_503(
    start_central: StartCentral, clients: list[CentralClient]
) -> None:
    server = start_central()
    case_id = pending_case(server)
    path = f"{API_PREFIX}/queue/next"
    with TamperProxy(server.url) as proxy:
        officer = sign_in(server, clients, officers(server)[0], url=proxy.url)
        proxy.fail_first(1, path)
        with pytest.raises(errors.ServerFault):
            officer.next_case()
        assert proxy.requests_for(path) == ["POST"], "a POST is sent once, never repeated"
        # The server never saw it: the case is still waiting, and the next call gets it.
        assert officer.case(case_id).claim is None
        claimed = officer.next_case()
        assert claimed is not None and claimed.case_id == case_id


def test_signing_out_from_a_server_that_stopped_answering_does_not_hang(
    start_central: StartCentral, clients: list[CentralClient]
) -> None:
    """Closing the window signs out; a dead network must not hold the window open."""
    server = start_central()
    stall_s = 6.0
    with TamperProxy(server.url) as proxy:
        officer = sign_in(server, clients, officers(server)[0], url=proxy.url)

        def stall_logout(path: str, body: bytes) -> bytes:
            if path.endswith("/auth/logout"):
                time.sleep(stall_s)
            return body

        proxy.rewrite = stall_logout
        started = time.monotonic()
        officer.logout(timeout_s=1.0)
        waited = time.monotonic() - started
        assert waited < 3.0, f"sign-out waited {waited:.1f} s for a server that does not answer"
        assert officer.user is None
        assert proxy.requests_for(f"{API_PREFIX}/auth/logout") == ["POST"]  # one attempt
