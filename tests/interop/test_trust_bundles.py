"""A PEM bundle from another country: the usable signers are used, the others named and skipped.

Real bundles mix what a verifier can use (ES256, ES384, ES512 and PS256 signers) with what
it cannot (a brainpool or Ed25519 key, a weak RSA key, an extension that cannot be read, a
block that is not a certificate). One such certificate must not cost the officer the whole
file; a file with none usable is an error. Every HC1 code here is signed for real.
"""

from __future__ import annotations

import base64
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import base45
import cbor2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtensionOID, NameOID

from printing.cose import HEADER_ALG, HEADER_KID, TAG_COSE_SIGN1, sig_structure
from printing.cwt import CwtClaims
from printing.failures import Failure
from printing.trustlist import TrustListError, kid_of, kid_text, parse_trust_list
from printing.verification import verify_hc1
from workstation.__main__ import main

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
Key = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey
#: COSE algorithm: (COSE id, hash, byte length of r and of s for ECDSA).
ECDSA = {"ES256": (-7, hashes.SHA256(), 32), "ES384": (-35, hashes.SHA384(), 48)}
ECDSA["ES512"] = (-36, hashes.SHA512(), 66)
PS256 = -37


def _dsc(
    key: Key, subject: str, *, days: int = 365, eku_value: bytes | None = None
) -> x509.Certificate:
    signing = ec.generate_private_key(ec.SECP384R1())  # the CSCA's key; not checked here
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "AT"),
            x509.NameAttribute(NameOID.COMMON_NAME, subject),
        ]
    )
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CSCA AT")])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=365))
        .not_valid_after(NOW + timedelta(days=days))
    )
    if eku_value is not None:
        builder = builder.add_extension(
            x509.UnrecognizedExtension(ExtensionOID.EXTENDED_KEY_USAGE, eku_value), critical=False
        )
    return builder.sign(signing, hashes.SHA384())


def _pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(Encoding.PEM) for c in certificates)


def _hc1(algorithm: str, key: Key, certificate: x509.Certificate) -> str:
    claims = CwtClaims(
        dcc=DCC, issuer="AT", issued_at=NOW - timedelta(days=1), expires_at=NOW + timedelta(days=30)
    )
    payload = claims.to_cbor()
    alg = PS256 if algorithm == "PS256" else ECDSA[algorithm][0]
    protected = cbor2.dumps({HEADER_ALG: alg, HEADER_KID: kid_of(certificate)})
    message = sig_structure(protected, payload)
    if isinstance(key, rsa.RSAPrivateKey):
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        signature = key.sign(message, pss, hashes.SHA256())
    else:
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        _, digest, size = ECDSA[algorithm]
        r, s = decode_dss_signature(key.sign(message, ec.ECDSA(digest)))
        signature = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    cose = cbor2.dumps(cbor2.CBORTag(TAG_COSE_SIGN1, [protected, {}, payload, signature]))
    encoded: bytes = base45.b45encode(zlib.compress(cose, 9))
    return "HC1:" + encoded.decode("ascii")


@pytest.fixture(scope="module")
def usable() -> dict[str, tuple[Key, x509.Certificate]]:
    """One signer per algorithm a verifier must accept."""
    keys: dict[str, Key] = {
        "ES256": ec.generate_private_key(ec.SECP256R1()),
        "ES384": ec.generate_private_key(ec.SECP384R1()),
        "ES512": ec.generate_private_key(ec.SECP521R1()),
        "PS256": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    }
    return {name: (key, _dsc(key, f"DSC AT {name}")) for name, key in keys.items()}


@pytest.fixture(scope="module")
def unusable() -> dict[str, x509.Certificate]:
    return {
        "brainpool": _dsc(ec.generate_private_key(ec.BrainpoolP256R1()), "DSC brainpool"),
        "ed25519": _dsc(ed25519.Ed25519PrivateKey.generate(), "DSC Ed25519"),
        # The weak key is the point: the trust list must refuse it.
        "weak RSA": _dsc(rsa.generate_private_key(public_exponent=65537, key_size=1024), "DSC"),  # noqa: S505
        "bad EKU": _dsc(
            ec.generate_private_key(ec.SECP256R1()), "DSC bad EKU", eku_value=b"\x04\x00"
        ),
    }


NOT_DER = b"-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n"


def _bundle(usable: dict[str, Any], unusable: dict[str, x509.Certificate]) -> bytes:
    """The unusable ones between the usable ones, and a block that is no certificate at all."""
    good = [certificate for _key, certificate in usable.values()]
    bad = list(unusable.values())
    return _pem(good[0], bad[0], good[1], bad[1]) + NOT_DER + _pem(good[2], bad[2], bad[3], good[3])


def test_every_usable_signer_of_a_bundle_verifies_and_the_others_are_named(
    usable: dict[str, tuple[Key, x509.Certificate]], unusable: dict[str, x509.Certificate]
) -> None:
    trust = parse_trust_list(_bundle(usable, unusable))

    assert {s.kid for s in trust} == {kid_of(c) for _k, c in usable.values()}
    for algorithm, (key, certificate) in usable.items():
        result = verify_hc1(_hc1(algorithm, key, certificate), trust, at=NOW)
        assert result.valid, (algorithm, result.error)
        assert result.algorithm == algorithm
    skipped = trust.skipped
    assert len(skipped) == 5
    assert skipped[0].startswith("certificate 2 (CN=DSC brainpool,C=AT, kid ")
    assert "brainpoolP256r1 is not one of P-256, P-384, P-521" in skipped[0]
    assert "Ed25519PublicKey keys cannot sign" in skipped[1]
    assert skipped[2].startswith("certificate 5 (kid ") and "not a DER certificate" in skipped[2]
    assert "1024 bits is too weak" in skipped[3]
    assert "extensions cannot be read" in skipped[4]
    for name, certificate in unusable.items():
        assert any(kid_text(kid_of(certificate)) in s for s in skipped), name


def test_a_bundle_with_nothing_usable_is_an_error(unusable: dict[str, x509.Certificate]) -> None:
    with pytest.raises(TrustListError, match="none of its 5 certificate") as caught:
        parse_trust_list(_pem(*unusable.values()) + NOT_DER)
    assert "brainpoolP256r1" in str(caught.value) and "too weak" in str(caught.value)
    with pytest.raises(TrustListError, match="no PEM certificate"):
        parse_trust_list(b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")


def test_an_expired_signer_is_kept_and_judged_by_the_expiry_check() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    expired = _dsc(key, "DSC expired", days=-1)
    trust = parse_trust_list(_pem(expired))
    assert trust.skipped == ()

    result = verify_hc1(_hc1("ES256", key, expired), trust, at=NOW)

    assert result.signature_valid is True and result.expiry_ok is False
    assert [p.failure for p in result.problems] == [Failure.EXPIRED]


def test_a_hostile_subject_is_shown_escaped() -> None:
    key = ec.generate_private_key(ec.BrainpoolP256R1())
    trust_file = _pem(_dsc(key, "Evil\x1b[2J\u202eDSC")) + _pem(
        _dsc(ec.generate_private_key(ec.SECP256R1()), "DSC AT")
    )
    (skipped,) = parse_trust_list(trust_file).skipped
    assert "\x1b" not in skipped and "\u202e" not in skipped
    assert "\\x1b" in skipped and "\\u202e" in skipped


def test_verify_uses_a_bundle_and_warns_of_each_certificate_skipped(
    usable: dict[str, tuple[Key, x509.Certificate]],
    unusable: dict[str, x509.Certificate],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CW_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setenv("CW_KEYS_DIR", str(tmp_path / "no-keys"))
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(_bundle(usable, unusable))
    key, certificate = usable["ES384"]
    code = _hc1("ES384", key, certificate)
    arguments = ["verify", "--allow-unsigned-lists", "--trust", str(bundle), "--at"]

    assert main([*arguments, NOW.isoformat(), code]) == 0

    captured = capsys.readouterr()
    assert "HC1 text: VALID" in captured.out
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 5
    assert warnings[0].startswith(f"warning: {bundle}: skipped certificate 2 (CN=DSC brainpool")
    der = base64.b64encode(certificate.public_bytes(Encoding.DER))
    assert der.decode() not in captured.err  # names, not whole certificates


def test_a_block_cut_short_is_reported_not_passed_over() -> None:
    good = _dsc(ec.generate_private_key(ec.SECP256R1()), "DSC AT")
    pem = _pem(good).decode()
    cut = pem.split("-----END")[0]  # no END line
    broken = pem.replace("\n", "\n-", 1)  # a "-" in the body
    labelled = pem.replace("CERTIFICATE-----", "X509 CERTIFICATE-----")
    trust = parse_trust_list((broken + labelled + cut).encode())
    assert [s.kid for s in trust] == [kid_of(good)]  # the RFC 7468 "X509 CERTIFICATE" label
    assert len(trust.skipped) == 2
    assert trust.skipped[0].startswith("certificate 1 (")
    assert trust.skipped[1].startswith("certificate 3 (")


def test_a_huge_file_of_unfinished_blocks_is_read_in_linear_time() -> None:
    import time

    begun = time.perf_counter()
    with pytest.raises(TrustListError, match="none of its 100000 certificate") as caught:
        parse_trust_list(b"-----BEGIN CERTIFICATE-----\nAAAA\n" * 100_000)
    assert time.perf_counter() - begun < 30
    assert str(caught.value).endswith("; and 99995 more")  # not a megabyte of reasons


def test_past_a_few_warnings_only_how_many_more(
    usable: dict[str, tuple[Key, x509.Certificate]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CW_CONFIG", str(tmp_path / "no-settings.toml"))
    key, certificate = usable["ES256"]
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(NOT_DER * 25 + _pem(certificate))
    arguments = ["verify", "--allow-unsigned-lists", "--trust", str(bundle), "--at"]

    assert main([*arguments, NOW.isoformat(), _hc1("ES256", key, certificate)]) == 0

    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning:" in line]
    assert len(warnings) == 21
    assert warnings[-1] == f"warning: {bundle}: skipped 5 more certificate(s)"
