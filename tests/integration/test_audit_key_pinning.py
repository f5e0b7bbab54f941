"""Checkpoint keys: pinned by id, a key slipped into the server cannot vouch for a rewritten log.

The attack: someone who can write to the server's database rewrites the chain from
a decision onwards, adds a signing key of their own to the served list and re-signs
every checkpoint with it. A workstation that trusts keys when first seen cannot tell;
one that pinned the server's key id (handed over out of band, as `serve` logs it) can.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from review.audit import ChainReport, ProblemKind, fetch_and_verify
from tests.integration.conftest import StartCentral
from tests.support.audit_scene import Scene, rehashed
from workstation.domain import AuditAction
from workstation.protocol import AuditCheckpoint, audit_key_id, checkpoint_message
from workstation.store import Store

PASSPHRASE_VARIABLE = "CW_AUDIT_KEY_PASSPHRASE"


def _verify_fresh(setting: Scene, name: str, pinned: tuple[str, ...]) -> ChainReport:
    store = Store.open(f"sqlite:///{setting.tmp_path / f'{name}.sqlite3'}")
    client = setting.auditor_client()
    try:
        return fetch_and_verify(client, store, pinned_key_ids=pinned)
    finally:
        client.close()
        store.close()


def _rewrite_and_resign_with_a_new_key(setting: Scene) -> int:
    """Rewrite the log from the first noted decision on; returns the first checkpoint's seq."""
    database = setting.database
    entries = database.entries()
    decided = database.first(AuditAction.DECIDED, with_note=True)
    previous = entries[decided.seq - 1].hash
    for seq in sorted(s for s in entries if s >= decided.seq):
        note = "nothing to see here" if seq == decided.seq else entries[seq].note
        entry = rehashed(entries[seq], note=note, prev_hash=previous)
        database.write(seq, entry.model_dump_json())
        previous = entry.hash
    rewritten = database.entries()
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes_raw()
    with database.engine.begin() as connection:
        connection.execute(
            text("UPDATE missions SET audit_head_hash = :hash WHERE code = :mission"),
            {"hash": previous, "mission": database.mission},
        )
        connection.execute(
            text(
                "INSERT INTO audit_signing_keys (key_id, public_key, created_at) "
                "VALUES (:key_id, :public_key, :created_at)"
            ),
            {
                "key_id": audit_key_id(public),
                "public_key": public.hex(),
                "created_at": datetime.now(UTC),
            },
        )
    checkpoints = database.checkpoints()
    assert checkpoints, "the scene signs at least one checkpoint"
    for seq, checkpoint in checkpoints.items():
        head = rewritten[seq].hash
        message = checkpoint_message(seq, head, checkpoint.signed_at)
        database.replace_checkpoint(
            AuditCheckpoint(
                seq=seq,
                head_hash=head,
                signed_at=checkpoint.signed_at,
                key_id=audit_key_id(public),
                signature=key.sign(message).hex(),
            )
        )
    return min(checkpoints)


def test_a_pinned_key_exposes_a_log_re_signed_with_a_slipped_in_key(scene: Scene) -> None:
    pinned = (scene.server.audit_key_id,)
    before = _verify_fresh(scene, "before", pinned)
    assert before.ok and before.keys_pinned, before.summary()
    assert "trusted when first seen" not in before.summary()

    first_checkpoint = _rewrite_and_resign_with_a_new_key(scene)

    caught = _verify_fresh(scene, "pinned", pinned)
    assert caught.problem is not None, caught.summary()
    assert caught.problem.kind is ProblemKind.FORGED_CHECKPOINT
    assert caught.problem.seq == first_checkpoint
    assert "never pinned" in caught.summary()

    # Trust on first sight cannot tell, and the report says that it cannot.
    unpinned = _verify_fresh(scene, "unpinned", ())
    assert unpinned.ok and unpinned.keys_pinned is False
    assert "trusted when first seen" in unpinned.summary()
    assert unpinned.as_json()["keys_pinned"] is False


def test_the_checkpoint_key_kept_in_a_file_survives_a_restart(
    start_central: StartCentral, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "audit-checkpoints.key"
    monkeypatch.setenv(PASSPHRASE_VARIABLE, "a passphrase only the operator knows")
    server = start_central(extra_args=["--audit-key-file", str(key_file)])
    first = server.audit_key_id
    assert len(first) == 16
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert key_file.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    server.restart()
    assert server.audit_key_id == first
    auditor = server.sign_in("auditor", server.missions[0])
    assert auditor.get("/audit/checkpoints").status_code == 200  # signs the head: key in use
    assert {k["key_id"] for k in auditor.get("/audit/keys").json()} == {first}


@pytest.mark.parametrize("passphrase", ["not the passphrase", ""])
def test_a_key_file_the_passphrase_does_not_open_stops_the_server(
    start_central: StartCentral, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrase: str
) -> None:
    key_file = tmp_path / "audit-checkpoints.key"
    monkeypatch.setenv(PASSPHRASE_VARIABLE, "the right passphrase")
    start_central(extra_args=["--audit-key-file", str(key_file)]).stop()
    before = key_file.read_bytes()
    refused = subprocess.run(
        [sys.executable, "-m", "server", "serve", "--port", "0", "--audit-key-file", str(key_file),
         "--database-url", f"sqlite:///{tmp_path / 'other.sqlite3'}"],
        env={**os.environ, PASSPHRASE_VARIABLE: passphrase},
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2], check=False,
    )  # fmt: skip
    assert refused.returncode == 1
    assert "cannot use the audit checkpoint key" in refused.stderr
    assert passphrase == "" or passphrase not in refused.stderr + refused.stdout
    assert key_file.read_bytes() == before
