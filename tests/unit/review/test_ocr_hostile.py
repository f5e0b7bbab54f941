"""Hostile pictures and scans meet OCR's limits: each ends in a clear answer, within the limits.

The files are the checked-in hostile corpus (tests/corpus/hostile/: `make_hostile.py`
wrote the JPEG and PNG bombs, `make_ocr_hostile.py` the `ocr-` ones), read by the real
analyser in its sandbox process, as the inspector and the checks read uploads.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import PDF, DocumentFacts
from review.analysis.limits import AnalysisLimits
from server.demodata.photos import photograph_document
from tests.support.review_demo import DemoCase

HOSTILE = Path(__file__).resolve().parents[2] / "corpus" / "hostile"
#: Refusals come before any decoding: well under a second even on a busy machine.
REFUSAL_S = 3.0


def _analysed(analyser: DocumentAnalyser, name: str) -> tuple[DocumentFacts, float]:
    started = time.monotonic()
    facts = analyser.analyse((HOSTILE / name).read_bytes())
    return facts, time.monotonic() - started


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("jpeg-progressive-many-scans.jpg", "written in 1500 scans, more than the limit of 100"),
        ("ocr-jpeg-huge-dimensions.jpg", "too large to open safely"),
        ("png-huge-pixels.png", "too large to open safely"),
        ("png-decompression-bomb.png", "too large to open safely"),
        ("jpeg-truncated.jpg", "the image is damaged"),
    ],
)
def test_a_hostile_picture_is_refused_with_a_clear_reason(
    analyser: DocumentAnalyser, name: str, said: str
) -> None:
    facts, seconds = _analysed(analyser, name)
    assert facts.error is not None and said in facts.error, facts.error
    assert facts.pages == ()  # nothing was handed to OCR
    assert seconds < REFUSAL_S


def test_a_wall_sized_scanned_page_is_read_at_a_bounded_resolution(
    analyser: DocumentAnalyser,
) -> None:
    # 200 x 200 inches: at the usual 200 dpi that would be 1.6 billion pixels.
    facts, seconds = _analysed(analyser, "ocr-pdf-huge-scanned-page.pdf")
    assert facts.error is None, facts.error
    (page,) = facts.pages
    assert page.ocr and page.text == ""
    assert facts.ocr_problem == "OCR found no legible text on the pages without a text layer"
    assert seconds < analyser.limits.max_seconds


def test_only_the_first_scanned_pages_are_read_and_the_rest_is_said(
    analyser: DocumentAnalyser,
) -> None:
    facts, seconds = _analysed(analyser, "ocr-pdf-many-scanned-pages.pdf")
    assert facts.error is None and facts.page_count == 40
    limit = analyser.limits.max_ocr_pages
    assert [p.number for p in facts.pages if p.ocr] == list(range(1, limit + 1))
    assert facts.ocr_problem == f"40 pages have no text layer; OCR read only the first {limit}"
    assert seconds < analyser.limits.max_seconds


def test_ocr_of_scans_can_be_switched_off() -> None:
    with DocumentAnalyser(limits=AnalysisLimits(max_ocr_pages=0), max_workers=1) as analyser:
        facts = analyser.analyse((HOSTILE / "ocr-pdf-many-scanned-pages.pdf").read_bytes())
    assert facts.error is None and not facts.read_by_ocr
    assert facts.ocr_problem == "OCR of scanned pages is switched off"


def test_a_picture_of_noise_gives_no_fact_and_no_error(analyser: DocumentAnalyser) -> None:
    facts, _ = _analysed(analyser, "ocr-png-noise.png")
    assert facts.error is None and facts.image is not None
    # Specks may be read as a few characters, never surely.
    for page in facts.pages:
        assert all(word.confidence < 0.9 or len(page.text) < 40 for word in page.words)


def test_a_photo_just_within_the_pixel_limit_is_read_within_the_time_limit(
    analyser: DocumentAnalyser,
) -> None:
    picture = Image.new("L", (7000, 5600), 235)  # 39.2 million pixels, the limit is 40
    ImageDraw.Draw(picture).rectangle((500, 500, 6500, 5100), fill=250)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=60)
    facts = analyser.analyse(out.getvalue())
    assert facts.error is None, facts.error
    assert facts.image is not None and facts.image.width * facts.image.height == 39_200_000


def test_the_analyser_reads_photos_after_the_hostile_ones(
    analyser: DocumentAnalyser, demo_case: Callable[..., DemoCase]
) -> None:
    for name in ("jpeg-progressive-many-scans.jpg", "ocr-pdf-huge-scanned-page.pdf"):
        _analysed(analyser, name)
    case = demo_case(None, lambda c: any(r.media_type == PDF for r in c.case.documents))
    pdf = next(case.files[r.document_id] for r in case.case.documents if r.media_type == PDF)
    facts = analyser.analyse(photograph_document(pdf, seed=3))
    assert facts.error is None and facts.read_by_ocr
    assert case.case.content.holder.name.family in facts.pages[0].text
