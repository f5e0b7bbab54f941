"""COSE_Sign1 (RFC 9052) as HCERT uses it: ES256 to sign; ES256/384/512 and PS256/384/512 to verify.

Foreign issuers' trust lists hold P-384 and P-521 signers as well as P-256 and RSA ones, so
every ECDSA and RSA-PSS algorithm of RFC 9053 is accepted, each only with its own curve.

Only the glue is here: CBOR comes from cbor2, the cryptography from `cryptography`.
The signature covers the Sig_structure ["Signature1", protected bstr, b"", payload]
with the protected header exactly as transmitted. ECDSA signatures travel as raw
r||s (64 bytes for ES256, 96 for ES384, 132 for ES512) and are converted to and from
the DER form `cryptography` uses.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from printing.failures import CertificateError, Failure

log = logging.getLogger(__name__)

TAG_COSE_SIGN1: Final = 18
TAG_CWT: Final = 61
HEADER_ALG: Final = 1
HEADER_KID: Final = 4
ALG_ES256: Final = -7
ALG_ES384: Final = -35
ALG_ES512: Final = -36
ALG_PS256: Final = -37
ALG_PS384: Final = -38
ALG_PS512: Final = -39
ALGORITHM_NAMES: Final = {
    ALG_ES256: "ES256",
    ALG_ES384: "ES384",
    ALG_ES512: "ES512",
    ALG_PS256: "PS256",
    ALG_PS384: "PS384",
    ALG_PS512: "PS512",
}
#: ECDSA: the curve the algorithm requires, its hash, and the length of r and of s.
_ECDSA: Final[dict[int, tuple[type[ec.EllipticCurve], str, type[hashes.HashAlgorithm], int]]] = {
    ALG_ES256: (ec.SECP256R1, "P-256", hashes.SHA256, 32),
    ALG_ES384: (ec.SECP384R1, "P-384", hashes.SHA384, 48),
    ALG_ES512: (ec.SECP521R1, "P-521", hashes.SHA512, 66),
}
_PSS: Final[dict[int, type[hashes.HashAlgorithm]]] = {
    ALG_PS256: hashes.SHA256,
    ALG_PS384: hashes.SHA384,
    ALG_PS512: hashes.SHA512,
}

_P256_COORDINATE_BYTES: Final = 32
#: Nesting a hostile CBOR document may use before decoding stops (a DCC needs about 6).
MAX_CBOR_DEPTH: Final = 32

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey


def _keep_text_date(value: Any, _immutable: bool) -> Any:
    # Tag 0 (date-time text) stays text, exactly as signed, so the payload equals its JSON form.
    return value


def _keep_epoch(value: Any, _immutable: bool) -> Any:
    return value


def _refuse_bignum(value: Any, _immutable: bool) -> Any:
    # No DCC field holds a bignum (tags 2/3); a 5,000-digit one cannot even become text
    # (Python's int->str limit), so such a code is refused as unreadable at decoding.
    raise ValueError("it holds a number too large for a health certificate")


_SEMANTIC: Final = {0: _keep_text_date, 1: _keep_epoch, 2: _refuse_bignum, 3: _refuse_bignum}


def loads(data: bytes, *, failure: Failure = Failure.CBOR, what: str = "the content") -> Any:
    """Decode untrusted CBOR with limits (bounded nesting, no duplicate map keys).

    Raises `CertificateError(failure)`: cbor2 signals hostile input with several exception types.
    """
    try:
        return cbor2.loads(
            data, semantic_decoders=_SEMANTIC, max_depth=MAX_CBOR_DEPTH, allow_duplicate_keys=False
        )
    except (cbor2.CBORError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        detail = exc.__cause__ if isinstance(exc.__cause__, ValueError) else exc
        raise CertificateError(failure, f"{what} is not valid CBOR ({detail})") from None


@dataclass(frozen=True)
class CoseSign1:
    protected: bytes  # the serialized protected header, exactly as signed
    protected_header: Mapping[Any, Any]
    unprotected_header: Mapping[Any, Any]
    payload: bytes
    signature: bytes

    @property
    def alg(self) -> Any:
        # The protected header wins; some issuers put alg/kid only in the unprotected one.
        return self.protected_header.get(HEADER_ALG, self.unprotected_header.get(HEADER_ALG))

    @property
    def kid(self) -> bytes | None:
        kid = self.protected_header.get(HEADER_KID, self.unprotected_header.get(HEADER_KID))
        return kid if isinstance(kid, bytes) and kid else None

    @property
    def algorithm_name(self) -> str | None:
        alg = self.alg
        if alg is None:
            return None
        if isinstance(alg, int) and not isinstance(alg, bool):
            return ALGORITHM_NAMES.get(alg) or f"COSE algorithm {_short(alg)}"
        return "not a COSE algorithm"

    def to_be_signed(self) -> bytes:
        return sig_structure(self.protected, self.payload)

    def verify(self, public_key: PublicKey) -> None:
        """Raise `CertificateError(SIGNATURE)` unless the signature verifies with `public_key`."""
        verify_signature(self.alg, public_key, self.to_be_signed(), self.signature)


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def parse_sign1(data: bytes) -> CoseSign1:
    """A COSE_Sign1 from CBOR bytes: tag 18, tag 61 around tag 18, or untagged."""
    message = loads(data)
    if isinstance(message, cbor2.CBORTag) and message.tag == TAG_CWT:
        message = message.value
    if isinstance(message, cbor2.CBORTag):
        if message.tag != TAG_COSE_SIGN1:
            raise CertificateError(Failure.COSE, f"CBOR tag {message.tag} is not COSE_Sign1 (18)")
        message = message.value
    if not isinstance(message, list | tuple) or len(message) != 4:
        raise CertificateError(Failure.COSE, "COSE_Sign1 must be an array of four elements")
    protected, unprotected, payload, signature = message
    if not isinstance(protected, bytes):
        raise CertificateError(Failure.COSE, "the protected header is not a byte string")
    if not isinstance(unprotected, Mapping):
        raise CertificateError(Failure.COSE, "the unprotected header is not a map")
    if not isinstance(payload, bytes) or not payload:
        raise CertificateError(Failure.COSE, "the payload is missing or not a byte string")
    if not isinstance(signature, bytes):
        raise CertificateError(Failure.COSE, "the signature is not a byte string")
    protected_header: Mapping[Any, Any] = {}
    if protected:
        protected_header = loads(protected, failure=Failure.COSE, what="the protected header")
        if not isinstance(protected_header, Mapping):
            raise CertificateError(Failure.COSE, "the protected header is not a map")
    return CoseSign1(protected, protected_header, unprotected, payload, signature)


def sign_es256(*, payload: bytes, private_key: ec.EllipticCurvePrivateKey, kid: bytes) -> bytes:
    """A tagged COSE_Sign1 over `payload`, with alg and kid in the protected header."""
    protected = cbor2.dumps({HEADER_ALG: ALG_ES256, HEADER_KID: kid})
    der = private_key.sign(sig_structure(protected, payload), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    raw = r.to_bytes(_P256_COORDINATE_BYTES, "big") + s.to_bytes(_P256_COORDINATE_BYTES, "big")
    return cbor2.dumps(cbor2.CBORTag(TAG_COSE_SIGN1, [protected, {}, payload, raw]))


def verify_signature(alg: Any, public_key: PublicKey, message: bytes, signature: bytes) -> None:
    name = ALGORITHM_NAMES.get(alg) if isinstance(alg, int) and not isinstance(alg, bool) else None
    if name is None:
        raise CertificateError(
            Failure.SIGNATURE, f"signature algorithm {_short(alg)} is not supported"
        )
    if alg in _ECDSA:
        curve, curve_name, digest, size = _ECDSA[alg]
        if not isinstance(public_key, ec.EllipticCurvePublicKey) or not isinstance(
            public_key.curve, curve
        ):
            raise CertificateError(
                Failure.SIGNATURE, f"{name} needs a {curve_name} key; the DSC has another"
            )
        if len(signature) != 2 * size:
            raise CertificateError(
                Failure.SIGNATURE, f"an {name} signature must be {2 * size} bytes (r||s)"
            )
        r = int.from_bytes(signature[:size], "big")
        s = int.from_bytes(signature[size:], "big")
        try:
            public_key.verify(encode_dss_signature(r, s), message, ec.ECDSA(digest()))
        except InvalidSignature:
            raise CertificateError(
                Failure.SIGNATURE, f"the {name} signature does not match the content"
            ) from None
        return
    if alg in _PSS:
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise CertificateError(
                Failure.SIGNATURE, f"{name} needs an RSA key; the DSC has another"
            )
        digest = _PSS[alg]
        pss = padding.PSS(mgf=padding.MGF1(digest()), salt_length=padding.PSS.AUTO)
        try:
            public_key.verify(signature, message, pss, digest())
        except InvalidSignature:
            raise CertificateError(
                Failure.SIGNATURE, f"the {name} signature does not match the content"
            ) from None
        return
    raise CertificateError(Failure.SIGNATURE, f"signature algorithm {name} is not supported")


def _short(value: Any) -> str:
    """A hostile header value in a message: bounded, and never int->str on a huge integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value}" if abs(value) < 10**12 else "(a huge number)"
    if value is None:
        return "(none given)"
    try:
        return repr(value)[:40]
    except ValueError:  # a huge integer inside a container
        return f"(a {type(value).__name__})"
