"""Officers' decisions: idempotent by key, refused when they conflict with the case.

A workstation's outbox may deliver the same decision more than once (a retry
after a timeout, a resend after a crash): the same key with the same content is
recorded once and answered again. The officer must hold the claim, or be the
officer whose lease expired while nobody else has claimed the case since: a
decision confirmed before an outage still counts when it arrives late.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.audit import DetailValue, append_by
from server.cases import visible_case
from server.certificates import new_certificate_id
from server.errors import ApiError, conflict, invalid
from server.exception_rules import exception_rules
from server.models import CaseDocumentRow, CaseRow, DecisionRow
from server.principal import Principal
from server.records import current_decision, stamp_change
from workstation.domain import (
    DECISION_EVENT,
    AuditAction,
    CaseEvent,
    CaseStatus,
    DecisionOutcome,
    Permission,
    ReasonCode,
    TestKind,
    TestResult,
    advance,
)
from workstation.protocol import DecisionRecord, DecisionRequest, DeclarationContent

log = logging.getLogger(__name__)

#: Tests whose positive result means a current infection (a positive IgG may mean a past one).
_ACTIVE_INFECTION: Final = frozenset({TestKind.NAAT, TestKind.IGM_ANTIBODY})


def _replay(
    row: DecisionRow, principal: Principal, case_id: uuid.UUID, request: DecisionRequest
) -> DecisionRecord:
    same = (
        row.case_id == case_id
        and row.officer == principal.username
        and row.request_json == request.model_dump_json()
    )
    if not same:
        raise conflict(
            "this idempotency key was already used for a different decision; "
            "a new decision needs a new key"
        )
    return DecisionRecord.model_validate_json(row.record_json)


def _status_for_decision(session: Session, principal: Principal, case: CaseRow) -> CaseStatus:
    """The status the decision applies to, or 409 when this officer may not decide now."""
    status = CaseStatus(case.status)
    if case.claim_officer == principal.username:
        return status  # held, even if the lease just ran out: nobody else has taken it
    if case.claim_officer is not None:
        until = case.claim_expires_at.isoformat() if case.claim_expires_at else "?"
        raise conflict(f"the case is claimed by {case.claim_officer} until {until}")
    if status is CaseStatus.SUBMITTED and case.lease_expired_from == principal.username:
        # Their lease expired and nobody claimed the case since: the late decision stands.
        return advance(status, CaseEvent.CLAIM)
    previous = current_decision(session, case)
    if previous is not None and status is not CaseStatus.SUBMITTED:
        raise _already_decided(previous, status)
    if status is CaseStatus.SUBMITTED:
        raise conflict("claim the case before deciding it")
    raise conflict(f"a case that is {status.value} cannot be decided")


def _already_decided(previous: DecisionRecord, status: CaseStatus) -> ApiError:
    """Who decided the case and when: what the officer whose decision arrives late must know."""
    decided_at = previous.decided_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return ApiError(
        409,
        f"the case was already decided by {previous.officer} at {decided_at} "
        f"({previous.outcome.value}); it is now {status.value}",
        error="already_decided",
        details=[
            {
                "decided_by": previous.officer,
                "decided_at": previous.decided_at.isoformat(),
                "outcome": previous.outcome.value,
                "status": status.value,
            }
        ],
    )


def _check_evidence(session: Session, case: CaseRow, request: DecisionRequest) -> list[str]:
    """The SHA-256 of every document the case holds now; refuses hashes of any other."""
    held = list(
        session.scalars(
            select(CaseDocumentRow.sha256)
            .where(CaseDocumentRow.case_id == case.case_id)
            .order_by(CaseDocumentRow.position)
        ).all()
    )
    unknown = sorted(set(request.document_sha256) - set(held))
    if unknown:
        raise invalid(f"document_sha256 names documents that are not part of this case: {unknown}")
    return held


def _exception_allowed(case: CaseRow, request: DecisionRequest) -> None:
    """Refuse an approval the mission's policy forbids, whatever the workstation's checks said."""
    if request.outcome is not DecisionOutcome.APPROVE:
        return
    rules = exception_rules(case.mission)
    forbidden = rules.forbidden(request.checks)
    if forbidden:
        named = "; ".join(
            f"{check} ({', '.join(r.value for r in reasons)})"
            for check, reasons in sorted(forbidden.items())
        )
        raise ApiError(
            422,
            f"the policy of {case.mission} does not allow overruling these failed checks: "
            f"{named}; the case cannot be approved",
            error="exception_forbidden",
            details=[{"check": c, "reasons": [r.value for r in rs]} for c, rs in forbidden.items()],
        )
    if ReasonCode.TEST_POSITIVE in rules.forbidden_reasons:
        # The declaration itself says positive: no summary sent (or left out) changes that.
        content = DeclarationContent.model_validate_json(case.content_json)
        positive = [
            t.kind.value
            for t in content.tests
            if t.result is TestResult.POSITIVE and t.kind in _ACTIVE_INFECTION
        ]
        if positive:
            raise ApiError(
                422,
                f"the declaration states a positive result ({', '.join(positive)}); the policy "
                f"of {case.mission} does not allow approving it",
                error="exception_forbidden",
                details=[{"declared_positive": positive}],
            )


def _exception_details(request: DecisionRequest, status: CaseStatus) -> dict[str, DetailValue]:
    return {
        "exception": True,
        "overruled_checks": list(request.overruled_checks),
        "justification": request.justification,
        "awaiting_countersignature": status is CaseStatus.AWAITING_COUNTERSIGNATURE,
    }


def record_decision(
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    key: uuid.UUID,
    request: DecisionRequest,
    *,
    issuer_country: str,
    now: datetime,
) -> tuple[DecisionRecord, bool]:
    """Record a decision; returns it and whether it is new (False for an idempotent replay)."""
    principal.require(Permission.DECIDE)
    case = visible_case(session, principal, case_id, for_update=True)
    existing = session.get(DecisionRow, key)
    if existing is not None:
        return _replay(existing, principal, case_id, request), False
    status = _status_for_decision(session, principal, case)
    _exception_allowed(case, request)
    event = DECISION_EVENT[request.outcome]
    if request.is_exception and exception_rules(case.mission).countersignature:
        event = CaseEvent.APPROVE_EXCEPTION  # no certificate until a supervisor signs
    new_status = advance(status, event)
    held_documents = _check_evidence(session, case, request)
    record = DecisionRecord(
        idempotency_key=key,
        outcome=request.outcome,
        reason_codes=request.reason_codes,
        note=request.note,
        officer=principal.username,
        decided_at=request.decided_at,
        recorded_at=now,
        justification=request.justification,
        overruled_checks=request.overruled_checks,
    )
    session.add(
        DecisionRow(
            idempotency_key=key,
            case_id=case_id,
            officer=principal.username,
            request_json=request.model_dump_json(),
            record_json=record.model_dump_json(),
            recorded_at=now,
        )
    )
    case.status = new_status.value
    case.decision_key = key
    case.claim_officer = None
    case.claim_expires_at = None
    case.lease_expired_from = None
    if new_status is CaseStatus.APPROVED:
        case.certificate_id = new_certificate_id(issuer_country)
        case.certificate_issued_at = now
        case.certificate_revoked_at = None
    session.flush()
    stamp_change(session, case)
    append_by(
        session,
        principal,
        AuditAction.DECIDED,
        at=now,
        case_id=case_id,
        outcome=request.outcome.value,
        note=request.note,
        details={
            "idempotency_key": str(key),
            "reason_codes": [r.value for r in request.reason_codes],
            "checks": [f"{c.check}:{c.verdict}:{c.summary}" for c in request.checks],
            "document_sha256": list(request.document_sha256),
            # What the case held when decided, whatever the officer's workstation listed.
            "case_document_sha256": held_documents,
            "decided_at": request.decided_at.isoformat(),
            **({"certificate_id": case.certificate_id} if case.certificate_id else {}),
            # Added keys only: the entry's canonical form is unchanged.
            **(_exception_details(request, new_status) if request.is_exception else {}),
        },
    )
    log.info("case %s decided: %s by %s", case_id, request.outcome.value, principal.username)
    return record, True
