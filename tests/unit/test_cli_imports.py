"""The headless commands never load Qt; the GUI commands still answer `--help`.

Each case runs in a fresh interpreter, so what one import pulled in cannot hide
what another did: the `consular-workstation` parser is built from every entry
point (GUI ones included), the command is run with `--help`, and the script
reports which `PySide6` modules ended up in `sys.modules`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

_SCRIPT = """
import json, sys
from workstation.__main__ import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
qt = sorted(name for name in sys.modules if name.split(".")[0] == "PySide6")
print("\\n" + json.dumps({"code": code, "qt": qt}))
"""


def run_help(*command: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *command, "--help"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "usage: consular-workstation" in done.stdout, done.stdout
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.parametrize(
    "command",
    [("sync",), ("verify",), ("audit", "verify"), ("certificate",), ("serve",)],
    ids=" ".join,
)
def test_headless_command_help_loads_no_qt(command: tuple[str, ...]) -> None:
    report = run_help(*command)
    assert report["code"] == 0
    assert report["qt"] == [], f"{' '.join(command)} --help imported Qt"


def test_building_the_parser_alone_loads_no_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import json, sys\n"
         "from workstation.__main__ import build_parser\n"
         "build_parser()\n"
         "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6')))"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize("command", ["demo", "gui"])
def test_gui_command_help_exits_zero(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workstation", command, "--help"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"usage: consular-workstation {command}" in done.stdout
