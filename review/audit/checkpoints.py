"""Signed checkpoints: each must carry a valid Ed25519 signature by a pinned key.

A checkpoint says "the chain up to entry `seq` ends in `head_hash`", signed by
the server. Only keys this workstation pinned (stored when first seen) count,
and a pinned key must hash to its own id: a row edited to swap the public key
under a trusted id is refused like an unknown key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.models import AuditCheckpointRow, AuditKeyRow
from workstation.protocol import AuditCheckpoint, audit_key_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredCheckpoint:
    """A checkpoint as kept locally, with what its signature check found."""

    seq: int
    #: The parsed checkpoint, or None when the stored text does not follow the protocol.
    checkpoint: AuditCheckpoint | None
    #: Why the signature is not acceptable (None when it is valid with a pinned key).
    forged: str | None


def pinned_keys(session: Session) -> dict[str, Ed25519PublicKey]:
    """The pinned keys by id; a row whose key does not hash to its id is left out."""
    keys: dict[str, Ed25519PublicKey] = {}
    for row in session.scalars(select(AuditKeyRow)):
        try:
            raw = bytes.fromhex(row.public_key)
            key = Ed25519PublicKey.from_public_bytes(raw)
        except ValueError:
            log.warning("pinned audit key %s is not an Ed25519 public key: ignored", row.key_id)
            continue
        if audit_key_id(raw) != row.key_id:
            log.warning("pinned audit key %s does not match its id: ignored", row.key_id)
            continue
        keys[row.key_id] = key
    return keys


def signature_problem(checkpoint: AuditCheckpoint, keys: dict[str, Ed25519PublicKey]) -> str | None:
    key = keys.get(checkpoint.key_id)
    if key is None:
        return f"it is signed with key {checkpoint.key_id}, which this workstation never pinned"
    try:
        key.verify(bytes.fromhex(checkpoint.signature), checkpoint.signed_message())
    except InvalidSignature:
        return f"its signature is not valid for key {checkpoint.key_id}"
    return None


def stored_checkpoints(session: Session) -> list[StoredCheckpoint]:
    """Every local checkpoint in seq order, each with its signature checked."""
    keys = pinned_keys(session)
    found: list[StoredCheckpoint] = []
    rows = session.execute(
        select(AuditCheckpointRow.seq, AuditCheckpointRow.checkpoint_json).order_by(
            AuditCheckpointRow.seq
        )
    ).all()
    for seq, text in rows:
        try:
            checkpoint = AuditCheckpoint.model_validate_json(text)
        except ValidationError:
            found.append(
                StoredCheckpoint(seq, None, "its stored text does not follow the protocol")
            )
            continue
        if checkpoint.seq != seq:
            problem: str | None = f"it is stored for entry {seq} but signs entry {checkpoint.seq}"
        else:
            problem = signature_problem(checkpoint, keys)
        found.append(StoredCheckpoint(seq, checkpoint, problem))
    return found
