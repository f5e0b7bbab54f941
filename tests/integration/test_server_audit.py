"""The audit log: one hash chain per mission that a verifier can recompute, and signed heads."""

from __future__ import annotations

import itertools
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.integration.conftest import StartCentral
from tests.support.central import ApiSession, CentralServer
from tests.support.declarations import build_declaration, decision_body, submit
from workstation.domain import AuditAction, DecisionOutcome
from workstation.protocol import (
    AUDIT_GENESIS_HASH,
    AuditCheckpoint,
    AuditEntry,
    AuditPage,
    AuditSigningKey,
    SubmissionReceipt,
    audit_key_id,
)


def _whole_chain(auditor: ApiSession, *, page_size: int) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    while True:
        reply = auditor.get("/audit", params={"after": len(entries), "limit": page_size})
        assert reply.status_code == 200, reply.text
        page = AuditPage.model_validate_json(reply.content)
        entries += page.entries
        if not page.has_more:
            assert page.head_seq == len(entries)
            return entries


def _activity(server: CentralServer, mission: str) -> uuid.UUID:
    receipt = SubmissionReceipt.model_validate_json(
        submit(server.url, build_declaration(mission=mission, family="Wang", given="Lei")).content
    )
    officer = server.sign_in("officer", mission)
    case = officer.post(f"/cases/{receipt.case_id}/claim", json={}).json()
    officer.get(f"/cases/{receipt.case_id}/documents/{case['documents'][0]['document_id']}")
    note = "Sample taken 72 h before departure; 请补充材料"
    body = decision_body(DecisionOutcome.REQUEST_INFO, note=note)
    assert (
        officer.put(f"/cases/{receipt.case_id}/decisions/{uuid.uuid4()}", json=body).status_code
        == 201
    )
    return receipt.case_id


def test_each_missions_chain_verifies_and_links(start_central: StartCentral) -> None:
    server = start_central()
    home, other = server.missions[:2]
    case_id = _activity(server, home)
    _activity(server, other)
    entries = _whole_chain(server.sign_in("auditor", home), page_size=3)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == AUDIT_GENESIS_HASH
    for before, entry in itertools.pairwise(entries):
        assert entry.prev_hash == before.hash
    assert all(entry.hash_ok for entry in entries), "a verifier recomputes every stored hash"
    assert {e.mission for e in entries} == {home}
    about_case = [(e.action, e.actor, e.role) for e in entries if e.case_id == case_id]
    officer = server.usernames("officer", home)[0]
    assert about_case == [
        (AuditAction.SUBMITTED, "traveller", "traveller"),
        (AuditAction.CLAIMED, officer, "officer"),
        (AuditAction.DOCUMENT_VIEWED, officer, "officer"),
        (AuditAction.DECIDED, officer, "officer"),
    ]
    decided = next(e for e in entries if e.action is AuditAction.DECIDED)
    assert decided.note.endswith("请补充材料") and decided.outcome == "request_info"
    # The other mission's chain starts from its own genesis.
    theirs = _whole_chain(server.sign_in("supervisor", other), page_size=1000)
    assert theirs[0].seq == 1 and theirs[0].prev_hash == AUDIT_GENESIS_HASH
    assert all(e.hash_ok and e.mission == other for e in theirs)


def test_a_changed_entry_no_longer_verifies(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    _activity(server, mission)
    entries = _whole_chain(server.sign_in("auditor", mission), page_size=1000)
    decided = next(e for e in entries if e.action is AuditAction.DECIDED)
    forged = decided.model_copy(update={"note": "approved, all fine"})
    assert decided.hash_ok and not forged.hash_ok


def test_checkpoints_sign_the_chain_head(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    _activity(server, mission)
    auditor = server.sign_in("auditor", mission)
    entries = _whole_chain(auditor, page_size=1000)
    reply = auditor.get("/audit/checkpoints")
    assert reply.status_code == 200, reply.text
    checkpoints = [AuditCheckpoint.model_validate(c) for c in reply.json()]
    head = checkpoints[-1]
    # Reading the chain and the checkpoints both sign in and so add entries; the head
    # signed covers at least everything read before it.
    assert head.seq >= entries[-1].seq
    newer = _whole_chain(auditor, page_size=1000)
    assert newer[head.seq - 1].hash == head.head_hash
    keys = [AuditSigningKey.model_validate(k) for k in auditor.get("/audit/keys").json()]
    key = next(k for k in keys if k.key_id == head.key_id)
    assert audit_key_id(bytes.fromhex(key.public_key)) == key.key_id
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(key.public_key)).verify(
        bytes.fromhex(head.signature), head.signed_message()
    )
    assert auditor.get("/audit/checkpoints", params={"after": head.seq}).json() == []
