"""What keeps `consular-workstation verify HC1:...` quick, checked in fresh interpreters.

The command must start and end fast (benchmarks/cert_bench.py, `verify_process_ms`), and
each measure taken for it must change nothing else: the process that ends without the
interpreter's teardown still prints everything and exits with the right status;
`main(argv)` called from Python still returns. Each case runs in a new interpreter: one
test's imports cannot hide another's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

#: Stays out of a `verify HC1:...` that finds its keys in $CW_KEYS_DIR, without a settings
#: file: argparse's terminal measure (shutil, with lzma and bz2), the passphrase prompt,
#: the default folders and the settings parser, and the slow or unneeded libraries.
NOT_LOADED = (
    "shutil",
    "lzma",
    "bz2",
    "getpass",
    "platformdirs",
    "tomllib",
    "jsonschema",
    "asn1crypto",
    "pydantic",
)

_IN_PROCESS = """
import json, sys
from workstation.__main__ import main
code = main(sys.argv[1:])
print("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    """An HC1 string issued by the project's code, and an environment naming its key store."""
    from printing.issuance import issue
    from printing.keys import KeyStore
    from tests.support.approved_cases import approved_case

    keys = KeyStore(tmp_path_factory.mktemp("startup") / "keys", kdf_rounds=1000)
    keys.init_demo(mission="GBR-LON", passphrase="startup checks")
    issued = issue(approved_case(), keys.signer("startup checks"))
    environment = {
        **os.environ,
        "CW_CONFIG": str(keys.directory.parent / "no-settings.toml"),
        "CW_KEYS_DIR": str(keys.directory),
    }
    return issued.hc1, environment


def _in_process(*arguments: str, env: dict[str, str]) -> tuple[str, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS, *arguments],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    printed, _, last = done.stdout.strip().rpartition("\n")
    report: dict[str, Any] = json.loads(last)
    return printed, report


def test_verify_loads_only_what_it_needs(certificate: tuple[str, dict[str, str]]) -> None:
    hc1, environment = certificate
    printed, report = _in_process("verify", hc1, env=environment)
    assert report["code"] == 0 and printed.startswith("HC1 text: VALID"), printed
    loaded = {name.split(".")[0] for name in report["modules"]} | set(report["modules"])
    assert [name for name in NOT_LOADED if name in loaded] == []


@pytest.mark.parametrize(
    ("inputs", "status", "expected"),
    [
        ("valid", 0, "HC1 text: VALID"),
        ("damaged", 2, "HC1 text: CANNOT BE READ"),
        ("expired", 1, "HC1 text: NOT VALID: signature valid, but"),
    ],
)
def test_a_verify_process_ends_at_once_with_all_its_output_and_status(
    certificate: tuple[str, dict[str, str]], tmp_path: Path, inputs: str, status: int, expected: str
) -> None:
    hc1, environment = certificate
    arguments = {
        "valid": [hc1] * 40,  # more output than a pipe buffer, all of it flushed
        "damaged": ["HC1:NOT BASE45 %%%"],
        "expired": ["--at", "2099-01-01T00:00:00", hc1],
    }[inputs]
    report = tmp_path / "report.txt"
    with report.open("w", encoding="utf-8") as output:
        done = subprocess.run(
            [sys.executable, "-m", "workstation", "verify", *arguments],
            stdout=output, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
            env=environment,
        )  # fmt: skip
    assert done.returncode == status, done.stderr
    text = report.read_text(encoding="utf-8")
    assert text.startswith(expected)
    assert text.count("HC1 text:") == len([a for a in arguments if a.startswith("HC1:")])
    assert text.endswith("\n")


def test_main_with_arguments_returns_rather_than_ending_the_process(
    certificate: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workstation.__main__ import main

    hc1, environment = certificate
    for name in ("CW_CONFIG", "CW_KEYS_DIR"):
        monkeypatch.setenv(name, environment[name])
    assert main(["verify", hc1]) == 0  # still here: called from Python, it returns


@pytest.mark.parametrize("columns", ["60", "132", "", "junk", "-5"])
def test_help_is_as_wide_as_argparse_would_make_it(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from workstation.__main__ import _HelpFormatter

    monkeypatch.setenv("COLUMNS", columns)
    ours = _HelpFormatter("consular-workstation")
    argparse_own = argparse.HelpFormatter("consular-workstation")  # measures with shutil
    assert ours._width == argparse_own._width


def test_verify_help_is_complete() -> None:
    environment = {**os.environ, "COLUMNS": "60"}
    done = subprocess.run(
        [sys.executable, "-m", "workstation", "verify", "--help"],
        capture_output=True, text=True, timeout=60, check=False, env=environment,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "--allow-unsigned-lists" in done.stdout and "--trust-anchor" in done.stdout
    assert max(len(line) for line in done.stdout.splitlines() if not line.startswith(" ")) <= 60


_EXIT_HANDLERS = """
import atexit, pathlib, sys
marker = pathlib.Path(sys.argv[1])
atexit.register(marker.write_text, "exit handlers ran")
from workstation.__main__ import main
sys.argv = ["consular-workstation", "verify", sys.argv[2]]
main()
print("main returned")
"""


def test_ending_at_once_still_runs_the_exit_handlers(
    certificate: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    hc1, environment = certificate
    marker = tmp_path / "marker.txt"
    done = subprocess.run(
        [sys.executable, "-c", _EXIT_HANDLERS, str(marker), hc1],
        capture_output=True, text=True, timeout=60, check=False, env=environment,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("HC1 text: VALID")
    assert "main returned" not in done.stdout  # the process ended inside main()
    assert marker.read_text(encoding="utf-8") == "exit handlers ran"
