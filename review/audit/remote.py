"""The audit log against the server: fetch what is new, verify, and compare the server's copy.

`verify_chain` proves the local copy is the chain the server served and signed.
Comparing with a fresh copy from the server proves the server still serves what
it served then: an entry changed, dropped or re-signed on the server after this
workstation fetched it shows up here even when the server re-chained it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Collection, Sequence

from sqlalchemy import func, select

from review.audit.canonical import StoredEntry, entry_select
from review.audit.chain import verify_chain
from review.audit.diagnosis import sequence_problem
from review.audit.report import ChainProblem, ChainReport, ProblemKind
from workstation.audit_log import AuditSequenceError, check_order, entry_columns, fetch_audit_log
from workstation.client import CentralClient
from workstation.models import AuditCheckpointRow, AuditEntryRow
from workstation.protocol import AuditCheckpoint, AuditEntry
from workstation.store import Store

log = logging.getLogger(__name__)

#: `progress(stage, done, total)`: stage is "fetch", "verify" or "compare"; total 0 if unknown.
StageProgress = Callable[[str, int, int], None]


def _wire(entry: AuditEntry) -> StoredEntry:
    columns = entry_columns(entry, None)
    return StoredEntry(*(columns[name] for name in StoredEntry._fields))


def _differences(served: StoredEntry, stored: StoredEntry) -> list[str]:
    return [name for name, a, b in zip(StoredEntry._fields, served, stored, strict=True) if a != b]


def _compare_page(
    store: Store, after: int, entries: Sequence[AuditEntry]
) -> tuple[ChainProblem | None, int]:
    """Compare one served page with the local rows it covers; returns a problem and the count."""
    last = entries[-1].seq
    with store.reader() as session:
        local = {
            row[0]: StoredEntry(*row)
            for row in session.execute(
                entry_select().where(AuditEntryRow.seq > after, AuditEntryRow.seq <= last)
            )
        }
    compared = 0
    expected = after + 1
    for entry in entries:
        dropped = sorted(seq for seq in local if expected <= seq < entry.seq)
        if dropped:
            return _dropped(dropped[0]), compared
        expected = entry.seq + 1
        stored = local.get(entry.seq)
        if stored is None:
            continue  # new on the server, or missing here (the local check names that)
        compared += 1
        changed = _differences(_wire(entry), stored)
        if changed:
            return (
                ChainProblem(
                    ProblemKind.CHANGED,
                    entry.seq,
                    f"the server now serves entry {entry.seq} with a different "
                    f"{', '.join(changed)} than this workstation fetched earlier",
                    on_server=True,
                ),
                compared,
            )
    return None, compared


def _dropped(seq: int) -> ChainProblem:
    return ChainProblem(
        ProblemKind.REMOVED,
        seq,
        f"the server no longer serves entry {seq}, which this workstation fetched earlier",
        on_server=True,
    )


def _compare_checkpoints(client: CentralClient, store: Store) -> ChainProblem | None:
    served = {c.seq: c for c in client.checkpoints(after=0)}
    with store.reader() as session:
        stored = session.execute(
            select(AuditCheckpointRow.seq, AuditCheckpointRow.checkpoint_json).order_by(
                AuditCheckpointRow.seq
            )
        ).all()
    for seq, text in stored:
        now = served.get(seq)
        if now is None or now != AuditCheckpoint.model_validate_json(text):
            what = "no longer serves" if now is None else "serves a different"
            return ChainProblem(
                ProblemKind.FORGED_CHECKPOINT,
                seq,
                f"the server {what} checkpoint for entry {seq} than this workstation fetched",
                on_server=True,
            )
    return None


def verify_against_server(
    client: CentralClient,
    store: Store,
    *,
    page_size: int = 5000,
    progress: StageProgress | None = None,
) -> ChainProblem | None:
    """Re-fetch the server's whole log and compare it with the local copy, entry by entry.

    Returns the first entry (or checkpoint) the server now serves differently,
    or no longer serves; None when every fetched entry is served unchanged.
    Raises `workstation.errors.CentralError` when the server cannot be read.
    """
    after = compared = 0
    problem: ChainProblem | None = None
    while problem is None:
        page = client.audit(after=after, limit=page_size)
        try:
            check_order(after, [e.seq for e in page.entries])
        except AuditSequenceError as exc:
            return sequence_problem(exc)
        if page.entries:
            problem, count = _compare_page(store, after, page.entries)
            compared += count
            after = page.entries[-1].seq
        if progress is not None:
            progress("compare", after, page.head_seq)
        if not page.has_more or not page.entries:
            break
    if problem is None:
        with store.reader() as session:
            beyond = session.scalar(
                select(AuditEntryRow.seq)
                .where(AuditEntryRow.seq > after)
                .order_by(AuditEntryRow.seq)
                .limit(1)
            )
        problem = None if beyond is None else _dropped(beyond)
    checkpoint = _compare_checkpoints(client, store)
    problems = [p for p in (problem, checkpoint) if p is not None]
    log.info("compared %d audit entries with the server: %s", compared, problems or "same")
    return min(problems, key=lambda p: p.seq) if problems else None


def _fetch(
    client: CentralClient,
    store: Store,
    progress: StageProgress | None,
    pinned_key_ids: Collection[str],
) -> tuple[int, ChainProblem | None]:
    """Fetch what is new; an out-of-order page is a problem, not a failure."""
    try:
        fetch = fetch_audit_log(
            client,
            store,
            progress=None if progress is None else (lambda done: progress("fetch", done, 0)),
            pinned_key_ids=pinned_key_ids,
        )
    except AuditSequenceError as exc:
        return 0, sequence_problem(exc)
    return fetch.entries, None


def _cut_short(store: Store, head_seq: int) -> ChainProblem | None:
    """A signed checkpoint beyond every entry the server still serves: its tail was removed."""
    with store.reader() as session:
        beyond = session.scalar(
            select(func.min(AuditCheckpointRow.seq)).where(AuditCheckpointRow.seq > head_seq)
        )
    if beyond is None:
        return None
    return ChainProblem(
        ProblemKind.REMOVED,
        head_seq + 1,
        f"the server signed a checkpoint for entry {beyond} but no longer serves the entries "
        f"after {head_seq}",
        on_server=True,
    )


def fetch_and_verify(
    client: CentralClient,
    store: Store,
    *,
    full: bool = False,
    progress: StageProgress | None = None,
    pinned_key_ids: Collection[str] = (),
) -> ChainReport:
    """What `audit verify` does: fetch new entries, verify the chain, and with `full` compare.

    Checkpoint signatures count only with the keys in `pinned_key_ids` when it is given
    (see `fetch_audit_log`); the report says whether they were.

    A page the server sends out of order is not stored; it is reported as the
    problem (inserted or reordered on the server). A checkpoint beyond the last
    entry served is fetched for once more (the head may have moved between the
    entries and the checkpoints); still beyond, the log was cut short. Network
    and sign-in failures raise `workstation.errors.CentralError`: then nothing
    could be checked.
    """

    def verify() -> ChainReport:
        return verify_chain(
            store,
            progress=None
            if progress is None
            else (lambda done, total: progress("verify", done, total)),
        )

    fetched, fetch_problem = _fetch(client, store, progress, pinned_key_ids)
    report = verify()
    if fetch_problem is None and report.checkpoints_pending:
        more, fetch_problem = _fetch(client, store, progress, pinned_key_ids)
        fetched += more
        report = verify()
        if fetch_problem is None and report.checkpoints_pending:
            fetch_problem = _cut_short(store, report.head_seq)
    problems = [p for p in (fetch_problem, report.problem) if p is not None]
    if full:
        compared = verify_against_server(client, store, progress=progress)
        if compared is not None:
            problems.append(compared)
    return dataclasses.replace(
        report,
        problem=min(problems, key=lambda p: p.seq) if problems else None,
        compared_with_server=full,
        fetched=fetched,
        keys_pinned=bool(pinned_key_ids),
    )
