"""A supervisor's countersignature goes through the outbox (issue 10): committed locally first,
delivered under its idempotency key, refusals kept with the server's reason.

Against the real reference server (stopped and started again to cut the network) and a real
local store; the exceptions are made through the server's API, as an officer's workstation
would deliver them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from tests.integration.conftest import StartCentral
from tests.support.central import ApiSession, CentralServer
from tests.support.declarations import build_declaration, decision_body, submit
from workstation import errors
from workstation.client import CentralClient
from workstation.domain import AuditAction, CaseStatus, CountersignVerdict, ReasonCode
from workstation.models import CaseRow, OutboxEntry
from workstation.outbox import OutboxKind, OutboxState
from workstation.protocol import AuditPage, CaseRecord, CountersignRequest, SubmissionReceipt
from workstation.queue import PrintView, QueueFilter, queue_ids
from workstation.store import Store
from workstation.sync import SyncEngine

LAB_FAILED = {
    "check": "approved_lab",
    "verdict": "fail",
    "summary": "the laboratory is not on the approved list",
    "reasons": ["lab_not_approved"],
}


@pytest.fixture
def clients() -> Iterator[list[CentralClient]]:
    opened: list[CentralClient] = []
    yield opened
    for client in opened:
        client.close()


@pytest.fixture
def stores() -> Iterator[list[Store]]:
    opened: list[Store] = []
    yield opened
    for store in opened:
        store.close()


def _store(path: Path, stores: list[Store]) -> Store:
    store = Store.open(f"sqlite:///{path}")
    stores.append(store)
    return store


def _signed_in(server: CentralServer, username: str, clients: list[CentralClient]) -> CentralClient:
    client = CentralClient(server.url)
    clients.append(client)
    client.login(username, server.users[username].password)
    return client


def _exception(server: CentralServer, mission: str, decider: ApiSession) -> CaseRecord:
    """A fresh declaration approved by `decider` over a failed check: it waits for a supervisor."""
    reply = submit(server.url, build_declaration(mission=mission))
    assert reply.status_code == 201, reply.text
    case_id = SubmissionReceipt.model_validate_json(reply.content).case_id
    claimed = decider.post(f"/cases/{case_id}/claim", json={"lease_seconds": 300})
    assert claimed.status_code == 200, claimed.text
    body = {
        **decision_body(reasons=(ReasonCode.OFFICER_JUDGEMENT,)),
        "checks": [LAB_FAILED],
        "overruled_checks": ["approved_lab"],
        "justification": "The laboratory was accredited last week.",
    }
    decided = decider.put(f"/cases/{case_id}/decisions/{uuid.uuid4()}", json=body)
    assert decided.status_code == 201, decided.text
    record = CaseRecord.model_validate_json(decider.get(f"/cases/{case_id}").content)
    assert record.status is CaseStatus.AWAITING_COUNTERSIGNATURE
    return record


def _answer(
    record: CaseRecord, verdict: CountersignVerdict = CountersignVerdict.COUNTERSIGN, note: str = ""
) -> CountersignRequest:
    assert record.decision is not None
    return CountersignRequest(
        verdict=verdict,
        decision_key=record.decision.idempotency_key,
        note=note,
        decided_at=datetime.now(UTC),
    )


def _audit(server: CentralServer, mission: str, case_id: UUID, action: AuditAction) -> list[str]:
    page = AuditPage.model_validate_json(server.sign_in("auditor", mission).get("/audit").content)
    return [e.actor for e in page.entries if e.case_id == case_id and e.action is action]


def _case_row(store: Store, case_id: UUID) -> CaseRow:
    with store.reader() as session:
        row = session.get(CaseRow, str(case_id))
        assert row is not None
        session.expunge(row)
        return row


def _entry(store: Store, entry_id: UUID) -> OutboxEntry:
    with store.reader() as session:
        entry = session.get(OutboxEntry, str(entry_id))
        assert entry is not None
        session.expunge(entry)
        return entry


def test_a_countersignature_recorded_offline_is_delivered_once_the_server_is_back(
    start_central: StartCentral,
    tmp_path: Path,
    clients: list[CentralClient],
    stores: list[Store],
) -> None:
    server = start_central()
    mission = server.missions[0]
    officer_name = server.user("officer", mission).username
    supervisor_name = server.user("supervisor", mission).username
    record = _exception(server, mission, server.sign_in_as(officer_name))
    case_id = record.case_id
    supervisor = _signed_in(server, supervisor_name, clients)
    database = tmp_path / "supervisor.sqlite3"
    store = _store(database, stores)
    SyncEngine(supervisor, store).pull()

    server.stop()  # the network is gone
    request = _answer(record, note="Accreditation letter seen.")
    entry_id = SyncEngine(supervisor, store).outbox.record_countersignature(
        case_id=case_id, actor=supervisor_name, request=request
    )
    assert _case_row(store, case_id).pending_entry_id == str(entry_id)
    summary = SyncEngine(supervisor, store).deliver_outbox()
    assert (summary.delivered, summary.refused, summary.waiting) == (0, [], 1)
    assert "cannot be reached" in summary.error
    kept = _entry(store, entry_id)
    assert (kept.kind, kept.state, kept.attempts) == (
        OutboxKind.COUNTERSIGNATURE.value,
        OutboxState.PENDING.value,
        1,
    )

    # The workstation is closed and opened again: the verdict and the note are still there.
    store.close()
    stores.remove(store)
    store = _store(database, stores)
    engine = SyncEngine(supervisor, store)
    (pending,) = engine.outbox.pending()
    assert (pending.entry_id, pending.kind, pending.case_id) == (
        entry_id,
        OutboxKind.COUNTERSIGNATURE,
        case_id,
    )
    assert pending.payload == request

    server.restart()  # the network is back
    # Another user's session on this workstation leaves the supervisor's answer alone.
    officer = _signed_in(server, officer_name, clients)
    theirs = SyncEngine(officer, store).deliver_outbox()
    assert (theirs.delivered, theirs.waiting) == (0, 1)
    assert _entry(store, entry_id).state == OutboxState.PENDING.value

    delivered = engine.deliver_outbox()
    assert (delivered.delivered, delivered.refused, delivered.waiting) == (1, [], 0)
    receipt = _entry(store, entry_id)
    assert receipt.state == OutboxState.DELIVERED.value and receipt.delivered_at is not None
    assert receipt.reply_json is not None and supervisor_name in receipt.reply_json
    assert record.content.holder.name.latin not in receipt.reply_json  # no personal data kept
    # The local copy shows the approval at once, before any pull.
    row = _case_row(store, case_id)
    assert row.status == CaseStatus.APPROVED.value and row.certificate_id is not None
    assert row.pending_entry_id is None

    # Delivered again under the same key (an acknowledgement lost): recorded once.
    replayed = supervisor.countersign(case_id, entry_id, request)
    assert replayed.certificate is not None
    assert replayed.certificate.certificate_id == row.certificate_id
    assert engine.deliver_outbox().delivered == 0
    assert _audit(server, mission, case_id, AuditAction.COUNTERSIGNED) == [supervisor_name]

    # Approved, with the supervisor's note: the clerk has it to print, once.
    clerk = _signed_in(server, server.user("clerk", mission).username, clients)
    approved = clerk.case(case_id)
    assert approved.status is CaseStatus.APPROVED and approved.certificate is not None
    assert approved.certificate.certificate_id == row.certificate_id
    assert approved.decision is not None and approved.decision.countersignature is not None
    answer = approved.decision.countersignature
    assert (answer.idempotency_key, answer.supervisor, answer.note) == (
        entry_id,
        supervisor_name,
        "Accreditation letter seen.",
    )
    clerk_store = _store(tmp_path / "clerk.sqlite3", stores)
    SyncEngine(clerk, clerk_store).pull()
    to_print = queue_ids(clerk_store, QueueFilter(statuses=None, print_view=PrintView.TO_PRINT))
    assert to_print.count(str(case_id)) == 1


def test_an_answer_whose_acknowledgement_was_lost_is_delivered_again_and_counted_once(
    start_central: StartCentral,
    tmp_path: Path,
    clients: list[CentralClient],
    stores: list[Store],
) -> None:
    server = start_central()
    mission = server.missions[0]
    officer_name = server.user("officer", mission).username
    supervisor_name = server.user("supervisor", mission).username
    record = _exception(server, mission, server.sign_in_as(officer_name))
    supervisor = _signed_in(server, supervisor_name, clients)
    store = _store(tmp_path / "supervisor.sqlite3", stores)
    engine = SyncEngine(supervisor, store)
    engine.pull()
    note = "Send the accreditation letter."
    request = _answer(record, CountersignVerdict.SEND_BACK, note)
    entry_id = engine.outbox.record_countersignature(
        case_id=record.case_id, actor=supervisor_name, request=request
    )
    # The server records it, but the workstation dies before it hears so.
    supervisor.countersign(record.case_id, entry_id, request)

    summary = engine.deliver_outbox()
    assert (summary.delivered, summary.refused) == (1, [])
    assert _audit(server, mission, record.case_id, AuditAction.SENT_BACK) == [supervisor_name]
    row = _case_row(store, record.case_id)
    assert row.status == CaseStatus.IN_REVIEW.value and row.claim_officer == officer_name
    assert row.pending_entry_id is None


def test_refused_countersignatures_are_kept_with_the_servers_reason(
    start_central: StartCentral,
    tmp_path: Path,
    clients: list[CentralClient],
    stores: list[Store],
) -> None:
    server = start_central()
    mission = server.missions[0]
    officer_name = server.user("officer", mission).username
    supervisor_name = server.user("supervisor", mission).username
    supervisor_api = server.sign_in_as(supervisor_name)
    # The supervisor's own exception (four eyes), and an officer's the supervisor answers twice.
    own = _exception(server, mission, supervisor_api)
    answered = _exception(server, mission, server.sign_in_as(officer_name))
    supervisor = _signed_in(server, supervisor_name, clients)
    store = _store(tmp_path / "supervisor.sqlite3", stores)
    engine = SyncEngine(supervisor, store)
    engine.pull()

    own_entry = engine.outbox.record_countersignature(
        case_id=own.case_id, actor=supervisor_name, request=_answer(own)
    )
    late_entry = engine.outbox.record_countersignature(
        case_id=answered.case_id, actor=supervisor_name, request=_answer(answered)
    )
    # Meanwhile the exception was sent back from elsewhere (another workstation).
    assert answered.decision is not None
    sent_back = supervisor_api.put(
        f"/cases/{answered.case_id}/countersignatures/{uuid.uuid4()}",
        json={
            "verdict": "send_back",
            "decision_key": str(answered.decision.idempotency_key),
            "note": "Ask for the letter.",
            "decided_at": datetime.now(UTC).isoformat(),
        },
    )
    assert sent_back.status_code == 201, sent_back.text

    summary = engine.deliver_outbox()
    assert summary.delivered == 0 and summary.waiting == 0 and not summary.error
    reasons = dict(summary.refused)
    assert set(reasons) == {own.case_id, answered.case_id}
    assert "four eyes" in reasons[own.case_id]
    assert "already sent back" in reasons[answered.case_id]
    assert supervisor_name in reasons[answered.case_id]
    # Kept for the supervisor to read again, and the cases are back in the local queue.
    kept = {entry.entry_id: entry for entry in engine.outbox.refused(actor=supervisor_name)}
    assert kept[own_entry].reason == reasons[own.case_id]
    assert kept[late_entry].reason == reasons[answered.case_id]
    recorded = engine.outbox.countersignatures([str(own.case_id), str(answered.case_id)])
    assert {(r.entry_id, r.state) for r in recorded} == {
        (own_entry, OutboxState.REFUSED),
        (late_entry, OutboxState.REFUSED),
    }
    for case in (own, answered):
        assert _case_row(store, case.case_id).pending_entry_id is None
    # Nothing was countersigned on the server.
    assert _audit(server, mission, own.case_id, AuditAction.COUNTERSIGNED) == []
    assert _audit(server, mission, answered.case_id, AuditAction.COUNTERSIGNED) == []
    with pytest.raises(errors.PermissionDenied, match="four eyes"):
        supervisor.countersign(own.case_id, uuid.uuid4(), _answer(own))
