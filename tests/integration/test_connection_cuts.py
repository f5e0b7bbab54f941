"""Replies that break off after the server acted: the client's own errors, nothing lost or doubled.

The real server runs on loopback behind `CuttingProxy`, which forwards each request
(the server claims, stores a decision) and then breaks the reply in one of the ways a
dropped connection does. Every one must surface as `errors.Unreachable` (the UI's
"offline"), never as a library exception, and retrying must neither lose nor
duplicate anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

import pytest
import requests

from tests.support.central import CentralServer
from tests.support.cutting_proxy import Cut, CuttingProxy
from tests.support.declarations import build_declaration, submit
from workstation import errors
from workstation.client import NEXT_CASE_ATTEMPTS, CentralClient
from workstation.domain import AuditAction, CaseStatus, DecisionOutcome, ReasonCode
from workstation.models import DocumentRow
from workstation.protocol import API_PREFIX, NEXT_CASE_KEY_HEADER, CaseRecord, DecisionRequest
from workstation.store import Store
from workstation.sync import SyncEngine

MISSION = "GBR-LON"
StartCentral = Callable[..., CentralServer]
BODY_CUTS = [Cut.CHUNKED, Cut.SHORT, Cut.GARBLED, Cut.RESET]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'workstation.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def clients() -> Iterator[list[CentralClient]]:
    opened: list[CentralClient] = []
    yield opened
    for client in opened:
        client.close()


def sign_in(
    server: CentralServer, clients: list[CentralClient], *, url: str = "", index: int = 0
) -> CentralClient:
    user = server.users[server.usernames("officer", MISSION)[index]]
    client = CentralClient(url or server.url)
    clients.append(client)
    client.login(user.username, user.password)
    return client


def approval() -> DecisionRequest:
    return DecisionRequest(
        outcome=DecisionOutcome.APPROVE,
        reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
        note="all checks passed",
        decided_at=datetime.now(UTC),
    )


def waiting(server: CentralServer, count: int) -> CentralServer:
    """`count` declarations submitted to the mission (the officers' queue)."""
    for _ in range(count):
        reply = submit(server.url, build_declaration(mission=MISSION))
        assert reply.status_code == 201, reply.text
    return server


def held_by(server: CentralServer, clients: list[CentralClient], username: str) -> set[UUID]:
    """The cases `username` holds, as the server's feed says (read directly, no proxy)."""
    reader = sign_in(server, clients, index=1)
    page = reader.changes(since=0, limit=5000)
    return {
        case.case_id
        for case in page.cases
        if case.status is CaseStatus.IN_REVIEW and case.claim and case.claim.officer == username
    }


def decided_entries(server: CentralServer, clients: list[CentralClient], case_id: UUID) -> int:
    auditor = CentralClient(server.url)
    clients.append(auditor)
    user = server.user("auditor", MISSION)
    auditor.login(user.username, user.password)
    page = auditor.audit(after=0, limit=5000)
    assert not page.has_more
    return sum(1 for e in page.entries if e.case_id == case_id and e.action is AuditAction.DECIDED)


@pytest.mark.parametrize("how", [*BODY_CUTS, Cut.NO_STATUS])
def test_a_reply_cut_off_is_the_clients_network_error(
    start_central: StartCentral, clients: list[CentralClient], how: Cut
) -> None:
    server = waiting(start_central(), 3)
    path = f"{API_PREFIX}/cases/changes"
    with CuttingProxy(server.url) as proxy:
        officer = sign_in(server, clients, url=proxy.url)
        proxy.cut(path, how, times=10)  # more than urllib3 would retry
        with pytest.raises(errors.Unreachable) as raised:
            officer.changes(since=0)
        assert proxy.forwarded[path] >= 1, "the request reached the server"
        if how in BODY_CUTS:
            assert isinstance(raised.value, errors.ConnectionLost), raised.value
        proxy.heal()
        assert officer.changes(since=0).cases, "the next call works"


@pytest.mark.parametrize("how", BODY_CUTS)
def test_a_document_cut_off_mid_download_is_not_stored(
    start_central: StartCentral, clients: list[CentralClient], store: Store, how: Cut
) -> None:
    server = waiting(start_central(), 3)
    with CuttingProxy(server.url) as proxy:
        officer = sign_in(server, clients, url=proxy.url)
        engine = SyncEngine(officer, store)
        engine.pull()
        case = officer.next_case()
        assert case is not None and case.documents
        document = case.documents[0]
        proxy.cut(f"{API_PREFIX}/cases/{case.case_id}/documents/{document.document_id}", how)
        with pytest.raises(errors.ConnectionLost):
            engine.fetch_documents(case.case_id)
        with store.reader() as session:
            row = session.get(DocumentRow, str(document.document_id))
            assert row is not None and row.content is None and row.fetched_at is None
        assert engine.fetch_documents(case.case_id) == len(case.documents)


@pytest.mark.parametrize("how", [*BODY_CUTS, Cut.NO_STATUS])
def test_a_lost_receipt_is_recorded_and_the_decision_delivered_once(
    start_central: StartCentral, clients: list[CentralClient], store: Store, how: Cut
) -> None:
    server = waiting(start_central(), 4)
    with CuttingProxy(server.url) as proxy:
        officer = sign_in(server, clients, url=proxy.url)
        assert officer.user is not None
        engine = SyncEngine(officer, store)
        engine.pull()
        cases = [officer.next_case(), officer.next_case()]
        assert all(cases)
        entries = [
            engine.outbox.record_decision(
                case_id=case.case_id, actor=officer.user.username, decision=approval()
            )
            for case in cases
            if case is not None
        ]
        first = f"{API_PREFIX}/cases/{cases[0].case_id}/decisions/{entries[0]}"  # type: ignore[union-attr]
        proxy.cut(first, how, times=10)  # a PUT is retried by urllib3 on some cuts: cut them all

        summary = engine.deliver_outbox()  # must not raise

        assert proxy.forwarded[first] >= 1, "the server received (and stored) the decision"
        assert (summary.delivered, summary.refused, summary.waiting) == (0, [], 2)
        assert "central server" in summary.error
        pending = {entry.entry_id: entry.attempts for entry in engine.outbox.pending()}
        assert pending == {entries[0]: 1, entries[1]: 0}, "the attempt is recorded"

        proxy.heal()
        again = engine.deliver_outbox()
        assert (again.delivered, again.waiting) == (2, 0)
    for case in cases:
        assert case is not None
        assert decided_entries(server, clients, case.case_id) == 1, "sent twice, stored once"


@pytest.mark.parametrize("how", [Cut.CHUNKED, Cut.NO_STATUS])
def test_next_case_whose_reply_is_lost_is_replayed_not_claimed_twice(
    start_central: StartCentral, clients: list[CentralClient], how: Cut
) -> None:
    server = waiting(start_central(), 6)
    path = f"{API_PREFIX}/queue/next"
    with CuttingProxy(server.url) as proxy:
        officer = sign_in(server, clients, url=proxy.url)
        assert officer.user is not None
        proxy.cut(path, how)
        case = officer.next_case()
        assert case is not None
        assert proxy.forwarded[path] == 2, "sent again after the lost reply"
        assert held_by(server, clients, officer.user.username) == {case.case_id}


def test_next_case_lost_until_the_network_returns_is_learnt_on_the_next_call(
    start_central: StartCentral, clients: list[CentralClient]
) -> None:
    server = waiting(start_central(), 6)
    path = f"{API_PREFIX}/queue/next"
    with CuttingProxy(server.url) as proxy:
        officer = sign_in(server, clients, url=proxy.url)
        assert officer.user is not None
        proxy.cut(path, Cut.SHORT, times=NEXT_CASE_ATTEMPTS)
        with pytest.raises(errors.Unreachable):
            officer.next_case()
        assert proxy.forwarded[path] == NEXT_CASE_ATTEMPTS
        held = held_by(server, clients, officer.user.username)
        assert len(held) == 1, "the server claimed one case, once"
        case = officer.next_case()  # the officer presses "Next case" again
        assert case is not None and {case.case_id} == held
        assert held_by(server, clients, officer.user.username) == held
        following = officer.next_case()  # answered: a new request claims a new case
        assert following is not None and following.case_id not in held


def test_the_server_replays_next_case_per_user_and_request_id(
    start_central: StartCentral,
) -> None:
    server = waiting(start_central(), 6)
    url = f"{server.url}{API_PREFIX}/queue/next"
    first, second = (server.users[n] for n in server.usernames("officer", MISSION)[:2])

    def ask(user_token: str, key: str | None) -> requests.Response:
        headers = {"Authorization": f"Bearer {user_token}"}
        if key is not None:
            headers[NEXT_CASE_KEY_HEADER] = key
        return requests.post(url, json={"lease_seconds": 600}, headers=headers, timeout=10)

    tokens = []
    for user in (first, second):
        login = requests.post(
            f"{server.url}{API_PREFIX}/auth/login",
            json={"username": user.username, "password": user.password},
            timeout=10,
        )
        assert login.status_code == 200, login.text
        tokens.append(login.json()["token"])
    key = str(uuid4())
    original = CaseRecord.model_validate_json(ask(tokens[0], key).content)
    replay = CaseRecord.model_validate_json(ask(tokens[0], key).content)
    assert replay.case_id == original.case_id and replay.claim == original.claim
    others = CaseRecord.model_validate_json(ask(tokens[1], key).content)
    assert others.case_id != original.case_id, "a request id is the user's own"
    fresh = CaseRecord.model_validate_json(ask(tokens[0], str(uuid4())).content)
    unkeyed = CaseRecord.model_validate_json(ask(tokens[0], None).content)
    assert len({original.case_id, others.case_id, fresh.case_id, unkeyed.case_id}) == 4
    assert ask(tokens[0], "short").status_code == 422, "a malformed request id is refused"
