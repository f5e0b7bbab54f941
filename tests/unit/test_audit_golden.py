"""Golden values: an audit entry and a checkpoint written out with their hash and signature.

Logs written earlier must verify forever, so the canonical form cannot change
silently: every path that hashes an entry (the protocol, the server's append, the
local store's column hash) must give the literal hash below, and the server's
checkpoint signer must sign the literal message below. If one of these tests fails,
the change breaks every audit log already written; do not update the literals.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from review.audit.canonical import StoredEntry, canonical_text, entry_select, recompute_hash
from review.audit.checkpoints import signature_problem
from server.audit import append_entry
from server.checkpoints import CheckpointSigner
from server.db import open_database
from server.seed import ensure_missions
from workstation.audit_log import store_entries
from workstation.domain import AuditAction
from workstation.protocol import AUDIT_GENESIS_HASH, AuditCheckpoint, AuditEntry, audit_hash
from workstation.store import Store

#: The first entry of a mission's chain, exactly as the server serves it.
GOLDEN_WIRE: Final = (
    '{"seq":1,"at":"2026-03-14T09:26:53.589793Z","actor":"officer.wang","role":"officer",'
    '"mission":"GBR-LON","action":"decided","case_id":"6f1c2b7e-3d4a-4c5b-9e8f-0a1b2c3d4e5f",'
    '"outcome":"reject","note":"核酸检测报告超过48小时 \\"quoted\\" é",'
    '"details":{"reason_codes":["test_too_old"],"renewed":false,"lease_seconds":900,'
    '"decided_at":"2026-03-14T09:20:00+00:00"},'
    '"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000",'
    '"hash":"4c0935b6786e1f66436b5383b3c98c0f3d3de1b8ee1c7f911f91f8abe1c05ac7"}'
)
#: What is hashed: every field but `hash`, keys sorted, no spaces, UTF-8 (not \\u escapes).
GOLDEN_CANONICAL: Final = (
    '{"action":"decided","actor":"officer.wang","at":"2026-03-14T09:26:53.589793Z",'
    '"case_id":"6f1c2b7e-3d4a-4c5b-9e8f-0a1b2c3d4e5f",'
    '"details":{"decided_at":"2026-03-14T09:20:00+00:00","lease_seconds":900,'
    '"reason_codes":["test_too_old"],"renewed":false},"mission":"GBR-LON",'
    '"note":"核酸检测报告超过48小时 \\"quoted\\" é","outcome":"reject",'
    '"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000",'
    '"role":"officer","seq":1}'
)
GOLDEN_HASH: Final = "4c0935b6786e1f66436b5383b3c98c0f3d3de1b8ee1c7f911f91f8abe1c05ac7"

#: A checkpoint of that head by the Ed25519 key whose private bytes are 00 01 02 ... 1f.
GOLDEN_KEY_SEED: Final = bytes(range(32))
GOLDEN_KEY_ID: Final = "56475aa75463474c"
GOLDEN_SIGNED_AT: Final = datetime(2026, 3, 14, 9, 27, tzinfo=UTC)
GOLDEN_CHECKPOINT_MESSAGE: Final = (
    b"consular-audit-checkpoint:v1:1:"
    b"4c0935b6786e1f66436b5383b3c98c0f3d3de1b8ee1c7f911f91f8abe1c05ac7:"
    b"2026-03-14T09:27:00+00:00"
)
#: Ed25519 signatures are deterministic: same key, same message, same bytes.
GOLDEN_SIGNATURE: Final = (
    "04b4e51535479335cdb3b7074ee3478eb375e3f53287fff841912719793f5db5"
    "b986f4d7067ebdf43cb3567880507c14461bb45c5436eb85105fe9a306c1680e"
)


def _golden_entry() -> AuditEntry:
    return AuditEntry.model_validate_json(GOLDEN_WIRE)


def test_the_canonical_text_hashes_to_the_golden_value() -> None:
    assert hashlib.sha256(GOLDEN_CANONICAL.encode("utf-8")).hexdigest() == GOLDEN_HASH


def test_the_protocol_hashes_the_golden_entry_to_the_golden_value() -> None:
    entry = _golden_entry()
    assert entry.computed_hash() == GOLDEN_HASH
    assert entry.hash_ok
    raw = json.loads(GOLDEN_WIRE)
    del raw["hash"]
    assert audit_hash(raw) == GOLDEN_HASH
    # What is served round-trips byte for byte (the server stores and serves this JSON).
    assert entry.model_dump_json() == GOLDEN_WIRE


def test_the_server_appends_the_golden_entry_with_the_golden_hash(tmp_path: Path) -> None:
    golden = _golden_entry()
    db = open_database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    try:
        db.create_schema()
        ensure_missions(db)
        with db.writer(changes_cases=False) as session:
            appended = append_entry(
                session,
                mission=golden.mission,
                actor=golden.actor,
                role=golden.role,
                action=golden.action,
                at=golden.at,
                case_id=golden.case_id,
                outcome=golden.outcome,
                note=golden.note,
                details=golden.details,
            )
    finally:
        db.dispose()
    assert appended.prev_hash == AUDIT_GENESIS_HASH
    assert appended.hash == GOLDEN_HASH
    assert appended.model_dump_json() == GOLDEN_WIRE


def test_the_local_column_hash_of_the_golden_entry_is_the_golden_value(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'local.sqlite3'}")
    try:
        store_entries(store, [_golden_entry()])
        with store.reader() as session:
            (row,) = session.execute(entry_select()).all()
    finally:
        store.close()
    stored = StoredEntry(*row)
    assert canonical_text(stored) == GOLDEN_CANONICAL
    assert recompute_hash(stored) == GOLDEN_HASH


def test_the_golden_checkpoint_message_and_signature() -> None:
    signer = CheckpointSigner(Ed25519PrivateKey.from_private_bytes(GOLDEN_KEY_SEED))
    assert signer.key_id == GOLDEN_KEY_ID
    checkpoint = signer.sign(seq=1, head_hash=GOLDEN_HASH, now=GOLDEN_SIGNED_AT)
    assert checkpoint.signed_message() == GOLDEN_CHECKPOINT_MESSAGE
    assert checkpoint.signature == GOLDEN_SIGNATURE
    # An auditor's workstation accepts the golden checkpoint with the pinned key.
    served = AuditCheckpoint(
        seq=1,
        head_hash=GOLDEN_HASH,
        signed_at=GOLDEN_SIGNED_AT,
        key_id=GOLDEN_KEY_ID,
        signature=GOLDEN_SIGNATURE,
    )
    public = Ed25519PrivateKey.from_private_bytes(GOLDEN_KEY_SEED).public_key()
    assert signature_problem(served, {GOLDEN_KEY_ID: public}) is None
    moved = served.model_copy(update={"seq": 2})
    assert signature_problem(moved, {GOLDEN_KEY_ID: public}) is not None


def test_a_case_id_is_part_of_the_golden_hash() -> None:
    """A guard on the guard: the golden entry's hash depends on what it names."""
    other = _golden_entry().model_copy(update={"case_id": uuid.UUID(int=1)})
    assert other.computed_hash() != GOLDEN_HASH
    assert other.model_copy(update={"action": AuditAction.CLAIMED}).computed_hash() != GOLDEN_HASH
