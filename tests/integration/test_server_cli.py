"""Operating the server: graceful stop, restart over the same data, HTTPS, the main CLI."""

from __future__ import annotations

import ipaddress
import socket
import ssl
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.integration.conftest import StartCentral
from tests.support.declarations import build_declaration, submit
from workstation.protocol import CaseChanges, ServerInfo, SubmissionReceipt


def test_sigterm_stops_gracefully_and_a_restart_keeps_everything(
    start_central: StartCentral,
) -> None:
    server = start_central()
    mission = server.missions[0]
    receipt = SubmissionReceipt.model_validate_json(
        submit(server.url, build_declaration(mission=mission)).content
    )
    server.stop()
    assert server.exit_code == 0
    assert "Finished server process" in server.log
    server.restart()
    assert server.exit_code is None
    # Not a fresh database: the users from the first start still sign in, none are added.
    assert '"users"' not in server.log.split("Finished server process")[-1]
    officer = server.sign_in("officer", mission)
    feed = CaseChanges.model_validate_json(officer.get("/cases/changes").content)
    assert [c.case_id for c in feed.cases] == [receipt.case_id]


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = directory / "server.crt", directory / "server.key"
    certfile.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certfile, keyfile


def test_https_with_the_operators_certificate(start_central: StartCentral, tmp_path: Path) -> None:
    certfile, keyfile = _self_signed(tmp_path)
    server = start_central(
        extra_args=["--tls-certfile", str(certfile), "--tls-keyfile", str(keyfile)]
    )
    assert server.url.startswith("https://127.0.0.1:")
    trusted = requests.get(f"{server.url}/api/v1/info", verify=str(certfile), timeout=30)
    assert ServerInfo.model_validate_json(trusted.content).protocol_version == 1
    # Without the operator's certificate, a verifying client refuses the server. (A raw
    # socket, closed at once: a half-open handshake would hold up the graceful stop.)
    untrusting = ssl.create_default_context()
    with (
        socket.create_connection(("127.0.0.1", server.port), timeout=30) as raw,
        pytest.raises(ssl.SSLCertVerificationError),
    ):
        untrusting.wrap_socket(raw, server_hostname="127.0.0.1")


def test_serve_is_a_subcommand_of_the_main_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "workstation", "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for option in (
        "--database-url",
        "--seed",
        "--demo-users",
        "--order-by-departure",
        "--tls-certfile",
    ):
        assert option in result.stdout
