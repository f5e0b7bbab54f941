"""Traveller intake: declarations, re-declarations and answers to requests for information.

`submit_declaration` is the one way a declaration enters the server: the HTTP
endpoint and the demo seeding both call it inside a write transaction. A
traveller has no account; the receipt's random `traveller_token` (stored only
as a hash) is what lets them re-declare or answer later.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from server.audit import TRAVELLER, append_entry
from server.errors import bad_request, conflict, forbidden, invalid, not_found
from server.models import CaseDocumentRow, CaseRow, DocumentBlobRow, MissionRow
from server.records import next_change_seq, refresh_record, stamp_change
from server.trips import trip_key
from server.uploads import ReceivedFile, UploadedDocument, check_documents
from workstation.domain import (
    MAX_REDECLARATIONS,
    AuditAction,
    CaseEvent,
    CaseStatus,
    advance,
)
from workstation.protocol import (
    DeclarationContent,
    DeclarationSubmission,
    DocumentRef,
    SubmissionReceipt,
    SupplementAnswer,
)

log = logging.getLogger(__name__)

REDECLARATION_LIMIT_MESSAGE = "re-declaration limit reached"


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_traveller(case: CaseRow, token: str | None) -> None:
    if not token:
        raise bad_request("the X-Traveller-Token header (from the submission receipt) is required")
    if not hmac.compare_digest(_token_digest(token), case.traveller_token_sha256):
        raise forbidden("the traveller token does not belong to this declaration")


def store_documents(
    session: Session,
    case_id: uuid.UUID,
    documents: Sequence[UploadedDocument],
    *,
    first_position: int,
) -> list[DocumentRef]:
    refs = []
    for position, document in enumerate(documents, start=first_position):
        sha256 = document.entry.sha256
        # Straight INSERTs, not ORM objects the session would keep until commit: one
        # document's bytes are in memory at a time. (No autoflush: the case row that the
        # pending document rows refer to is added later.)
        with session.no_autoflush:
            known = session.execute(
                select(DocumentBlobRow.sha256).where(DocumentBlobRow.sha256 == sha256)
            ).first()
            if known is None:
                session.execute(
                    insert(DocumentBlobRow).values(sha256=sha256, content=document.content())
                )
        row = CaseDocumentRow(
            document_id=uuid.uuid4(),
            case_id=case_id,
            position=position,
            kind=document.entry.kind.value,
            filename=document.entry.filename,
            media_type=document.media_type,
            size=document.size,
            sha256=sha256,
        )
        session.add(row)
        refs.append(
            DocumentRef(
                document_id=row.document_id,
                kind=document.entry.kind,
                filename=row.filename,
                media_type=document.media_type,
                size=row.size,
                sha256=sha256,
            )
        )
    return refs


def _previous_version(
    session: Session, submission: DeclarationSubmission, token: str | None
) -> CaseRow:
    assert submission.supersedes is not None
    previous = session.get(CaseRow, submission.supersedes, with_for_update=True)
    if previous is None:
        raise not_found("the declaration to re-declare does not exist")
    _check_traveller(previous, token)
    if previous.mission != submission.mission:
        raise invalid("a re-declaration goes to the same mission as the declaration it replaces")
    old = DeclarationContent.model_validate_json(previous.content_json).travel_document
    new = submission.content.travel_document
    if (old.type, old.number, old.issuing_country) != (new.type, new.number, new.issuing_country):
        raise invalid("a re-declaration must be for the same travel document")
    if previous.superseded_by is not None:
        raise conflict("this declaration was already replaced; re-declare the newest version")
    if previous.version >= MAX_REDECLARATIONS:
        raise conflict(
            f"{REDECLARATION_LIMIT_MESSAGE}: a traveller may re-declare at most "
            f"{MAX_REDECLARATIONS} times per trip"
        )
    return previous


def _supersede(
    session: Session, previous: CaseRow, successor: uuid.UUID, *, now: datetime
) -> str | None:
    """Withdraw the previous version, or revoke its certificate. The revoked UVCI, if any."""
    status = advance(CaseStatus(previous.status), CaseEvent.REDECLARE)
    previous.status = status.value
    previous.superseded_by = successor
    previous.claim_officer = None
    previous.claim_expires_at = None
    previous.lease_expired_from = None
    revoked = None
    if status is CaseStatus.REVOKED:
        previous.certificate_revoked_at = now
        revoked = previous.certificate_id
    stamp_change(session, previous)
    append_entry(
        session,
        mission=previous.mission,
        actor=TRAVELLER,
        role=TRAVELLER,
        action=AuditAction.REVOKED if revoked else AuditAction.SUPERSEDED,
        at=now,
        case_id=previous.case_id,
        outcome=status.value,
        details={
            "superseded_by": str(successor),
            **({"certificate_id": revoked} if revoked else {}),
        },
    )
    return revoked


def _link_same_trip(session: Session, case: CaseRow) -> None:
    """Re-serve the other missions' cases of this trip, so their officers see the new link."""
    session.flush()
    others = session.scalars(
        select(CaseRow)
        .where(
            CaseRow.trip_key == case.trip_key,
            CaseRow.mission != case.mission,
            CaseRow.superseded_by.is_(None),
        )
        .order_by(CaseRow.change_seq)
    ).all()
    for other in others:
        stamp_change(session, other)
    if others:
        log.info(
            "declaration %s: the same trip is declared at %d other mission(s)",
            case.case_id,
            len(others),
        )


def submit_declaration(
    session: Session,
    *,
    submission: DeclarationSubmission,
    files: Mapping[str, ReceivedFile | bytes],
    now: datetime,
    traveller_token: str | None = None,
) -> SubmissionReceipt:
    """Take in a declaration (or a re-declaration when `submission.supersedes` is set).

    A second live declaration of the same trip at the same mission is a conflict (the
    traveller re-declares instead); at another mission it is taken in, and both missions'
    cases name each other in `same_trip_elsewhere` for the officers to judge.
    """
    if session.get(MissionRow, submission.mission) is None:
        raise invalid(f"there is no mission {submission.mission!r}")
    documents = check_documents(submission.documents, files)
    key = trip_key(submission.content)
    previous = None
    if submission.supersedes is not None:
        previous = _previous_version(session, submission, traveller_token)
    else:
        existing = session.execute(
            select(CaseRow.case_id)
            .where(
                CaseRow.trip_key == key,
                CaseRow.mission == submission.mission,
                CaseRow.superseded_by.is_(None),
            )
            .limit(1)
        ).scalar_one_or_none()
        if existing is not None:
            raise conflict(
                "a declaration for this travel document and flight already exists; "
                "re-declare it instead (supersedes + X-Traveller-Token)"
            )
    token = secrets.token_urlsafe(32)
    seq = next_change_seq(session)
    case = CaseRow(
        case_id=uuid.uuid4(),
        mission=submission.mission,
        status=CaseStatus.SUBMITTED.value,
        version=0 if previous is None else previous.version + 1,
        supersedes=None if previous is None else previous.case_id,
        trip_key=key,
        traveller_token_sha256=_token_digest(token),
        submitted_at=now,
        first_departure=submission.content.itinerary.departure_time,
        intake_seq=seq,
        change_seq=seq,
        content_json=submission.content.model_dump_json(),
    )
    refs = store_documents(session, case.case_id, documents, first_position=0)
    record = refresh_record(session, case, content=submission.content, documents=refs)
    session.add(case)
    revoked = None if previous is None else _supersede(session, previous, case.case_id, now=now)
    _link_same_trip(session, case)
    append_entry(
        session,
        mission=case.mission,
        actor=TRAVELLER,
        role=TRAVELLER,
        action=AuditAction.SUBMITTED if previous is None else AuditAction.REDECLARED,
        at=now,
        case_id=case.case_id,
        outcome=record.status.value,
        details={
            "version": case.version,
            "document_sha256": [d.entry.sha256 for d in documents],
            # The auditor filters the log by the holder's nationality: the log itself carries it
            # (a workstation may not hold the case: not synced, or purged after retention).
            "nationality": submission.content.holder.nationality,
            **({"supersedes": str(previous.case_id)} if previous is not None else {}),
        },
    )
    return SubmissionReceipt(
        case_id=case.case_id,
        version=case.version,
        status=record.status,
        traveller_token=token,
        superseded=None if previous is None else previous.case_id,
        revoked_certificate=revoked,
    )


def answer_request(
    session: Session,
    *,
    case_id: uuid.UUID,
    answer: SupplementAnswer,
    files: Mapping[str, ReceivedFile | bytes],
    traveller_token: str | None,
    now: datetime,
) -> SubmissionReceipt:
    """The traveller's supplementary materials: the case goes back to the queue."""
    case = session.get(CaseRow, case_id, with_for_update=True)
    if case is None:
        raise not_found("no such declaration")
    _check_traveller(case, traveller_token)
    documents = check_documents(answer.documents, files)
    status = advance(CaseStatus(case.status), CaseEvent.ANSWER)
    positions = session.scalars(
        select(CaseDocumentRow.position).where(CaseDocumentRow.case_id == case_id)
    ).all()
    store_documents(session, case_id, documents, first_position=max(positions, default=-1) + 1)
    case.status = status.value
    record = stamp_change(session, case)
    append_entry(
        session,
        mission=case.mission,
        actor=TRAVELLER,
        role=TRAVELLER,
        action=AuditAction.ANSWERED,
        at=now,
        case_id=case_id,
        outcome=status.value,
        note=answer.note,
        details={
            "documents_before": len(positions),
            "document_sha256": [d.entry.sha256 for d in documents],
        },
    )
    assert traveller_token is not None
    return SubmissionReceipt(
        case_id=case_id, version=case.version, status=record.status, traveller_token=traveller_token
    )
