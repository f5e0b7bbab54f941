"""Issuing a health certificate: an approved case, signed now, as the HC1 string for its QR."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from printing import hc1
from printing.certs import CLOCK_SKEW
from printing.claims import ClaimsError, health_claims
from printing.cwt import CwtClaims
from printing.health_record import HealthRecord, read_health_record
from printing.keys import DocumentSigner
from printing.trustlist import kid_text
from workstation.domain import CountersignVerdict
from workstation.missions import MissionIdentity, mission_identity
from workstation.protocol import CaseRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssuedCertificate:
    case: CaseRecord
    claims: CwtClaims
    hc1: str
    kid: str  # Base64, as printed and as in trust lists
    mission: MissionIdentity
    reprint: bool = False

    @property
    def certificate_id(self) -> str:
        assert self.case.certificate is not None  # health_claims refuses a case without one
        return self.case.certificate.certificate_id

    @property
    def sha256(self) -> str:
        """Of the HC1 string in the QR code (what `protocol.PrintRequest` records)."""
        return hashlib.sha256(self.hc1.encode("ascii")).hexdigest()

    @property
    def health_record(self) -> HealthRecord:
        """Antibody tests, vaccinations and the exception mark, as signed."""
        return read_health_record(self.claims.extensions) or HealthRecord()

    @property
    def issued_by_exception(self) -> bool:
        return self.health_record.issued_by_exception

    @property
    def approving_officer(self) -> str:
        """The user name of the officer whose decision the certificate carries out."""
        decision = self.case.decision
        return decision.officer if decision is not None else ""

    @property
    def countersigned_by(self) -> str:
        """The supervisor who countersigned an exception, if one did."""
        decision = self.case.decision
        signature = decision.countersignature if decision is not None else None
        if signature is None or signature.verdict is not CountersignVerdict.COUNTERSIGN:
            return ""
        return signature.supervisor


def issue(
    case: CaseRecord,
    signer: DocumentSigner,
    *,
    at: datetime | None = None,
    reprint: bool = False,
    mission: MissionIdentity | None = None,
    issued_by_exception: bool | None = None,
) -> IssuedCertificate:
    """Sign the case's health claims with `signer` at `at` (default now). Raises `ClaimsError`.

    `mission` defaults to the packaged data of the case's mission; `issued_by_exception`
    marks the record and the paper as issued through an exception (default: as the case's
    decision says; see `health_claims`).
    """
    at = at or datetime.now(UTC)
    mission = mission or mission_identity(case.mission)
    certificate = signer.certificate
    if not certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc:
        raise ClaimsError(
            f"signer certificate {kid_text(signer.kid)} is not valid at {at:%Y-%m-%d %H:%M} UTC"
        )
    # iat a few minutes early, so a verifier whose clock lags ours still accepts fresh paper;
    # never before the signer certificate's notBefore, which verifiers also check.
    issued_at = max(at - CLOCK_SKEW, certificate.not_valid_before_utc)
    claims = health_claims(
        case,
        issued_at=issued_at,
        signer_not_after=certificate.not_valid_after_utc,
        mission=mission,
        issued_by_exception=issued_by_exception,
    )
    issued = IssuedCertificate(
        case=case,
        claims=claims,
        hc1=hc1.encode(claims, signer),
        kid=kid_text(signer.kid),
        mission=mission,
        reprint=reprint,
    )
    log.info("signed certificate for case %s with kid %s", case.case_id, issued.kid)
    return issued
