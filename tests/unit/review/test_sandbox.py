"""Hostile documents: each gives an error (or flags) within the limits, and the caller lives on.

Every test here runs the real analysis process. Tight limits keep the suite fast; the
defaults are tested for the cheap refusals.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfWriter

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import DocumentFacts
from review.analysis.limits import MIB, AnalysisLimits
from tests.support import hostile_documents as hostile
from tests.support.review_demo import DemoCase

TIME_LIMIT_S = 1.5
#: Killing and replacing the process may add a little to the limit, never much.
GRACE_S = 1.5


@pytest.fixture
def strict() -> Iterator[DocumentAnalyser]:
    """An analyser with a short time limit, so a runaway parse is cut quickly."""
    with DocumentAnalyser(limits=AnalysisLimits(max_seconds=TIME_LIMIT_S), max_workers=1) as made:
        yield made


@pytest.fixture
def report_pdf(demo_case: Callable[..., DemoCase]) -> bytes:
    case = demo_case(
        None, lambda c: any(r.media_type == "application/pdf" for r in c.case.documents)
    )
    ref = next(r for r in case.case.documents if r.media_type == "application/pdf")
    return case.files[ref.document_id]


def _timed(analyser: DocumentAnalyser, data: bytes) -> tuple[DocumentFacts, float]:
    started = time.monotonic()
    facts = analyser.analyse(data)
    return facts, time.monotonic() - started


def _still_works(analyser: DocumentAnalyser, report_pdf: bytes) -> None:
    facts = analyser.analyse(report_pdf)
    assert facts.error is None
    assert facts.page_count == 1 and facts.has_text


def test_a_parse_that_takes_too_long_is_stopped_at_the_time_limit(
    strict: DocumentAnalyser, report_pdf: bytes
) -> None:
    # A 30 KB page whose compressed content holds a million text operations: pypdf
    # would need about half a minute to extract its text.
    facts, seconds = _timed(strict, hostile.slow_text_pdf(1_000_000))
    assert facts.error is not None and "longer than 1.5 s" in facts.error
    assert TIME_LIMIT_S <= seconds < TIME_LIMIT_S + GRACE_S
    _still_works(strict, report_pdf)


def test_the_killed_process_is_replaced(strict: DocumentAnalyser, report_pdf: bytes) -> None:
    strict.start()
    before = {w.process.pid for w in strict._idle}
    strict.analyse(hostile.slow_text_pdf(1_000_000))
    after = {w.process.pid for w in strict._idle}
    assert before and after and before.isdisjoint(after)
    for pid in before:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # gone and reaped, not a zombie
    _still_works(strict, report_pdf)


def test_a_decompression_bomb_png_is_refused(analyser: DocumentAnalyser) -> None:
    bomb = hostile.png(30_000, 30_000)  # 900 million pixels in ~100 KB
    assert len(bomb) < 200_000
    facts, seconds = _timed(analyser, bomb)
    assert facts.error is not None and "too large to open safely" in facts.error
    assert seconds < 5
    assert facts.media_type == "image/png"


def test_an_image_just_over_the_pixel_limit_is_refused(analyser: DocumentAnalyser) -> None:
    # Pillow only warns between the limit and twice the limit; we refuse.
    facts = analyser.analyse(hostile.png(7_000, 7_000))
    assert facts.error is not None and "too large" in facts.error


def test_running_out_of_memory_gives_an_error_and_a_fresh_process(report_pdf: bytes) -> None:
    # 6000 x 6000 RGBA is under the pixel limit but needs 144 MB to decode.
    limits = AnalysisLimits(max_memory_bytes=64 * MIB)
    with DocumentAnalyser(limits=limits, max_workers=1) as tight:
        facts = tight.analyse(hostile.png(6_000, 6_000, bit_depth=8, colour_type=6))
        assert facts.error is not None and "memory" in facts.error
        _still_works(tight, report_pdf)


def test_a_pdf_declaring_a_billion_pages_is_refused_without_walking_it(
    analyser: DocumentAnalyser,
) -> None:
    facts, seconds = _timed(analyser, hostile.page_tree_bomb(declared=1_000_000_000))
    assert facts.error == "the PDF declares 1000000000 pages, more than the limit of 50"
    assert seconds < 2


def test_a_page_tree_that_explodes_behind_a_small_count_is_refused(
    strict: DocumentAnalyser, report_pdf: bytes
) -> None:
    # Declares one page; walking it would visit 10**9 leaves.
    facts, seconds = _timed(strict, hostile.page_tree_bomb(declared=1))
    assert facts.error is not None
    assert seconds < TIME_LIMIT_S + GRACE_S
    _still_works(strict, report_pdf)


def test_a_corrupt_pdf_gives_an_error(analyser: DocumentAnalyser) -> None:
    facts = analyser.analyse(b"%PDF-1.7\n" + os.urandom(4096))
    assert facts.error is not None and facts.media_type == "application/pdf"


def test_a_truncated_pdf_gives_an_error_or_is_flagged(
    analyser: DocumentAnalyser, report_pdf: bytes
) -> None:
    facts = analyser.analyse(report_pdf[: len(report_pdf) // 2])
    assert facts.error is not None or facts.problems
    assert any("end-of-file marker" in p for p in facts.problems)


def test_a_truncated_jpeg_is_damaged(analyser: DocumentAnalyser) -> None:
    whole = hostile.photo(exif={}, sub_ifd={}, size=(400, 300))
    facts = analyser.analyse(whole[: len(whole) * 2 // 3])
    assert facts.error is not None and "damaged" in facts.error


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"GIF89a not a report", "not a PDF, JPEG or PNG file"),
        (b"<html><script>alert(1)</script></html>", "not a PDF, JPEG or PNG file"),
    ],
)
def test_files_that_are_not_documents_are_refused_before_parsing(data: bytes, message: str) -> None:
    analyser = DocumentAnalyser()
    assert analyser.analyse(data).error == message
    assert analyser._idle == []  # no process was needed


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    analyser = DocumentAnalyser(limits=AnalysisLimits(max_bytes=1024))
    facts = analyser.analyse(b"%PDF-1.7\n" + b"0" * 2048)
    assert facts.error is not None and "more than the limit of" in facts.error
    assert facts.size == 2057 and len(facts.sha256) == 64


def test_a_pdf_over_the_page_limit_is_refused(report_pdf: bytes) -> None:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=100, height=100)
    out = io.BytesIO()
    writer.write(out)
    with DocumentAnalyser(limits=AnalysisLimits(max_pages=2), max_workers=1) as strict:
        facts = strict.analyse(out.getvalue())
    assert facts.error == "the PDF declares 3 pages, more than the limit of 2"


def test_an_analyser_serves_threads_at_once(analyser: DocumentAnalyser, report_pdf: bytes) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(analyser.analyse, [report_pdf] * 8))
    assert all(r == results[0] and r.error is None for r in results)


def test_a_closed_analyser_refuses_work_and_leaves_no_process(report_pdf: bytes) -> None:
    analyser = DocumentAnalyser()
    assert analyser.analyse(report_pdf).error is None
    workers = list(analyser._idle)
    analyser.close()
    assert all(w.process.poll() is not None for w in workers)
    assert analyser.analyse(report_pdf).error == "document analysis has been shut down"
