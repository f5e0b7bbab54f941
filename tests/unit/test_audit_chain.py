"""`verify_chain` over a real local store: a clean chain, and every kind of tampering named.

The chains are made with the protocol's own model and hashing and stored with
`store_entries`, as a fetch stores them; tampering edits `audit_entries`
directly, the way someone with access to the workstation's database would.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import delete, insert, text, update

from review.audit import ChainReport, ProblemKind, verify_chain
from review.audit import scan as scan_module
from review.audit.canonical import StoredEntry, entry_select, recompute_hash
from tests.support.audit_chain import GeneratedChain
from workstation.audit_log import store_entries
from workstation.domain import AuditAction
from workstation.models import AuditCheckpointRow, AuditEntryRow, AuditKeyRow
from workstation.protocol import AUDIT_GENESIS_HASH, AuditCheckpoint, AuditEntry, audit_key_id
from workstation.store import Store

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def make_entries(
    count: int, *, first: int = 1, prev_hash: str = AUDIT_GENESIS_HASH
) -> list[AuditEntry]:
    """A chain as the server writes it (actions and notes vary so entries differ)."""
    actions = [AuditAction.SUBMITTED, AuditAction.CLAIMED, AuditAction.DECIDED, AuditAction.PRINTED]
    chain = GeneratedChain("GBR-LON", head_seq=first - 1, head_hash=prev_hash)
    entries: list[AuditEntry] = []
    for seq in range(first, first + count):
        action = actions[seq % len(actions)]
        decided = action is AuditAction.DECIDED
        entries.append(
            chain.append(
                at=START + timedelta(minutes=seq),
                actor="traveller" if action is AuditAction.SUBMITTED else f"officer.{seq % 3}",
                role="traveller" if action is AuditAction.SUBMITTED else "officer",
                action=action,
                case_id=str(uuid.UUID(int=seq // 4 + 1)),
                outcome="reject" if decided else "",
                note=f"Lab report {seq} is older than 72 h" if decided else "",
                details={"document_sha256": [f"{seq:064x}"], "copies": 1},
            )
        )
    return entries


class Signer:
    def __init__(self) -> None:
        self.key = Ed25519PrivateKey.generate()
        self.public = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = audit_key_id(self.public)

    def checkpoint(self, seq: int, head_hash: str) -> AuditCheckpoint:
        unsigned = AuditCheckpoint(
            seq=seq,
            head_hash=head_hash,
            signed_at=START + timedelta(days=1, seconds=seq),
            key_id=self.key_id,
            signature="0" * 128,
        )
        signature = self.key.sign(unsigned.signed_message()).hex()
        return unsigned.model_copy(update={"signature": signature})

    def pin(self, store: Store) -> None:
        with store.session() as session:
            session.add(
                AuditKeyRow(
                    key_id=self.key_id,
                    public_key=self.public.hex(),
                    created_at=START,
                    first_seen_at=START,
                )
            )


def add_checkpoint(store: Store, checkpoint: AuditCheckpoint) -> None:
    with store.session() as session:
        session.merge(
            AuditCheckpointRow(seq=checkpoint.seq, checkpoint_json=checkpoint.model_dump_json())
        )


@pytest.fixture
def signer() -> Signer:
    return Signer()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'workstation.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def chain(store: Store, signer: Signer) -> list[AuditEntry]:
    """40 entries with signed checkpoints at 10 and 30 (the key pinned)."""
    entries = make_entries(40)
    store_entries(store, entries)
    signer.pin(store)
    for seq in (10, 30):
        add_checkpoint(store, signer.checkpoint(seq, entries[seq - 1].hash))
    return entries


@pytest.fixture(params=["one process", "two processes"])
def processes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the single scan and with the split one (seam after entry 20 of 40)."""
    if request.param == "two processes":
        monkeypatch.setattr(scan_module, "PARALLEL_FROM", 10)
    return str(request.param)


# -- tampering with the local copy ------------------------------------------------------------


def stored(store: Store, seq: int) -> StoredEntry:
    with store.reader() as session:
        return StoredEntry(*session.execute(entry_select().where(AuditEntryRow.seq == seq)).one())


def set_columns(store: Store, seq: int, **values: Any) -> None:
    with store.session() as session:
        session.execute(update(AuditEntryRow).where(AuditEntryRow.seq == seq).values(**values))


def renumber(store: Store, *, from_seq: int, by: int) -> None:
    """Shift entries from `from_seq` on by `by`, rewriting the number they hash (not the hash)."""
    with store.session() as session:
        session.execute(
            update(AuditEntryRow)
            .where(AuditEntryRow.seq >= from_seq)
            .values(seq=-(AuditEntryRow.seq + by))
        )
        session.execute(
            update(AuditEntryRow).where(AuditEntryRow.seq < 0).values(seq=-AuditEntryRow.seq)
        )


def content(entry: StoredEntry) -> dict[str, Any]:
    """Every stored wire column but the number."""
    return {name: getattr(entry, name) for name in StoredEntry._fields if name != "seq"}


def problem_of(report: ChainReport) -> tuple[ProblemKind, int]:
    assert report.problem is not None, report.summary()
    assert not report.ok and report.summary().startswith("TAMPERED")
    return report.problem.kind, report.problem.seq


# -- a clean log --------------------------------------------------------------------------------


def test_a_clean_chain_reports_its_count_head_and_checkpoint(
    store: Store, chain: list[AuditEntry], processes: str
) -> None:
    seen: list[tuple[int, int]] = []
    report = verify_chain(store, progress=lambda done, total: seen.append((done, total)))
    assert report.ok and report.problem is None
    assert (report.entries, report.head_seq, report.head_hash) == (40, 40, chain[-1].hash)
    assert report.checkpoints_verified == 2
    assert report.last_checkpoint is not None and report.last_checkpoint.seq == 30
    assert f"40 entries, head hash {chain[-1].hash}" in report.summary()
    assert "the last at entry 30" in report.summary()
    assert seen[-1] == (40, 40)


def test_an_empty_log_is_clean_and_says_so(store: Store) -> None:
    report = verify_chain(store)
    assert report.ok and report.entries == 0
    assert report.summary() == "The audit log is empty: nothing to verify."


def test_a_checkpoint_beyond_the_local_head_waits(
    store: Store, chain: list[AuditEntry], signer: Signer
) -> None:
    add_checkpoint(store, signer.checkpoint(45, "ab" * 32))
    report = verify_chain(store)
    assert report.ok and report.checkpoints_pending == 1 and report.checkpoints_verified == 2


# -- each kind of tampering, named with its number ------------------------------------------------


@pytest.mark.parametrize("seq", [6, 22])  # one in each half of a split scan
def test_a_changed_note_is_named(
    store: Store, chain: list[AuditEntry], processes: str, seq: int
) -> None:
    note = stored(store, seq).note
    assert "72 h" in note
    set_columns(store, seq, note=note.replace("72 h", "73 h"))
    report = verify_chain(store)
    assert problem_of(report) == (ProblemKind.CHANGED, seq)
    assert f"the content of entry {seq} no longer matches its hash" in report.summary()


def test_a_change_at_the_seam_is_named(
    store: Store, chain: list[AuditEntry], processes: str
) -> None:
    set_columns(store, 21, actor="officer.9")
    assert problem_of(verify_chain(store)) == (ProblemKind.CHANGED, 21)


def test_a_changed_and_rehashed_entry_is_named(store: Store, chain: list[AuditEntry]) -> None:
    edited = stored(store, 14)._replace(note="approved, all fine")
    set_columns(store, 14, note=edited.note, hash=recompute_hash(edited))
    report = verify_chain(store)
    assert problem_of(report) == (ProblemKind.CHANGED, 14)
    assert "entry 15 still links to the earlier version" in report.summary()


@pytest.mark.parametrize("seq", [1, 7, 20, 21, 40])
def test_a_removed_entry_is_named(
    store: Store, chain: list[AuditEntry], processes: str, seq: int
) -> None:
    with store.session() as session:
        session.execute(delete(AuditEntryRow).where(AuditEntryRow.seq == seq))
    report = verify_chain(store)
    if seq == 40:
        # Removing the head leaves a shorter chain: only the checkpoint could tell, and
        # the last checkpoint (30) is before it. Nothing was rewritten before the head.
        assert report.ok and report.head_seq == 39
        return
    assert problem_of(report) == (ProblemKind.REMOVED, seq)
    assert f"entry {seq} is missing" in report.summary()


def test_removed_entries_at_the_end_of_the_first_half(
    store: Store, chain: list[AuditEntry], processes: str
) -> None:
    with store.session() as session:
        session.execute(delete(AuditEntryRow).where(AuditEntryRow.seq.in_([19, 20])))
    report = verify_chain(store)
    assert problem_of(report) == (ProblemKind.REMOVED, 19)
    assert "entries 19 to 20 are missing" in report.summary()


def test_a_removed_entry_with_the_tail_renumbered_is_named(
    store: Store, chain: list[AuditEntry]
) -> None:
    with store.session() as session:
        session.execute(delete(AuditEntryRow).where(AuditEntryRow.seq == 12))
    renumber(store, from_seq=13, by=-1)
    report = verify_chain(store)
    assert problem_of(report) == (ProblemKind.REMOVED, 12)
    assert "later entries renumbered" in report.summary()


def test_two_swapped_entries_are_named(
    store: Store, chain: list[AuditEntry], processes: str
) -> None:
    first, second = stored(store, 8), stored(store, 27)
    set_columns(store, 8, **content(second))
    set_columns(store, 27, **content(first))
    report = verify_chain(store)
    assert problem_of(report) == (ProblemKind.REORDERED, 8)
    assert "entry 8 is the original entry 27" in report.summary()


def test_two_adjacent_swapped_entries_are_named(store: Store, chain: list[AuditEntry]) -> None:
    first, second = stored(store, 16), stored(store, 17)
    set_columns(store, 16, **content(second))
    set_columns(store, 17, **content(first))
    assert problem_of(verify_chain(store)) == (ProblemKind.REORDERED, 16)


def test_an_entry_linking_to_a_later_one_is_reordered(
    store: Store, chain: list[AuditEntry]
) -> None:
    edited = stored(store, 9)._replace(prev_hash=chain[30].hash)
    set_columns(store, 9, prev_hash=edited.prev_hash, hash=recompute_hash(edited))
    assert problem_of(verify_chain(store)) == (ProblemKind.REORDERED, 9)


def _forged_entry(seq: int, prev_hash: str) -> dict[str, Any]:
    unsigned = AuditEntry(
        seq=seq,
        at=START + timedelta(minutes=seq, seconds=30),
        actor="officer.1",
        role="officer",
        mission="GBR-LON",
        action=AuditAction.DECIDED,
        case_id=uuid.UUID(int=99),
        outcome="approve",
        note="approved, all fine",
        prev_hash=prev_hash,
        hash=AUDIT_GENESIS_HASH,
    )
    entry = unsigned.model_copy(update={"hash": unsigned.computed_hash()})
    wire = entry.model_dump(mode="json")
    return {
        **{name: wire[name] for name in ("seq", "actor", "role", "mission", "action", "case_id")},
        **{name: wire[name] for name in ("outcome", "note", "prev_hash", "hash")},
        "at_wire": wire["at"],
        "at": entry.at,
        "details_json": "{}",
    }


@pytest.mark.parametrize("linked", [True, False])
def test_an_inserted_entry_is_named(store: Store, chain: list[AuditEntry], linked: bool) -> None:
    renumber(store, from_seq=11, by=1)
    prev_hash = chain[9].hash if linked else "cd" * 32
    with store.session() as session:
        session.execute(insert(AuditEntryRow).values(**_forged_entry(11, prev_hash)))
    report = verify_chain(store)
    assert problem_of(report) == (ProblemKind.INSERTED, 11)
    assert "entry 11 is not part of the chain" in report.summary()


def test_an_entry_the_chain_skips_over_is_inserted(store: Store, chain: list[AuditEntry]) -> None:
    # Entry 25 re-linked past 24 (and re-hashed): the chain goes 23 -> 25.
    edited = stored(store, 25)._replace(prev_hash=chain[22].hash)
    set_columns(store, 25, prev_hash=edited.prev_hash, hash=recompute_hash(edited))
    report = verify_chain(store)
    assert problem_of(report) == (ProblemKind.INSERTED, 24)


# -- checkpoints ----------------------------------------------------------------------------


def test_a_forged_checkpoint_signature_is_named(
    store: Store, chain: list[AuditEntry], signer: Signer
) -> None:
    genuine = signer.checkpoint(30, chain[29].hash)
    add_checkpoint(store, genuine.model_copy(update={"head_hash": chain[28].hash}))
    report = verify_chain(store)
    assert problem_of(report) == (ProblemKind.FORGED_CHECKPOINT, 30)
    assert "signature is not valid" in report.summary()


def test_a_checkpoint_by_an_unpinned_key_is_forged(store: Store, chain: list[AuditEntry]) -> None:
    add_checkpoint(store, Signer().checkpoint(20, chain[19].hash))
    report = verify_chain(store)
    assert problem_of(report) == (ProblemKind.FORGED_CHECKPOINT, 20)
    assert "never pinned" in report.summary()


def test_a_pinned_key_swapped_under_its_id_is_not_trusted(
    store: Store, chain: list[AuditEntry], signer: Signer
) -> None:
    other = Signer()
    with store.session() as session:
        session.execute(
            update(AuditKeyRow)
            .where(AuditKeyRow.key_id == signer.key_id)
            .values(public_key=other.public.hex())
        )
    add_checkpoint(
        store, other.checkpoint(30, chain[29].hash).model_copy(update={"key_id": signer.key_id})
    )
    assert problem_of(verify_chain(store)) == (ProblemKind.FORGED_CHECKPOINT, 10)


def test_a_garbled_checkpoint_is_forged(store: Store, chain: list[AuditEntry]) -> None:
    with store.session() as session:
        session.execute(text("UPDATE audit_checkpoints SET checkpoint_json = '{}' WHERE seq = 30"))
    assert problem_of(verify_chain(store)) == (ProblemKind.FORGED_CHECKPOINT, 30)


def test_a_rewritten_tail_is_caught_by_the_checkpoint(
    store: Store, chain: list[AuditEntry], processes: str
) -> None:
    # Entries from 12 on re-made with a changed note and every hash and link recomputed:
    # the chain itself is consistent, only the signed head at 30 tells.
    with store.session() as session:
        session.execute(delete(AuditEntryRow).where(AuditEntryRow.seq >= 12))
    rewritten = make_entries(29, first=12, prev_hash=chain[10].hash)
    rewritten[0] = rewritten[0].model_copy(update={"note": "nothing to see"})
    relinked: list[AuditEntry] = []
    previous = chain[10].hash
    for entry in rewritten:
        moved = entry.model_copy(update={"prev_hash": previous})
        relinked.append(moved.model_copy(update={"hash": moved.computed_hash()}))
        previous = relinked[-1].hash
    store_entries(store, relinked)
    report = verify_chain(store)
    assert problem_of(report) == (ProblemKind.REWRITTEN, 11)
    assert report.last_checkpoint is not None and report.last_checkpoint.seq == 10
    assert "entries 11 to 30 were rewritten" in report.summary()


def test_the_json_report_names_the_problem(store: Store, chain: list[AuditEntry]) -> None:
    set_columns(store, 5, outcome="approve")
    document = verify_chain(store).as_json()
    assert document["ok"] is False
    assert document["problem"] == {
        "kind": "changed",
        "seq": 5,
        "detail": "the content of entry 5 no longer matches its hash",
        "on_server": False,
    }
