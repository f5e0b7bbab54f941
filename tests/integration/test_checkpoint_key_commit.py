"""The server's checkpoint key counts as registered only once its row is committed.

Runs the server's own database code on a real SQLite file (and PostgreSQL when
`CW_TEST_POSTGRES_URL` names one): a transaction that stored the key and signed a
checkpoint fails; the next checkpoint must still find the key in the database, or
an auditor would call it forged.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from server.audit import SYSTEM, append_entry
from server.checkpoints import CheckpointSigner, sign_head_if_moved
from server.db import Database, open_database
from server.models import AuditSigningKeyRow, MissionRow
from tests.integration.conftest import POSTGRES_URL_VARIABLE, _PostgresDatabases
from workstation.domain import AuditAction, QueueOrder
from workstation.protocol import AUDIT_GENESIS_HASH, checkpoint_message

MISSION = "GBR-LON"


class TransactionFailed(Exception):
    pass


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "postgres":
        admin = os.environ.get(POSTGRES_URL_VARIABLE)
        if not admin:
            pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")
        databases = _PostgresDatabases(admin)
        db = open_database(databases.create())
    else:
        databases = None
        db = open_database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    db.create_schema()
    with db.writer() as session:
        session.add(
            MissionRow(
                code=MISSION,
                name="London",
                queue_order=QueueOrder.SUBMISSION.value,
                audit_head_seq=0,
                audit_head_hash=AUDIT_GENESIS_HASH,
            )
        )
    yield db
    db.dispose()
    if databases is not None:
        databases.drop_all()


def _move_head(db: Database, now: datetime) -> None:
    with db.writer(changes_cases=False) as session:
        append_entry(
            session, mission=MISSION, actor=SYSTEM, role=SYSTEM, action=AuditAction.LEASE_EXPIRED,
            at=now, details={"officer": "test"},
        )  # fmt: skip


def test_a_failed_transaction_does_not_leave_the_key_unregistered(database: Database) -> None:
    now = datetime.now(UTC)
    signer = CheckpointSigner()
    _move_head(database, now)
    with pytest.raises(TransactionFailed), database.writer(changes_cases=False) as session:
        assert sign_head_if_moved(session, MISSION, signer, now=now) is not None
        raise TransactionFailed  # e.g. the commit fails: key row and checkpoint roll back

    with database.writer(changes_cases=False) as session:
        checkpoint = sign_head_if_moved(session, MISSION, signer, now=now)
    assert checkpoint is not None

    with database.reader() as session:
        stored = session.get(AuditSigningKeyRow, checkpoint.key_id)
        assert stored is not None, "the checkpoint's key is in the database"
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(stored.public_key))
    public.verify(
        bytes.fromhex(checkpoint.signature),
        checkpoint_message(checkpoint.seq, checkpoint.head_hash, checkpoint.signed_at),
    )

    # Later checkpoints neither fail nor store the key twice.
    _move_head(database, now)
    with database.writer(changes_cases=False) as session:
        assert sign_head_if_moved(session, MISSION, signer, now=now) is not None
    with database.reader() as session:
        assert session.query(AuditSigningKeyRow).count() == 1
