"""What verifying the audit log found, in plain words (no Qt: the CLI and the UI both show it)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

log = logging.getLogger(__name__)


class ProblemKind(StrEnum):
    """How an entry (or a checkpoint) does not fit the chain."""

    #: The entry's content no longer matches its hash (or a later entry's link to it).
    CHANGED = "changed"
    #: An entry is missing: a gap in the sequence numbers.
    REMOVED = "removed"
    #: An authentic entry stands at the wrong place: links or sequence numbers out of order.
    REORDERED = "reordered"
    #: An entry that is not part of the chain: a duplicated number, or the chain skips it.
    INSERTED = "inserted"
    #: A checkpoint whose signature is bad or made with a key this workstation never pinned.
    FORGED_CHECKPOINT = "forged checkpoint"
    #: A validly signed checkpoint whose head hash is not the log's: the log was rewritten.
    REWRITTEN = "rewritten"


@dataclass(frozen=True)
class ChainProblem:
    """The first place the log does not fit: what kind of problem, at which sequence number."""

    kind: ProblemKind
    seq: int
    #: A sentence for the auditor (what was found, not a guess at who did it).
    detail: str
    #: Found in the server's copy (re-fetched), not in this workstation's.
    on_server: bool = False

    def describe(self) -> str:
        where = "the server's copy" if self.on_server else "the audit log"
        if self.kind in (ProblemKind.FORGED_CHECKPOINT, ProblemKind.REWRITTEN):
            what = f"{self.kind.value} at entry {self.seq}"
        else:
            what = f"entry {self.seq} {self.kind.value}"
        return f"TAMPERED: {where}: {what}: {self.detail}."


@dataclass(frozen=True)
class VerifiedCheckpoint:
    """A checkpoint whose signature and head hash both checked out."""

    seq: int
    head_hash: str
    signed_at: datetime
    key_id: str


@dataclass(frozen=True)
class ChainReport:
    """The outcome of verifying the local copy (and, if asked, the server's copy)."""

    #: Entries in the local copy.
    entries: int
    #: Sequence number and stored hash of the last entry (0 and "" for an empty log).
    head_seq: int
    head_hash: str
    #: Checkpoints whose signature and head hash were verified.
    checkpoints_verified: int
    last_checkpoint: VerifiedCheckpoint | None
    #: Checkpoints beyond the local head (their entries are not fetched yet): checked next time.
    checkpoints_pending: int
    problem: ChainProblem | None
    #: True when the server's copy was re-fetched and compared with the local one.
    compared_with_server: bool = False
    #: New entries fetched just before (None when verification read the local copy only).
    fetched: int | None = None
    #: Whether checkpoint keys came from the settings (True) or were trusted when first seen
    #: (False); None when verification read the local copy only.
    keys_pinned: bool | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        """One paragraph for the auditor: clean with count and head, or the first problem."""
        if self.problem is not None:
            return self.problem.describe()
        if self.entries == 0:
            text = "The audit log is empty: nothing to verify."
        else:
            text = (
                f"The audit log is intact: {self.entries} entries, "
                f"head hash {self.head_hash} (entry {self.head_seq})."
            )
        if self.last_checkpoint is not None:
            cp = self.last_checkpoint
            text += (
                f" {self.checkpoints_verified} signed checkpoint(s) verified; the last at entry "
                f"{cp.seq}, signed {cp.signed_at.isoformat()} with key {cp.key_id}."
            )
        elif self.entries:
            text += " No signed checkpoint yet."
        if self.checkpoints_pending:
            text += f" {self.checkpoints_pending} newer checkpoint(s) wait for their entries."
        if self.compared_with_server:
            text += " The server's copy matches this workstation's."
        if self.keys_pinned is False and self.last_checkpoint is not None:
            text += (
                " The checkpoint keys were trusted when first seen: pin the server's key id "
                "(setting audit_key_ids) so that a key added to the server cannot vouch for "
                "a rewritten log."
            )
        return text

    def as_json(self) -> dict[str, object]:
        """The report for `audit verify --json` (stable keys, plain values)."""
        cp = self.last_checkpoint
        problem = self.problem
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "checkpoints_verified": self.checkpoints_verified,
            "checkpoints_pending": self.checkpoints_pending,
            "keys_pinned": self.keys_pinned,
            "last_checkpoint": None
            if cp is None
            else {
                "seq": cp.seq,
                "head_hash": cp.head_hash,
                "signed_at": cp.signed_at.isoformat(),
                "key_id": cp.key_id,
            },
            "problem": None
            if problem is None
            else {
                "kind": problem.kind.value,
                "seq": problem.seq,
                "detail": problem.detail,
                "on_server": problem.on_server,
            },
            "compared_with_server": self.compared_with_server,
            "fetched": self.fetched,
            "seconds": round(self.seconds, 3),
            "summary": self.summary(),
        }
