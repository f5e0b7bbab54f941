"""What the outbox does when the server refuses a decision for good, and with other users' entries.

The refusal is made the way it happens in the field: an officer decides offline,
the lease runs out (the server's clock is moved, see `--test-clock-file`), a
colleague takes the case over and decides first.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from tests.integration.conftest import StartCentral
from tests.support.central import CentralServer
from tests.support.server_clock import MovableServerClock
from workstation.client import CentralClient
from workstation.domain import AuditAction, CaseStatus, DecisionOutcome, ReasonCode
from workstation.models import CaseRow
from workstation.outbox import OutboxCounts
from workstation.protocol import DecisionRequest
from workstation.queue import QueueFilter, queue_ids
from workstation.store import Store
from workstation.sync import SyncEngine

MISSION = "GBR-LON"
LEASE = timedelta(seconds=900)


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


def _signed_in(server: CentralServer, username: str, clients: list[CentralClient]) -> CentralClient:
    client = CentralClient(server.url)
    clients.append(client)
    client.login(username, server.users[username].password)
    return client


def _decision(outcome: DecisionOutcome, note: str) -> DecisionRequest:
    reasons = [
        ReasonCode.ALL_CHECKS_PASSED if outcome is DecisionOutcome.APPROVE else ReasonCode.OTHER
    ]
    return DecisionRequest(
        outcome=outcome, reason_codes=reasons, note=note, decided_at=datetime.now(UTC)
    )


def _decided_by(server: CentralServer, case_id: UUID, clients: list[CentralClient]) -> list[str]:
    auditor = _signed_in(server, server.user("auditor", MISSION).username, clients)
    page = auditor.audit(after=0)
    return [
        e.actor for e in page.entries if e.action is AuditAction.DECIDED and e.case_id == case_id
    ]


def test_a_late_decision_is_refused_with_who_decided_and_the_case_returns(
    start_central: StartCentral, store: Store, clients: list[CentralClient], tmp_path: Path
) -> None:
    clock = MovableServerClock(tmp_path / "clock")
    server = start_central(seed=6, extra_args=clock.serve_args)
    me, colleague = server.usernames("officer", MISSION)[:2]
    mine = _signed_in(server, me, clients)
    engine = SyncEngine(mine, store)
    case = mine.next_case(lease_seconds=int(LEASE.total_seconds()))
    assert case is not None
    engine.pull()
    # Decided on this workstation while the network was away: committed, not yet delivered.
    engine.outbox.record_decision(
        case_id=case.case_id, actor=me, decision=_decision(DecisionOutcome.APPROVE, "fine")
    )
    waiting_queue = QueueFilter(hide_pending=True)
    assert str(case.case_id) not in queue_ids(store, waiting_queue)

    clock.advance(LEASE + timedelta(seconds=1))
    theirs = _signed_in(server, colleague, clients)
    theirs.claim(case.case_id)
    ask = _decision(DecisionOutcome.REQUEST_INFO, "please send a newer test")
    theirs.decide(case.case_id, UUID(int=7), ask)

    summary = engine.deliver_outbox()
    assert summary.delivered == 0
    ((refused_case, reason),) = summary.refused
    assert refused_case == case.case_id
    # Who decided, when, and what: not "a case that is info_requested cannot be decided".
    assert colleague in reason
    assert ask.decided_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") in reason
    assert "request_info" in reason and "info_requested" in reason
    assert "cannot be decided" not in reason
    ((kept,),) = (engine.outbox.refused(actor=me),)
    assert (kept.case_id, kept.actor, kept.reason) == (case.case_id, me, reason)
    assert kept.refused_at is not None
    assert engine.outbox.refused(actor=colleague) == []
    assert engine.outbox.counts().refused == 1
    # The case is back in this officer's queue, and the server kept the colleague's decision.
    assert str(case.case_id) in queue_ids(store, waiting_queue)
    assert _decided_by(server, case.case_id, clients) == [colleague]
    engine.pull()
    with store.reader() as session:
        row = session.get(CaseRow, str(case.case_id))
        assert row is not None and row.status == CaseStatus.INFO_REQUESTED.value


def test_the_refusal_details_travel_in_the_error_body(start_central: StartCentral) -> None:
    server = start_central(seed=2)
    first, second = server.usernames("officer", MISSION)[:2]
    api = server.sign_in_as(first)
    case = api.post("/queue/next", json={"lease_seconds": 60})
    assert case.status_code == 200, case.text
    case_id = case.json()["case_id"]
    body = {
        "outcome": "reject",
        "reason_codes": ["test_positive"],
        "note": "positive",
        "decided_at": "2026-03-14T09:20:00+00:00",
    }
    assert api.put(f"/cases/{case_id}/decisions/{UUID(int=1)}", json=body).status_code == 201
    late = server.sign_in_as(second).put(f"/cases/{case_id}/decisions/{UUID(int=2)}", json=body)
    assert late.status_code == 409
    reply = late.json()
    assert reply["error"] == "already_decided"
    assert reply["details"] == [
        {
            "decided_by": first,
            "decided_at": "2026-03-14T09:20:00+00:00",
            "outcome": "reject",
            "status": "rejected",
        }
    ]
    assert reply["message"] == (
        f"the case was already decided by {first} at 2026-03-14 09:20 UTC (reject); "
        "it is now rejected"
    )


def test_another_users_entries_wait_for_their_own_session(
    start_central: StartCentral, store: Store, clients: list[CentralClient]
) -> None:
    server = start_central(seed=6)
    me, colleague = server.usernames("officer", MISSION)[:2]
    theirs = _signed_in(server, colleague, clients)
    their_case = theirs.next_case()
    assert their_case is not None
    mine = _signed_in(server, me, clients)
    engine = SyncEngine(mine, store)
    engine.pull()
    # The colleague decided on this workstation earlier, then signed out before delivery.
    their_entry = engine.outbox.record_decision(
        case_id=their_case.case_id,
        actor=colleague,
        decision=_decision(DecisionOutcome.APPROVE, "all fine"),
    )

    summary = engine.deliver_outbox()
    assert (summary.delivered, summary.refused, summary.waiting) == (0, [], 1)
    assert [p.entry_id for p in engine.outbox.pending()] == [their_entry]
    assert _decided_by(server, their_case.case_id, clients) == [], "not sent with my token"
    assert mine.case(their_case.case_id).status is CaseStatus.IN_REVIEW

    # Their next session on this workstation delivers it, under their name.
    colleague_engine = SyncEngine(theirs, store)
    assert colleague_engine.deliver_outbox().delivered == 1
    assert _decided_by(server, their_case.case_id, clients) == [colleague]
    assert engine.outbox.counts() == OutboxCounts(pending=0, delivered=1, refused=0)
