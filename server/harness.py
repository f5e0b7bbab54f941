"""The embedded default: the reference central server in a subprocess on loopback.

Used by the demo, the benchmarks and the integration tests. The server is
started exactly as an operator would (`python -m server serve`), so nothing
here imports `server/`. It listens on an ephemeral port and announces itself
with one JSON line on stdout:

    {"event": "ready", "url": "http://127.0.0.1:PORT", "audit_key_id": "<16 hex>",
     "users": [{"username": ..., "password": ..., "role": ..., "mission": ...}, ...]}

`users` is present only with `--demo-users` on a fresh database (the passwords
are random per run and exist only in that line and in this process's memory).
Tests stop, kill and restart the same server over the same database to check
what survives an outage.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from workstation.protocol import API_PREFIX

log = logging.getLogger(__name__)

#: Seeding 100,000 demo declarations for a benchmark takes a while.
READY_TIMEOUT_S = float(os.environ.get("CW_SERVER_READY_TIMEOUT_S", "900"))


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    mission: str


class ApiSession:
    """Raw HTTP to the server's `/api/v1` (status codes visible), signed in or not."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        self.token = token
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 60)
        return self.http.request(method, f"{self.base_url}{API_PREFIX}{path}", **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


@dataclass
class ReferenceServerProcess:
    database_url: str
    workdir: Path
    seed: int = 0
    seed_value: int = 7
    extra_args: Sequence[str] = ()
    demo_users: bool = True
    #: What the demo data is generated around; set once (to the current hour) and kept over
    #: restarts, so `server.demodata.generate(..., reference_time=...)` reproduces the seed.
    seed_reference_time: datetime | None = None
    url: str = ""
    #: The id of the key that signs this run's audit checkpoints (to pin it).
    audit_key_id: str = ""
    users: dict[str, DemoUser] = field(default_factory=dict)
    _process: subprocess.Popen[str] | None = None
    _log_lines: list[str] = field(default_factory=list)

    def start(self, *, port: int = 0) -> ReferenceServerProcess:
        if self.seed_reference_time is None:
            self.seed_reference_time = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        args = [
            sys.executable,
            "-m",
            "server",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database-url",
            self.database_url,
            "--seed",
            str(self.seed),
            "--seed-value",
            str(self.seed_value),
            "--seed-reference-time",
            self.seed_reference_time.isoformat(),
            *(["--demo-users"] if self.demo_users else []),
            *self.extra_args,
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        log.info("starting the reference server on %s", self.database_url.split("://")[0])
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            args,
            cwd=self.workdir,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        ready = self._wait_ready()
        self.url = ready["url"]
        self.audit_key_id = ready.get("audit_key_id", "")
        for user in ready.get("users", []):
            self.users[user["username"]] = DemoUser(**user)
        return self

    def _wait_ready(self) -> dict[str, Any]:
        assert self._process is not None and self._process.stdout is not None
        found: dict[str, Any] = {}
        done = threading.Event()

        def pump() -> None:
            assert self._process is not None and self._process.stdout is not None
            for line in self._process.stdout:
                self._log_lines.append(line)
                if not found and line.startswith("{"):
                    try:
                        message = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                    if message.get("event") == "ready":
                        found.update(message)
                        done.set()
            done.set()

        threading.Thread(target=pump, daemon=True).start()
        if not done.wait(READY_TIMEOUT_S) or not found:
            self.kill()
            raise RuntimeError("server did not start:\n" + "".join(self._log_lines[-50:]))
        return found

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    @property
    def exit_code(self) -> int | None:
        """None while running; the process's exit status once it has ended."""
        return None if self._process is None else self._process.poll()

    @property
    def log(self) -> str:
        return "".join(self._log_lines)

    def user(self, role: str, mission: str) -> DemoUser:
        for user in self.users.values():
            if user.role == role and user.mission == mission:
                return user
        raise KeyError(f"no demo {role} in {mission}")

    def usernames(self, role: str, mission: str) -> list[str]:
        """Every demo user with `role` in `mission`, sorted (e.g. two officers)."""
        return sorted(
            u.username for u in self.users.values() if u.role == role and u.mission == mission
        )

    @property
    def missions(self) -> list[str]:
        """The missions that have demo users, in code order."""
        return sorted({user.mission for user in self.users.values()})

    def api(self) -> ApiSession:
        """Not signed in (what a traveller's app or a stranger has)."""
        return ApiSession(self.url)

    def sign_in(self, role: str, mission: str | None = None) -> ApiSession:
        """Signed in as the demo user with `role` in `mission` (default: the first mission)."""
        return self.sign_in_as(self.user(role, mission or self.missions[0]).username)

    def sign_in_as(self, username: str) -> ApiSession:
        user = self.users[username]
        reply = self.api().post(
            "/auth/login", json={"username": user.username, "password": user.password}
        )
        reply.raise_for_status()
        return ApiSession(self.url, reply.json()["token"])

    def stop(self) -> None:
        """Graceful stop (SIGTERM), as an operator would."""
        if self._process and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def kill(self) -> None:
        """Hard kill (SIGKILL): the server gets no chance to clean up."""
        if self._process and self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def restart(self) -> ReferenceServerProcess:
        """Start again on the same port and database (the users already exist)."""
        port = self.port
        self.stop()
        users = dict(self.users)
        self.start(port=port)
        self.users = users
        return self
