"""Foreign issuers sign with more than ES256: a P-384 or P-521 DSC under its own CSCA.

Each test makes a CSCA and a DSC with `cryptography`, signs a real DCC (the Austrian
vaccination of the EU test data) with the matching algorithm in COSE_Sign1, puts the DSC
in a trust list beside our own P-256 signer, and verifies the HC1 code end to end.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

import base45
import cbor2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from printing.cose import HEADER_ALG, HEADER_KID, TAG_COSE_SIGN1, sig_structure
from printing.cwt import CwtClaims
from printing.failures import Failure
from printing.trustlist import TrustList, kid_of, parse_trust_list
from printing.verification import verify_hc1

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DCC: dict[str, Any] = {
    "ver": "1.3.0",
    "nam": {"fn": "Musterfrau", "fnt": "MUSTERFRAU", "gn": "Gabriele", "gnt": "GABRIELE"},
    "dob": "1998-02-26",
    "v": [
        {
            "tg": "840539006",
            "vp": "1119349007",
            "mp": "EU/1/20/1528",
            "ma": "ORG-100030215",
            "dn": 1,
            "sd": 2,
            "dt": "2021-02-18",
            "co": "AT",
            "is": "Ministry of Health, Austria",
            "ci": "URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B",
        }
    ],
}
#: COSE algorithm, curve, hash and the byte length of r and of s.
ALGORITHMS = {
    "ES384": (-35, ec.SECP384R1(), hashes.SHA384(), 48),
    "ES512": (-36, ec.SECP521R1(), hashes.SHA512(), 66),
}


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: str,
    issuer_key: ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
) -> x509.Certificate:
    def name(cn: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "AT"),
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
            ]
        )

    builder = (
        x509.CertificateBuilder()
        .subject_name(name(subject))
        .issuer_name(name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=365))
        .not_valid_after(NOW + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA384())


def _foreign_signer(curve: ec.EllipticCurve) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    csca_key = ec.generate_private_key(ec.SECP384R1())
    dsc_key = ec.generate_private_key(curve)
    _certificate("CSCA AT", csca_key, "CSCA AT", csca_key, ca=True)
    dsc = _certificate("DSC AT 1", dsc_key, "CSCA AT", csca_key, ca=False)
    return dsc_key, dsc


def _hc1(algorithm: str, key: ec.EllipticCurvePrivateKey, kid: bytes) -> str:
    alg, _curve, digest, size = ALGORITHMS[algorithm]
    claims = CwtClaims(
        dcc=DCC, issuer="AT", issued_at=NOW - timedelta(days=1), expires_at=NOW + timedelta(days=30)
    )
    payload = claims.to_cbor()
    protected = cbor2.dumps({HEADER_ALG: alg, HEADER_KID: kid})
    r, s = decode_dss_signature(key.sign(sig_structure(protected, payload), ec.ECDSA(digest)))
    raw = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    cose = cbor2.dumps(cbor2.CBORTag(TAG_COSE_SIGN1, [protected, {}, payload, raw]))
    encoded: bytes = base45.b45encode(zlib.compress(cose, 9))
    return "HC1:" + encoded.decode("ascii")


@pytest.mark.parametrize("algorithm", sorted(ALGORITHMS))
def test_a_foreign_signer_verifies_when_its_dsc_is_trusted(algorithm: str) -> None:
    key, dsc = _foreign_signer(ALGORITHMS[algorithm][1])
    _, p256 = _foreign_signer(ec.SECP256R1())
    pem = p256.public_bytes(Encoding.PEM) + dsc.public_bytes(Encoding.PEM)
    foreign = parse_trust_list(pem)  # a P-256 signer and theirs in one file: both usable
    assert len(foreign) == 2

    result = verify_hc1(_hc1(algorithm, key, kid_of(dsc)), foreign, at=NOW)

    assert result.problems == ()
    assert result.valid
    assert result.algorithm == algorithm
    signer = foreign.lookup(kid_of(dsc))
    assert signer is not None
    assert signer.key_type == ("EC P-384" if algorithm == "ES384" else "EC P-521")


def test_a_foreign_signature_by_another_key_fails() -> None:
    _key, dsc = _foreign_signer(ec.SECP384R1())
    signed = TrustList.from_certificates([dsc])
    other_key, _ = _foreign_signer(ec.SECP384R1())

    result = verify_hc1(_hc1("ES384", other_key, kid_of(dsc)), signed, at=NOW)

    assert result.signature_valid is False
    assert not result.valid
    assert [p.failure for p in result.problems] == [Failure.SIGNATURE]


def test_an_algorithm_must_match_the_curve_of_the_dsc() -> None:
    _key, dsc = _foreign_signer(ec.SECP384R1())
    signed = TrustList.from_certificates([dsc])
    wrong = ec.generate_private_key(ec.SECP521R1())

    result = verify_hc1(_hc1("ES512", wrong, kid_of(dsc)), signed, at=NOW)

    assert result.signature_valid is False
    assert "P-521" in (result.error or "")


def test_foreign_signers_survive_our_json_trust_list() -> None:
    signers = [_foreign_signer(curve)[1] for curve in (ec.SECP384R1(), ec.SECP521R1())]

    again = parse_trust_list(TrustList.from_certificates(signers).to_json().encode())

    assert sorted(s.key_type for s in again) == ["EC P-384", "EC P-521"]
    assert {s.kid for s in again} == {kid_of(c) for c in signers}
