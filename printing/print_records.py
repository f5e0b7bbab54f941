"""Print records: which certificates this workstation printed, and recording new prints.

A certificate printed before (a print entry in the outbox, pending or delivered)
is printed again as a REPRINT. Refused entries do not count: the server did not
accept that print. Every print goes to the outbox first and reaches the server's
audit log (PRINTED / REPRINTED) when the outbox is delivered.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Final

from pydantic import ValidationError
from sqlalchemy import select

from printing.issuance import IssuedCertificate
from workstation.domain import CaseStatus
from workstation.models import OutboxEntry
from workstation.outbox import Outbox, OutboxKind, OutboxState
from workstation.protocol import CaseRecord, PrintRequest
from workstation.store import Store

log = logging.getLogger(__name__)

#: The wire protocol's limit on copies per print record (one source of truth: protocol.py).
MAX_COPIES: Final[int] = int(PrintRequest.model_json_schema()["properties"]["copies"]["maximum"])


@dataclass(frozen=True)
class PrintedCertificate:
    """One certificate that reached the printer (or the PDF file)."""

    issued: IssuedCertificate
    copies: int
    printed_at: datetime

    def request(self) -> PrintRequest:
        return PrintRequest(
            certificate_id=self.issued.certificate_id,
            case_id=self.issued.case.case_id,
            copies=self.copies,
            reprint=self.issued.reprint,
            printed_at=self.printed_at,
            certificate_sha256=self.issued.sha256,
            kid=self.issued.kid,
        )


def printed_certificate_ids(store: Store) -> set[str]:
    """Certificate ids this workstation printed (recorded in the outbox and not refused)."""
    with store.reader() as session:
        payloads = session.scalars(
            select(OutboxEntry.payload_json)
            .where(OutboxEntry.kind == OutboxKind.PRINT.value)
            .where(OutboxEntry.state != OutboxState.REFUSED.value)
        ).all()
    printed: set[str] = set()
    for payload in payloads:
        try:
            printed.add(PrintRequest.model_validate_json(payload).certificate_id)
        except ValidationError:
            log.warning("an outbox print entry cannot be read; it is not counted as a print")
    return printed


def record_prints(outbox: Outbox, *, actor: str, printed: Iterable[PrintedCertificate]) -> int:
    """Commit each print to the outbox (one transaction each); returns how many."""
    count = 0
    for certificate in printed:
        request = certificate.request()
        outbox.record_print(case_id=request.case_id, actor=actor, print_request=request)
        count += 1
    return count


class Unprintable(Enum):
    """Why a case's certificate must not be printed."""

    REVOKED = "revoked"  # the traveller re-declared: the certificate is cancelled
    NOT_APPROVED = "not approved"
    NO_CERTIFICATE = "no certificate"


def unprintable_reason(record: CaseRecord) -> Unprintable | None:
    certificate = record.certificate
    if record.status is CaseStatus.REVOKED or (certificate and certificate.revoked_at):
        return Unprintable.REVOKED
    if record.status is not CaseStatus.APPROVED:
        return Unprintable.NOT_APPROVED
    if certificate is None:
        return Unprintable.NO_CERTIFICATE
    return None


def printable(records: Iterable[CaseRecord]) -> tuple[list[CaseRecord], list[CaseRecord]]:
    """(printable, refused), each in the given order."""
    ok: list[CaseRecord] = []
    refused: list[CaseRecord] = []
    for record in records:
        (ok if unprintable_reason(record) is None else refused).append(record)
    return ok, refused
