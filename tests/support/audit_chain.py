"""Generated audit chains, for the tests and benchmarks that need more history than the API makes.

A test that needs a chain makes it through the reference server, as the people who
act do (`tests/support/audit_story.make_story`). Weeks of a busy mission or a
million entries cannot be made that way: one HTTP action per entry, each stamped
with the server's "now", would take hours. They are generated here, in this one
place, linked as `server.audit.append_entry` links them: each entry's `prev_hash`
is the hash of the entry before (the genesis hash for the first), and its `hash`
is `workstation.protocol.audit_hash` over its wire form without the hash, the very
function `AuditEntry.computed_hash` (and so the server) uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from pydantic import AwareDatetime, TypeAdapter

from workstation.protocol import AUDIT_GENESIS_HASH, AuditEntry, audit_hash

DetailValue = str | int | bool | list[str]

#: The wire form of `AuditEntry.at`, written by pydantic itself (as the server's JSON is).
_WIRE_TIME: Final = TypeAdapter(AwareDatetime)


class GeneratedChain:
    """One mission's chain, appended to entry by entry."""

    def __init__(
        self, mission: str, *, head_seq: int = 0, head_hash: str = AUDIT_GENESIS_HASH
    ) -> None:
        """A new chain, or (with `head_seq` and `head_hash`) one going on from that head."""
        self.mission = mission
        self.head_seq = head_seq
        self.head_hash = head_hash

    def append_wire(
        self,
        *,
        at: datetime,
        actor: str,
        role: str,
        action: str,
        case_id: str | None = None,
        outcome: str = "",
        note: str = "",
        details: Mapping[str, DetailValue] | None = None,
    ) -> dict[str, Any]:
        """The next entry's wire form, `hash` included: no model built, fast enough for millions."""
        wire: dict[str, Any] = {
            "seq": self.head_seq + 1,
            "at": _WIRE_TIME.dump_python(at, mode="json"),
            "actor": actor,
            "role": role,
            "mission": self.mission,
            "action": str(action),
            "case_id": case_id,
            "outcome": outcome,
            "note": note,
            "details": dict(details or {}),
            "prev_hash": self.head_hash,
        }
        wire["hash"] = audit_hash(wire)
        self.head_seq, self.head_hash = wire["seq"], wire["hash"]
        return wire

    def append(
        self,
        *,
        at: datetime,
        actor: str,
        role: str,
        action: str,
        case_id: str | None = None,
        outcome: str = "",
        note: str = "",
        details: Mapping[str, DetailValue] | None = None,
    ) -> AuditEntry:
        """The next entry as the protocol's model (checked: the model hashes it the same way)."""
        wire = self.append_wire(
            at=at,
            actor=actor,
            role=role,
            action=action,
            case_id=case_id,
            outcome=outcome,
            note=note,
            details=details,
        )
        return as_entry(wire)


def as_entry(wire: Mapping[str, Any]) -> AuditEntry:
    """The protocol's model of a generated entry; raises if its hash is not the model's own."""
    entry = AuditEntry.model_validate(wire)
    if not entry.hash_ok:
        raise ValueError(f"entry {entry.seq}: the generated wire form is not the model's own")
    return entry
