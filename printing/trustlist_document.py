"""The JSON form of a trust list (`printing.trustlist` describes it): the pydantic schema.

Kept apart from `printing.trustlist` so that verifying against a PEM trust list or
the key store never loads pydantic; this module is imported when a JSON trust list
is read or written.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from datetime import UTC, datetime
from typing import Annotated, Literal

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from printing.boundary import validation_problems
from printing.trustlist import TRUST_LIST_FORMAT, TrustedSigner, TrustList, TrustListError

log = logging.getLogger(__name__)


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


def trust_list_json(trust: TrustList, *, exported_at: datetime | None = None) -> str:
    document = TrustListDocument(
        exported_at=exported_at or datetime.now(UTC),
        signers=[_entry(s) for s in trust],
    )
    return document.model_dump_json(indent=2) + "\n"


def trust_list_from_json(data: bytes) -> TrustList:
    try:
        document = TrustListDocument.model_validate(json.loads(data))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TrustListError(f"not JSON ({exc})") from None
    except ValidationError as exc:
        raise TrustListError(f"not a trust list: {validation_problems(exc)}") from None
    return TrustList(_signer_from_entry(e) for e in document.signers)


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
