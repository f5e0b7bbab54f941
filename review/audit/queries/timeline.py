"""One case's audit trail: every step across its re-declarations, and its documents checked.

The versions of a declaration are linked in the log itself (a re-declaration
names the case it `supersedes`; the superseded case names its `superseded_by`),
so the timeline needs only the audit copy. Whether the documents a decision
recorded are the documents stored here is a comparison of SHA-256 values:
recorded in the decision entry, declared by the submission and answer entries
before it, and recomputed from the bytes this workstation holds.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import undefer

from review.audit.queries.history import AuditRow, rows_by_seq
from workstation.domain import AuditAction
from workstation.models import AuditEntryRow, DocumentRow
from workstation.store import Store

log = logging.getLogger(__name__)

#: A declaration has at most three versions; a longer chain in the log is not followed further.
MAX_VERSIONS: Final = 8

Detail = str | int | bool | list[str]

#: Entries that bring documents into a case (their details list the documents' SHA-256).
_DOCUMENTS_ADDED: Final = frozenset(
    {AuditAction.SUBMITTED, AuditAction.REDECLARED, AuditAction.ANSWERED}
)


def parse_details(details_json: str) -> dict[str, Detail]:
    """The entry's details as the protocol allows them; anything else in the store is dropped."""
    try:
        raw = json.loads(details_json)
    except ValueError:
        log.warning("an audit entry's details are not JSON; shown without them")
        return {}
    if not isinstance(raw, dict):
        return {}
    details: dict[str, Detail] = {}
    for key, value in raw.items():
        if isinstance(value, str | int | bool):
            details[str(key)] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            details[str(key)] = list(value)
    return details


def detail_list(details: dict[str, Detail], key: str) -> list[str]:
    value = details.get(key)
    return list(value) if isinstance(value, list) else []


def detail_text(details: dict[str, Detail], key: str) -> str:
    value = details.get(key)
    return "" if value is None or isinstance(value, list) else str(value)


@dataclass(frozen=True)
class TimelineStep:
    entry: AuditRow
    details: dict[str, Detail]

    @property
    def action(self) -> str:
        return self.entry.action


@dataclass(frozen=True)
class CaseTimeline:
    #: The declaration's versions known to the log, oldest first.
    case_ids: tuple[str, ...]
    steps: tuple[TimelineStep, ...]

    def decisions(self) -> list[TimelineStep]:
        return [s for s in self.steps if s.action == AuditAction.DECIDED]


def _links(rows: Sequence[AuditRow]) -> tuple[str | None, str | None]:
    """(previous version, next version) named by a case's own entries."""
    previous = following = None
    for row in rows:
        details = parse_details(row.details_json)
        previous = previous or detail_text(details, "supersedes") or None
        following = following or detail_text(details, "superseded_by") or None
    return previous, following


def _case_rows(store: Store, case_id: str) -> list[AuditRow]:
    with store.reader() as session:
        seqs = list(
            session.scalars(
                select(AuditEntryRow.seq)
                .where(AuditEntryRow.case_id == case_id)
                .order_by(AuditEntryRow.seq)
            )
        )
    return rows_by_seq(store, seqs)


def case_timeline(store: Store, case_id: str) -> CaseTimeline:
    """Every entry of the case and of its other versions, in the log's order."""
    rows: dict[str, list[AuditRow]] = {case_id: _case_rows(store, case_id)}
    order = [case_id]
    for direction in (0, 1):  # walk back to the first version, then forward to the last
        current = case_id
        while len(rows) < MAX_VERSIONS:
            linked = _links(rows[current])[direction]
            if not linked or linked in rows:
                break
            rows[linked] = _case_rows(store, linked)
            if direction == 0:
                order.insert(0, linked)
            else:
                order.append(linked)
            current = linked
    entries = sorted((r for version in rows.values() for r in version), key=lambda r: r.seq)
    steps = tuple(TimelineStep(entry=r, details=parse_details(r.details_json)) for r in entries)
    return CaseTimeline(case_ids=tuple(order), steps=steps)


def document_names(store: Store, case_ids: Sequence[str]) -> dict[str, str]:
    """File names of the cases' documents by document id (what "document viewed" names)."""
    with store.reader() as session:
        rows = session.execute(
            select(DocumentRow.document_id, DocumentRow.filename).where(
                DocumentRow.case_id.in_(list(case_ids))
            )
        ).all()
    return {document_id: filename for document_id, filename in rows}


# -- documents as they were when decided ----------------------------------------------------------


class DocumentVerdict(StrEnum):
    MATCHES = "matches"  # every recorded document is here, and its bytes hash to the record
    DIFFERS = "differs"  # a document is missing, extra, or its bytes do not hash to the record
    NOT_RECORDED = "not_recorded"  # the decision recorded no document hashes
    NOT_FETCHED = "not_fetched"  # the bytes are not on this workstation: nothing to compare


class DocumentState(StrEnum):
    MATCHES = "matches"  # recorded, stored, bytes hash to it
    ALTERED = "altered"  # stored bytes hash to something else
    NOT_STORED = "not_stored"  # recorded by the decision, no such document in the case here
    NOT_RECORDED = "not_recorded"  # the case had it when decided, the decision did not record it
    NOT_FETCHED = "not_fetched"  # recorded and listed, bytes not downloaded


@dataclass(frozen=True)
class DocumentEvidence:
    sha256: str
    state: DocumentState
    filename: str = ""
    kind: str = ""
    actual_sha256: str = ""


@dataclass(frozen=True)
class DocumentCheck:
    decision_seq: int
    verdict: DocumentVerdict
    documents: tuple[DocumentEvidence, ...]


def _present_when_decided(timeline: CaseTimeline, decision: TimelineStep) -> set[str]:
    """Documents the case had at the decision: declared by its submission and answers before."""
    case_id = decision.entry.case_id
    return {
        sha
        for step in timeline.steps
        if step.entry.seq < decision.entry.seq
        and step.entry.case_id == case_id
        and step.action in _DOCUMENTS_ADDED
        for sha in detail_list(step.details, "document_sha256")
    }


def check_documents(store: Store, timeline: CaseTimeline, decision: TimelineStep) -> DocumentCheck:
    """Compare what `decision` recorded with the case's documents in the store, byte for byte."""
    recorded = detail_list(decision.details, "document_sha256")
    seq = decision.entry.seq
    if not recorded:
        return DocumentCheck(seq, DocumentVerdict.NOT_RECORDED, ())
    with store.reader() as session:
        stored = session.scalars(
            select(DocumentRow)
            .where(DocumentRow.case_id == decision.entry.case_id)
            .order_by(DocumentRow.position)
            .options(undefer(DocumentRow.content))
        ).all()
        by_hash = {row.sha256: row for row in stored}
        evidence: list[DocumentEvidence] = []
        for sha in recorded:
            row = by_hash.get(sha)
            if row is None:
                evidence.append(DocumentEvidence(sha, DocumentState.NOT_STORED))
                continue
            actual = hashlib.sha256(row.content).hexdigest() if row.content is not None else ""
            state = (
                DocumentState.NOT_FETCHED
                if row.content is None
                else DocumentState.MATCHES
                if actual == sha
                else DocumentState.ALTERED
            )
            evidence.append(DocumentEvidence(sha, state, row.filename, row.kind, actual))
        for sha in sorted(_present_when_decided(timeline, decision) - set(recorded)):
            row = by_hash.get(sha)
            evidence.append(
                DocumentEvidence(
                    sha,
                    DocumentState.NOT_RECORDED,
                    row.filename if row else "",
                    row.kind if row else "",
                )
            )
    states = {e.state for e in evidence}
    if states <= {DocumentState.MATCHES}:
        verdict = DocumentVerdict.MATCHES
    elif states <= {DocumentState.MATCHES, DocumentState.NOT_FETCHED}:
        verdict = DocumentVerdict.NOT_FETCHED
    else:
        verdict = DocumentVerdict.DIFFERS
    return DocumentCheck(seq, verdict, tuple(evidence))
