"""Signed checkpoints of each mission's audit chain (Ed25519).

The hash chain shows an entry was changed or removed after the fact, unless
the whole tail was rewritten; a checkpoint (the head's seq and hash, signed)
handed to auditors pins the chain up to that point. Heads are signed
periodically by a background task (`sign_moved_heads`) and whenever an auditor
asks for the checkpoints and the head moved since.

In production the key is read from a file, encrypted (PKCS#8, passphrase from the
environment), so it survives restarts and auditors can pin its id once, out of band
(`serve` logs it). Without a key file (the demo, tests) a key is made at start and
lives only in memory. Every public half is stored and served, so earlier checkpoints
stay verifiable.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.models import AuditCheckpointRow, AuditSigningKeyRow, MissionRow
from server.principal import Principal
from workstation.domain import Permission
from workstation.protocol import (
    AuditCheckpoint,
    AuditSigningKey,
    audit_key_id,
    checkpoint_message,
)

log = logging.getLogger(__name__)


class SigningKeyError(Exception):
    """The checkpoint key file cannot be used (wrong passphrase, not an Ed25519 key, unreadable)."""


def load_or_create_signing_key(path: Path, passphrase: str) -> Ed25519PrivateKey:
    """The Ed25519 key in `path` (encrypted PKCS#8 PEM); made and written there if absent."""
    if not passphrase:
        raise SigningKeyError("the checkpoint key needs a passphrase")
    secret = passphrase.encode()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(secret))
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise SigningKeyError(f"cannot create {path}: {exc.strerror}") from None
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        log.info("made a new audit checkpoint key in %s", path)
        return key
    except OSError as exc:
        raise SigningKeyError(f"cannot read {path}: {exc.strerror}") from None
    try:
        loaded = load_pem_private_key(data, password=secret)
    except (ValueError, TypeError):
        raise SigningKeyError(f"{path} is not an encrypted key this passphrase opens") from None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise SigningKeyError(f"{path} does not hold an Ed25519 key")
    return loaded


#: Marks a session whose transaction is storing the signer's key (see `CheckpointSigner.register`).
_REGISTERING = "cw_audit_key_registering"


class CheckpointSigner:
    """The server's Ed25519 checkpoint key; registers its public half on first use."""

    def __init__(self, key: Ed25519PrivateKey | None = None) -> None:
        self._key = key or Ed25519PrivateKey.generate()
        self.public_key = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = audit_key_id(self.public_key)
        self._registered = False

    def register(self, session: Session, *, now: datetime) -> None:
        """Store the public half in the caller's transaction unless it is stored already.

        The signer counts it as registered only once that transaction has committed: if
        it fails, the next checkpoint stores the key again, so no checkpoint is ever
        signed with a key the database does not hold (auditors would call it forged).
        """
        if self._registered or session.info.get(_REGISTERING):
            return
        if session.get(AuditSigningKeyRow, self.key_id) is None:
            try:
                with session.begin_nested():
                    session.add(
                        AuditSigningKeyRow(
                            key_id=self.key_id, public_key=self.public_key.hex(), created_at=now
                        )
                    )
            except IntegrityError:
                pass  # a concurrent transaction of this process stored it first: it is there
        session.info[_REGISTERING] = True
        event.listen(session, "after_commit", self._committed, once=True)

    def _committed(self, session: Session) -> None:
        self._registered = True
        session.info.pop(_REGISTERING, None)

    def sign(self, *, seq: int, head_hash: str, now: datetime) -> AuditCheckpoint:
        signature = self._key.sign(checkpoint_message(seq, head_hash, now))
        return AuditCheckpoint(
            seq=seq,
            head_hash=head_hash,
            signed_at=now,
            key_id=self.key_id,
            signature=signature.hex(),
        )


def sign_head_if_moved(
    session: Session, mission: str, signer: CheckpointSigner, *, now: datetime
) -> AuditCheckpoint | None:
    """Sign `mission`'s head if it moved past its latest checkpoint (in the caller's transaction).

    The head row is locked first, as appends lock it: a head signed here is a
    committed head, never one overtaken by a concurrent append.
    """
    head = session.execute(
        select(MissionRow).where(MissionRow.code == mission).with_for_update()
    ).scalar_one()
    latest = session.execute(
        select(AuditCheckpointRow.seq)
        .where(AuditCheckpointRow.mission == mission)
        .order_by(AuditCheckpointRow.seq.desc())
        .limit(1)
    ).scalar_one_or_none()
    if head.audit_head_seq <= (latest or 0):
        return None
    signer.register(session, now=now)
    checkpoint = signer.sign(seq=head.audit_head_seq, head_hash=head.audit_head_hash, now=now)
    session.add(
        AuditCheckpointRow(
            mission=mission, seq=checkpoint.seq, checkpoint_json=checkpoint.model_dump_json()
        )
    )
    return checkpoint


def sign_moved_heads(session: Session, signer: CheckpointSigner, *, now: datetime) -> int:
    """The periodic task: sign every mission's head that moved. Returns how many were signed."""
    missions = session.scalars(select(MissionRow.code).order_by(MissionRow.code)).all()
    signed = sum(
        sign_head_if_moved(session, mission, signer, now=now) is not None for mission in missions
    )
    if signed:
        log.info("signed %d audit checkpoint(s)", signed)
    return signed


def checkpoints_json(
    session: Session, principal: Principal, signer: CheckpointSigner, *, after: int, now: datetime
) -> str:
    """The mission's checkpoints after `after`, signing the current head first if it is new."""
    principal.require(Permission.READ_AUDIT)
    sign_head_if_moved(session, principal.mission, signer, now=now)
    rows = session.scalars(
        select(AuditCheckpointRow.checkpoint_json)
        .where(AuditCheckpointRow.mission == principal.mission, AuditCheckpointRow.seq > after)
        .order_by(AuditCheckpointRow.seq)
    ).all()
    return "[" + ",".join(rows) + "]"


def signing_keys(session: Session, principal: Principal) -> list[AuditSigningKey]:
    principal.require(Permission.READ_AUDIT)
    rows = session.scalars(select(AuditSigningKeyRow).order_by(AuditSigningKeyRow.created_at)).all()
    return [
        AuditSigningKey(key_id=r.key_id, public_key=r.public_key, created_at=r.created_at)
        for r in rows
    ]
