"""`consular-workstation audit verify`: plain words; exit 0 intact, 1 tampered, 2 cannot check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.conftest import StartCentral
from tests.support.audit_scene import ServerDatabase, record_activity, rehashed
from tests.support.central import CentralServer
from workstation.__main__ import main
from workstation.domain import AuditAction


@pytest.fixture
def server(start_central: StartCentral) -> CentralServer:
    started = start_central()
    record_activity(started, started.missions[0])
    return started


def audit_verify(
    server: CentralServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *extra: str,
    role: str = "auditor",
    password: str | None = None,
) -> int:
    user = server.user(role, server.missions[0])
    monkeypatch.setenv("CW_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setenv("CW_PASSWORD", password or user.password)
    database = f"sqlite:///{tmp_path / 'auditor.sqlite3'}"
    command = ["audit", "verify", "--server", server.url, "--user", user.username]
    return main([*command, "--database-url", database, *extra])


def test_a_clean_log_says_so_then_fetches_only_what_is_new(
    server: CentralServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert audit_verify(server, tmp_path, monkeypatch) == 0
    first = capsys.readouterr().out
    assert "The audit log is intact:" in first and "head hash" in first
    assert "signed checkpoint(s) verified" in first
    fetched = int(first.split("fetched ")[1].split()[0])
    assert fetched >= 15
    assert audit_verify(server, tmp_path, monkeypatch, "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is True and document["problem"] is None
    # Only this run's own sign-in and the one before it are new since the first run.
    assert 1 <= document["fetched"] <= 3
    assert document["entries"] == fetched + document["fetched"]


def test_a_tampered_log_exits_1_and_names_the_entry(
    server: CentralServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = ServerDatabase(server, server.missions[0])
    try:
        decided = database.first(AuditAction.DECIDED, with_note=True)
        database.write(decided.seq, database.raw(decided.seq).replace("72 h", "73 h", 1))
    finally:
        database.close()
    assert audit_verify(server, tmp_path, monkeypatch) == 1
    out = capsys.readouterr().out
    assert f"TAMPERED: the audit log: entry {decided.seq} changed" in out
    assert audit_verify(server, tmp_path, monkeypatch, "--json") == 1
    problem = json.loads(capsys.readouterr().out)["problem"]
    assert (problem["kind"], problem["seq"]) == ("changed", decided.seq)


def test_full_catches_a_change_made_on_the_server_after_the_fetch(
    server: CentralServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert audit_verify(server, tmp_path, monkeypatch) == 0
    database = ServerDatabase(server, server.missions[0])
    try:
        decided = database.first(AuditAction.DECIDED, with_note=True)
        database.write(decided.seq, rehashed(decided, note="all fine").model_dump_json())
    finally:
        database.close()
    assert audit_verify(server, tmp_path, monkeypatch) == 0
    capsys.readouterr()
    assert audit_verify(server, tmp_path, monkeypatch, "--full") == 1
    out = capsys.readouterr().out
    assert f"TAMPERED: the server's copy: entry {decided.seq} changed" in out


@pytest.mark.parametrize("failure", ["wrong password", "officer", "server stopped"])
def test_what_cannot_be_checked_exits_2(
    server: CentralServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failure: str,
) -> None:
    if failure == "server stopped":
        server.stop()
    code = audit_verify(
        server,
        tmp_path,
        monkeypatch,
        role="officer" if failure == "officer" else "auditor",
        password="not the password" if failure == "wrong password" else None,
    )
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("cannot check the audit log: ")
    assert "Traceback" not in captured.err and captured.out == ""
