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
"""

from __future__ import annotations

import base64
import hashlib
import logging
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
    """DSCs by kid. Two certificates with the same kid (a SHA-256 prefix) cannot both be kept."""

    def __init__(self, signers: Iterable[TrustedSigner] = ()) -> None:
        self._by_kid: dict[bytes, TrustedSigner] = {}
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
        if b"-----BEGIN CERTIFICATE-----" in data:
            return TrustList.from_certificates(x509.load_pem_x509_certificates(data))
        return TrustList.from_certificates([x509.load_der_x509_certificate(data)])
    except ValueError as exc:
        if isinstance(exc, TrustListError):
            raise
        raise TrustListError(f"not a trust list or certificate ({exc})") from None


def _from_json(data: bytes) -> TrustList:
    from printing.trustlist_document import trust_list_from_json

    return trust_list_from_json(data)


def load_trust_list(path: Path) -> TrustList:
    data = read_bounded(path, limit=MAX_TRUST_FILE_BYTES, error=TrustListError)
    try:
        return parse_trust_list(data)
    except TrustListError as exc:
        raise TrustListError(f"{path}: {exc}") from None
