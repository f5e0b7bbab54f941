"""Operating the server: graceful stop, restart over the same data, HTTPS, the main CLI."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.integration.conftest import StartCentral
from tests.support.declarations import build_declaration, submit
from tests.support.tls import self_signed
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


def test_https_with_the_operators_certificate(start_central: StartCentral, tmp_path: Path) -> None:
    certfile, keyfile = self_signed(tmp_path)
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
