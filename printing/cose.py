"""COSE_Sign1 (RFC 9052) as HCERT uses it: ES256 to sign; ES256 and PS256 to verify.

Only the glue is here: CBOR comes from cbor2, the cryptography from `cryptography`.
The signature covers the Sig_structure ["Signature1", protected bstr, b"", payload]
with the protected header exactly as transmitted. ES256 signatures travel as raw
r||s (64 bytes) and are converted to and from the DER form `cryptography` uses.
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
ALG_PS256: Final = -37
ALGORITHM_NAMES: Final = {ALG_ES256: "ES256", ALG_PS256: "PS256"}

_P256_COORDINATE_BYTES: Final = 32
#: Nesting a hostile CBOR document may use before decoding stops (a DCC needs about 6).
MAX_CBOR_DEPTH: Final = 32

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey


def _keep_text_date(value: Any, _immutable: bool) -> Any:
    # Tag 0 (date-time text) stays text, exactly as signed, so the payload equals its JSON form.
    return value


def _keep_epoch(value: Any, _immutable: bool) -> Any:
    return value


_SEMANTIC: Final = {0: _keep_text_date, 1: _keep_epoch}


def loads(data: bytes, *, failure: Failure = Failure.CBOR, what: str = "the content") -> Any:
    """Decode untrusted CBOR with limits (bounded nesting, no duplicate map keys).

    Raises `CertificateError(failure)`: cbor2 signals hostile input with several exception types.
    """
    try:
        return cbor2.loads(
            data, semantic_decoders=_SEMANTIC, max_depth=MAX_CBOR_DEPTH, allow_duplicate_keys=False
        )
    except (cbor2.CBORError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise CertificateError(failure, f"{what} is not valid CBOR ({exc})") from None


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
            return ALGORITHM_NAMES.get(alg, f"COSE algorithm {alg}")
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
    if alg == ALG_ES256:
        if not isinstance(public_key, ec.EllipticCurvePublicKey) or not isinstance(
            public_key.curve, ec.SECP256R1
        ):
            raise CertificateError(
                Failure.SIGNATURE, "ES256 needs a P-256 key; the DSC has another"
            )
        if len(signature) != 2 * _P256_COORDINATE_BYTES:
            raise CertificateError(Failure.SIGNATURE, "an ES256 signature must be 64 bytes (r||s)")
        r = int.from_bytes(signature[:_P256_COORDINATE_BYTES], "big")
        s = int.from_bytes(signature[_P256_COORDINATE_BYTES:], "big")
        try:
            public_key.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise CertificateError(
                Failure.SIGNATURE, "the ES256 signature does not match the content"
            ) from None
        return
    if alg == ALG_PS256:
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise CertificateError(Failure.SIGNATURE, "PS256 needs an RSA key; the DSC has another")
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.AUTO)
        try:
            public_key.verify(signature, message, pss, hashes.SHA256())
        except InvalidSignature:
            raise CertificateError(
                Failure.SIGNATURE, "the PS256 signature does not match the content"
            ) from None
        return
    raise CertificateError(
        Failure.SIGNATURE, f"signature algorithm {repr(alg)[:40]} is not supported"
    )
