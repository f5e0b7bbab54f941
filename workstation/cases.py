"""Cases in the local store: applying the server's feed, and reading a case back.

A feed page and the cursor that follows it are written in one transaction, so a
crash mid-sync repeats at most one page and never skips one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session, undefer

from workstation.domain import DocumentKind
from workstation.models import Base, CaseRecordRow, CaseRow, DocumentRow
from workstation.protocol import CaseChanges, CaseRecord, DocumentRef
from workstation.store import CURSOR, QUEUE_ORDER, Store
from workstation.text import fold

log = logging.getLogger(__name__)

#: The automatic declaration checks' verdict on a case ("pass", "warn" or "fail": the queue's
#: "Checks" column). The checks live in `review`, above the core: the caller passes them in.
DeclarationCheck = Callable[[CaseRecord], str]


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


# New rows go in as plain (Core) executemany inserts: the ORM's bulk insert splits a page
# into one statement per pattern of empty columns (some 50 per page of 1,000).
_CASES: Final = _table(CaseRow)
_CASE_RECORDS: Final = _table(CaseRecordRow)
_DOCUMENTS: Final = _table(DocumentRow)


@dataclass(frozen=True)
class AppliedPage:
    new: int
    updated: int
    cursor: int
    #: New cases whose declaration checks ran and were stored with them.
    checked: int = 0


def case_columns(record: CaseRecord, *, synced_at: datetime) -> dict[str, Any]:
    """The queue's columns for one server record (the whole record goes to `case_records`)."""
    content = record.content
    name = content.holder.name
    document = content.travel_document
    search = " ".join(
        (
            fold(name.latin),
            fold(f"{name.given or ''} {name.family}"),
            name.chinese or "",
            document.number.lower(),
            content.holder.nationality.lower(),
            str(record.case_id),
        )
    )
    return {
        "case_id": str(record.case_id),
        "mission": record.mission,
        "status": record.status.value,
        "version": record.version,
        "supersedes": str(record.supersedes) if record.supersedes else None,
        "superseded_by": str(record.superseded_by) if record.superseded_by else None,
        "submitted_at": record.submitted_at,
        "departure_at": content.itinerary.departure_time,
        "holder_name": name.latin,
        "holder_name_zh": name.chinese or "",
        "nationality": content.holder.nationality,
        "document_type": document.type.value,
        "document_number": document.number,
        "search_text": search,
        "change_seq": record.change_seq,
        "claim_officer": record.claim.officer if record.claim else None,
        "claim_expires_at": record.claim.expires_at if record.claim else None,
        "decision_outcome": record.decision.outcome.value if record.decision else None,
        "decided_at": record.decision.decided_at if record.decision else None,
        "certificate_id": record.certificate.certificate_id if record.certificate else None,
        "certificate_revoked_at": record.certificate.revoked_at if record.certificate else None,
        "synced_at": synced_at,
    }


def _document_columns(case_id: str, position: int, ref: DocumentRef) -> dict[str, Any]:
    return {
        "document_id": str(ref.document_id),
        "case_id": case_id,
        "position": position,
        "kind": ref.kind.value,
        "filename": ref.filename,
        "media_type": ref.media_type,
        "size": ref.size,
        "sha256": ref.sha256,
    }


def apply_changes(
    store: Store,
    changes: CaseChanges,
    *,
    synced_at: datetime,
    check: DeclarationCheck | None = None,
) -> AppliedPage:
    """Write one feed page and its cursor in one transaction.

    With `check`, each new case is checked while its record is in memory and stored with its
    verdict, in the same transaction (nothing to read back, no case shown unchecked).
    """
    with store.session() as session:
        new, updated, checked = _upsert(session, changes.cases, synced_at=synced_at, check=check)
        store.set_state(session, CURSOR, str(changes.cursor))
        store.set_state(session, QUEUE_ORDER, changes.order.value)
    return AppliedPage(new=new, updated=updated, cursor=changes.cursor, checked=checked)


def upsert_records(
    session: Session,
    records: Sequence[CaseRecord],
    *,
    synced_at: datetime,
    check: DeclarationCheck | None = None,
) -> tuple[int, int]:
    """Insert or update records (portable: no dialect-specific upsert). Returns (new, updated).

    A new case gets `check`'s verdict (none without it: `review` checks it later). An updated
    case keeps the verdict it has.
    """
    new, updated, _checked = _upsert(session, records, synced_at=synced_at, check=check)
    return new, updated


def _verdict(check: DeclarationCheck, record: CaseRecord) -> str | None:
    """`check`'s verdict, or none if it fails: a fault in a check must not stop the sync on
    this page for ever. The case is checked again after the pull, where the fault surfaces."""
    try:
        return check(record)
    except Exception as exc:
        # The type only: a message may quote the declaration (personal data stays out of logs).
        log.warning(
            "the declaration checks failed on case %s (%s)", record.case_id, type(exc).__name__
        )
        return None


def _upsert(
    session: Session,
    records: Sequence[CaseRecord],
    *,
    synced_at: datetime,
    check: DeclarationCheck | None,
) -> tuple[int, int, int]:
    """`upsert_records`, also counting the new cases stored with a verdict."""
    if not records:
        return 0, 0, 0
    ids = [str(r.case_id) for r in records]
    existing = set(session.scalars(select(CaseRow.case_id).where(CaseRow.case_id.in_(ids))))
    known_documents = set(
        session.scalars(select(DocumentRow.document_id).where(DocumentRow.case_id.in_(ids)))
    )
    fresh: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    fresh_json: list[dict[str, Any]] = []
    changed_json: list[dict[str, Any]] = []
    for record in records:
        columns = case_columns(record, synced_at=synced_at)
        stored = {"case_id": columns["case_id"], "record_json": record.model_dump_json()}
        if columns["case_id"] in existing:
            changed.append(columns)
            changed_json.append(stored)
        else:
            columns["check_verdict"] = _verdict(check, record) if check else None
            fresh.append(columns)
            fresh_json.append(stored)
        documents.extend(
            _document_columns(columns["case_id"], position, ref)
            for position, ref in enumerate(record.documents)
            if str(ref.document_id) not in known_documents
        )
    if fresh:
        session.execute(_CASES.insert(), fresh)
        session.execute(_CASE_RECORDS.insert(), fresh_json)
    if changed:
        session.execute(update(CaseRow), changed)
        session.execute(update(CaseRecordRow), changed_json)
    if documents:
        session.execute(_DOCUMENTS.insert(), documents)
    # A pending local decision stays pending until the server reports the case decided.
    decided = [c["case_id"] for c in changed if c["decision_outcome"] is not None]
    if decided:
        session.execute(
            update(CaseRow).where(CaseRow.case_id.in_(decided)).values(pending_entry_id=None)
        )
    checked = sum(1 for row in fresh if row["check_verdict"] is not None)
    return len(fresh), len(changed), checked


def load_record(store: Store, case_id: UUID | str) -> CaseRecord | None:
    with store.reader() as session:
        row = session.get(CaseRecordRow, str(case_id))
        return CaseRecord.model_validate_json(row.record_json) if row else None


def load_records(store: Store, case_ids: Sequence[str]) -> list[CaseRecord]:
    """Several records in one query (missing ids are skipped)."""
    with store.reader() as session:
        rows = session.scalars(
            select(CaseRecordRow.record_json).where(CaseRecordRow.case_id.in_(case_ids))
        ).all()
    return [CaseRecord.model_validate_json(row) for row in rows]


def version_history(store: Store, case_id: UUID | str) -> list[CaseRecord]:
    """Every version of a declaration known here, oldest first (re-declarations chain up)."""
    with store.reader() as session:
        rows: dict[str, CaseRow] = {}
        current = session.get(CaseRow, str(case_id))
        # Walk back to the first version, then forward along superseded_by.
        while current is not None and current.case_id not in rows:
            rows[current.case_id] = current
            current = session.get(CaseRow, current.supersedes) if current.supersedes else None
        current = session.get(CaseRow, str(case_id))
        while current is not None and current.superseded_by and current.superseded_by not in rows:
            current = session.get(CaseRow, current.superseded_by)
            if current is not None:
                rows[current.case_id] = current
        chain = list(rows)
    return sorted(load_records(store, chain), key=lambda r: r.version)


def set_check_verdicts(store: Store, verdicts: Mapping[str, str]) -> None:
    """Record the worst automatic-check verdict per case (the queue's "Checks" column)."""
    if not verdicts:
        return
    with store.session() as session:
        session.execute(
            update(CaseRow),
            [{"case_id": case_id, "check_verdict": v} for case_id, v in verdicts.items()],
        )


def cases_without_verdict(store: Store) -> list[str]:
    with store.reader() as session:
        return list(session.scalars(select(CaseRow.case_id).where(CaseRow.check_verdict.is_(None))))


@dataclass(frozen=True)
class StoredDocument:
    ref: DocumentRef
    content: bytes | None  # None until fetched


def case_documents(store: Store, case_id: UUID | str) -> list[StoredDocument]:
    """A case's documents in upload order, with their bytes when already fetched."""
    with store.reader() as session:
        rows = session.scalars(
            select(DocumentRow)
            .where(DocumentRow.case_id == str(case_id))
            .order_by(DocumentRow.position)
            .options(undefer(DocumentRow.content))
        ).all()
        return [
            StoredDocument(
                ref=DocumentRef(
                    document_id=UUID(row.document_id),
                    kind=DocumentKind(row.kind),
                    filename=row.filename,
                    media_type=row.media_type,
                    size=row.size,
                    sha256=row.sha256,
                ),
                content=row.content,
            )
            for row in rows
        ]
