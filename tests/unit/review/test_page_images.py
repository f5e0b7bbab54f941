"""Pages and photos drawn in the limited rendering process, with the issue-12 page-2 form bomb."""

from __future__ import annotations

import io
import json
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from review.analysis.analyser import DocumentAnalyser
from review.analysis.page_images import (
    DISPLAY_WIDTH,
    MAX_PHOTO_PIXELS,
    PageImage,
    PageRefusal,
    PageRenderer,
)
from tests.support.hostile_documents import png

HOSTILE = Path(__file__).resolve().parents[2] / "corpus" / "hostile"
FORM_BOMB = (HOSTILE / "pdf-page-two-form-bomb.pdf").read_bytes()
#: The refusal of page 2 must come well within the officer's patience (issue 12: 5 s).
PAGE_TWO_BUDGET_S = 4.0


@pytest.fixture
def renderer() -> Iterator[PageRenderer]:
    made = PageRenderer()
    made.start()
    yield made
    made.close()


def _ink(page: PageImage) -> int:
    """Dark pixels on the page: text was drawn."""
    rgb = page.rgb()
    return sum(1 for i in range(0, len(rgb), 3 * 7) if rgb[i] < 100)


def test_the_page_two_form_bomb_is_admitted_by_the_analysis(analyser: DocumentAnalyser) -> None:
    facts = analyser.analyse(FORM_BOMB)
    assert facts.error is None and facts.problems == () and facts.page_count == 2
    assert "Quality control" in facts.pages[1].text


def test_page_one_is_drawn_and_page_two_refused_with_its_reason_and_page_one_still_served(
    renderer: PageRenderer,
) -> None:
    first = renderer.render(FORM_BOMB, 1)
    assert isinstance(first, PageImage)
    assert abs(first.width - DISPLAY_WIDTH) <= 1 and first.height > first.width
    assert _ink(first) > 50

    started = time.monotonic()
    second = renderer.render(FORM_BOMB, 2)
    elapsed = time.monotonic() - started
    assert isinstance(second, PageRefusal), second
    assert "memory" in second.reason or "longer than" in second.reason
    assert elapsed < PAGE_TWO_BUDGET_S, elapsed

    # The refusal is remembered: asking again costs nothing and runs nothing.
    started = time.monotonic()
    assert renderer.render(FORM_BOMB, 2) == second
    assert time.monotonic() - started < 0.1
    # A fresh process draws the next page asked for (another document, so not cached).
    other = Image.new("RGB", (300, 200), (20, 120, 220))
    out = io.BytesIO()
    other.save(out, "PNG")
    photo = renderer.render(out.getvalue(), 1)
    assert isinstance(photo, PageImage) and (photo.width, photo.height) == (300, 200)
    assert photo.rgb()[:3] == bytes((20, 120, 220))
    assert renderer.page_sizes(FORM_BOMB) == ((595.0, 842.0), (595.0, 842.0))


def test_a_page_that_takes_too_long_is_refused_at_the_deadline() -> None:
    # Memory enough that the bomb runs into the clock first.
    renderer = PageRenderer(page_seconds=0.5, memory_bytes=4096 * 1024 * 1024)
    try:
        assert isinstance(renderer.render(FORM_BOMB, 1), PageImage)
        started = time.monotonic()
        refused = renderer.render(FORM_BOMB, 2)
        assert time.monotonic() - started < 2.0
        assert isinstance(refused, PageRefusal)
        assert "took longer than 0.5 s" in refused.reason
    finally:
        renderer.close()


def test_a_photo_is_drawn_upright_and_a_pixel_bomb_is_refused(renderer: PageRenderer) -> None:
    image = Image.new("RGB", (400, 300), (200, 180, 150))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view", as phones write it
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    upright = renderer.render(out.getvalue(), 1)
    assert isinstance(upright, PageImage) and (upright.width, upright.height) == (300, 400)

    bomb = renderer.render(png(30_000, 30_000), 1)
    assert isinstance(bomb, PageRefusal) and "pixels" in bomb.reason

    big = Image.new("RGB", (4000, 3000), (0, 0, 0))
    out = io.BytesIO()
    big.save(out, "JPEG", quality=50)
    scaled = renderer.render(out.getvalue(), 1)
    assert isinstance(scaled, PageImage)
    assert scaled.width * scaled.height <= MAX_PHOTO_PIXELS and scaled.width > 3000


def test_a_reply_that_does_not_fit_its_stated_size_is_refused(renderer: PageRenderer) -> None:
    # What a subverted rendering process could send: more pixels than it says.
    header = json.dumps({"page": 1, "width": 2, "height": 2}).encode()
    lying = header + b"\n" + zlib.compress(b"\x00" * 3 * 2 * 2 * 1000)
    refused = renderer._validated(lying, "0" * 64, 1)
    assert isinstance(refused, PageRefusal) and "does not fit" in refused.reason
    honest = header + b"\n" + zlib.compress(b"\x00" * 3 * 2 * 2)
    assert isinstance(renderer._validated(honest, "0" * 64, 1), PageImage)
