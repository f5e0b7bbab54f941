"""An entry's chain hash straight from the local store's columns, without pydantic.

`protocol.audit_hash` hashes the canonical JSON of the wire form minus `hash`
(sorted keys, no spaces, UTF-8, `ensure_ascii=False`). The local copy keeps each
wire field verbatim (`at_wire`; `details_json` already canonical), so the same
text is assembled here field by field: about ten times faster than building an
`AuditEntry`, which is what makes a million-entry check take seconds. Strings
are quoted by the very C encoder `json.dumps` uses, so the bytes are identical
(proved in tests/unit/test_audit_canonical.py against `AuditEntry.computed_hash`).

Splicing `details_json` unparsed is safe: every other field is a JSON string
literal (self-delimiting from either side) or a number, so the text determines
each column uniquely and no edited `details_json` can pass for another entry's
columns. Details that are not valid JSON only match a hash computed over that
same text, which a chain link or a checkpoint then contradicts.
"""

from __future__ import annotations

import hashlib
import logging
from json.encoder import encode_basestring as _quote
from typing import Any, Final, NamedTuple

from sqlalchemy import Select, select

from workstation.models import AuditEntryRow

log = logging.getLogger(__name__)


class StoredEntry(NamedTuple):
    """One `audit_entries` row, in the order `ENTRY_SELECT` reads it."""

    seq: int
    at_wire: str
    actor: str
    role: str
    mission: str
    action: str
    case_id: str | None
    outcome: str
    note: str
    details_json: str
    prev_hash: str
    hash: str


#: The stored wire columns, in `StoredEntry` order.
ENTRY_COLUMNS: Final = (
    AuditEntryRow.seq,
    AuditEntryRow.at_wire,
    AuditEntryRow.actor,
    AuditEntryRow.role,
    AuditEntryRow.mission,
    AuditEntryRow.action,
    AuditEntryRow.case_id,
    AuditEntryRow.outcome,
    AuditEntryRow.note,
    AuditEntryRow.details_json,
    AuditEntryRow.prev_hash,
    AuditEntryRow.hash,
)


def entry_select() -> Select[*tuple[Any, ...]]:
    return select(*ENTRY_COLUMNS)


def canonical_text(entry: StoredEntry | tuple[Any, ...], *, seq: int | None = None) -> str:
    """The canonical JSON the chain hashes (keys in sorted order), optionally at another seq."""
    (
        stored_seq,
        at_wire,
        actor,
        role,
        mission,
        action,
        case_id,
        outcome,
        note,
        details_json,
        prev_hash,
        _hash,
    ) = entry
    number = stored_seq if seq is None else seq
    case = "null" if case_id is None else _quote(case_id)
    return (
        f'{{"action":{_quote(action)},"actor":{_quote(actor)},"at":{_quote(at_wire)},'
        f'"case_id":{case},"details":{details_json},"mission":{_quote(mission)},'
        f'"note":{_quote(note)},"outcome":{_quote(outcome)},"prev_hash":{_quote(prev_hash)},'
        f'"role":{_quote(role)},"seq":{int(number)}}}'
    )


def recompute_hash(entry: StoredEntry | tuple[Any, ...], *, seq: int | None = None) -> str:
    """SHA-256 (hex) of the entry's content, as `AuditEntry.computed_hash()` gives it.

    With `seq`, the hash the same content would have at that place in the chain
    (how a moved entry is recognised).
    """
    return hashlib.sha256(canonical_text(entry, seq=seq).encode("utf-8")).hexdigest()
