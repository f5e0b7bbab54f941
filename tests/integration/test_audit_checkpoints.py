"""The server signs each mission's audit head periodically, not only when an auditor asks."""

from __future__ import annotations

import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import create_engine, text

from tests.integration.conftest import StartCentral
from tests.integration.test_audit_tamper import record_activity
from workstation.protocol import AuditCheckpoint


def test_heads_are_signed_periodically_when_they_move(start_central: StartCentral) -> None:
    server = start_central(extra_args=["--checkpoint-seconds", "0.3"])
    home, other = server.missions[:2]
    record_activity(server, home)
    server.sign_in("officer", other)  # one entry in the other mission's chain
    engine = create_engine(server.database_url)
    try:

        def signed() -> dict[str, tuple[int, int, str]]:
            """Per mission: head seq, newest checkpoint seq and its JSON."""
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT m.code, m.audit_head_seq, c.seq, c.checkpoint_json "
                        "FROM missions m JOIN audit_checkpoints c ON c.mission = m.code "
                        "WHERE c.seq = (SELECT MAX(seq) FROM audit_checkpoints "
                        "WHERE mission = m.code)"
                    )
                ).all()
            return {code: (head, seq, body) for code, head, seq, body in rows}

        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            now = signed()
            if all(m in now and now[m][0] == now[m][1] for m in (home, other)):
                break
            time.sleep(0.2)
        assert {home, other} <= set(now), "no checkpoint was signed without anyone asking"
        with engine.connect() as connection:
            keys: dict[str, str] = dict(
                connection.execute(text("SELECT key_id, public_key FROM audit_signing_keys")).all()
            )
        for mission in (home, other):
            head, seq, body = now[mission]
            assert seq == head
            checkpoint = AuditCheckpoint.model_validate_json(body)
            public_key = keys[checkpoint.key_id]
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(
                bytes.fromhex(checkpoint.signature), checkpoint.signed_message()
            )
        with engine.connect() as connection:
            hashes: dict[str, str] = dict(
                connection.execute(text("SELECT code, audit_head_hash FROM missions")).all()
            )
        assert AuditCheckpoint.model_validate_json(now[home][2]).head_hash == hashes[home]
        # A head that did not move is not signed again.
        count = "SELECT COUNT(*) FROM audit_checkpoints"
        with engine.connect() as connection:
            before = connection.execute(text(count)).scalar_one()
        time.sleep(1.2)
        with engine.connect() as connection:
            assert connection.execute(text(count)).scalar_one() == before
    finally:
        engine.dispose()
