"""Run the real reference server as a subprocess on loopback, for integration tests.

The server is started exactly as an operator would (`python -m server serve`),
on an ephemeral port, with a real database. It announces itself with one JSON
line on stdout:

    {"event": "ready", "url": "http://127.0.0.1:PORT",
     "users": [{"username": ..., "password": ..., "role": ..., "mission": ...}, ...]}

`users` is present only with `--demo-users` on a fresh database (the passwords
are random per run and exist only in that line and in the test's memory).
Tests can stop, kill and restart the same server over the same database to
check what survives an outage.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

READY_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    mission: str


@dataclass
class CentralServer:
    database_url: str
    workdir: Path
    seed: int = 0
    seed_value: int = 7
    extra_args: Sequence[str] = ()
    url: str = ""
    users: dict[str, DemoUser] = field(default_factory=dict)
    _process: subprocess.Popen[str] | None = None
    _log_lines: list[str] = field(default_factory=list)

    def start(self, *, port: int = 0) -> CentralServer:
        args = [
            sys.executable, "-m", "server", "serve",
            "--host", "127.0.0.1", "--port", str(port),
            "--database-url", self.database_url,
            "--seed", str(self.seed), "--seed-value", str(self.seed_value),
            "--demo-users", *self.extra_args,
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._process = subprocess.Popen(
            args, cwd=self.workdir, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        ready = self._wait_ready()
        self.url = ready["url"]
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
    def log(self) -> str:
        return "".join(self._log_lines)

    def user(self, role: str, mission: str) -> DemoUser:
        for user in self.users.values():
            if user.role == role and user.mission == mission:
                return user
        raise KeyError(f"no demo {role} in {mission}")

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

    def restart(self) -> CentralServer:
        """Start again on the same port and database (the users already exist)."""
        port = self.port
        self.stop()
        users = dict(self.users)
        self.start(port=port)
        self.users = users
        return self
