"""`consular-workstation verify` against hostile inputs: each ends in a clear result in time.

Every case runs the real command in its own process with the hostile input first and a
good certificate after it, and measures the wall time and the peak resident memory of the
verifier and its scan worker (`os.wait4` reports the largest of the process tree). A
hostile file must give "CANNOT BE READ" (or, for a validly signed code with hostile
text, its escaped text) within 5 s and under 512 MB, and the good code after it must
still be VALID: one hostile input never ends the batch.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from printing.certificate_pdf import certificate_pdf
from printing.issuance import issue
from printing.keys import DocumentSigner
from printing.scan_process import MAX_SCAN_SECONDS
from printing.trustlist import TrustList, kid_of
from printing.verify import verify
from tests.corpus import verify_hostile
from tests.interop.test_foreign_signers import DCC, _foreign_signer
from tests.support.approved_cases import approved_case
from tests.unit.printing.test_scan import pdf_of

LIMIT_SECONDS = 5.0
LIMIT_RSS_BYTES = 512 * 1024 * 1024
ROOT = Path(__file__).resolve().parents[3]
HOSTILE_NAME = "\x1b[2J\x1b[31mEVIL\x1b]0;title\x07\u202eLIVE\u2066\r\nFAKE: VALID"


@dataclass(frozen=True)
class Run:
    exit_status: int
    stdout: str
    seconds: float
    peak_rss_bytes: int


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("verify-hostile")
    key, dsc = _foreign_signer(ec.SECP256R1())
    (folder / "trust.pem").write_bytes(dsc.public_bytes(Encoding.PEM))
    now = datetime.now(UTC)

    def code(dcc: dict[str, Any]) -> bytes:
        claims = {
            1: "AT",
            6: int((now - timedelta(hours=1)).timestamp()),
            4: int((now + timedelta(days=30)).timestamp()),
            -260: {1: dcc},
        }
        return verify_hostile.signed_hc1(claims, key, kid_of(dsc)).encode("ascii")

    hostile_name = copy.deepcopy(DCC)
    hostile_name["nam"]["fn"] = HOSTILE_NAME
    huge_dose = copy.deepcopy(DCC)
    huge_dose["v"][0]["dn"] = 10**5000
    makers: dict[str, Callable[[], bytes]] = {
        "nested-forms.pdf": verify_hostile.nested_forms_pdf,
        "content-bomb.pdf": verify_hostile.content_bomb_pdf,
        "huge-pages.pdf": verify_hostile.huge_pages_pdf,
        "image-bomb.png": verify_hostile.image_bomb_png,
        "progressive-scans.jpg": verify_hostile.progressive_jpeg,
        "hostile-name.txt": lambda: code(hostile_name),
        "huge-integer.txt": lambda: code(huge_dose),
        "good.txt": lambda: code(DCC),
    }
    paths = {name: folder / name for name in makers}
    for name, make in makers.items():
        paths[name].write_bytes(make())
    paths["trust.pem"] = folder / "trust.pem"
    return paths


#: Runs the command and reports its peak memory, like /usr/bin/time: a process started
#: straight from pytest would inherit pytest's own high-water mark (Linux keeps it across
#: exec), so the measured process tree is started by this small interpreter instead.
_MEASURE = """
import os, subprocess, sys, time
started = time.monotonic()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
sys.stdout.buffer.write(process.stdout.read())
_, status, usage = os.wait4(process.pid, 0)
print(os.waitstatus_to_exitcode(status), time.monotonic() - started, usage.ru_maxrss)
"""


def run_verify(corpus: dict[str, Path], *inputs: Path) -> Run:
    env = dict(os.environ, CW_CONFIG=str(corpus["trust.pem"].parent / "no-settings.toml"))
    command = [sys.executable, "-m", "workstation", "verify", "--allow-unsigned-lists"]
    command += ["--trust", str(corpus["trust.pem"])]
    finished = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command, *map(str, inputs)],
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    *report, measured = finished.stdout.decode("utf-8").splitlines()
    status, seconds, peak_kib = measured.split()
    # Linux: ru_maxrss in KiB, the largest of the verifier and its scan workers.
    return Run(int(status), "\n".join(report) + "\n", float(seconds), int(peak_kib) * 1024)


UNREADABLE_FILES = [
    "nested-forms.pdf",
    "content-bomb.pdf",
    "huge-pages.pdf",
    "image-bomb.png",
    "progressive-scans.jpg",
    "huge-integer.txt",
]


@pytest.mark.skipif(sys.platform != "linux", reason="memory limits and ru_maxrss as on Linux")
@pytest.mark.parametrize("name", UNREADABLE_FILES)
def test_a_hostile_file_cannot_be_read_in_time_and_the_batch_goes_on(
    corpus: dict[str, Path], name: str
) -> None:
    run = run_verify(corpus, corpus[name], corpus["good.txt"])

    print(f"{name}: {run.seconds:.2f} s, peak {run.peak_rss_bytes / 2**20:.0f} MiB")
    assert run.exit_status == 2, run.stdout
    assert f"{corpus[name]}: CANNOT BE READ" in run.stdout
    assert f"{corpus['good.txt']}: VALID" in run.stdout
    assert run.seconds < LIMIT_SECONDS
    assert run.peak_rss_bytes < LIMIT_RSS_BYTES


@pytest.mark.skipif(sys.platform != "linux", reason="memory limits and ru_maxrss as on Linux")
def test_terminal_escapes_and_bidi_in_a_signed_name_are_shown_escaped(
    corpus: dict[str, Path],
) -> None:
    run = run_verify(corpus, corpus["hostile-name.txt"])

    assert run.exit_status == 0, run.stdout
    for raw in ("\x1b", "\x07", "\u202e", "\u2066", "\r"):
        assert raw not in run.stdout
    assert "\\x1b[2J\\x1b[31mEVIL\\x1b]0;title\\x07\\u202eLIVE\\u2066\\x0d\\x0aFAKE" in run.stdout
    assert not any(line.startswith("FAKE") for line in run.stdout.splitlines())


@pytest.mark.skipif(sys.platform != "linux", reason="memory limits and ru_maxrss as on Linux")
def test_one_batch_of_every_hostile_file_gives_each_its_result(corpus: dict[str, Path]) -> None:
    inputs = [corpus[name] for name in [*UNREADABLE_FILES, "hostile-name.txt", "good.txt"]]

    run = run_verify(corpus, *inputs)

    print(f"batch: {run.seconds:.2f} s, peak {run.peak_rss_bytes / 2**20:.0f} MiB")
    assert run.exit_status == 2
    verdicts = [line for line in run.stdout.splitlines() if not line.startswith(" ")]
    assert verdicts == [f"{corpus[n]}: CANNOT BE READ" for n in UNREADABLE_FILES] + [
        f"{corpus['hostile-name.txt']}: VALID",
        f"{corpus['good.txt']}: VALID",
    ]
    assert run.seconds < LIMIT_SECONDS * len(inputs)
    assert run.peak_rss_bytes < LIMIT_RSS_BYTES


def test_a_batch_cut_short_by_the_time_limit_keeps_the_pages_read(
    signer: DocumentSigner, trust: TrustList, tmp_path: Path
) -> None:
    """A certificate, then pages too large to read in time: page 1 is verified all the same."""
    certificate = certificate_pdf(issue(approved_case(), signer))
    path = tmp_path / "batch.pdf"
    path.write_bytes(pdf_of(certificate, verify_hostile.huge_pages_pdf(20)))

    started = time.monotonic()
    results = verify([path], trust)
    seconds = time.monotonic() - started

    first, *huge, rest = results
    assert first.valid and first.source.endswith("#page=1")
    assert all(r.unreadable and "has none" in (r.error or "") for r in huge)
    assert rest.unreadable and rest.source.endswith(f"#page={len(huge) + 2}-")
    assert len(results) < 21  # the time limit, not the end of the file, ended the scan
    assert f"not read within the limit of {MAX_SCAN_SECONDS:g} s" in (rest.error or "")
    assert seconds < LIMIT_SECONDS
