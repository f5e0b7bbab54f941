"""The server signs each mission's audit head periodically, not only when an auditor asks.

The period is measured on the server's clock, which the test moves (`--test-clock-file`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Engine, create_engine, text

from tests.integration.conftest import StartCentral
from tests.support.audit_scene import record_activity
from tests.support.server_clock import MovableServerClock
from workstation.protocol import AuditCheckpoint

#: Per mission: head seq, newest checkpoint seq and its JSON.
Signed = dict[str, tuple[int, int, str]]
PERIOD = timedelta(minutes=10)


def _signed(engine: Engine) -> Signed:
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


def _checkpoint_count(engine: Engine, mission: str) -> int:
    with engine.connect() as connection:
        count: int = connection.execute(
            text("SELECT COUNT(*) FROM audit_checkpoints WHERE mission = :m"), {"m": mission}
        ).scalar_one()
    return count


def _until(engine: Engine, done: Callable[[Signed], bool]) -> Signed:
    """The server's task runs in its own time: wait (bounded) until it has done its round."""
    deadline = time.monotonic() + 15
    while not done(now := _signed(engine)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return now


def test_heads_are_signed_periodically_when_they_move(
    start_central: StartCentral, tmp_path: Path
) -> None:
    clock = MovableServerClock(tmp_path / "clock")
    seconds = str(PERIOD.total_seconds())
    server = start_central(extra_args=["--checkpoint-seconds", seconds, *clock.serve_args])
    home, other = server.missions[:2]
    record_activity(server, home)
    server.sign_in("officer", other)  # one entry in the other mission's chain
    engine = create_engine(server.database_url)
    try:
        assert _signed(engine) == {}, "nobody asked and the period has not passed"
        clock.advance(PERIOD + timedelta(seconds=1))

        def both_heads_signed(now: Signed) -> bool:
            return all(m in now and now[m][0] == now[m][1] for m in (home, other))

        now = _until(engine, both_heads_signed)
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

        # Only the other mission's head moves; once the next round has signed it, the
        # home mission (looked at in the same round) has no new checkpoint.
        home_checkpoints = _checkpoint_count(engine, home)
        moved_from = now[other][0]
        server.sign_in("officer", other)
        clock.advance(PERIOD + timedelta(seconds=1))
        later = _until(engine, lambda s: s[other][1] > moved_from)
        assert later[other][1] == later[other][0] > moved_from, "the moved head was signed"
        assert _checkpoint_count(engine, home) == home_checkpoints
    finally:
        engine.dispose()
