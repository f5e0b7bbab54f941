"""The hostile corpus (tests/corpus/hostile/) through the parsers, and bigger variants made here.

Every checked-in file goes through its fuzz target (the parser's contract at the
boundary). Documents also go through the real, sandboxed `DocumentAnalyser`, the path
an upload takes: each is answered in time, and the dangerous ones are named for the
officer. Bombs too big to check in (a 200 MB deflate stream, 10,000 JPEG scans, a
million nested arrays) are made on the fly from a few kilobytes.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import base45
import pytest

from printing.verification import verify_cose, verify_hc1
from review.analysis.analyser import DocumentAnalyser
from review.analysis.limits import AnalysisLimits
from tests.corpus import make_hostile
from tests.fuzz import targets
from tests.support.hostile_documents import png

CASES = [(name, path) for name in targets.TARGETS for path in targets.hostile_files(name)]
LIMITS = AnalysisLimits(max_seconds=10.0)
#: Starting a process and reporting back, on a loaded two-core CI machine.
MARGIN_S = 5.0


def test_the_corpus_covers_every_target() -> None:
    for name in targets.TARGETS:
        assert len(targets.hostile_files(name)) >= 5, f"too few hostile files for {name}"


def test_the_checked_in_corpus_is_small() -> None:
    sizes = {p.name: p.stat().st_size for _, p in CASES}
    assert max(sizes.values()) <= 64 * 1024, "generate big hostile files in the test instead"


@pytest.mark.parametrize(("target", "path"), CASES, ids=[p.name for _, p in CASES])
def test_each_hostile_file_keeps_its_parsers_contract(target: str, path: Path) -> None:
    started = time.monotonic()
    targets.TARGETS[target][0](path.read_bytes())
    assert time.monotonic() - started < 30, f"{path.name} took too long for {target}"


@pytest.fixture(scope="module")
def analyser() -> Iterator[DocumentAnalyser]:
    with DocumentAnalyser(limits=LIMITS, max_workers=1) as running:
        yield running


#: What the officer must be told about these files (a fragment of `error`, or of `scripts`).
EXPECTED_ERRORS = {
    "jpeg-progressive-many-scans.jpg": "scans",
    "jpeg-truncated.jpg": "damaged",
    "pdf-header-only.pdf": "not a readable PDF",
    "pdf-page-tree-bomb.pdf": "page tree",
    "pdf-page-tree-cycle.pdf": "page tree",
    "png-decompression-bomb.png": "too large",
    "png-huge-pixels.png": "too large",
}
EXPECTED_SCRIPTS = {"pdf-javascript-actions.pdf": "JavaScript"}


@pytest.mark.parametrize("path", targets.hostile_files("analyser"), ids=lambda p: p.name)
def test_every_hostile_document_is_answered_in_time_by_the_sandbox(
    analyser: DocumentAnalyser, path: Path
) -> None:
    started = time.monotonic()
    facts = analyser.analyse(path.read_bytes())
    assert time.monotonic() - started < LIMITS.max_seconds + MARGIN_S
    if path.name in EXPECTED_ERRORS:
        assert facts.error is not None and EXPECTED_ERRORS[path.name] in facts.error, facts.error
    if path.name in EXPECTED_SCRIPTS:
        assert any(EXPECTED_SCRIPTS[path.name] in where for where in facts.scripts), facts.scripts


# -- findings, fixed ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_a_dcc_holding_a_non_finite_number_is_refused(number: float) -> None:
    dcc = make_hostile.dcc()
    dcc["t"][0]["sc"] = number  # type: ignore[index]
    payload = make_hostile.cwt(make_hostile.claims({-260: {1: dcc}}))
    targets.fuzz_cwt(payload)
    targets.fuzz_hc1(make_hostile.hc1_text(make_hostile.signed(payload)))


# -- bombs made on the fly ----------------------------------------------------------------------


def test_a_200_mb_deflate_bomb_pdf_is_answered_in_time(analyser: DocumentAnalyser) -> None:
    bomb = make_hostile.flate_bomb_pdf(200_000_000)
    assert len(bomb) < 1_000_000
    started = time.monotonic()
    facts = analyser.analyse(bomb)
    assert time.monotonic() - started < LIMITS.max_seconds + MARGIN_S
    assert facts.sha256 and facts.size == len(bomb)
    assert not any(len(page.text) > LIMITS.max_text_chars for page in facts.pages)


def test_a_jpeg_of_ten_thousand_scans_is_refused(analyser: DocumentAnalyser) -> None:
    facts = analyser.analyse(make_hostile.many_scans_jpeg(10_000))
    assert facts.error is not None and "scans" in facts.error


def test_a_30000_pixel_square_png_is_refused(analyser: DocumentAnalyser) -> None:
    facts = analyser.analyse(png(30_000, 30_000))
    assert facts.error is not None and "too large" in facts.error


def test_an_hc1_holding_a_million_nested_arrays_is_refused() -> None:
    cose = b"\x81" * 1_000_000 + b"\0"
    text = "HC1:" + base45.b45encode(zlib.compress(cose, 9)).decode()
    result = verify_hc1(text, targets.vector_trust(), at=targets.CLOCK)
    assert result.unreadable, result.problems
    refused = verify_cose(cose, targets.vector_trust(), at=targets.CLOCK)
    assert refused.unreadable and "CBOR" in str(refused.problems[0]), refused.problems


def test_deeply_nested_cose_and_cwt_are_refused() -> None:
    targets.fuzz_cose(b"\x81" * 1_000_000 + b"\0")
    targets.fuzz_cwt(b"\xa1\x01" * 200_000 + b"\0")


def test_json_nested_a_million_deep_is_refused() -> None:
    targets.fuzz_protocol(b"[" * 1_000_000 + b"]" * 1_000_000)


def test_a_multipart_body_of_five_thousand_parts_is_refused() -> None:
    raw, _files = make_hostile.submission_json()
    body = (
        make_hostile.json_part(raw)
        + b"".join(make_hostile.file_part(f"f{i}.pdf", b"%PDF-1.4") for i in range(5000))
        + make_hostile.end()
    )
    assert targets.multipart_status(body) in (413, 422), "more parts than a declaration may have"
    assert targets.multipart_status(make_hostile.json_part(raw) + make_hostile.end()) == 200
