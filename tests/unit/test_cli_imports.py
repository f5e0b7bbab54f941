"""The headless commands never load Qt; the GUI commands still answer `--help`; `verify` is lean.

Each case runs in a fresh interpreter, so what one import pulled in cannot hide
what another did: the `consular-workstation` parser is built from every
sub-command (GUI ones included), the command is run with `--help`, and the script
reports which `PySide6` modules ended up in `sys.modules`. `verify HC1:...` is
run for real and must load only the certificate code: none of the GUI, server,
store, PDF, image or slow schema libraries.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from workstation.__main__ import COMMAND_GROUP, COMMANDS

REPO = Path(__file__).resolve().parents[2]

_SCRIPT = """
import json, sys
from workstation.__main__ import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
qt = sorted(name for name in sys.modules if name.split(".")[0] == "PySide6")
print("\\n" + json.dumps({"code": code, "qt": qt, "modules": sorted(sys.modules)}))
"""

#: Libraries a run must not load unless its command needs them: tens of milliseconds each.
HEAVY = (
    "PySide6", "fastapi", "uvicorn", "sqlalchemy", "alembic", "reportlab", "requests",
    "pypdfium2", "PIL", "zxingcpp", "jsonschema", "asn1crypto",
)  # fmt: skip
#: ... and the layers `verify` of an HC1 string has no business with.
HEAVY_FOR_VERIFY = (*HEAVY, "review", "server", "ui")
#: The layers above the core: registering their commands loads only their `cli` modules.
_UPPER = ("review", "printing", "ui", "server")


def run_command(*command: str, env: dict[str, str] | None = None) -> tuple[str, dict[str, Any]]:
    """(what the command printed, {"code", "qt", "modules"}) from a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *command],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    printed, _, last = done.stdout.strip().rpartition("\n")
    report: dict[str, Any] = json.loads(last)
    return printed, report


def run_help(*command: str) -> dict[str, Any]:
    printed, report = run_command(*command, "--help")
    assert "usage: consular-workstation" in printed, printed
    return report


def loaded(modules: list[str], packages: tuple[str, ...]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules if m.split(".")[0] in packages})


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


def test_the_command_table_is_the_entry_points_of_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"][COMMAND_GROUP] == COMMANDS


@pytest.mark.parametrize(
    "command",
    [
        (),
        *((name,) for name in COMMANDS),
        ("audit", "verify"),
        ("certificate", "issue"),
        ("keys", "init-demo"),
        ("keys", "list"),
        ("keys", "export-trust-list"),
    ],
    ids=lambda command: " ".join(command) or "main",
)
def test_every_command_answers_help(command: tuple[str, ...]) -> None:
    report = run_help(*command)
    assert report["code"] == 0


def test_registering_every_command_loads_nothing_heavy() -> None:
    """The full `--help` registers every sub-command: registration alone imports no layer's work."""
    report = run_help()
    assert loaded(report["modules"], (*HEAVY, "pydantic", "cryptography")) == []
    upper = [m for m in report["modules"] if m.split(".")[0] in _UPPER]
    beyond_registration = [
        m for m in upper if not m.endswith(".cli") and m not in _packages_of(upper)
    ]
    assert beyond_registration == []


def _packages_of(modules: list[str]) -> set[str]:
    return {m.rsplit(".", 1)[0] for m in modules if "." in m} | set(_UPPER)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """An HC1 string issued by the project's own code, and the key store that signed it."""
    from printing.issuance import issue
    from printing.keys import KeyStore
    from tests.support.approved_cases import approved_case

    keys = KeyStore(tmp_path_factory.mktemp("verify") / "keys")
    keys.init_demo(mission="GBR-LON", passphrase="verify imports")
    issued = issue(approved_case(), keys.signer("verify imports"))
    (keys.directory / "signers.pem").write_text(keys.trust_list().to_pem(), encoding="ascii")
    return issued.hc1, keys.directory


def _environment(keys: Path) -> dict[str, str]:
    import os

    return {
        **os.environ,
        "CW_CONFIG": str(keys.parent / "no-settings.toml"),
        "CW_KEYS_DIR": str(keys),
    }


def test_verify_of_hc1_text_loads_only_the_certificate_code(certificate: tuple[str, Path]) -> None:
    hc1, keys = certificate
    printed, report = run_command("verify", hc1, env=_environment(keys))
    assert report["code"] == 0, printed
    assert "HC1 text: VALID" in printed
    assert loaded(report["modules"], HEAVY_FOR_VERIFY) == []


def test_verify_against_a_pem_trust_list_loads_no_pydantic(certificate: tuple[str, Path]) -> None:
    """A border officer abroad verifies against the exported PEM: no settings, no models."""
    hc1, keys = certificate
    printed, report = run_command(
        "verify", "--allow-unsigned-lists", "--trust", str(keys / "signers.pem"), hc1,
        env=_environment(keys),
    )  # fmt: skip
    assert report["code"] == 0, printed
    assert loaded(report["modules"], (*HEAVY_FOR_VERIFY, "pydantic")) == []


@pytest.mark.parametrize("command", ["demo", "gui"])
def test_gui_command_help_exits_zero(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workstation", command, "--help"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"usage: consular-workstation {command}" in done.stdout
