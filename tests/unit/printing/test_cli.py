"""The `keys`, `certificate issue` and `verify` commands, run as an operator would."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from printing.revocation import uvci_hash
from tests.support.approved_cases import approved_case
from tests.support.certificate_cli import issue_certificate
from tests.support.qr_pictures import qr_image
from tests.unit.printing.conftest import PASSPHRASE
from workstation.__main__ import main
from workstation.protocol import RevocationList


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CW_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setenv("CW_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CW_KEY_PASSPHRASE", PASSPHRASE)
    monkeypatch.chdir(tmp_path)
    assert main(["keys", "init-demo", "--mission", "GBR-LON"]) == 0
    Path("case.json").write_text(approved_case().model_dump_json(indent=2), encoding="utf-8")
    return tmp_path


def test_keys_list_and_export(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["keys", "list"]) == 0
    assert "signs now" in capsys.readouterr().out
    assert main(["keys", "export-trust-list", "--json", "t.json", "--pem", "t.pem"]) == 0
    assert json.loads(Path("t.json").read_text())["signers"][0]["kid"]
    assert Path("t.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert main(["keys", "export-trust-list"]) == 2


def test_issue_then_verify(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert issue_certificate(workdir) == 0
    hc1 = Path("cert.txt").read_text().strip()
    capsys.readouterr()
    assert main(["verify", "cert.pdf", "cert.txt", hc1]) == 0
    out = capsys.readouterr().out
    assert out.count(": VALID") == 3
    for shown in (
        "Zhang, Wei (ZHANG, WEI)",
        "1985-03-14",
        "Not detected",
        "Nucleic acid amplification with probe detection",
        "Sample taken",
        "Valid",
    ):
        assert shown in out
    assert main(["verify", "--json", "cert.pdf"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    result = json.loads(line)
    for field in ("decoded", "signature_valid", "expiry_ok", "key_usage_ok", "schema_valid"):
        assert result[field] is True, field
    assert result["error"] is None and result["kid"] and result["payload"]["t"][0]["tr"]


#: What a border officer does not need to decide, shown only with --details.
DETAILS = (
    "Test centre",
    "London Bridge Diagnostics, London, United Kingdom",
    "Issued by",
    "Consulate-General of the People's Republic of China in London (CN)",
    "Certificate ID",
    "URN:UVCI:01:CN:GBRLON0000000001#B",
    "Signing key",
)


def test_verify_shows_details_only_when_asked(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert issue_certificate(workdir) == 0
    capsys.readouterr()
    assert main(["verify", "cert.pdf"]) == 0
    brief = capsys.readouterr().out
    assert [label for label in DETAILS if label in brief] == []
    # verdict, name, birth, test, result, sample, the IgM antibody test (the consular health
    # record: a border officer needs every result), valid
    assert len(brief.splitlines()) == 9  # with the line of each check's outcome
    assert "IgM antibody    Not detected, sample taken" in brief
    assert main(["verify", "--details", "cert.pdf"]) == 0
    detailed = capsys.readouterr().out
    assert [label for label in DETAILS if label not in detailed] == []
    lines = iter(detailed.splitlines())
    assert all(line in lines for line in brief.splitlines())  # the same lines, in order, and more
    assert main(["verify", "--json", "cert.pdf"]) == 0
    plain_json = capsys.readouterr().out
    assert main(["verify", "--json", "--details", "cert.pdf"]) == 0
    assert capsys.readouterr().out == plain_json  # --json always has everything


def test_verify_against_an_exported_trust_list(workdir: Path) -> None:
    assert issue_certificate(workdir) == 0
    assert main(["keys", "export-trust-list", "--json", "t.json", "--pem", "t.pem"]) == 0
    unsigned = "--allow-unsigned-lists"  # exported unsigned: the operator vouches for them
    assert main(["verify", unsigned, "--trust", "t.json", "cert.pdf"]) == 0
    assert main(["verify", unsigned, "--trust", "t.pem", "cert.txt"]) == 0
    assert main(["verify", unsigned, "--trust", "case.json", "cert.txt"]) == 2  # not a list


def test_invalid_certificates_exit_1_with_the_reason(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert issue_certificate(workdir) == 0
    capsys.readouterr()
    assert main(["verify", "cert.pdf", "--at", "2099-01-01T00:00:00"]) == 1
    assert "the certificate has expired" in capsys.readouterr().out
    case_id = json.loads(Path("case.json").read_text())["certificate"]["certificate_id"]
    revocations = RevocationList(
        issued_at=datetime.now(UTC), issuer_country="CN", revoked_uvci_sha256=[uvci_hash(case_id)]
    )
    Path("revoked.json").write_text(revocations.model_dump_json())
    unsigned = "--allow-unsigned-lists"
    assert main(["verify", "--json", unsigned, "--revocations", "revoked.json", "cert.txt"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["revoked"] is True and "revoked" in result["error"]
    Path("bad-revocations.json").write_text('{"issued_at": "yesterday"}')
    assert main(["verify", unsigned, "--revocations", "bad-revocations.json", "cert.txt"]) == 2


def test_issue_refuses_a_wrong_passphrase(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CW_KEY_PASSPHRASE", "not the passphrase")
    assert issue_certificate(workdir) == 2
    assert "wrong passphrase" in capsys.readouterr().err
    assert not Path("cert.pdf").exists()


def test_issue_refuses_a_file_that_is_not_a_case(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("case.json").write_text('{"case_id": "nope"}')
    assert issue_certificate(workdir) == 2
    assert "not a case record" in capsys.readouterr().err


def _png(path: Path, image: Image.Image) -> str:
    image.save(path)
    return str(path)


def test_hostile_inputs_exit_2_without_crashing(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("garbage.bin").write_bytes(bytes(range(256)) * 40)
    Path("fake.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    inputs = {
        "garbage.bin": "it is not a PDF, PNG, JPEG or HC1 text file",
        "fake.pdf": "not a readable PDF",
        _png(workdir / "huge.png", Image.new("1", (9000, 9000), 1)): "more than we accept",
        _png(workdir / "blank.png", Image.new("L", (300, 300), 255)): "no readable QR code",
        _png(workdir / "url.png", qr_image("https://example.org/x")): "no 'HC1:' prefix",
        _png(workdir / "hc2.png", qr_image("HC2:6BFOXN%TS3DH")): "no 'HC1:' prefix",
        "missing.pdf": "no such file",
        "HL0:ABC": "no 'HC1:' prefix",
    }
    capsys.readouterr()
    assert main(["verify", "--json", *inputs]) == 2
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == len(inputs)
    for result, expected in zip(lines, inputs.values(), strict=True):
        assert result["decoded"] is False and result["signature_valid"] is None
        assert expected in result["error"], (result["source"], result["error"])


def test_verify_does_not_import_qt(workdir: Path) -> None:
    assert issue_certificate(workdir) == 0
    document = pypdfium2.PdfDocument(Path("cert.pdf").read_bytes())
    try:
        document[0].render(scale=150 / 72).to_pil().save("cert.png")
    finally:
        document.close()
    inputs = ["cert.txt", "cert.pdf", "cert.png"]
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "workstation", "verify", *inputs],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count(": VALID") == 3, run.stdout
    assert "pyside" not in run.stderr.lower()
    assert "printing.verification" in run.stderr  # the import log is really there
    for module in ("zxingcpp", "pypdfium2", "PIL"):
        # PDFs and pictures are parsed only in the confined scan worker, never in the verifier.
        assert not re.search(rf"\|\s+{module}$", run.stderr, re.MULTILINE), module
