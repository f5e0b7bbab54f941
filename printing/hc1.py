"""The HC1 codec: CWT claims -> COSE_Sign1 -> zlib -> Base45 -> "HC1:" and back.

Each decoding step raises `CertificateError` naming the step that failed, so a
verifier can say whether the code is damaged (prefix, Base45, zlib, CBOR, COSE)
or was read and then rejected. Inputs are untrusted: sizes are bounded before
any work is done, and decompression stops at `MAX_COSE_BYTES`.
"""

from __future__ import annotations

import logging
import zlib
from typing import Final, Protocol

import base45
from cryptography.hazmat.primitives.asymmetric import ec

from printing.cose import CoseSign1, parse_sign1, sign_es256
from printing.cwt import CwtClaims
from printing.failures import CertificateError, Failure

log = logging.getLogger(__name__)

PREFIX: Final = "HC1:"
#: A QR code holds at most 4,296 alphanumeric characters; anything longer is not from one.
MAX_HC1_CHARS: Final = 4400
#: A signed DCC is well under 4 KiB; stop inflating long before a zlib bomb hurts.
MAX_COSE_BYTES: Final = 64 * 1024


class Signer(Protocol):
    """What signing needs: the document signer's private key and the kid of its certificate."""

    @property
    def private_key(self) -> ec.EllipticCurvePrivateKey: ...

    @property
    def kid(self) -> bytes: ...


def encode(claims: CwtClaims, signer: Signer) -> str:
    """Sign `claims` with ES256 (kid in the protected header) and encode as an HC1 string."""
    cose = sign_es256(payload=claims.to_cbor(), private_key=signer.private_key, kid=signer.kid)
    encoded: bytes = base45.b45encode(zlib.compress(cose, 9))
    return PREFIX + encoded.decode("ascii")


def unprefix(text: str) -> str:
    if len(text) > MAX_HC1_CHARS + len(PREFIX):
        raise CertificateError(Failure.PREFIX, "the text is longer than a QR code can hold")
    if not text.startswith(PREFIX):
        shown = text[:12].encode("unicode_escape").decode("ascii")
        raise CertificateError(Failure.PREFIX, f"it starts with {shown!r}, not 'HC1:'")
    return text[len(PREFIX) :]


def base45_decode(text: str) -> bytes:
    try:
        decoded: bytes = base45.b45decode(text)
    except (ValueError, UnicodeError):
        raise CertificateError(Failure.BASE45, "not valid Base45 text") from None
    return decoded


def inflate(data: bytes) -> bytes:
    decompressor = zlib.decompressobj()
    try:
        cose = decompressor.decompress(data, MAX_COSE_BYTES)
    except zlib.error as exc:
        raise CertificateError(Failure.ZLIB, f"not zlib data ({exc})") from None
    if decompressor.unconsumed_tail:
        raise CertificateError(Failure.ZLIB, f"it inflates to more than {MAX_COSE_BYTES} bytes")
    if not decompressor.eof:
        raise CertificateError(Failure.ZLIB, "the compressed data is cut short")
    return cose


def decode(text: str) -> CoseSign1:
    """Prefix, Base45, zlib and COSE structure of an HC1 string (nothing is verified yet)."""
    return parse_sign1(inflate(base45_decode(unprefix(text.strip()))))
