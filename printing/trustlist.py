"""Trust lists: the document signer certificates (DSCs) a verifier accepts, by `kid`.

Two interchangeable file forms, both handed to other countries:

- PEM: one or more X.509 DSCs (`-----BEGIN CERTIFICATE-----` blocks);
- JSON, our small format (`TRUST_LIST_FORMAT`, version 1)::

    {"format": "consular-workstation/trust-list", "version": 1,
     "exported_at": "2025-06-01T08:00:00Z",
     "signers": [{"kid": "<base64 of 8 bytes>", "certificate": "<base64 DER of the DSC>",
                  "subject": "CN=...", "issuer": "CN=...", "country": "CN",
                  "not_before": "...Z", "not_after": "...Z",
                  "extended_key_usage": ["1.3.6.1.4.1.1847.2021.1.1"],
                  "key_type": "EC P-256"}]}

  The DER certificate is authoritative; the other fields are there for people and are checked
  against it on import (a mismatch is an error). `kid` is the first 8 bytes of SHA-256 over the
  DER, as in the EU DCC gateway. Its pydantic schema is in `printing.trustlist_document`,
  imported only when a JSON trust list is read or written.

A PEM bundle from another country may hold a certificate we cannot use (a key type or
curve no DCC algorithm signs with, a weak RSA key, an unreadable extension, a block that
is not DER at all): that certificate is skipped, named in `TrustList.skipped` (by its
position, subject and kid) for the caller to show, and the others are used. A file with
no usable certificate is an error. An expired certificate is kept: the expiry check
judges each health certificate against its signer's validity.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from printing.boundary import read_bounded
from printing.cose import PublicKey
from printing.eku import EkuError, extended_key_usage
from printing.safe_text import escaped

log = logging.getLogger(__name__)

TRUST_LIST_FORMAT: Final = "consular-workstation/trust-list"
KID_BYTES: Final = 8
MAX_TRUST_FILE_BYTES: Final = 5 * 1024 * 1024
MIN_RSA_BITS: Final = 2048
#: The curves of ES256, ES384 and ES512: real issuers' trust lists hold all three.
SIGNER_CURVES: Final[dict[type[ec.EllipticCurve], str]] = {
    ec.SECP256R1: "P-256",
    ec.SECP384R1: "P-384",
    ec.SECP521R1: "P-521",
}
#: One PEM certificate block (RFC 7468 also allows the "X509 CERTIFICATE" label). A block
#: cut short (no END line, a "-" in its body) is taken up to there, so that it is reported
#: as unreadable rather than passed over; `[^-]*` keeps the search linear in the file size.
_PEM_CERTIFICATE: Final = re.compile(
    rb"-----BEGIN (?:X509 )?CERTIFICATE-----[^-]*(?:-----END (?:X509 )?CERTIFICATE-----)?"
)
_MAX_SHOWN_SUBJECT: Final = 120
_MAX_SHOWN_REASON: Final = 200
#: Skipped certificates named in an error or shown as warnings; the rest are counted.
MAX_SKIPPED_SHOWN: Final = 20
_MAX_REASONS_SHOWN: Final = 5


class TrustListError(ValueError):
    """A trust list or certificate file cannot be used; the message says why."""


def kid_of(certificate: x509.Certificate) -> bytes:
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).digest()[:KID_BYTES]


def kid_text(kid: bytes) -> str:
    """How a kid is shown and exchanged: standard Base64, as in DCC trust lists."""
    return base64.b64encode(kid).decode("ascii")


@dataclass(frozen=True)
class TrustedSigner:
    """One DSC: the public key that verifies signatures and the facts the checks need."""

    certificate: x509.Certificate
    kid: bytes
    public_key: PublicKey
    not_before: datetime
    not_after: datetime
    extended_key_usage: frozenset[str]

    @classmethod
    def from_certificate(cls, certificate: x509.Certificate) -> TrustedSigner:
        key = certificate.public_key()
        if isinstance(key, ec.EllipticCurvePublicKey):
            if type(key.curve) not in SIGNER_CURVES:
                raise TrustListError(
                    f"EC curve {key.curve.name} is not one of {', '.join(SIGNER_CURVES.values())}"
                )
        elif isinstance(key, rsa.RSAPublicKey):
            if key.key_size < MIN_RSA_BITS:
                raise TrustListError(f"an RSA key of {key.key_size} bits is too weak")
        else:
            raise TrustListError(f"{type(key).__name__} keys cannot sign health certificates")
        try:
            usages = extended_key_usage(certificate)
        except EkuError as exc:
            raise TrustListError(str(exc)) from None
        return cls(
            certificate=certificate,
            kid=kid_of(certificate),
            public_key=key,
            not_before=certificate.not_valid_before_utc,
            not_after=certificate.not_valid_after_utc,
            extended_key_usage=usages,
        )

    @property
    def kid_text(self) -> str:
        return kid_text(self.kid)

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()

    @property
    def issuer(self) -> str:
        return self.certificate.issuer.rfc4514_string()

    @property
    def country(self) -> str:
        names = self.certificate.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)
        return str(names[0].value) if names else ""

    @property
    def key_type(self) -> str:
        if isinstance(self.public_key, rsa.RSAPublicKey):
            return f"RSA {self.public_key.key_size}"
        return f"EC {SIGNER_CURVES.get(type(self.public_key.curve), self.public_key.curve.name)}"

    def valid_at(self, at: datetime) -> bool:
        return self.not_before <= at <= self.not_after


class TrustList:
    """DSCs by kid. Two certificates with the same kid (a SHA-256 prefix) cannot both be kept.

    `skipped` names the certificates of the file it was read from that could not be used,
    each with the reason, in plain words (escaped: the names come from the file).
    """

    def __init__(
        self, signers: Iterable[TrustedSigner] = (), *, skipped: Iterable[str] = ()
    ) -> None:
        self._by_kid: dict[bytes, TrustedSigner] = {}
        self.skipped: tuple[str, ...] = tuple(skipped)
        for signer in signers:
            self.add(signer)

    @classmethod
    def from_certificates(cls, certificates: Iterable[x509.Certificate]) -> TrustList:
        return cls(TrustedSigner.from_certificate(c) for c in certificates)

    def add(self, signer: TrustedSigner) -> None:
        known = self._by_kid.get(signer.kid)
        if known is not None and known.certificate != signer.certificate:
            raise TrustListError(f"two different certificates share kid {signer.kid_text}")
        self._by_kid[signer.kid] = signer

    def lookup(self, kid: bytes) -> TrustedSigner | None:
        return self._by_kid.get(kid)

    def __iter__(self) -> Iterator[TrustedSigner]:
        return iter(sorted(self._by_kid.values(), key=lambda s: (s.not_before, s.kid)))

    def __len__(self) -> int:
        return len(self._by_kid)

    def to_pem(self) -> str:
        return "".join(
            s.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii") for s in self
        )

    def to_json(self, *, exported_at: datetime | None = None) -> str:
        from printing.trustlist_document import trust_list_json

        return trust_list_json(self, exported_at=exported_at)


# --------------------------------------------------------------------------------------------
# Loading


def parse_trust_list(data: bytes) -> TrustList:
    """Our JSON trust list, a PEM file of one or more DSCs, or a single DER certificate."""
    if len(data) > MAX_TRUST_FILE_BYTES:
        raise TrustListError(f"larger than {MAX_TRUST_FILE_BYTES} bytes")
    head = data.lstrip()[:1]
    try:
        if head == b"{":
            return _from_json(data)
        if b"-----BEGIN" in data:
            return _from_pem(data)
        return TrustList.from_certificates([x509.load_der_x509_certificate(data)])
    except ValueError as exc:
        if isinstance(exc, TrustListError):
            raise
        raise TrustListError(f"not a trust list or certificate ({exc})") from None


def pem_certificates(data: bytes) -> list[x509.Certificate | str]:
    """Each certificate block of a PEM bundle, in order: the certificate, or for a block
    that is not one, a line saying so (by its position, from 1, and kid). `TrustListError`
    when the data holds no certificate block at all."""
    blocks = [m.group(0) for m in _PEM_CERTIFICATE.finditer(data)]
    if not blocks:
        raise TrustListError("it holds no PEM certificate")
    found: list[x509.Certificate | str] = []
    for number, block in enumerate(blocks, 1):
        try:
            found.append(x509.load_pem_x509_certificate(block))
        except ValueError:
            found.append(f"certificate {number} ({_block_kid(block)}): not a DER certificate")
    return found


def skipped_certificate(number: int, certificate: x509.Certificate, reason: object) -> str:
    """How a certificate left out of a bundle is named: position, subject, kid, and why."""
    return f"certificate {number} ({_named(certificate)}): {_one_line(reason)}"


def _from_pem(data: bytes) -> TrustList:
    """Every usable certificate of a PEM bundle; the others are named in `skipped`."""
    signers: list[TrustedSigner] = []
    skipped: list[str] = []
    for number, certificate in enumerate(pem_certificates(data), 1):
        if isinstance(certificate, str):
            skipped.append(certificate)
            continue
        try:
            signers.append(TrustedSigner.from_certificate(certificate))
        except TrustListError as exc:
            skipped.append(skipped_certificate(number, certificate, exc))
    if not signers:
        shown = "; ".join(skipped[:_MAX_REASONS_SHOWN])
        more = len(skipped) - _MAX_REASONS_SHOWN
        raise TrustListError(
            f"none of its {len(skipped)} certificate(s) can sign health certificates: {shown}"
            + (f"; and {more} more" if more > 0 else "")
        )
    for reason in skipped:  # the caller shows them; here only for the debug log
        log.debug("trust list: skipped %s", reason)
    return TrustList(signers, skipped=skipped)


def _one_line(problem: object) -> str:
    text = " ".join(str(problem).split())
    return text if len(text) <= _MAX_SHOWN_REASON else text[:_MAX_SHOWN_REASON] + "..."


def _named(certificate: x509.Certificate) -> str:
    """How a skipped certificate is named: its subject and kid (escaped: from the file)."""
    try:
        subject = certificate.subject.rfc4514_string()
    except ValueError:
        subject = "an unreadable subject"
    if len(subject) > _MAX_SHOWN_SUBJECT:
        subject = subject[:_MAX_SHOWN_SUBJECT] + "..."
    return f"{escaped(subject)}, kid {kid_text(kid_of(certificate))}"


def _block_kid(block: bytes) -> str:
    """The kid of a block that is not a certificate, if its Base64 body can be read."""
    body = block.split(b"-----")[2]
    try:
        der = base64.b64decode(b"".join(body.split()), validate=True)
    except ValueError:
        return "not even Base64"
    return f"kid {kid_text(hashlib.sha256(der).digest()[:KID_BYTES])}"


def _from_json(data: bytes) -> TrustList:
    from printing.trustlist_document import trust_list_from_json

    return trust_list_from_json(data)


def load_trust_list(path: Path) -> TrustList:
    data = read_bounded(path, limit=MAX_TRUST_FILE_BYTES, error=TrustListError)
    try:
        return parse_trust_list(data)
    except TrustListError as exc:
        raise TrustListError(f"{path}: {exc}") from None
