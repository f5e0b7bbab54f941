"""Tampering with the server's stored audit log, and with the auditor's local copy, is named.

Each test runs real activity on the reference server (submissions, claims,
document views, decisions with notes, a print), then edits the server's
database directly, as someone with access to it would: a byte of a note, a
deleted entry, two entries swapped, an entry inserted, a checkpoint forged.
A fresh auditor workstation then fetches the log and verification must name
the exact entry and the kind of problem.
"""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from review.audit import (
    ChainReport,
    ProblemKind,
    fetch_and_verify,
    verify_against_server,
    verify_chain,
)
from tests.support.audit_scene import Scene, rehashed
from workstation.domain import AuditAction
from workstation.protocol import audit_key_id
from workstation.store import Store


def named(report: ChainReport) -> tuple[ProblemKind, int]:
    assert report.problem is not None, report.summary()
    assert not report.ok and report.summary().startswith("TAMPERED")
    return report.problem.kind, report.problem.seq


# -- the server's stored log, altered before the auditor fetches it -------------------------------


def test_the_untouched_log_verifies(scene: Scene) -> None:
    report = scene.verify_fresh()
    assert report.ok, report.summary()
    head = max(scene.database.entries())
    assert report.head_seq >= head and report.fetched == report.entries
    assert f"{report.entries} entries, head hash {report.head_hash}" in report.summary()
    assert report.last_checkpoint is not None and report.checkpoints_verified >= 1


def test_one_byte_of_a_note_changed(scene: Scene) -> None:
    decided = scene.database.first(AuditAction.DECIDED, with_note=True)
    body = scene.database.raw(decided.seq)
    assert "72 h" in body
    scene.database.write(decided.seq, body.replace("72 h", "73 h", 1))
    report = scene.verify_fresh()
    assert named(report) == (ProblemKind.CHANGED, decided.seq)
    assert f"entry {decided.seq} changed" in report.summary()


def test_an_entry_deleted(scene: Scene) -> None:
    viewed = scene.database.first(AuditAction.DOCUMENT_VIEWED)
    scene.database.delete(viewed.seq)
    report = scene.verify_fresh()
    assert named(report) == (ProblemKind.REMOVED, viewed.seq)
    assert f"entry {viewed.seq} is missing" in report.summary()


def test_two_entries_swapped_and_renumbered(scene: Scene) -> None:
    # The decision made to look as if it came before the document was viewed.
    entries = scene.database.entries()
    viewed = scene.database.first(AuditAction.DOCUMENT_VIEWED)
    decided = next(e for e in entries.values() if e.action is AuditAction.DECIDED)
    scene.database.write(
        viewed.seq, decided.model_copy(update={"seq": viewed.seq}).model_dump_json()
    )
    scene.database.write(
        decided.seq, viewed.model_copy(update={"seq": decided.seq}).model_dump_json()
    )
    report = scene.verify_fresh()
    assert named(report) == (ProblemKind.REORDERED, viewed.seq)
    assert f"is the original entry {decided.seq}" in report.summary()


def test_two_rows_swapped(scene: Scene) -> None:
    # The stored rows exchanged as they are: the server now serves them out of order.
    viewed = scene.database.first(AuditAction.DOCUMENT_VIEWED)
    later = viewed.seq + 3
    first, second = scene.database.raw(viewed.seq), scene.database.raw(later)
    scene.database.write(viewed.seq, second)
    scene.database.write(later, first)
    report = scene.verify_fresh()
    assert named(report) == (ProblemKind.REORDERED, viewed.seq)
    assert report.problem is not None and report.problem.on_server


def test_an_entry_inserted(scene: Scene) -> None:
    # A forged approval slipped in before the real decision, correctly hashed and linked;
    # the later rows moved up one place to make room.
    decided = scene.database.first(AuditAction.DECIDED, with_note=True)
    before = scene.database.entries()[decided.seq - 1]
    forged = rehashed(
        decided, outcome="approve", note="", prev_hash=before.hash, details={"reason_codes": []}
    )
    scene.database.make_room(decided.seq)
    scene.database.add(decided.seq, forged)
    report = scene.verify_fresh()
    assert named(report) == (ProblemKind.INSERTED, decided.seq)
    assert f"two entries numbered {decided.seq}" in report.summary()


def test_an_entry_inserted_and_the_rest_renumbered(scene: Scene) -> None:
    decided = scene.database.first(AuditAction.DECIDED, with_note=True)
    entries = scene.database.entries()
    forged = rehashed(decided, outcome="approve", note="", prev_hash=entries[decided.seq - 1].hash)
    scene.database.make_room(decided.seq)
    scene.database.add(decided.seq, forged)
    for seq in sorted(s for s in entries if s >= decided.seq):
        moved = entries[seq].model_copy(update={"seq": seq + 1})
        scene.database.write(seq + 1, moved.model_dump_json())
    report = scene.verify_fresh()
    assert named(report) == (ProblemKind.INSERTED, decided.seq)
    assert f"entry {decided.seq} is not part of the chain" in report.summary()


def test_a_checkpoint_forged(scene: Scene) -> None:
    auditor = scene.auditor_client()
    signed = auditor.checkpoints()[-1]
    auditor.close()
    entries = scene.database.entries()
    scene.database.replace_checkpoint(
        signed.model_copy(update={"head_hash": entries[signed.seq - 1].hash})
    )
    report = scene.verify_fresh()
    assert named(report) == (ProblemKind.FORGED_CHECKPOINT, signed.seq)
    assert "signature is not valid" in report.summary()


def test_a_checkpoint_signed_with_another_key(scene: Scene) -> None:
    auditor = scene.auditor_client()
    signed = auditor.checkpoints()[-1]
    auditor.close()
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes_raw()
    forged = signed.model_copy(
        update={
            "key_id": audit_key_id(public),
            "signature": key.sign(signed.signed_message()).hex(),
        }
    )
    scene.database.replace_checkpoint(forged)
    report = scene.verify_fresh()
    assert named(report) == (ProblemKind.FORGED_CHECKPOINT, signed.seq)
    assert "never pinned" in report.summary()


def test_a_rewritten_chain_is_caught_by_its_signed_checkpoint(scene: Scene) -> None:
    # Someone changes a note and re-computes every later hash and link, and the head:
    # the chain is consistent again, but the server had signed the old head.
    auditor = scene.auditor_client()
    signed = auditor.checkpoints()[-1]
    auditor.close()
    entries = scene.database.entries()
    decided = scene.database.first(AuditAction.DECIDED, with_note=True)
    previous = entries[decided.seq - 1].hash
    for seq in sorted(s for s in entries if s >= decided.seq):
        note = "nothing to see" if seq == decided.seq else entries[seq].note
        entry = rehashed(entries[seq], note=note, prev_hash=previous)
        scene.database.write(seq, entry.model_dump_json())
        previous = entry.hash
    with scene.database.engine.begin() as connection:
        connection.execute(
            text("UPDATE missions SET audit_head_hash = :h WHERE code = :m"),
            {"h": previous, "m": scene.mission},
        )
    report = scene.verify_fresh()
    assert report.problem is not None and report.problem.kind is ProblemKind.REWRITTEN
    assert report.problem.seq <= decided.seq
    assert f"the server signed entry {signed.seq}" in report.summary()


def test_the_end_of_the_log_cut_off(scene: Scene) -> None:
    # The last entries deleted and the head set back: the chain left is consistent, but
    # the server had signed a checkpoint further on.
    auditor = scene.auditor_client()
    signed = auditor.checkpoints()[-1]
    auditor.close()
    entries = scene.database.entries()
    keep = signed.seq - 4
    for seq in range(keep + 1, max(entries) + 1):
        scene.database.delete(seq)
    with scene.database.engine.begin() as connection:
        connection.execute(
            text("UPDATE missions SET audit_head_seq = :s, audit_head_hash = :h WHERE code = :m"),
            {"s": keep, "h": entries[keep].hash, "m": scene.mission},
        )
    report = scene.verify_fresh()
    # The fresh auditor's own sign-in is appended as entry keep + 1 (after the cut).
    assert named(report) == (ProblemKind.REMOVED, keep + 2)
    assert report.problem is not None and report.problem.on_server
    assert f"signed a checkpoint for entry {signed.seq}" in report.summary()


# -- the auditor's local copy, and the server after the auditor fetched ----------------------------


def test_a_note_changed_in_the_local_copy(scene: Scene) -> None:
    store = Store.open(f"sqlite:///{scene.tmp_path / 'auditor.sqlite3'}")
    client = scene.auditor_client()
    try:
        assert fetch_and_verify(client, store).ok
        decided = scene.database.first(AuditAction.DECIDED, with_note=True)
        with store.session() as session:
            session.execute(
                text("UPDATE audit_entries SET note = :n WHERE seq = :s"),
                {"n": decided.note.replace("72 h", "73 h"), "s": decided.seq},
            )
        report = verify_chain(store)
    finally:
        client.close()
        store.close()
    assert named(report) == (ProblemKind.CHANGED, decided.seq)
    assert report.problem is not None and not report.problem.on_server


def test_an_entry_changed_on_the_server_after_it_was_fetched(scene: Scene) -> None:
    store = Store.open(f"sqlite:///{scene.tmp_path / 'auditor.sqlite3'}")
    client = scene.auditor_client()
    try:
        assert fetch_and_verify(client, store).ok
        assert verify_against_server(client, store) is None
        decided = scene.database.first(AuditAction.DECIDED, with_note=True)
        # Changed and re-hashed on the server: the local copy alone cannot see it.
        scene.database.write(decided.seq, rehashed(decided, note="approved").model_dump_json())
        incremental = fetch_and_verify(client, store)
        compared = verify_against_server(client, store)
        full = fetch_and_verify(client, store, full=True)
    finally:
        client.close()
        store.close()
    assert incremental.ok, "nothing new was fetched for that entry: only --full can tell"
    assert compared is not None and compared.on_server
    assert (compared.kind, compared.seq) == (ProblemKind.CHANGED, decided.seq)
    assert "note" in compared.detail and "hash" in compared.detail
    assert named(full) == (ProblemKind.CHANGED, decided.seq)
    assert full.summary().startswith("TAMPERED: the server's copy")


def test_an_entry_deleted_on_the_server_after_it_was_fetched(scene: Scene) -> None:
    store = Store.open(f"sqlite:///{scene.tmp_path / 'auditor.sqlite3'}")
    client = scene.auditor_client()
    try:
        assert fetch_and_verify(client, store).ok
        viewed = scene.database.first(AuditAction.DOCUMENT_VIEWED)
        scene.database.delete(viewed.seq)
        compared = verify_against_server(client, store)
    finally:
        client.close()
        store.close()
    assert compared is not None
    assert (compared.kind, compared.seq, compared.on_server) == (
        ProblemKind.REMOVED,
        viewed.seq,
        True,
    )


def test_a_checkpoint_changed_on_the_server_after_it_was_fetched(scene: Scene) -> None:
    store = Store.open(f"sqlite:///{scene.tmp_path / 'auditor.sqlite3'}")
    client = scene.auditor_client()
    try:
        assert fetch_and_verify(client, store).ok
        signed = min(scene.database.checkpoints().values(), key=lambda c: c.seq)
        scene.database.replace_checkpoint(signed.model_copy(update={"head_hash": "0" * 64}))
        compared = verify_against_server(client, store)
    finally:
        client.close()
        store.close()
    assert compared is not None
    assert (compared.kind, compared.seq) == (ProblemKind.FORGED_CHECKPOINT, signed.seq)


def test_the_decision_entry_records_the_documents_as_they_were(scene: Scene) -> None:
    for entry in scene.database.entries().values():
        if entry.action is AuditAction.DECIDED:
            held = entry.details["case_document_sha256"]
            assert isinstance(held, list) and len(held) == 1
            assert entry.details["document_sha256"] == held
        if entry.action is AuditAction.PRINTED:
            assert entry.details["certificate_sha256"] == "ab" * 32
    assert json.loads(scene.database.raw(1))["prev_hash"] == "0" * 64
