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
  DER, as in the EU DCC gateway.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Final, Literal

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from printing.boundary import read_bounded, validation_problems
from printing.cose import PublicKey
from printing.eku import EkuError, extended_key_usage

log = logging.getLogger(__name__)

TRUST_LIST_FORMAT: Final = "consular-workstation/trust-list"
KID_BYTES: Final = 8
MAX_TRUST_FILE_BYTES: Final = 5 * 1024 * 1024
MIN_RSA_BITS: Final = 2048


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
            if not isinstance(key.curve, ec.SECP256R1):
                raise TrustListError(f"EC curve {key.curve.name} is not P-256")
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
        return "EC P-256"

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
        document = TrustListDocument(
            exported_at=exported_at or datetime.now(UTC),
            signers=[_entry(s) for s in self],
        )
        return document.model_dump_json(indent=2) + "\n"


# --------------------------------------------------------------------------------------------
# The JSON form


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TrustListEntry(_Strict):
    kid: Annotated[str, Field(min_length=4, max_length=64)]
    certificate: Annotated[str, Field(min_length=100, max_length=64 * 1024)]
    subject: str
    issuer: str
    country: str
    not_before: AwareDatetime
    not_after: AwareDatetime
    extended_key_usage: list[str]
    key_type: str


class TrustListDocument(_Strict):
    format: Literal["consular-workstation/trust-list"] = TRUST_LIST_FORMAT
    version: Literal[1] = 1
    exported_at: AwareDatetime
    signers: Annotated[list[TrustListEntry], Field(max_length=10_000)]


def _entry(signer: TrustedSigner) -> TrustListEntry:
    der = signer.certificate.public_bytes(serialization.Encoding.DER)
    return TrustListEntry(
        kid=signer.kid_text,
        certificate=base64.b64encode(der).decode("ascii"),
        subject=signer.subject,
        issuer=signer.issuer,
        country=signer.country,
        not_before=signer.not_before,
        not_after=signer.not_after,
        extended_key_usage=sorted(signer.extended_key_usage),
        key_type=signer.key_type,
    )


def _signer_from_entry(entry: TrustListEntry) -> TrustedSigner:
    try:
        der = base64.b64decode(entry.certificate, validate=True)
        signer = TrustedSigner.from_certificate(x509.load_der_x509_certificate(der))
    except (binascii.Error, ValueError) as exc:
        raise TrustListError(f"signer {entry.kid}: not a DER certificate ({exc})") from None
    stated = (entry.kid, entry.not_before, entry.not_after, frozenset(entry.extended_key_usage))
    actual = (signer.kid_text, signer.not_before, signer.not_after, signer.extended_key_usage)
    if stated != actual:
        raise TrustListError(f"signer {entry.kid}: kid, validity or EKU differ from its DER")
    return signer


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
    try:
        document = TrustListDocument.model_validate(json.loads(data))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TrustListError(f"not JSON ({exc})") from None
    except ValidationError as exc:
        raise TrustListError(f"not a trust list: {validation_problems(exc)}") from None
    return TrustList(_signer_from_entry(e) for e in document.signers)


def load_trust_list(path: Path) -> TrustList:
    data = read_bounded(path, limit=MAX_TRUST_FILE_BYTES, error=TrustListError)
    try:
        return parse_trust_list(data)
    except TrustListError as exc:
        raise TrustListError(f"{path}: {exc}") from None
