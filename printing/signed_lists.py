"""Signed lists for offline hand-over: the trust list and the revocation list, as COSE_Sign1.

A list handed to another country (on a USB stick, by e-mail, through a diplomatic
channel) must prove who made it and how fresh it is. The mission signs it with the
country signing CA (CSCA) key, the anchor the receiving country already holds to check
our document signer certificates, so no further key has to be exchanged::

    COSE_Sign1 (tag 18), ES256
      protected:  {1 alg: -7, 4 kid: first 8 bytes of SHA-256(CSCA DER),
                   3 content type: "application/json",
                   15 CWT claims (RFC 9597): {1 iss: "CN", 2 sub: <list kind>,
                                              6 iat: signed at, 4 exp: use until}}
      payload:    the list's JSON, byte for byte as `keys export-trust-list --json`
                  writes it or as the server publishes `GET /api/v1/revocations`

`sub` names the kind of list (`ListKind`), so a revocation list cannot be passed off as
a trust list. A verifier (`open_signed_list`) finds the anchor by kid, checks the
signature, that the anchor is a CA valid at the time, the kind, and the age: not signed
in the future, not past `exp`, and, if the verifier asks, not older than `max_age`.
Files are the raw CBOR (`.cose`); `is_signed_list` tells them from plain JSON or PEM.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

import cbor2
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from printing.cose import (
    ALG_ES256,
    HEADER_ALG,
    HEADER_KID,
    TAG_COSE_SIGN1,
    parse_sign1,
    sig_structure,
)
from printing.failures import CertificateError
from printing.trustlist import kid_of, kid_text

log = logging.getLogger(__name__)

HEADER_CONTENT_TYPE: Final = 3
HEADER_CWT_CLAIMS: Final = 15  # RFC 9597
CLAIM_ISS: Final = 1
CLAIM_SUB: Final = 2
CLAIM_EXP: Final = 4
CLAIM_IAT: Final = 6
CONTENT_TYPE: Final = "application/json"
MAX_SIGNED_LIST_BYTES: Final = 50 * 1024 * 1024
#: How much a signer's clock may run ahead of the verifier's.
CLOCK_SKEW: Final = timedelta(minutes=5)
_P256_BYTES: Final = 32


class ListKind(StrEnum):
    TRUST_LIST = "consular-workstation/trust-list"
    REVOCATION_LIST = "consular-workstation/revocation-list"

    @property
    def default_validity(self) -> timedelta:
        """How long a receiving country may use the list: revocations must stay fresh."""
        return _VALIDITY[self]

    @property
    def description(self) -> str:
        return "trust list" if self is ListKind.TRUST_LIST else "revocation list"


_VALIDITY: Final = {
    ListKind.TRUST_LIST: timedelta(days=7),
    ListKind.REVOCATION_LIST: timedelta(days=2),
}


class SignedListError(ValueError):
    """A signed list cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class SignedList:
    kind: ListKind
    payload: bytes  # the list's JSON, as signed
    issuer: str
    signed_at: datetime
    expires_at: datetime
    anchor: x509.Certificate

    @property
    def anchor_kid(self) -> str:
        return kid_text(kid_of(self.anchor))


def is_signed_list(data: bytes) -> bool:
    """COSE_Sign1 CBOR (tag 18, or an untagged four-element array), not JSON or PEM."""
    return data[:1] in (b"\xd2", b"\x84")


def sign_list(
    payload: bytes,
    kind: ListKind,
    *,
    private_key: ec.EllipticCurvePrivateKey,
    certificate: x509.Certificate,
    issuer: str = "CN",
    signed_at: datetime | None = None,
    valid_for: timedelta | None = None,
) -> bytes:
    """The list's JSON `payload` signed by the CSCA (`private_key`, `certificate`)."""
    if private_key.public_key() != certificate.public_key():
        raise SignedListError("the private key does not belong to the signing certificate")
    signed_at = (signed_at or datetime.now(UTC)).replace(microsecond=0)
    valid_for = valid_for or kind.default_validity
    if valid_for <= timedelta(0):
        raise SignedListError("a list must be valid for some time")
    claims = {
        CLAIM_ISS: issuer,
        CLAIM_SUB: kind.value,
        CLAIM_IAT: int(signed_at.timestamp()),
        CLAIM_EXP: int((signed_at + valid_for).timestamp()),
    }
    protected = cbor2.dumps(
        {
            HEADER_ALG: ALG_ES256,
            HEADER_KID: kid_of(certificate),
            HEADER_CONTENT_TYPE: CONTENT_TYPE,
            HEADER_CWT_CLAIMS: claims,
        }
    )
    der = private_key.sign(sig_structure(protected, payload), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    raw = r.to_bytes(_P256_BYTES, "big") + s.to_bytes(_P256_BYTES, "big")
    return cbor2.dumps(cbor2.CBORTag(TAG_COSE_SIGN1, [protected, {}, payload, raw]))


def open_signed_list(
    data: bytes,
    kind: ListKind,
    anchors: Sequence[x509.Certificate],
    *,
    at: datetime | None = None,
    max_age: timedelta | None = None,
) -> SignedList:
    """Check a signed list against the trust `anchors` (CSCA certificates); its payload if good."""
    at = at or datetime.now(UTC)
    if len(data) > MAX_SIGNED_LIST_BYTES:
        raise SignedListError(f"larger than {MAX_SIGNED_LIST_BYTES:,} bytes")
    try:
        message = parse_sign1(data)
    except CertificateError as exc:
        raise SignedListError(f"not a signed list ({exc.message})") from None
    # Everything that decides whether the list is used must be signed: the protected header.
    header = message.protected_header
    kid = header.get(HEADER_KID)
    if not isinstance(kid, bytes):
        raise SignedListError("the signature names no key (kid) in its protected header")
    anchor = next((a for a in anchors if kid_of(a) == kid), None)
    if anchor is None:
        known = ", ".join(kid_text(kid_of(a)) for a in anchors) or "none"
        raise SignedListError(
            f"signed by key {kid_text(kid)}, which is not a trust anchor (anchors: {known})"
        )
    if header.get(HEADER_ALG) is None:
        raise SignedListError("the signature algorithm is not in the protected header")
    _check_anchor(anchor, at)
    try:
        message.verify(anchor.public_key())  # type: ignore[arg-type]
    except CertificateError as exc:
        raise SignedListError(f"the signature is not valid: {exc.message}") from None
    claims = header.get(HEADER_CWT_CLAIMS)
    if not isinstance(claims, Mapping):
        raise SignedListError("the signature carries no signing time or kind (CWT claims)")
    subject = claims.get(CLAIM_SUB)
    if subject != kind.value:
        raise SignedListError(f"this is not a {kind.description} (it is signed as {subject!r})")
    issuer = claims.get(CLAIM_ISS)
    signed_at = _time(claims, CLAIM_IAT, "signing time")
    expires_at = _time(claims, CLAIM_EXP, "expiry")
    if signed_at > at + CLOCK_SKEW:
        raise SignedListError(f"signed in the future ({_text(signed_at)}); check the clocks")
    if at > expires_at:
        raise SignedListError(
            f"the {kind.description} expired {_text(expires_at)} (signed {_text(signed_at)}); "
            "ask the issuing mission for a fresh one"
        )
    if max_age is not None and at - signed_at > max_age:
        raise SignedListError(
            f"the {kind.description} was signed {_text(signed_at)}, more than "
            f"{_duration(max_age)} ago; ask the issuing mission for a fresh one"
        )
    if header.get(HEADER_CONTENT_TYPE, CONTENT_TYPE) != CONTENT_TYPE:
        raise SignedListError(f"the content is not {CONTENT_TYPE}")
    log.info(
        "%s signed %s by anchor %s accepted", kind.description, _text(signed_at), kid_text(kid)
    )
    return SignedList(
        kind=kind,
        payload=message.payload,
        issuer=issuer if isinstance(issuer, str) else "",
        signed_at=signed_at,
        expires_at=expires_at,
        anchor=anchor,
    )


def anchor_problem(anchor: x509.Certificate, at: datetime) -> str | None:
    """Why `anchor` cannot vouch for a list at `at`, in plain words; None when it can."""
    try:
        constraints = anchor.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    except ValueError:  # a strict parse refusing a mis-encoded extension
        return "its extensions cannot be read"
    if constraints is None or not constraints.ca:
        return "it is not a certificate authority (CSCA)"
    if not anchor.not_valid_before_utc <= at <= anchor.not_valid_after_utc:
        return (
            f"it is not valid at {_text(at)} "
            f"(valid {_text(anchor.not_valid_before_utc)} to {_text(anchor.not_valid_after_utc)})"
        )
    return None


def _check_anchor(anchor: x509.Certificate, at: datetime) -> None:
    problem = anchor_problem(anchor, at)
    if problem is not None:
        raise SignedListError(f"the signing certificate cannot vouch for lists: {problem}")


def _time(claims: Mapping[Any, Any], key: int, name: str) -> datetime:
    value = claims.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SignedListError(f"the signature carries no {name}")
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise SignedListError(f"the {name} is out of range") from None


def _text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _duration(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours / 24:g} days" if hours >= 48 else f"{hours:g} hours"
