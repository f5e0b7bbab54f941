"""The one builder of generated audit chains (tests/support/audit_chain.py) links entries as the
server does: the same entries appended by `server.audit.append_entry` to a real server database
give the same chain, hash for hash."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from server.audit import append_entry
from server.db import open_database
from server.seed import ensure_missions
from tests.support.audit_chain import GeneratedChain
from tests.unit.test_audit_golden import GOLDEN_HASH, GOLDEN_WIRE
from workstation.domain import AuditAction
from workstation.protocol import AUDIT_GENESIS_HASH, AuditEntry

MISSION = "GBR-LON"
START = datetime(2026, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)
CASE = uuid.UUID("6f1c2b7e-3d4a-4c5b-9e8f-0a1b2c3d4e5f")

#: What people did, in order: times with and without microseconds, entries without a case,
#: notes in Chinese and with quotes, every kind of detail value.
STEPS: list[dict[str, Any]] = [
    {"actor": "lon.officer1", "role": "officer", "action": AuditAction.SIGNED_IN},
    {"actor": "traveller", "role": "traveller", "action": AuditAction.SUBMITTED, "case_id": CASE,
     "outcome": "submitted", "details": {"version": 1, "document_sha256": ["ab" * 32]}},
    {"actor": "lon.officer1", "role": "officer", "action": AuditAction.CLAIMED, "case_id": CASE,
     "outcome": "in_review", "details": {"lease_seconds": 900, "renewed": False}},
    {"actor": "lon.officer1", "role": "officer", "action": AuditAction.DECIDED, "case_id": CASE,
     "outcome": "reject", "note": '核酸检测报告超过48小时 "quoted" é',
     "details": {"reason_codes": ["test_too_old"], "decided_at": "2026-03-14T09:20:00+00:00"}},
]  # fmt: skip


def _at(index: int) -> datetime:
    # Whole seconds from the second entry on: pydantic writes those without a fraction.
    return START if index == 0 else START.replace(microsecond=0) + timedelta(minutes=index)


def _generated() -> list[AuditEntry]:
    chain = GeneratedChain(MISSION)
    return [
        chain.append(
            at=_at(i), **{**step, "case_id": str(step["case_id"]) if "case_id" in step else None}
        )
        for i, step in enumerate(STEPS)
    ]


def _appended_by_the_server(tmp_path: Path) -> list[AuditEntry]:
    db = open_database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    try:
        db.create_schema()
        ensure_missions(db)
        with db.writer(changes_cases=False) as session:
            return [
                append_entry(session, mission=MISSION, at=_at(i), **step)
                for i, step in enumerate(STEPS)
            ]
    finally:
        db.dispose()


def test_a_generated_chain_is_the_chain_the_server_appends(tmp_path: Path) -> None:
    generated = _generated()
    assert generated == _appended_by_the_server(tmp_path)
    assert generated[0].prev_hash == AUDIT_GENESIS_HASH
    assert [e.prev_hash for e in generated[1:]] == [e.hash for e in generated[:-1]]
    assert len({e.hash for e in generated}) == len(generated)


def test_the_golden_entry_generated_has_the_golden_hash() -> None:
    golden = AuditEntry.model_validate_json(GOLDEN_WIRE)
    wire = GeneratedChain(golden.mission).append_wire(
        at=golden.at,
        actor=golden.actor,
        role=golden.role,
        action=golden.action,
        case_id=str(golden.case_id),
        outcome=golden.outcome,
        note=golden.note,
        details=golden.details,
    )
    assert wire["hash"] == GOLDEN_HASH
    assert AuditEntry.model_validate(wire).model_dump_json() == GOLDEN_WIRE
