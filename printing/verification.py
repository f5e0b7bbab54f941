"""Checking one health certificate (an HC1 string or its COSE bytes) against a trust list.

Every check that can be made is made and reported on its own (signature, expiry,
key usage, schema, revocation: True/False, or None when it could not be
reached), so an officer sees every reason a code fails; `error` puts the
reasons in plain words, most serious first.

The signing key is found by `kid` only (protected header first, then the
unprotected one). A certificate without a kid is refused rather than tried
against every trusted key: the DCC requires a kid, and trying keys would let
one crafted code cost a verifier a signature check per trusted key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from printing import hc1
from printing.cose import CoseSign1, loads, parse_sign1
from printing.cwt import CwtClaims, claims_from_map
from printing.failures import CertificateError, Failure
from printing.health_record import check_health_record
from printing.schema import check_schema
from printing.trustlist import TrustList, kid_text
from printing.validity import check_expiry, check_key_usage
from printing.value_sets import value_set_problems

if TYPE_CHECKING:
    from printing.revocation import RevocationIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    failure: Failure
    message: str

    def __str__(self) -> str:
        return f"{self.failure.summary} ({self.message})"


@dataclass(frozen=True)
class VerificationResult:
    source: str
    decoded: bool = False
    signature_valid: bool | None = None
    expiry_ok: bool | None = None
    key_usage_ok: bool | None = None
    schema_valid: bool | None = None
    revoked: bool | None = None  # None: no revocation list was given
    #: Business rule, not part of validity: every coded field is in its EU value set.
    value_sets_ok: bool | None = None
    value_set_problems: tuple[str, ...] = ()
    kid: str | None = None  # Base64, as in trust lists
    algorithm: str | None = None
    claims: CwtClaims | None = None
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return (
            self.decoded
            and self.signature_valid is True
            and self.expiry_ok is True
            and self.key_usage_ok is True
            and self.schema_valid is True
            and self.revoked is not True
        )

    @property
    def unreadable(self) -> bool:
        return not self.decoded

    @property
    def payload(self) -> dict[str, Any] | None:
        return self.claims.dcc if self.claims else None

    @property
    def error(self) -> str | None:
        return "; ".join(str(p) for p in self.problems) or None

    def to_json(self) -> dict[str, Any]:
        claims = self.claims
        return {
            "source": self.source,
            "valid": self.valid,
            "decoded": self.decoded,
            "signature_valid": self.signature_valid,
            "expiry_ok": self.expiry_ok,
            "key_usage_ok": self.key_usage_ok,
            "schema_valid": self.schema_valid,
            "revoked": self.revoked,
            "value_sets_ok": self.value_sets_ok,
            "value_set_problems": list(self.value_set_problems),
            "kid": self.kid,
            "algorithm": self.algorithm,
            "issuer": claims.issuer if claims else None,
            "issued_at": _iso(claims.issued_at) if claims else None,
            "expires_at": _iso(claims.expires_at) if claims else None,
            "payload": self.payload,
            "extensions": claims.extensions if claims else None,
            "error": self.error,
            "problems": [{"step": p.failure.value, "message": p.message} for p in self.problems],
        }


def unreadable(source: str, problem: CertificateError) -> VerificationResult:
    return VerificationResult(source=source, problems=(Problem(problem.failure, problem.message),))


def verify_hc1(
    text: str,
    trust: TrustList,
    *,
    at: datetime | None = None,
    revocations: RevocationIndex | None = None,
    source: str = "HC1 text",
) -> VerificationResult:
    """Decode an HC1 string and check it. Never raises for bad input: the result says why."""
    try:
        cose = hc1.decode(text)
    except CertificateError as exc:
        return unreadable(source, exc)
    return _check(cose, trust, at=at, revocations=revocations, source=source)


def verify_cose(
    data: bytes,
    trust: TrustList,
    *,
    at: datetime | None = None,
    revocations: RevocationIndex | None = None,
    source: str = "COSE",
) -> VerificationResult:
    """Check a COSE_Sign1 message (the inflated content of an HC1 string)."""
    try:
        cose = parse_sign1(data)
    except CertificateError as exc:
        return unreadable(source, exc)
    return _check(cose, trust, at=at, revocations=revocations, source=source)


def _check(
    cose: CoseSign1,
    trust: TrustList,
    *,
    at: datetime | None,
    revocations: RevocationIndex | None,
    source: str,
) -> VerificationResult:
    try:
        claims = claims_from_map(loads(cose.payload, what="the signed payload"))
    except CertificateError as exc:
        return unreadable(source, exc)
    at = at or datetime.now(UTC)
    problems: list[Problem] = []

    def outcome(check: Any, *args: Any) -> bool:
        try:
            check(*args)
        except CertificateError as exc:
            problems.append(Problem(exc.failure, exc.message))
            return False
        return True

    kid = cose.kid
    signer = trust.lookup(kid) if kid else None
    signature_valid = expiry_ok = key_usage_ok = None
    if signer is None:
        message = f"kid {kid_text(kid)} is not in the trust list" if kid else "it carries no kid"
        problems.append(Problem(Failure.UNKNOWN_KID, message))
        signature_valid = False
    else:
        signature_valid = outcome(cose.verify, signer.public_key)
        expiry_ok = outcome(check_expiry, claims, signer, at)
        key_usage_ok = outcome(check_key_usage, claims.certificate_types, signer)
    # Both run, so each reports its problem: the DCC, and our health record claim if present.
    dcc_ok = outcome(check_schema, claims.dcc)
    schema_valid = outcome(check_health_record, claims.extensions) and dcc_ok
    unknown_codes = tuple(value_set_problems(claims.dcc))
    revoked = None
    if revocations is not None:
        hit = revocations.revoked(claims.certificate_ids)
        revoked = hit is not None
        if hit:
            problems.append(Problem(Failure.REVOKED, f"{hit} is in the revocation list"))
    return VerificationResult(
        source=source,
        decoded=True,
        signature_valid=signature_valid,
        expiry_ok=expiry_ok,
        key_usage_ok=key_usage_ok,
        schema_valid=schema_valid,
        revoked=revoked,
        value_sets_ok=not unknown_codes,
        value_set_problems=unknown_codes,
        kid=kid_text(kid) if kid else None,
        algorithm=cose.algorithm_name,
        claims=claims,
        problems=tuple(problems),
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None
