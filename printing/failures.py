"""What can go wrong when a health certificate is read and checked, in plain words.

Each step of the HC1 pipeline and each check has one `Failure`; a verifier
reports the failure and a sentence a border officer can act on. Failures up to
and including the COSE structure mean the code could not be read at all
(`Failure.unreadable`); the others mean it was read but must not be accepted.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Final

log = logging.getLogger(__name__)


class Failure(StrEnum):
    FILE = "file"  # the input file could not be opened or is not a PDF/image/HC1 text
    QR = "qr"  # no readable QR code in the picture
    PAGE_LIMIT = "page_limit"  # a PDF has more pages than are checked
    PREFIX = "prefix"
    BASE45 = "base45"
    ZLIB = "zlib"
    CBOR = "cbor"
    COSE = "cose"
    CLAIMS = "claims"  # the signed payload is not a CWT with health claims
    UNKNOWN_KID = "unknown_kid"
    SIGNATURE = "signature"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    KEY_USAGE = "key_usage"
    SCHEMA = "schema"
    REVOKED = "revoked"

    @property
    def unreadable(self) -> bool:
        """The code could not be decoded, so nothing about the holder can be shown."""
        return self in _UNREADABLE

    @property
    def summary(self) -> str:
        return SUMMARIES[self]


_UNREADABLE: Final = frozenset(
    {
        Failure.FILE,
        Failure.QR,
        Failure.PAGE_LIMIT,
        Failure.PREFIX,
        Failure.BASE45,
        Failure.ZLIB,
        Failure.CBOR,
        Failure.COSE,
        Failure.CLAIMS,
    }
)

#: One line per failure, for people; the detailed message says what exactly was found.
SUMMARIES: Final[dict[Failure, str]] = {
    Failure.FILE: "the file cannot be read",
    Failure.QR: "no readable QR code was found",
    Failure.PAGE_LIMIT: "not every page of the PDF was checked",
    Failure.PREFIX: "the QR code does not hold a health certificate (no 'HC1:' prefix)",
    Failure.BASE45: "the QR code text is damaged (Base45)",
    Failure.ZLIB: "the QR code content is damaged (compression)",
    Failure.CBOR: "the QR code content is damaged (CBOR)",
    Failure.COSE: "the QR code content is not a signed certificate (COSE)",
    Failure.CLAIMS: "the signed content is not a health certificate (CWT claims)",
    Failure.UNKNOWN_KID: "the certificate was signed with a key we do not trust",
    Failure.SIGNATURE: "the signature is not valid: the certificate was altered or forged",
    Failure.NOT_YET_VALID: "the certificate is not valid yet",
    Failure.EXPIRED: "the certificate has expired",
    Failure.KEY_USAGE: "the signing key is not allowed to sign this type of certificate",
    Failure.SCHEMA: "the health data does not follow the EU DCC format",
    Failure.REVOKED: "the certificate has been revoked by its issuer",
}


class CertificateError(Exception):
    """A step of reading or checking a certificate failed; `failure` says which."""

    def __init__(self, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.failure = failure
        self.message = message

    def __str__(self) -> str:
        return f"{self.failure.summary}: {self.message}"
