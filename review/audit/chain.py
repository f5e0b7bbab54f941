"""`verify_chain(store)`: recompute the local copy of the audit log and check its checkpoints.

One pass over the entries in number order (`review.audit.scan`) recomputes
every hash from the stored columns, checks that numbers run from 1 without a
hole and that each entry links to the one before; it stops at the first entry
that does not fit and `review.audit.diagnosis` names it. Then every checkpoint
must be signed by a pinned key and its head hash must be the recomputed hash
at its number.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy import func, select

from review.audit.checkpoints import StoredCheckpoint, stored_checkpoints
from review.audit.diagnosis import diagnose
from review.audit.report import ChainProblem, ChainReport, ProblemKind, VerifiedCheckpoint
from review.audit.scan import ChainScan, scan_store
from workstation.models import AuditEntryRow
from workstation.store import Store

log = logging.getLogger(__name__)

#: `progress(entries_checked, entries_total)`.
Progress = Callable[[int, int], None]


def _checkpoint_problem(
    checkpoints: list[StoredCheckpoint], scan: ChainScan, *, local_head: int
) -> tuple[ChainProblem | None, VerifiedCheckpoint | None, int, int]:
    """The first bad checkpoint (if any), the last good one, how many verified and pending."""
    last: VerifiedCheckpoint | None = None
    verified = pending = 0
    for stored in checkpoints:
        cp = stored.checkpoint
        if stored.forged is not None or cp is None:
            return (
                ChainProblem(
                    ProblemKind.FORGED_CHECKPOINT,
                    stored.seq,
                    f"the checkpoint for entry {stored.seq} is not genuine: {stored.forged}",
                ),
                last,
                verified,
                pending,
            )
        if cp.seq > local_head:
            pending += 1
            continue
        recomputed = scan.hashes_at.get(cp.seq)
        if recomputed is None:
            continue  # the chain breaks before it: the break is the problem reported
        if recomputed != cp.head_hash:
            start = 1 if last is None else last.seq + 1
            return (
                ChainProblem(
                    ProblemKind.REWRITTEN,
                    start,
                    f"the server signed entry {cp.seq} with head hash {cp.head_hash} at "
                    f"{cp.signed_at.isoformat()}, but the log now gives {recomputed}: entries "
                    f"{start} to {cp.seq} were rewritten after it was signed",
                ),
                last,
                verified,
                pending,
            )
        verified += 1
        last = VerifiedCheckpoint(cp.seq, cp.head_hash, cp.signed_at, cp.key_id)
    return None, last, verified, pending


def verify_chain(store: Store, *, progress: Progress | None = None) -> ChainReport:
    """Verify the local copy: every hash, link, number, and every checkpoint.

    Reports the first entry (or checkpoint) that does not fit, with its number
    and how; a clean log reports its entry count, head hash and last checkpoint.
    Reads only the local store (fetch first with `workstation.audit_log`).
    """
    started = time.perf_counter()
    with store.reader() as session:
        total, local_head = session.execute(
            select(func.count(), func.coalesce(func.max(AuditEntryRow.seq), 0)).select_from(
                AuditEntryRow
            )
        ).one()
        checkpoints = stored_checkpoints(session)
        scan = scan_store(
            store.engine,
            head=local_head,
            total=total,
            checkpoint_seqs=frozenset(c.seq for c in checkpoints),
            progress=progress,
        )
        chain_problem = None if scan.brk is None else diagnose(scan.brk, session)
        head_hash = session.scalar(
            select(AuditEntryRow.hash).where(AuditEntryRow.seq == local_head)
        )
    checkpoint_problem, last, verified, pending = _checkpoint_problem(
        checkpoints, scan, local_head=local_head
    )
    problems = [p for p in (chain_problem, checkpoint_problem) if p is not None]
    report = ChainReport(
        entries=total,
        head_seq=local_head,
        head_hash=head_hash or "",
        checkpoints_verified=verified,
        last_checkpoint=last,
        checkpoints_pending=pending,
        problem=min(problems, key=lambda p: p.seq) if problems else None,
        seconds=time.perf_counter() - started,
    )
    if progress is not None:
        progress(total, total)
    log.info("audit chain: %s (%.2f s)", report.summary(), report.seconds)
    return report
