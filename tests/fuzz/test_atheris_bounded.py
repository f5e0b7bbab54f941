"""CI's bounded fuzzing run: each target under atheris for a fixed number of inputs.

Seeded from the hostile corpus (and the EU DCC vectors), with a fixed libFuzzer
seed, so the run is short (about a minute for all six targets) and repeatable. A
broken contract fails the test and leaves the input in the test's temporary folder;
the libFuzzer output says which.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.targets import REPOSITORY, TARGETS

if importlib.util.find_spec("atheris") is None:  # a dev dependency; absent only off Linux
    pytest.skip("atheris is not installed", allow_module_level=True)

#: Inputs per target: the cheap parsers get more, the document analyser fewer.
RUNS = {
    "hc1": 1500,
    "cose": 2000,
    "cwt": 3000,
    "protocol": 2000,
    "multipart": 1000,
    "analyser": 150,
}


def test_every_target_has_a_bounded_run() -> None:
    assert set(RUNS) == set(TARGETS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("target", sorted(RUNS))
def test_bounded_fuzzing_run_finds_nothing(target: str, tmp_path: Path) -> None:
    command = [
        sys.executable, "-m", "tests.fuzz.atheris_run", target,
        "--runs", str(RUNS[target]), "--seed", "1", "--artifacts", str(tmp_path),
    ]  # fmt: skip
    run = subprocess.run(
        command, cwd=REPOSITORY, capture_output=True, text=True, timeout=280, check=False
    )
    crashes = sorted(p.name for p in tmp_path.iterdir())
    assert run.returncode == 0 and not crashes, (
        f"fuzzing {target} broke its contract; inputs kept: {crashes}\n{run.stderr[-4000:]}"
    )
    assert f"stat::number_of_executed_units: {RUNS[target]}" in run.stderr, run.stderr[-2000:]
