"""The officers' side of cases: the incremental feed, claims with leases, the next case.

Every function runs inside the caller's transaction (`Database.writer` for the
ones that change cases, which serialises them, see `server.db`). A case of
another mission is "not found": its existence is not revealed. Clerks see only
approved and revoked cases (what they may print or must not print).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from server.audit import SYSTEM, append_by, append_entry, splice_list
from server.claim_limit import max_claims
from server.errors import ApiError, conflict, not_found
from server.models import CaseDocumentRow, CaseRow, DocumentBlobRow, MissionRow
from server.principal import Principal
from server.queue_requests import claimed_before, remember_claim
from server.records import stamp_change
from workstation.domain import (
    AuditAction,
    CaseEvent,
    CaseStatus,
    Permission,
    QueueOrder,
    advance,
)
from workstation.protocol import CaseChanges, CaseRecord

log = logging.getLogger(__name__)

#: What a clerk may see: certificates to print, and those that must no longer be printed.
CLERK_STATUSES: Final = (CaseStatus.APPROVED.value, CaseStatus.REVOKED.value)
MAX_FEED_PAGE: Final = 5000
#: `ErrorReply.error` of a claim refused because the officer holds the most allowed.
CLAIM_LIMIT_ERROR: Final = "claim_limit"


def visible_case(
    session: Session, principal: Principal, case_id: uuid.UUID, *, for_update: bool = False
) -> CaseRow:
    """The case if the principal may see it; 404 otherwise (another mission's case included)."""
    principal.require(Permission.READ_CASES, Permission.READ_APPROVED)
    case = session.get(CaseRow, case_id, with_for_update=for_update)
    if (
        case is None
        or case.mission != principal.mission
        or (not principal.can(Permission.READ_CASES) and case.status not in CLERK_STATUSES)
    ):
        raise not_found("no such case in your mission")
    return case


def changes_json(
    session: Session, principal: Principal, *, since: int, limit: int, now: datetime
) -> str:
    """A `CaseChanges` page as JSON: stored records spliced into the protocol's envelope."""
    principal.require(Permission.READ_CASES, Permission.READ_APPROVED)
    order = session.execute(
        select(MissionRow.queue_order).where(MissionRow.code == principal.mission)
    ).scalar_one()
    query = select(CaseRow.change_seq, CaseRow.record_json).where(
        CaseRow.mission == principal.mission, CaseRow.change_seq > since
    )
    if not principal.can(Permission.READ_CASES):
        query = query.where(CaseRow.status.in_(CLERK_STATUSES))
    rows = session.execute(query.order_by(CaseRow.change_seq).limit(limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    envelope = CaseChanges(
        since=since,
        cursor=rows[-1].change_seq if rows else since,
        has_more=has_more,
        order=QueueOrder(order),
        server_time=now,
        cases=[],
    )
    return splice_list(envelope.model_dump_json(), "cases", [row.record_json for row in rows])


def release_expired_leases(session: Session, *, now: datetime, mission: str | None = None) -> int:
    """Give cases whose claim expired back to the queue; how many there were."""
    query = select(CaseRow).where(
        CaseRow.status == CaseStatus.IN_REVIEW.value, CaseRow.claim_expires_at <= now
    )
    if mission is not None:
        query = query.where(CaseRow.mission == mission)
    expired = session.scalars(query.order_by(CaseRow.claim_expires_at).with_for_update()).all()
    for case in expired:
        officer = case.claim_officer or ""
        expires_at = case.claim_expires_at
        case.status = advance(CaseStatus(case.status), CaseEvent.RELEASE).value
        case.claim_officer = None
        case.claim_expires_at = None
        case.lease_expired_from = officer
        stamp_change(session, case)
        append_entry(
            session,
            mission=case.mission,
            actor=SYSTEM,
            role=SYSTEM,
            action=AuditAction.LEASE_EXPIRED,
            at=now,
            case_id=case.case_id,
            outcome=case.status,
            details={
                "officer": officer,
                "expired_at": expires_at.isoformat() if expires_at else "",
            },
        )
    if expired:
        log.info("released %d case(s) whose claim expired", len(expired))
    return len(expired)


def _held_by(case: CaseRow) -> str:
    until = case.claim_expires_at.isoformat() if case.claim_expires_at else "?"
    return f"the case is claimed by {case.claim_officer} until {until}"


def _within_claim_limit(session: Session, principal: Principal) -> None:
    """409 if the principal already holds as many live claims as the mission allows.

    Called after `release_expired_leases`, so every claim counted is live. An exception
    sent back by a supervisor becomes a claim too, but nobody chose it: it counts
    towards the limit and is never refused.
    """
    limit = max_claims(principal.mission)
    held = session.execute(
        select(func.count())
        .select_from(CaseRow)
        .where(
            CaseRow.mission == principal.mission,
            CaseRow.status == CaseStatus.IN_REVIEW.value,
            CaseRow.claim_officer == principal.username,
        )
    ).scalar_one()
    if held >= limit:
        raise ApiError(
            409,
            f"you already hold {held} cases, the most your mission allows at once "
            f"({limit}); decide or release one of them before claiming another",
            error=CLAIM_LIMIT_ERROR,
        )


def _take(
    session: Session, principal: Principal, case: CaseRow, *, lease_seconds: int, now: datetime
) -> CaseRecord:
    renewed = case.claim_officer == principal.username
    if case.claim_officer is not None and not renewed:
        raise conflict(_held_by(case))
    if not renewed:
        _within_claim_limit(session, principal)
    case.status = advance(CaseStatus(case.status), CaseEvent.CLAIM).value
    case.claim_officer = principal.username
    case.claim_expires_at = now + timedelta(seconds=lease_seconds)
    case.lease_expired_from = None
    record = stamp_change(session, case)
    append_by(
        session,
        principal,
        AuditAction.CLAIMED,
        at=now,
        case_id=case.case_id,
        outcome=case.status,
        details={"lease_seconds": lease_seconds, "renewed": renewed},
    )
    return record


def claim_case(
    session: Session, principal: Principal, case_id: uuid.UUID, *, lease_seconds: int, now: datetime
) -> CaseRecord:
    """Claim (or renew one's own claim on) a case; 409 if someone else holds a live claim."""
    principal.require(Permission.CLAIM)
    case = visible_case(session, principal, case_id, for_update=True)
    release_expired_leases(session, now=now, mission=principal.mission)
    return _take(session, principal, case, lease_seconds=lease_seconds, now=now)


def release_claim(
    session: Session, principal: Principal, case_id: uuid.UUID, *, now: datetime
) -> CaseRecord:
    """Give a claimed case back to the queue: one's own, or any for a supervisor."""
    principal.require(Permission.CLAIM)
    case = visible_case(session, principal, case_id, for_update=True)
    release_expired_leases(session, now=now, mission=principal.mission)
    holder = case.claim_officer
    if holder is None:
        raise conflict(f"the case is not claimed (it is {case.status})")
    if holder != principal.username and not principal.can(Permission.RELEASE_ANY):
        raise conflict(f"{_held_by(case)}; only they or a supervisor can release it")
    case.status = advance(CaseStatus(case.status), CaseEvent.RELEASE).value
    case.claim_officer = None
    case.claim_expires_at = None
    record = stamp_change(session, case)
    append_by(
        session,
        principal,
        AuditAction.RELEASED,
        at=now,
        case_id=case.case_id,
        outcome=case.status,
        details={"officer": holder},
    )
    return record


def _queue(mission: str, order: QueueOrder) -> Select[CaseRow]:
    query = select(CaseRow).where(
        CaseRow.mission == mission, CaseRow.status == CaseStatus.SUBMITTED.value
    )
    if order is QueueOrder.DEPARTURE:
        return query.order_by(CaseRow.first_departure, CaseRow.submitted_at, CaseRow.intake_seq)
    return query.order_by(CaseRow.submitted_at, CaseRow.intake_seq)


def claim_next(
    session: Session,
    principal: Principal,
    *,
    lease_seconds: int,
    now: datetime,
    request_id: str | None = None,
) -> CaseRecord | None:
    """Claim the first waiting case in the mission's order, or None when nothing waits.

    Atomic because case writers are serialised: two officers asking at once get
    two different cases. With a `request_id` the claim is stored under it, and the
    same user asking again with it gets that case's current record back, nothing
    new claimed (the first answer was lost; see `server.queue_requests`).
    """
    principal.require(Permission.CLAIM)
    if request_id is not None:
        earlier = claimed_before(session, principal.username, request_id)
        if earlier is not None:
            log.info("next case: %s repeated request %s, replayed", principal.username, request_id)
            return CaseRecord.model_validate_json(
                visible_case(session, principal, earlier).record_json
            )
    release_expired_leases(session, now=now, mission=principal.mission)
    order = session.execute(
        select(MissionRow.queue_order).where(MissionRow.code == principal.mission)
    ).scalar_one()
    case = session.scalars(_queue(principal.mission, QueueOrder(order)).limit(1)).first()
    if case is None:
        return None
    record = _take(session, principal, case, lease_seconds=lease_seconds, now=now)
    if request_id is not None:
        remember_claim(session, principal.username, request_id, case.case_id, now=now)
    return record


def document_content(
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    document_id: uuid.UUID,
    *,
    now: datetime,
) -> tuple[CaseDocumentRow, bytes]:
    """A case document's bytes, audited as viewed."""
    principal.require(Permission.READ_CASES)
    case = visible_case(session, principal, case_id)
    document = session.get(CaseDocumentRow, document_id)
    if document is None or document.case_id != case.case_id:
        raise not_found("no such document in this case")
    blob = session.get(DocumentBlobRow, document.sha256)
    assert blob is not None  # a foreign key guarantees it
    append_by(
        session,
        principal,
        AuditAction.DOCUMENT_VIEWED,
        at=now,
        case_id=case.case_id,
        details={"document_id": str(document_id), "sha256": document.sha256},
    )
    return document, blob.content
