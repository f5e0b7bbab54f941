"""`consular-workstation sync`: the headless pull, as a script would run it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.support.central import CentralServer

StartCentral = Callable[..., CentralServer]


def run_sync(
    server: CentralServer, tmp_path: Path, password: str, *, page_size: int | None = None
) -> subprocess.CompletedProcess[str]:
    officer = server.user("officer", "GBR-LON")
    if page_size is not None:
        (tmp_path / "none.toml").write_text(f"sync_page_size = {page_size}\n", encoding="utf-8")
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


def test_sync_shows_its_progress_page_by_page(start_central: StartCentral, tmp_path: Path) -> None:
    server = start_central(seed=35, extra_args=["--seed-missions", "GBR-LON"])
    done = run_sync(server, tmp_path, server.user("officer", "GBR-LON").password, page_size=10)
    assert done.returncode == 0, done.stderr
    # Each update starts with a carriage return (text mode reads it as a line break).
    updates = re.findall(r"^pulled (\d+) cases(…?)$", done.stderr, flags=re.MULTILINE)
    counts = [int(count) for count, _more in updates]
    assert len(counts) >= 3, done.stderr
    assert counts == sorted(counts) and counts[0] > 0
    assert all(more == "…" for _count, more in updates[:-1]) and updates[-1][1] == ""
    summary = re.search(r"pulled (\d+) new and (\d+) updated cases in (\d+) page", done.stdout)
    assert summary is not None, done.stdout
    assert counts[-1] == int(summary[1]) + int(summary[2])
    assert int(summary[3]) == len(counts), "one progress update per page"
