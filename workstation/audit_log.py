"""The mission's audit log in the local store: fetched incrementally, kept as received.

Every wire field is stored exactly, so `review.audit` can recompute the hash
chain from the local copy alone; checkpoints and the server's signing keys are
kept beside it (keys are pinned: one seen once is never replaced).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from workstation import errors
from workstation.client import CentralClient
from workstation.domain import AuditAction
from workstation.models import AuditCheckpointRow, AuditEntryRow, AuditKeyRow, CaseRow
from workstation.protocol import AuditEntry
from workstation.store import Store

log = logging.getLogger(__name__)


def canonical_json(value: Any) -> str:
    """The JSON form the chain hashes: sorted keys, no spaces, UTF-8 (see protocol.audit_hash)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_columns(entry: AuditEntry, nationality: str | None) -> dict[str, Any]:
    wire = entry.model_dump(mode="json")
    return {
        "seq": entry.seq,
        "at_wire": wire["at"],
        "at": entry.at,
        "actor": entry.actor,
        "role": entry.role,
        "mission": entry.mission,
        "action": entry.action.value,
        "case_id": wire["case_id"],
        "outcome": entry.outcome,
        "note": entry.note,
        "details_json": canonical_json(wire["details"]),
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
        "nationality": nationality,
    }


def local_head(store: Store) -> int:
    """The highest sequence number fetched so far (0 when none)."""
    with store.reader() as session:
        return session.execute(select(func.coalesce(func.max(AuditEntryRow.seq), 0))).scalar_one()


#: Entries that open a case; the server writes the holder's nationality into their details.
_OPENING_ACTIONS = frozenset({AuditAction.SUBMITTED, AuditAction.REDECLARED})
_COUNTRY = re.compile(r"[A-Z]{2}")


def _stated_nationality(entry: AuditEntry) -> str | None:
    """The nationality a submission or re-declaration entry states (None before servers did)."""
    if entry.action not in _OPENING_ACTIONS:
        return None
    value = entry.details.get("nationality")
    return value if isinstance(value, str) and _COUNTRY.fullmatch(value) else None


def _known_nationalities(session: Session, case_ids: set[str]) -> dict[str, str]:
    """What is known here of these cases: from earlier entries of the log, else the cases table.

    A case's submission entry precedes every other entry of its case, so a later page finds
    the nationality in the local audit table even when the case itself was never synced or
    has been purged.
    """
    if not case_ids:
        return {}
    from_cases = session.execute(
        select(CaseRow.case_id, CaseRow.nationality).where(CaseRow.case_id.in_(case_ids))
    ).all()
    from_log = session.execute(
        select(AuditEntryRow.case_id, AuditEntryRow.nationality)
        .where(AuditEntryRow.case_id.in_(case_ids), AuditEntryRow.nationality.is_not(None))
        .order_by(AuditEntryRow.seq.desc())  # the earliest entry of a case wins
    ).all()
    known: dict[str, str] = {}
    for case_id, nationality in (*from_cases, *from_log):
        if case_id is not None and nationality:
            known[str(case_id)] = nationality
    return known


def store_entries(store: Store, entries: Sequence[AuditEntry]) -> int:
    """Append fetched entries, each with its case holder's nationality where it can be known.

    The nationality comes from the log itself (the submission or re-declaration entry that
    opened the case, in this page or stored earlier), else from the locally held case.
    """
    if not entries:
        return 0
    case_ids = {str(e.case_id) for e in entries if e.case_id}
    with store.session() as session:
        known = _known_nationalities(session, case_ids)
        rows = []
        for entry in entries:
            case_id = str(entry.case_id) if entry.case_id else None
            stated = _stated_nationality(entry)
            if case_id is not None and stated is not None:
                known[case_id] = stated
            rows.append(entry_columns(entry, known.get(case_id) if case_id else None))
        session.execute(insert(AuditEntryRow), rows)
    return len(entries)


class AuditSequenceError(errors.MalformedReply):
    """The server sent entries out of order or one number twice; that page was not stored.

    The local copy keys entries by their number, so it cannot hold such a page;
    `review.audit` names the entry and the kind of problem from `received`.
    """

    def __init__(self, *, after: int, received: Sequence[int], seq: int, previous: int) -> None:
        self.after = after
        self.received = tuple(received)
        self.seq = seq
        self.previous = previous
        super().__init__(
            f"the server's audit log is out of order: entry {seq} came after entry {previous}; "
            "nothing of that page was stored"
        )


def check_order(after: int, seqs: Sequence[int]) -> None:
    """Entries must come in increasing order after `after` (a gap is stored: it is evidence)."""
    previous = after
    for seq in seqs:
        if seq <= previous:
            raise AuditSequenceError(after=after, received=seqs, seq=seq, previous=previous)
        previous = seq


@dataclass(frozen=True)
class AuditFetch:
    entries: int
    checkpoints: int
    keys: int
    head_seq: int


def fetch_audit_log(
    client: CentralClient,
    store: Store,
    *,
    page_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    pinned_key_ids: Collection[str] = (),
) -> AuditFetch:
    """Fetch what is new since the local head: entries, then checkpoints, then signing keys.

    With `pinned_key_ids` (from the settings, handed over out of band) only those
    checkpoint keys are kept, and any other key kept before is dropped: a key slipped
    into the server's list cannot vouch for a rewritten log. Without, a key is trusted
    when first seen and never replaced.
    """
    after = local_head(store)
    fetched = 0
    while True:
        page = client.audit(after=after, limit=page_size)
        check_order(after, [e.seq for e in page.entries])
        fetched += store_entries(store, page.entries)
        if progress:
            progress(fetched)
        if page.entries:
            after = page.entries[-1].seq
        elif page.has_more:
            raise errors.MalformedReply("the server announced more audit entries but sent none")
        if not page.has_more:
            break
    with store.reader() as session:
        last_checkpoint = session.execute(
            select(func.coalesce(func.max(AuditCheckpointRow.seq), 0))
        ).scalar_one()
        known_keys = set(session.scalars(select(AuditKeyRow.key_id)))
    checkpoints = client.checkpoints(after=last_checkpoint)
    served = client.audit_keys()
    if pinned_key_ids:
        for key in served:
            if key.key_id not in pinned_key_ids:
                log.warning("audit key %s served but not pinned: not trusted", key.key_id)
        served = [k for k in served if k.key_id in pinned_key_ids]
    keys = [k for k in served if k.key_id not in known_keys]
    now = datetime.now(UTC)
    with store.session() as session:
        if pinned_key_ids:
            session.query(AuditKeyRow).filter(
                AuditKeyRow.key_id.not_in(list(pinned_key_ids))
            ).delete()
        for checkpoint in checkpoints:
            session.merge(
                AuditCheckpointRow(seq=checkpoint.seq, checkpoint_json=checkpoint.model_dump_json())
            )
        for key in keys:
            session.add(
                AuditKeyRow(
                    key_id=key.key_id,
                    public_key=key.public_key,
                    created_at=key.created_at,
                    first_seen_at=now,
                )
            )
    log.info(
        "audit log: %d new entries, %d checkpoints, %d keys", fetched, len(checkpoints), len(keys)
    )
    return AuditFetch(entries=fetched, checkpoints=len(checkpoints), keys=len(keys), head_seq=after)
