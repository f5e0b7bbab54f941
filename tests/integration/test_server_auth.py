"""Sign-in against the real server: tokens, expiry, lockout, and secrets kept out of storage."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from tests.integration.conftest import StartCentral
from tests.support.server_clock import MovableServerClock
from workstation.domain import AuditAction
from workstation.protocol import AuditPage, LoginReply, ServerInfo, UserInfo


def test_openapi_and_server_info_are_public(start_central: StartCentral) -> None:
    server = start_central()
    api = server.api()
    schema = api.http.get(f"{server.url}/openapi.json", timeout=30)
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/cases/changes",
        "/api/v1/declarations",
        "/api/v1/audit",
        "/api/v1/revocations",
    ):
        assert path in paths
    info = ServerInfo.model_validate_json(api.get("/info").content)
    assert info.protocol_version == 1


def test_sign_in_me_and_sign_out(start_central: StartCentral) -> None:
    server = start_central()
    user = server.user("officer", server.missions[0])
    reply = server.api().post(
        "/auth/login", json={"username": user.username, "password": user.password}
    )
    assert reply.status_code == 200
    login = LoginReply.model_validate_json(reply.content)
    assert login.user.role.value == "officer" and login.user.mission == user.mission
    session = server.sign_in_as(user.username)
    me = UserInfo.model_validate_json(session.get("/auth/me").content)
    assert me.username == user.username
    assert session.post("/auth/logout").status_code == 204
    after = session.get("/auth/me")
    assert after.status_code == 401
    assert after.headers["WWW-Authenticate"] == "Bearer"
    assert server.api().get("/auth/me").status_code == 401


def test_unknown_user_and_wrong_password_get_the_same_answer(start_central: StartCentral) -> None:
    server = start_central()
    user = server.user("clerk", server.missions[0])
    api = server.api()
    wrong_password = api.post("/auth/login", json={"username": user.username, "password": "nope"})
    unknown_user = api.post("/auth/login", json={"username": "nobody.here", "password": "nope"})
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json()
    assert "wrong user name or password" in wrong_password.json()["message"]


def test_five_failures_lock_the_account(start_central: StartCentral) -> None:
    server = start_central()
    victim = server.user("officer", server.missions[0])
    api = server.api()
    for _ in range(5):
        failed = api.post("/auth/login", json={"username": victim.username, "password": "guess"})
        assert failed.status_code == 401
    locked = api.post(
        "/auth/login", json={"username": victim.username, "password": victim.password}
    )
    assert locked.status_code == 429
    assert "locked" in locked.json()["message"]
    assert int(locked.headers["Retry-After"]) > 0
    # Another account is not affected.
    other = server.user("auditor", server.missions[0])
    assert server.sign_in_as(other.username).get("/auth/me").status_code == 200


def test_a_lockout_does_not_reveal_whether_a_name_exists(start_central: StartCentral) -> None:
    server = start_central()
    real = server.user("officer", server.missions[0]).username
    api = server.api()
    answers = {}
    for name in (real, "no.such.officer"):
        for _ in range(5):
            api.post("/auth/login", json={"username": name, "password": "guess"})
        sixth = api.post("/auth/login", json={"username": name, "password": "guess"})
        answers[name] = (sixth.status_code, sixth.json()["message"].split(":")[0])
    assert answers[real] == answers["no.such.officer"] == (429, "too many failed sign-ins")


def test_failures_are_forgiven_after_a_success(start_central: StartCentral) -> None:
    server = start_central()
    user = server.user("supervisor", server.missions[0])
    api = server.api()
    for _ in range(4):
        assert (
            api.post("/auth/login", json={"username": user.username, "password": "x"}).status_code
            == 401
        )
    server.sign_in_as(user.username)
    for _ in range(4):
        assert (
            api.post("/auth/login", json={"username": user.username, "password": "x"}).status_code
            == 401
        )
    assert server.sign_in_as(user.username).get("/auth/me").status_code == 200


def test_token_expires(start_central: StartCentral, tmp_path: Path) -> None:
    clock = MovableServerClock(tmp_path / "clock")
    server = start_central(extra_args=["--token-ttl-seconds", "3600", *clock.serve_args])
    session = server.sign_in("auditor")
    clock.advance(timedelta(minutes=59))
    assert session.get("/auth/me").status_code == 200
    clock.advance(timedelta(minutes=2))
    expired = session.get("/auth/me")
    assert expired.status_code == 401
    assert "expired" in expired.json()["message"]


def test_a_lockout_ends_after_its_time(start_central: StartCentral, tmp_path: Path) -> None:
    clock = MovableServerClock(tmp_path / "clock")
    server = start_central(extra_args=["--lockout-seconds", "600", *clock.serve_args])
    victim = server.user("officer", server.missions[0])
    api = server.api()
    right = {"username": victim.username, "password": victim.password}
    for _ in range(5):
        api.post("/auth/login", json={"username": victim.username, "password": "guess"})
    clock.advance(timedelta(minutes=9))
    still_locked = api.post("/auth/login", json=right)
    assert still_locked.status_code == 429
    assert 0 < int(still_locked.headers["Retry-After"]) <= 60
    clock.advance(timedelta(minutes=2))
    assert api.post("/auth/login", json=right).status_code == 200


def test_the_test_clock_is_refused_off_loopback(tmp_path: Path) -> None:
    everywhere = "0.0.0.0"  # noqa: S104 - the address the option must refuse
    command = [sys.executable, "-m", "server", "serve", "--host", everywhere, "--port", "0"]
    command += ["--database-url", f"sqlite:///{tmp_path / 'never.sqlite3'}"]
    command += ["--test-clock-file", str(tmp_path / "clock")]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert refused.returncode == 2
    assert "for tests only" in refused.stderr
    assert not (tmp_path / "never.sqlite3").exists(), "refused before touching the database"


def test_passwords_and_tokens_never_reach_the_log_or_the_database(
    start_central: StartCentral, tmp_path: Path
) -> None:
    server = start_central()
    session = server.sign_in("officer")
    assert session.token is not None
    server.stop()
    log_lines = server.log.splitlines()
    for user in server.users.values():
        # Only the ready line (stdout, for the operator) carries the demo passwords.
        assert sum(user.password in line for line in log_lines) == 1
    assert session.token not in server.log
    if server.database_url.startswith("sqlite"):
        stored = b"".join(p.read_bytes() for p in tmp_path.glob("central-*.sqlite3*"))
        assert stored, "the SQLite database files were not found"
        assert session.token.encode() not in stored
        for user in server.users.values():
            assert user.password.encode() not in stored


def test_sign_ins_sign_outs_failures_and_lockouts_are_audited(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    victim = server.user("officer", mission)
    api = server.api()
    session = server.sign_in_as(victim.username)
    assert session.post("/auth/logout").status_code == 204
    for _ in range(5):
        api.post("/auth/login", json={"username": victim.username, "password": "guess"})
    api.post("/auth/login", json={"username": "nobody.here", "password": "guess"})
    auditor = server.sign_in("auditor", mission)
    page = AuditPage.model_validate_json(auditor.get("/audit", params={"after": 0}).content)
    mine = [(e.action, e.role) for e in page.entries if e.actor == victim.username]
    assert mine == [
        (AuditAction.SIGNED_IN, "officer"),
        (AuditAction.SIGNED_OUT, "officer"),
        *[(AuditAction.SIGN_IN_FAILED, "officer")] * 5,
        (AuditAction.LOCKED_OUT, "officer"),
    ]
    locked = next(e for e in page.entries if e.action is AuditAction.LOCKED_OUT)
    assert "until" in locked.details
    assert all(e.actor != "nobody.here" for e in page.entries)  # no mission, no chain: log only
    assert all("guess" not in e.model_dump_json() for e in page.entries)
