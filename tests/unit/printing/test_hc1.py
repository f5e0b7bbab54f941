"""The HC1 codec and COSE glue: each step fails with its own name; every accepted encoding."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

import base45
import cbor2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from printing import hc1
from printing.cose import (
    ALG_ES256,
    ALG_PS256,
    HEADER_ALG,
    HEADER_KID,
    TAG_COSE_SIGN1,
    TAG_CWT,
    parse_sign1,
    sig_structure,
    sign_es256,
)
from printing.cwt import CwtClaims
from printing.failures import CertificateError, Failure
from printing.keys import DocumentSigner
from printing.trustlist import TrustList, kid_of, kid_text
from printing.verification import verify_cose, verify_hc1

DCC = {
    "ver": "1.3.0",
    "nam": {"fn": "Zhang", "fnt": "ZHANG", "gn": "Wei", "gnt": "WEI"},
    "dob": "1985-03-14",
    "t": [
        {
            "tg": "840539006",
            "tt": "LP6464-4",
            "sc": "2025-06-01T08:00:00Z",
            "tr": "260415000",
            "tc": "London Bridge Diagnostics",
            "co": "GB",
            "is": "Consular Service of the People's Republic of China, GBR-LON",
            "ci": "URN:UVCI:01:CN:GBRLON0000000001#B",
        }
    ],
}


def claims(now: datetime) -> CwtClaims:
    return CwtClaims(
        dcc=DCC,
        issuer="CN",
        issued_at=now - timedelta(minutes=1),
        expires_at=now + timedelta(days=1),
    )


def repack(cose: bytes) -> str:
    encoded: bytes = base45.b45encode(zlib.compress(cose))
    return hc1.PREFIX + encoded.decode("ascii")


def test_round_trip(signer: DocumentSigner, trust: TrustList) -> None:
    now = datetime.now(UTC)
    text = hc1.encode(claims(now), signer)
    assert text.startswith("HC1:")
    result = verify_hc1(text, trust)
    assert result.valid, result.error
    assert result.payload == DCC
    assert result.kid == kid_text(signer.kid)
    assert result.algorithm == "ES256"
    cose = hc1.decode(text)
    assert cose.protected_header == {HEADER_ALG: ALG_ES256, HEADER_KID: signer.kid}
    assert len(cose.signature) == 64  # raw r||s, not DER


@pytest.mark.parametrize(
    ("text", "failure"),
    [
        ("HC2:6BFOXN%TS3DH", Failure.PREFIX),
        ("6BFOXN%TS3DH", Failure.PREFIX),
        ("HC1:" + "A" * 5000, Failure.PREFIX),  # longer than any QR code holds
        ("HC1:abc", Failure.BASE45),  # lower case is not Base45
        ("HC1:A", Failure.BASE45),  # a lone trailing character
        ("HC1:" + base45.b45encode(b"not zlib at all").decode(), Failure.ZLIB),
        ("HC1:" + base45.b45encode(zlib.compress(b"\xff\xff")).decode(), Failure.CBOR),
        ("HC1:" + base45.b45encode(zlib.compress(cbor2.dumps([1, 2]))).decode(), Failure.COSE),
        (
            "HC1:" + base45.b45encode(zlib.compress(cbor2.dumps(cbor2.CBORTag(98, [])))).decode(),
            Failure.COSE,
        ),
    ],
)
def test_each_step_names_its_failure(text: str, failure: Failure) -> None:
    with pytest.raises(CertificateError) as caught:
        hc1.decode(text)
    assert caught.value.failure is failure
    assert failure.unreadable


def test_zlib_bomb_stops_early() -> None:
    bomb = zlib.compress(b"\0" * (10 * 1024 * 1024), 9)
    with pytest.raises(CertificateError) as caught:
        hc1.inflate(bomb)
    assert caught.value.failure is Failure.ZLIB
    assert "more than" in caught.value.message


def test_truncated_zlib_is_refused() -> None:
    with pytest.raises(CertificateError) as caught:
        hc1.inflate(zlib.compress(b"x" * 200)[:-6])
    assert caught.value.failure is Failure.ZLIB


def _signed(
    signer: DocumentSigner,
    protected: dict[int, object],
    unprotected: dict[int, object],
    payload: bytes,
) -> tuple[bytes, bytes]:
    """Protected header bytes and raw ES256 signature, for hand-built COSE layouts."""
    encoded = cbor2.dumps(protected) if protected else b""
    der = signer.private_key.sign(sig_structure(encoded, payload), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    return encoded, r.to_bytes(32, "big") + s.to_bytes(32, "big")


@pytest.mark.parametrize("layout", ["protected", "unprotected only", "cwt tag 61", "untagged"])
def test_real_world_encodings_verify(signer: DocumentSigner, trust: TrustList, layout: str) -> None:
    payload = claims(datetime.now(UTC)).to_cbor()
    header = {HEADER_ALG: ALG_ES256, HEADER_KID: signer.kid}
    if layout == "unprotected only":
        protected, signature = _signed(signer, {}, header, payload)
        message: object = cbor2.CBORTag(TAG_COSE_SIGN1, [protected, header, payload, signature])
    else:
        protected, signature = _signed(signer, header, {}, payload)
        body = [protected, {}, payload, signature]
        message = {
            "protected": cbor2.CBORTag(TAG_COSE_SIGN1, body),
            "cwt tag 61": cbor2.CBORTag(TAG_CWT, cbor2.CBORTag(TAG_COSE_SIGN1, body)),
            "untagged": body,
        }[layout]
    result = verify_hc1(repack(cbor2.dumps(message)), trust)
    assert result.valid, result.error


def test_protected_kid_wins_over_unprotected(signer: DocumentSigner, trust: TrustList) -> None:
    payload = claims(datetime.now(UTC)).to_cbor()
    wrong = {HEADER_ALG: ALG_ES256, HEADER_KID: b"\x00" * 8}
    protected, signature = _signed(signer, wrong, {}, payload)
    message = cbor2.CBORTag(
        TAG_COSE_SIGN1, [protected, {HEADER_KID: signer.kid}, payload, signature]
    )
    result = verify_cose(cbor2.dumps(message), trust)
    assert result.signature_valid is False
    assert result.problems[0].failure is Failure.UNKNOWN_KID


def test_missing_kid_is_not_guessed(signer: DocumentSigner, trust: TrustList) -> None:
    # Without a kid we do not try every trusted key: the DCC requires a kid, and trying keys
    # would let one code cost a verifier as many signature checks as it trusts keys.
    payload = claims(datetime.now(UTC)).to_cbor()
    protected, signature = _signed(signer, {HEADER_ALG: ALG_ES256}, {}, payload)
    result = verify_cose(cbor2.dumps([protected, {}, payload, signature]), trust)
    assert result.signature_valid is False
    assert result.problems[0].failure is Failure.UNKNOWN_KID
    assert "no kid" in result.problems[0].message


def _rsa_certificate(bits: int) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RSA DSC")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return key, certificate


@pytest.mark.parametrize("bits", [2048, 3072])
def test_ps256_verifies_and_tampering_is_caught(bits: int) -> None:
    key, certificate = _rsa_certificate(bits)
    kid = kid_of(certificate)
    payload = claims(datetime.now(UTC)).to_cbor()
    protected = cbor2.dumps({HEADER_ALG: ALG_PS256, HEADER_KID: kid})
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    signature = key.sign(sig_structure(protected, payload), pss, hashes.SHA256())
    trust = TrustList.from_certificates([certificate])
    good = cbor2.dumps(cbor2.CBORTag(TAG_COSE_SIGN1, [protected, {}, payload, signature]))
    result = verify_cose(good, trust)
    assert result.valid, result.error
    assert result.algorithm == "PS256"
    forged = payload.replace(b"Zhang", b"Zhanf")
    bad = cbor2.dumps(cbor2.CBORTag(TAG_COSE_SIGN1, [protected, {}, forged, signature]))
    assert verify_cose(bad, trust).problems[0].failure is Failure.SIGNATURE


def test_es256_signature_with_an_rsa_key_is_refused(signer: DocumentSigner) -> None:
    _, certificate = _rsa_certificate(2048)
    payload = claims(datetime.now(UTC)).to_cbor()
    cose = sign_es256(payload=payload, private_key=signer.private_key, kid=kid_of(certificate))
    result = verify_cose(cose, TrustList.from_certificates([certificate]))
    assert result.signature_valid is False
    assert "P-256" in result.problems[0].message


def test_hostile_cbor_is_refused_cleanly() -> None:
    nested = b"\x81" * 10_000 + b"\x00"  # an array nested 10,000 deep
    with pytest.raises(CertificateError) as caught:
        parse_sign1(nested)
    assert caught.value.failure is Failure.CBOR
    # A payload map with a duplicate key is ambiguous: which value did the issuer sign?
    duplicate_keys = b"\xa2\x01\x02\x01\x03"
    result = verify_cose(cbor2.dumps([b"", {}, duplicate_keys, b""]), TrustList())
    assert result.unreadable
    assert result.problems[0].failure is Failure.CBOR


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_never_crash_the_verifier(data: bytes, trust: TrustList) -> None:
    result = verify_cose(data, trust)
    assert not result.valid
    assert result.problems


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_every_flipped_bit_is_caught(
    position: int, bit: int, signer: DocumentSigner, trust: TrustList
) -> None:
    cose = sign_es256(
        payload=claims(datetime.now(UTC)).to_cbor(), private_key=signer.private_key, kid=signer.kid
    )
    damaged = bytearray(cose)
    damaged[position % len(damaged)] ^= 1 << bit
    result = verify_cose(bytes(damaged), trust)
    assert not result.valid
    assert result.problems


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.dictionaries(
        st.integers(-5, 5),
        st.one_of(
            st.integers(),
            st.binary(max_size=9),
            st.text(max_size=5),
            st.lists(st.integers(), max_size=3),
        ),
    )
)
def test_hostile_headers_never_crash(header: dict[int, object], trust: TrustList) -> None:
    message = cbor2.CBORTag(TAG_COSE_SIGN1, [cbor2.dumps(header), header, b"\xa0", b"x" * 64])
    result = verify_cose(cbor2.dumps(message), trust)
    assert not result.valid
