"""Naming the first entry that does not fit the chain, and how.

The scan (`review.audit.chain`) stops at the first entry whose number, hash or
link is wrong; this module looks around it to tell the kinds apart:

- changed: the content no longer matches its hash, or the next entry still
  links to an earlier version of it (changed and re-hashed);
- removed: a number is missing, or the entries after a hole were renumbered
  (each then hashes correctly at its old number, one place further on);
- inserted: the entry after it is the authentic one at this number (renumbered
  one further), or the chain skips over it;
- reordered: an authentic entry (it hashes correctly at another number) stands
  in the wrong place, or links to an entry that comes after it.

Lookups by hash scan the table (no index): they run once, only on a broken log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.audit.canonical import StoredEntry, entry_select, recompute_hash
from review.audit.report import ChainProblem, ProblemKind
from workstation.audit_log import AuditSequenceError
from workstation.models import AuditEntryRow
from workstation.protocol import AUDIT_GENESIS_HASH

log = logging.getLogger(__name__)


class Misfit(StrEnum):
    """What the scan saw at the first entry that does not fit."""

    GAP = "gap"  # the entry's number is beyond the one expected
    HASH = "hash"  # its content does not give its hash
    LINK = "link"  # it hashes correctly but does not link to the entry before it


@dataclass(frozen=True)
class ChainBreak:
    misfit: Misfit
    #: The number the entry should have had.
    expected: int
    entry: StoredEntry
    #: The hash the entry should link to (the previous entry's, or the genesis hash).
    prev_hash: str


class _Lookups:
    def __init__(self, session: Session) -> None:
        self._session = session

    def at(self, seq: int) -> StoredEntry | None:
        row = self._session.execute(entry_select().where(AuditEntryRow.seq == seq)).first()
        return None if row is None else StoredEntry(*row)

    def seq_linking_to(self, hash_: str) -> int | None:
        """The first entry whose `prev_hash` is `hash_`."""
        return self._session.scalar(
            select(AuditEntryRow.seq)
            .where(AuditEntryRow.prev_hash == hash_)
            .order_by(AuditEntryRow.seq)
            .limit(1)
        )

    def seq_hashed(self, hash_: str) -> int | None:
        """The first entry whose stored hash is `hash_`."""
        return self._session.scalar(
            select(AuditEntryRow.seq)
            .where(AuditEntryRow.hash == hash_)
            .order_by(AuditEntryRow.seq)
            .limit(1)
        )


def _hashes_at(entry: StoredEntry, seq: int) -> bool:
    return seq >= 1 and recompute_hash(entry, seq=seq) == entry.hash


def _original_seq(entry: StoredEntry, lookups: _Lookups) -> int | None:
    """Where an authentic entry came from: the number at which its content gives its hash."""
    candidates: list[int] = []
    follower = lookups.seq_linking_to(entry.hash)
    if follower is not None:
        candidates.append(follower - 1)
    if entry.prev_hash == AUDIT_GENESIS_HASH:
        candidates.append(1)
    else:
        before = lookups.seq_hashed(entry.prev_hash)
        if before is not None:
            candidates.append(before + 1)
    candidates += [entry.seq - 1, entry.seq + 1]
    for seq in candidates:
        if seq != entry.seq and _hashes_at(entry, seq):
            return seq
    return None


def _shifted(entry: StoredEntry | None, by: int) -> bool:
    """True if `entry` is authentic `by` places from where it stands (its tail was renumbered)."""
    return entry is not None and _hashes_at(entry, entry.seq - by)


def _inserted_before_authentic(brk: ChainBreak, lookups: _Lookups) -> ChainProblem | None:
    """The next entry is the authentic one at this number: this one was put in."""
    k = brk.expected
    following = lookups.at(k + 1)
    if following is not None and following.prev_hash == brk.prev_hash and _hashes_at(following, k):
        return ChainProblem(
            ProblemKind.INSERTED,
            k,
            f"entry {k} is not part of the chain: the authentic entry {k} follows it, "
            f"renumbered {k + 1}",
        )
    return None


def _diagnose_hash(brk: ChainBreak, lookups: _Lookups) -> ChainProblem:
    entry, k = brk.entry, brk.expected
    origin = _original_seq(entry, lookups)
    if origin is None:
        # Not an authentic entry from elsewhere: put in before the real one, or edited.
        inserted = _inserted_before_authentic(brk, lookups)
        if inserted is not None:
            return inserted
        return ChainProblem(
            ProblemKind.CHANGED, k, f"the content of entry {k} no longer matches its hash"
        )
    following = lookups.at(k + 1)
    if origin > k and _shifted(following, k - origin):
        missing = f"entry {k} was" if origin == k + 1 else f"entries {k} to {origin - 1} were"
        return ChainProblem(
            ProblemKind.REMOVED,
            k,
            f"{missing} removed and the later entries renumbered (entry {k} is the original "
            f"entry {origin})",
        )
    if origin < k and _shifted(following, k - origin):
        return ChainProblem(
            ProblemKind.INSERTED,
            origin,
            f"entry {origin} is not part of the chain: the original entry {origin} now stands "
            f"at {k}, the later entries renumbered",
        )
    return ChainProblem(
        ProblemKind.REORDERED, k, f"entry {k} is the original entry {origin}, moved here"
    )


def _diagnose_link(brk: ChainBreak, lookups: _Lookups) -> ChainProblem:
    entry, k = brk.entry, brk.expected
    inserted = _inserted_before_authentic(brk, lookups)
    if inserted is not None:
        return inserted
    target = lookups.seq_hashed(entry.prev_hash)
    if target is not None and target >= k:
        return ChainProblem(
            ProblemKind.REORDERED, k, f"entry {k} links to entry {target}, which comes after it"
        )
    if target is not None and target < k - 1:
        skipped = f"entry {k - 1} is" if target == k - 2 else f"entries {target + 1} to {k - 1} are"
        return ChainProblem(
            ProblemKind.INSERTED,
            target + 1,
            f"the chain goes from entry {target} to entry {k}: {skipped} not part of it",
        )
    if k == 1:
        return ChainProblem(
            ProblemKind.CHANGED, 1, "entry 1 does not start the chain (it links to an unknown hash)"
        )
    return ChainProblem(
        ProblemKind.CHANGED,
        k - 1,
        f"entry {k - 1} was changed and its hash recomputed: entry {k} still links to the "
        "earlier version",
    )


def diagnose(brk: ChainBreak, session: Session) -> ChainProblem:
    """The first problem in the local copy, named with its sequence number and kind."""
    if brk.misfit is Misfit.GAP:
        k, found = brk.expected, brk.entry.seq
        missing = f"entry {k} is" if found == k + 1 else f"entries {k} to {found - 1} are"
        return ChainProblem(
            ProblemKind.REMOVED, k, f"{missing} missing: after entry {k - 1} comes entry {found}"
        )
    lookups = _Lookups(session)
    if brk.misfit is Misfit.HASH:
        return _diagnose_hash(brk, lookups)
    return _diagnose_link(brk, lookups)


def sequence_problem(error: AuditSequenceError) -> ChainProblem:
    """The problem in a page the server sent out of order (it was not stored)."""
    if error.seq == error.previous:
        return ChainProblem(
            ProblemKind.INSERTED,
            error.seq,
            f"the server sent two entries numbered {error.seq}: one of them was inserted",
            on_server=True,
        )
    expected = error.after + 1
    for seq in error.received:
        if seq != expected:
            break
        expected += 1
    return ChainProblem(
        ProblemKind.REORDERED,
        expected,
        f"the server's entries are out of order: entry {error.seq} came after entry "
        f"{error.previous}, and entry {expected} does not stand at its place",
        on_server=True,
    )
