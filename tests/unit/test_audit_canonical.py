"""The fast hash over stored columns is exactly the protocol's `AuditEntry.computed_hash()`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from review.audit.canonical import StoredEntry, canonical_text, entry_select, recompute_hash
from workstation.audit_log import canonical_json, entry_columns, store_entries
from workstation.domain import AuditAction
from workstation.models import AuditEntryRow
from workstation.protocol import AUDIT_GENESIS_HASH, AuditEntry, audit_hash
from workstation.store import Store

# What the protocol lets through LongText/ShortText: no control characters except \t \n \r,
# no bidi overrides; quotes, backslashes, CJK, emoji, U+2028 all allowed.
_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs"],
        blacklist_characters=[
            *map(chr, [*range(0, 9), 11, 12, *range(14, 32), 127]),
            *map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]),
        ],
    ),
    max_size=60,
).map(str.strip)
_DETAIL = st.one_of(
    _TEXT, st.integers(-(10**12), 10**12), st.booleans(), st.lists(_TEXT, max_size=3)
)


@st.composite
def audit_entries(draw: st.DrawFn) -> AuditEntry:
    offset = draw(st.sampled_from([timedelta(0), timedelta(hours=8), timedelta(hours=-5)]))
    at = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(
        seconds=draw(st.integers(0, 10**8)), microseconds=draw(st.integers(0, 999_999))
    )
    unsigned = AuditEntry(
        seq=draw(st.integers(1, 10**9)),
        at=at.astimezone(timezone(offset)),
        actor=draw(_TEXT),
        role=draw(_TEXT),
        mission=draw(st.sampled_from(["GBR-LON", "JPN-TYO", "CHN"])),
        action=draw(st.sampled_from(list(AuditAction))),
        case_id=draw(st.none() | st.uuids()),
        outcome=draw(_TEXT),
        note=draw(_TEXT),
        details=draw(st.dictionaries(st.text(max_size=12), _DETAIL, max_size=5)),
        prev_hash=draw(st.sampled_from([AUDIT_GENESIS_HASH, "ab" * 32])),
        hash=AUDIT_GENESIS_HASH,
    )
    return unsigned.model_copy(update={"hash": unsigned.computed_hash()})


def _stored(entry: AuditEntry) -> StoredEntry:
    columns = entry_columns(entry, None)
    return StoredEntry(*(columns[name] for name in StoredEntry._fields))


@settings(max_examples=300, deadline=None)
@given(audit_entries())
def test_the_column_hash_is_the_protocol_hash(entry: AuditEntry) -> None:
    stored = _stored(entry)
    assert recompute_hash(stored) == entry.computed_hash() == entry.hash
    wire = entry.model_dump(mode="json", exclude={"hash"})
    assert canonical_text(stored) == canonical_json(wire)
    assert recompute_hash(stored, seq=entry.seq + 1) == audit_hash({**wire, "seq": entry.seq + 1})


def test_the_hash_survives_the_local_store(tmp_path: Path) -> None:
    entries = []
    previous = AUDIT_GENESIS_HASH
    for seq, note in enumerate(['say "hi"\\', "中文 é\u2028", "\ttabbed\nline"], start=1):
        unsigned = AuditEntry(
            seq=seq,
            at=datetime(2025, 5, 1, 12, 0, seq, 5 * seq, tzinfo=UTC),
            actor="officer.li",
            role="officer",
            mission="GBR-LON",
            action=AuditAction.DECIDED,
            case_id=uuid.uuid4() if seq != 2 else None,
            outcome="reject",
            note=note,
            details={"checks": ["a:pass:b"], "copies": 2, "reprint": False, "z": "ü"},
            prev_hash=previous,
            hash=AUDIT_GENESIS_HASH,
        )
        entries.append(unsigned.model_copy(update={"hash": unsigned.computed_hash()}))
        previous = entries[-1].hash
    store = Store.open(f"sqlite:///{tmp_path / 'local.sqlite3'}")
    try:
        store_entries(store, entries)
        with store.reader() as session:
            rows = [
                StoredEntry(*r) for r in session.execute(entry_select().order_by(AuditEntryRow.seq))
            ]
    finally:
        store.close()
    assert [recompute_hash(r) for r in rows] == [e.computed_hash() for e in entries]


def test_a_changed_column_changes_the_hash() -> None:
    unsigned = AuditEntry(
        seq=3,
        at=datetime(2025, 5, 1, tzinfo=UTC),
        actor="officer.li",
        role="officer",
        mission="GBR-LON",
        action=AuditAction.CLAIMED,
        prev_hash=AUDIT_GENESIS_HASH,
        hash=AUDIT_GENESIS_HASH,
    )
    stored = _stored(unsigned.model_copy(update={"hash": unsigned.computed_hash()}))
    for name in StoredEntry._fields:
        if name in ("hash", "case_id"):
            continue
        value = getattr(stored, name)
        changed = StoredEntry(
            **{**stored._asdict(), name: value + 1 if isinstance(value, int) else value + "x"}
        )
        assert recompute_hash(changed) != stored.hash, name
    assert recompute_hash(stored._replace(case_id=str(uuid.UUID(int=1)))) != stored.hash
