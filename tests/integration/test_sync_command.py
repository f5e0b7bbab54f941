"""`consular-workstation sync`: the headless pull, as a script would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.support.central import CentralServer

StartCentral = Callable[..., CentralServer]


def run_sync(
    server: CentralServer, tmp_path: Path, password: str
) -> subprocess.CompletedProcess[str]:
    officer = server.user("officer", "GBR-LON")
    return subprocess.run(
        [sys.executable, "-m", "workstation", "sync", "--server", server.url, "--user",
         officer.username, "--database-url", f"sqlite:///{tmp_path / 'headless.sqlite3'}"],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "CW_PASSWORD": password, "CW_CONFIG": str(tmp_path / "none.toml")},
    )  # fmt: skip


def test_sync_pulls_then_finds_nothing_new(start_central: StartCentral, tmp_path: Path) -> None:
    server = start_central(seed=20)
    password = server.user("officer", "GBR-LON").password
    first = run_sync(server, tmp_path, password)
    assert first.returncode == 0, first.stderr
    assert "pulled" in first.stdout and " 0 new" not in first.stdout
    second = run_sync(server, tmp_path, password)
    assert second.returncode == 0, second.stderr
    assert "pulled 0 new and 0 updated" in second.stdout


def test_sync_with_a_wrong_password_says_so_and_stores_nothing(
    start_central: StartCentral, tmp_path: Path
) -> None:
    server = start_central()
    failed = run_sync(server, tmp_path, "not the password")
    assert failed.returncode == 1
    assert "wrong user name or password" in failed.stderr
    assert "Traceback" not in failed.stderr
