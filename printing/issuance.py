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
from printing.keys import DocumentSigner
from printing.trustlist import kid_text
from workstation.protocol import CaseRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssuedCertificate:
    case: CaseRecord
    claims: CwtClaims
    hc1: str
    kid: str  # Base64, as printed and as in trust lists
    reprint: bool = False

    @property
    def certificate_id(self) -> str:
        assert self.case.certificate is not None  # health_claims refuses a case without one
        return self.case.certificate.certificate_id

    @property
    def sha256(self) -> str:
        """Of the HC1 string in the QR code (what `protocol.PrintRequest` records)."""
        return hashlib.sha256(self.hc1.encode("ascii")).hexdigest()


def issue(
    case: CaseRecord, signer: DocumentSigner, *, at: datetime | None = None, reprint: bool = False
) -> IssuedCertificate:
    """Sign the case's health claims with `signer` at `at` (default now). Raises `ClaimsError`."""
    at = at or datetime.now(UTC)
    certificate = signer.certificate
    if not certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc:
        raise ClaimsError(
            f"signer certificate {kid_text(signer.kid)} is not valid at {at:%Y-%m-%d %H:%M} UTC"
        )
    # iat a few minutes early, so a verifier whose clock lags ours still accepts fresh paper;
    # never before the signer certificate's notBefore, which verifiers also check.
    issued_at = max(at - CLOCK_SKEW, certificate.not_valid_before_utc)
    claims = health_claims(
        case, issued_at=issued_at, signer_not_after=certificate.not_valid_after_utc
    )
    issued = IssuedCertificate(
        case=case,
        claims=claims,
        hc1=hc1.encode(claims, signer),
        kid=kid_text(signer.kid),
        reprint=reprint,
    )
    log.info("signed certificate for case %s with kid %s", case.case_id, issued.kid)
    return issued
