"""`verify` with lists handed over offline: signed and fresh, or refused unless vouched for.

Each case runs the command as an operator would, against a real key store, real signed
lists (COSE_Sign1 by the CSCA) and a real certificate issued by `certificate issue`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from printing.revocation import uvci_hash
from tests.support.approved_cases import approved_case
from tests.support.certificate_cli import issue_certificate
from tests.unit.printing.conftest import PASSPHRASE
from workstation.__main__ import main
from workstation.protocol import RevocationList

ALLOW = "--allow-unsigned-lists"
CAUTION = "CAUTION, LISTS NOT SIGNED (--allow-unsigned-lists)"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keys, a certificate issued (its HC1 text in cert.txt), the lists unsigned and signed."""
    monkeypatch.setenv("CW_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setenv("CW_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CW_KEY_PASSPHRASE", PASSPHRASE)
    monkeypatch.chdir(tmp_path)
    assert main(["keys", "init-demo", "--mission", "GBR-LON"]) == 0
    Path("case.json").write_text(approved_case().model_dump_json(indent=2), encoding="utf-8")
    assert issue_certificate(tmp_path) == 0
    exported = ["--json", "t.json", "--pem", "t.pem", "--signed", "t.cose"]
    assert main(["keys", "export-trust-list", *exported]) == 0
    certificate = approved_case().certificate
    assert certificate is not None
    revocations = RevocationList(
        issued_at=datetime.now(UTC),
        issuer_country="CN",
        revoked_uvci_sha256=[uvci_hash(certificate.certificate_id)],
    )
    Path("revoked.json").write_text(revocations.model_dump_json())
    assert main(["keys", "sign-revocations", "--in", "revoked.json", "--out", "revoked.cose"]) == 0
    return tmp_path


def _verify(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["verify", *arguments, Path("cert.txt").read_text(encoding="ascii").strip()])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_workstations_own_key_store_needs_no_signature(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _verify(capsys)
    assert code == 0 and out.startswith("HC1 text: VALID")
    assert CAUTION not in out and "NOT SIGNED" not in err


@pytest.mark.parametrize(
    ("option", "file", "kind"),
    [
        ("--trust", "t.json", "trust list"),
        ("--trust", "t.pem", "trust list"),
        ("--revocations", "revoked.json", "revocation list"),
    ],
)
def test_an_unsigned_list_is_refused_by_default(
    workdir: Path, capsys: pytest.CaptureFixture[str], option: str, file: str, kind: str
) -> None:
    code, out, err = _verify(capsys, option, file)
    assert code == 2 and out == ""
    assert f"error: {file} is not a signed {kind}" in err
    assert "--allow-unsigned-lists" in err  # and says what the operator can do


def test_an_unsigned_list_vouched_for_is_used_and_every_result_says_so(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _verify(capsys, ALLOW, "--trust", "t.pem")
    assert code == 0
    verdict, caveat, *_ = out.splitlines()
    assert verdict == "HC1 text: VALID"
    assert caveat == f"  {CAUTION}: trust list t.pem"
    assert "WARNING: trust list t.pem NOT SIGNED" in err
    code, out, err = _verify(capsys, ALLOW, "--lang", "zh", "--trust", "t.pem")
    assert out.splitlines()[1].startswith("  注意：名单未经签名")  # in the reader's language

    code, out, err = _verify(capsys, ALLOW, "--json", "--revocations", "revoked.json")
    assert code == 1  # revoked
    result = json.loads(out)
    assert result["revoked"] is True
    assert result["unsigned_lists"] == ["revocation list revoked.json"]


def test_signed_lists_are_used_without_a_caveat(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The default anchor is this mission's CSCA; no option is needed for a signed list.
    code, out, err = _verify(capsys, "--trust", "t.cose")
    assert code == 0 and CAUTION not in out
    assert "trust list signed" in err
    code, out, _ = _verify(capsys, "--json", "--trust", "t.cose", "--revocations", "revoked.cose")
    assert code == 1
    result = json.loads(out)
    assert result["revoked"] is True and result["unsigned_lists"] == []


def test_a_badly_signed_list_is_refused_even_when_unsigned_ones_are_allowed(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tampered = bytearray(Path("t.cose").read_bytes())
    tampered[-70] ^= 1  # inside the signed JSON, before the 64-byte signature
    Path("tampered.cose").write_bytes(bytes(tampered))
    for arguments in (["--trust", "tampered.cose"], [ALLOW, "--trust", "tampered.cose"]):
        code, out, err = _verify(capsys, *arguments)
        assert code == 2 and out == ""
        assert "the signature is not valid" in err


def test_a_list_signed_by_another_csca_is_refused(
    workdir: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    from printing.keys import KeyStore

    other = KeyStore(tmp_path_factory.mktemp("other") / "keys", kdf_rounds=1000)
    other.init_demo(mission="GBR-MAN", passphrase=PASSPHRASE)
    foreign_anchor = str(other.directory / "csca.crt.pem")
    code, out, err = _verify(capsys, ALLOW, "--trust", "t.cose", "--trust-anchor", foreign_anchor)
    assert code == 2 and out == ""
    assert "which is not a trust anchor" in err


def test_an_expired_or_too_old_list_is_refused(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The signed revocation list is usable for 2 days: three days on, it has expired.
    later = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    code, out, err = _verify(capsys, ALLOW, "--revocations", "revoked.cose", "--at", later)
    assert code == 2 and out == ""
    assert "the revocation list expired" in err
    # Within its validity, but older than this verifier accepts.
    sooner = (datetime.now(UTC) + timedelta(hours=5)).isoformat()
    arguments = ["--trust", "t.cose", "--max-list-age", "4", "--at", sooner]
    code, out, err = _verify(capsys, *arguments)
    assert code == 2 and "more than 4 hours ago" in err


def test_a_revocation_list_passed_off_as_a_trust_list_is_refused(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _verify(capsys, "--trust", "revoked.cose")
    assert code == 2 and "this is not a trust list" in err


def _ca(name: str, *, days: int, ca: bool = True) -> bytes:
    """A self-signed certificate: a CSCA valid for `days` from a year ago (or not a CA)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = datetime.now(UTC) - timedelta(days=365)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(Encoding.PEM)


def test_an_anchor_file_with_unusable_certificates_uses_the_others(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = b"-----BEGIN CERTIFICATE-----\nAAECAwQ=\n-----END CERTIFICATE-----\n"
    ours = (workdir / "keys" / "csca.crt.pem").read_bytes()
    bundle = garbage + _ca("CSCA expired", days=30) + _ca("Not a CA", days=800, ca=False) + ours
    Path("anchors.pem").write_bytes(bundle)

    code, out, err = _verify(capsys, "--trust", "t.cose", "--trust-anchor", "anchors.pem")

    assert code == 0 and out.startswith("HC1 text: VALID")
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 3
    assert "certificate 1 (kid " in warnings[0] and "not a DER certificate" in warnings[0]
    assert "certificate 2 (CN=CSCA expired, kid " in warnings[1] and "not valid at" in warnings[1]
    assert "certificate 3 (CN=Not a CA, kid " in warnings[2]
    assert "not a certificate authority" in warnings[2]


def test_an_anchor_file_with_nothing_usable_is_refused(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("anchors.pem").write_bytes(_ca("CSCA expired", days=30))
    code, out, err = _verify(capsys, "--trust", "t.cose", "--trust-anchor", "anchors.pem")
    assert code == 2 and out == ""
    assert "no certificate given with --trust-anchor can vouch for lists" in err
    # Our own CSCA, at a time it is not valid: skipped, so the list has no anchor.
    later = (datetime.now(UTC) + timedelta(days=4000)).isoformat()
    csca = str(workdir / "keys" / "csca.crt.pem")
    code, _, err = _verify(capsys, "--trust", "t.cose", "--trust-anchor", csca, "--at", later)
    assert code == 2 and "not valid at" in err
