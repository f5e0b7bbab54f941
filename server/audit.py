"""The append-only audit log: one hash chain per mission.

Each mission's chain starts at seq 1 with `prev_hash = AUDIT_GENESIS_HASH`, so
an auditor verifies the whole history of their mission without reading
anything of another's. The entry is hashed with the protocol's own
`AuditEntry.computed_hash()` and stored as the exact JSON served, so a verifier
recomputing the hash from what it received gets the stored hash. Appends to a
mission are serialised by locking its head row.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import AuditEntryRow, MissionRow
from server.principal import Principal
from workstation.domain import AuditAction
from workstation.protocol import AUDIT_GENESIS_HASH, AuditEntry, AuditPage

log = logging.getLogger(__name__)

#: Actor and role written for what travellers and the server itself do.
TRAVELLER = "traveller"
SYSTEM = "system"

DetailValue = str | int | bool | list[str]


def append_entry(
    session: Session,
    *,
    mission: str,
    actor: str,
    role: str,
    action: AuditAction,
    at: datetime,
    case_id: uuid.UUID | None = None,
    outcome: str = "",
    note: str = "",
    details: Mapping[str, DetailValue] | None = None,
) -> AuditEntry:
    """Append one entry to `mission`'s chain in the caller's transaction."""
    head = session.execute(
        select(MissionRow).where(MissionRow.code == mission).with_for_update()
    ).scalar_one()
    unsigned = AuditEntry(
        seq=head.audit_head_seq + 1,
        at=at,
        actor=actor,
        role=role,
        mission=mission,
        action=action,
        case_id=case_id,
        outcome=outcome,
        note=note,
        details=dict(details or {}),
        prev_hash=head.audit_head_hash,
        hash=AUDIT_GENESIS_HASH,
    )
    entry = unsigned.model_copy(update={"hash": unsigned.computed_hash()})
    session.add(
        AuditEntryRow(
            mission=mission, seq=entry.seq, entry_json=entry.model_dump_json(), hash=entry.hash
        )
    )
    head.audit_head_seq = entry.seq
    head.audit_head_hash = entry.hash
    return entry


def append_by(
    session: Session,
    principal: Principal,
    action: AuditAction,
    *,
    at: datetime,
    case_id: uuid.UUID | None = None,
    outcome: str = "",
    note: str = "",
    details: Mapping[str, DetailValue] | None = None,
) -> AuditEntry:
    """Append what a signed-in user did, in their mission's chain."""
    return append_entry(
        session,
        mission=principal.mission,
        actor=principal.username,
        role=principal.role.value,
        action=action,
        at=at,
        case_id=case_id,
        outcome=outcome,
        note=note,
        details=details,
    )


def splice_list(envelope_json: str, field: str, items_json: Sequence[str]) -> str:
    """Put already-serialised items into the empty list `field` of a serialised envelope.

    The envelope comes from the protocol model (so its shape is the protocol's);
    the items are stored JSON that need not be parsed and re-serialised.
    """
    empty = f'"{field}":[]'
    at = envelope_json.index(empty)
    return (
        f'{envelope_json[:at]}"{field}":[{",".join(items_json)}]{envelope_json[at + len(empty) :]}'
    )


def audit_page_json(session: Session, *, mission: str, after: int, limit: int) -> str:
    head_seq = session.execute(
        select(MissionRow.audit_head_seq).where(MissionRow.code == mission)
    ).scalar_one()
    rows = (
        session.execute(
            select(AuditEntryRow.entry_json)
            .where(AuditEntryRow.mission == mission, AuditEntryRow.seq > after)
            .order_by(AuditEntryRow.seq)
            .limit(limit + 1)
        )
        .scalars()
        .all()
    )
    has_more = len(rows) > limit
    envelope = AuditPage(after_seq=after, entries=[], has_more=has_more, head_seq=head_seq)
    return splice_list(envelope.model_dump_json(), "entries", rows[:limit])
