"""Paper certificates printed by clerks: recorded once per print id, audited.

A print is an event about the certificate, kept in the audit log and in the
print table for replays. Whether a
print is a reprint is the server's call, from the first print recorded for the
certificate by any workstation; the entry also says whether the paper itself was
marked as a reprint. The first print also stamps the case (`certificate.printed_at`
in the feed), so every workstation marks later paper as a reprint, even offline
once it has synced.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from server.audit import append_by
from server.cases import visible_case
from server.errors import conflict
from server.models import PrintRow
from server.principal import Principal
from server.records import stamp_change
from workstation.domain import AuditAction, CaseStatus, Permission
from workstation.protocol import PrintRecord, PrintRequest

log = logging.getLogger(__name__)


def record_print(
    session: Session,
    principal: Principal,
    print_id: uuid.UUID,
    request: PrintRequest,
    *,
    now: datetime,
) -> tuple[PrintRecord, bool]:
    """Record a print; returns it and whether it is new (False for an idempotent replay)."""
    principal.require(Permission.PRINT)
    case = visible_case(session, principal, request.case_id, for_update=True)
    existing = session.get(PrintRow, print_id)
    if existing is not None:
        same = (
            existing.clerk == principal.username
            and existing.request_json == request.model_dump_json()
        )
        if not same:
            raise conflict("this print id was already used for a different print")
        return PrintRecord.model_validate_json(existing.record_json), False
    if case.status != CaseStatus.APPROVED.value:
        raise conflict(
            f"only an approved case's certificate may be printed; this one is {case.status}"
        )
    if case.certificate_id != request.certificate_id:
        raise conflict("the certificate id is not this case's current certificate")
    reprint = request.reprint or case.certificate_printed_at is not None
    record = PrintRecord(
        print_id=print_id,
        certificate_id=request.certificate_id,
        case_id=request.case_id,
        copies=request.copies,
        reprint=reprint,
        clerk=principal.username,
        printed_at=request.printed_at,
        recorded_at=now,
    )
    session.add(
        PrintRow(
            print_id=print_id,
            case_id=request.case_id,
            clerk=principal.username,
            request_json=request.model_dump_json(),
            record_json=record.model_dump_json(),
        )
    )
    append_by(
        session,
        principal,
        AuditAction.REPRINTED if reprint else AuditAction.PRINTED,
        at=now,
        case_id=request.case_id,
        details={
            "print_id": str(print_id),
            "certificate_id": request.certificate_id,
            "copies": request.copies,
            "certificate_sha256": request.certificate_sha256,
            "kid": request.kid,
            "printed_at": request.printed_at.isoformat(),
            "paper_marked_reprint": request.reprint,
        },
    )
    if case.certificate_printed_at is None:
        # Every workstation learns, through the feed, that the next print is a reprint.
        case.certificate_printed_at = request.printed_at
        stamp_change(session, case)
    return record, True
