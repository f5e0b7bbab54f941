"""A case as served (`CaseRecord`), and the change number every change to a case takes.

The record is rendered from the protocol model each time the case changes and
stored as JSON, so every reader (feed, case view, claim reply) serves the same
validated text without rebuilding it.
"""

from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import CaseDocumentRow, CaseRow, ChangeCounterRow, DecisionRow
from workstation.domain import CaseStatus, DocumentKind
from workstation.protocol import (
    CaseRecord,
    CertificateRef,
    Claim,
    DecisionRecord,
    DeclarationContent,
    DocumentRef,
    SameTripElsewhere,
)

log = logging.getLogger(__name__)


def next_change_seq(session: Session) -> int:
    """Take the next global change number (the counter row stays locked until commit)."""
    return session.execute(
        update(ChangeCounterRow)
        .where(ChangeCounterRow.id == 1)
        .values(value=ChangeCounterRow.value + 1)
        .returning(ChangeCounterRow.value)
    ).scalar_one()


def document_refs(session: Session, case: CaseRow) -> list[DocumentRef]:
    rows = session.scalars(
        select(CaseDocumentRow)
        .where(CaseDocumentRow.case_id == case.case_id)
        .order_by(CaseDocumentRow.position)
    ).all()
    return [
        DocumentRef(
            document_id=row.document_id,
            kind=DocumentKind(row.kind),
            filename=row.filename,
            media_type=row.media_type,
            size=row.size,
            sha256=row.sha256,
        )
        for row in rows
    ]


def current_decision(session: Session, case: CaseRow) -> DecisionRecord | None:
    if case.decision_key is None:
        return None
    row = session.get(DecisionRow, case.decision_key)
    return None if row is None else DecisionRecord.model_validate_json(row.record_json)


#: Links kept on one record (`CaseRecord.same_trip_elsewhere`); more would only be noise.
SAME_TRIP_LINKS = 50


def same_trip_elsewhere(session: Session, case: CaseRow) -> list[SameTripElsewhere]:
    """The newest version of every declaration of this trip at another mission."""
    # No autoflush: intake renders a new case's record before the case row is added.
    with session.no_autoflush:
        rows = session.execute(
            select(CaseRow.case_id, CaseRow.mission, CaseRow.submitted_at)
            .where(
                CaseRow.trip_key == case.trip_key,
                CaseRow.mission != case.mission,
                CaseRow.superseded_by.is_(None),
            )
            .order_by(CaseRow.submitted_at, CaseRow.case_id)
            .limit(SAME_TRIP_LINKS)
        ).all()
    return [
        SameTripElsewhere(case_id=case_id, mission=mission, submitted_at=submitted_at)
        for case_id, mission, submitted_at in rows
    ]


def render_record(
    session: Session,
    case: CaseRow,
    *,
    content: DeclarationContent | None = None,
    documents: list[DocumentRef] | None = None,
) -> CaseRecord:
    """The case as served; `content` and `documents` save reading back what the caller holds."""
    claim = None
    if case.claim_officer is not None and case.claim_expires_at is not None:
        claim = Claim(officer=case.claim_officer, expires_at=case.claim_expires_at)
    certificate = None
    if case.certificate_id is not None and case.certificate_issued_at is not None:
        certificate = CertificateRef(
            certificate_id=case.certificate_id,
            issued_at=case.certificate_issued_at,
            revoked_at=case.certificate_revoked_at,
            printed_at=case.certificate_printed_at,
        )
    return CaseRecord(
        case_id=case.case_id,
        mission=case.mission,
        status=CaseStatus(case.status),
        version=case.version,
        supersedes=case.supersedes,
        superseded_by=case.superseded_by,
        submitted_at=case.submitted_at,
        change_seq=case.change_seq,
        content=content or DeclarationContent.model_validate_json(case.content_json),
        documents=document_refs(session, case) if documents is None else documents,
        claim=claim,
        decision=current_decision(session, case),
        certificate=certificate,
        same_trip_elsewhere=same_trip_elsewhere(session, case),
    )


def refresh_record(
    session: Session,
    case: CaseRow,
    *,
    content: DeclarationContent | None = None,
    documents: list[DocumentRef] | None = None,
) -> CaseRecord:
    record = render_record(session, case, content=content, documents=documents)
    case.record_json = record.model_dump_json()
    return record


def stamp_change(session: Session, case: CaseRow) -> CaseRecord:
    """Record that `case` changed: next change number, record re-rendered (same transaction)."""
    case.change_seq = next_change_seq(session)
    return refresh_record(session, case)
