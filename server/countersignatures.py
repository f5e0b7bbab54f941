"""Four eyes on exceptions: a supervisor countersigns an officer's approval over failed checks
(the certificate is issued then), or sends it back to that officer with a note.

The answer is kept in the exception's own decision record (`DecisionRecord.countersignature`),
so every reader of the case sees it with the decision it answers. Idempotent by key: the same
answer delivered twice is recorded once.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy.orm import Session

from server.audit import append_by
from server.cases import visible_case
from server.certificates import new_certificate_id
from server.errors import ApiError, conflict, forbidden
from server.models import CaseRow, DecisionRow
from server.principal import Principal
from server.records import stamp_change
from workstation.domain import AuditAction, CaseStatus, CountersignVerdict, Permission, advance
from workstation.protocol import (
    CaseRecord,
    CountersignatureRecord,
    CountersignRequest,
    DecisionRecord,
)

log = logging.getLogger(__name__)

#: A sent-back case is claimed for its officer this long (then it returns to the queue, and
#: their late decision still counts, as after any lease).
SEND_BACK_LEASE: Final = timedelta(minutes=15)


def _exception_of(session: Session, case: CaseRow) -> tuple[DecisionRow, DecisionRecord]:
    row = session.get(DecisionRow, case.decision_key) if case.decision_key else None
    if row is None:
        raise conflict(f"the case has no decision to countersign (it is {case.status})")
    return row, DecisionRecord.model_validate_json(row.record_json)


def _replay(
    case: CaseRow, answer: CountersignatureRecord, principal: Principal, key: uuid.UUID,
    request: CountersignRequest,
) -> CaseRecord:  # fmt: skip
    same = (
        answer.idempotency_key == key
        and answer.supervisor == principal.username
        and answer.verdict is request.verdict
        and answer.note == request.note
    )
    if not same:
        done = "countersigned" if answer.verdict is CountersignVerdict.COUNTERSIGN else "sent back"
        raise conflict(f"the exception was already {done} by {answer.supervisor}")
    return CaseRecord.model_validate_json(case.record_json)


def record_countersignature(
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    key: uuid.UUID,
    request: CountersignRequest,
    *,
    issuer_country: str,
    now: datetime,
) -> tuple[CaseRecord, bool]:
    """Countersign or send back the case's exception; the case as it is now, and whether new."""
    if not principal.can(Permission.COUNTERSIGN):
        raise forbidden(f"a {principal.role.value} may not countersign exceptions")
    case = visible_case(session, principal, case_id, for_update=True)
    row, decision = _exception_of(session, case)
    if decision.idempotency_key != request.decision_key:
        raise conflict("that exception is no longer the case's decision: the officer decided again")
    if decision.countersignature is not None:
        return _replay(case, decision.countersignature, principal, key, request), False
    if not decision.is_exception:
        raise conflict("the case's decision is not an exception; there is nothing to countersign")
    if decision.officer == principal.username:
        raise ApiError(
            403,
            "four eyes: an exception is countersigned by someone other than the officer who "
            "made it",
            error="four_eyes",
        )
    new_status = advance(CaseStatus(case.status), request.verdict.event)
    answer = CountersignatureRecord(
        idempotency_key=key,
        verdict=request.verdict,
        note=request.note,
        supervisor=principal.username,
        decided_at=request.decided_at,
        recorded_at=now,
    )
    row.record_json = decision.model_copy(update={"countersignature": answer}).model_dump_json()
    case.status = new_status.value
    if request.verdict is CountersignVerdict.COUNTERSIGN:
        case.certificate_id = new_certificate_id(issuer_country)
        case.certificate_issued_at = now
        case.certificate_revoked_at = None
    else:  # back in the hands of the officer who made the exception
        case.claim_officer = decision.officer
        case.claim_expires_at = now + SEND_BACK_LEASE
        case.lease_expired_from = None
    session.flush()
    record = stamp_change(session, case)
    append_by(
        session,
        principal,
        AuditAction.COUNTERSIGNED
        if request.verdict is CountersignVerdict.COUNTERSIGN
        else AuditAction.SENT_BACK,
        at=now,
        case_id=case_id,
        outcome=new_status.value,
        note=request.note,
        details={
            "idempotency_key": str(key),
            "decision_key": str(decision.idempotency_key),
            "officer": decision.officer,
            "exception": True,
            "overruled_checks": list(decision.overruled_checks),
            "decided_at": request.decided_at.isoformat(),
            **({"certificate_id": case.certificate_id} if case.certificate_id else {}),
        },
    )
    log.info("exception on case %s %s by %s", case_id, request.verdict.value, principal.username)
    return record, True
