"""OCR of PDF pages that have no text layer: a scanned report saved as a PDF.

Runs inside the analysis process, after pypdf and pdfium have both read the file without
trouble. Each such page is rendered by pdfium (the viewer's engine) in greyscale at about
200 dpi, within the pixel limit, and read like a photo; word positions are converted to
PDF points from the page's top-left corner, the units the inspector's PDF view uses.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable
from typing import Final

import pypdfium2

from review.analysis.facts import DocumentFacts, PageText
from review.analysis.limits import AnalysisLimits
from review.analysis.ocr import OcrUnavailable, read_picture

log = logging.getLogger(__name__)

_POINTS_PER_INCH: Final = 72.0
_DPI: Final = 200.0
#: Pixels rendered per page at most, whatever the pixel limit allows: OCR time grows with them.
_MAX_PAGE_PIXELS: Final = 6_000_000


def _points(scale: float) -> Callable[[float, float], tuple[float, float]]:
    """Rendered pixels to PDF points (from the top-left corner, as rendered)."""

    def convert(x: float, y: float) -> tuple[float, float]:
        return x / scale, y / scale

    return convert


def read_scanned_pages(data: bytes, facts: DocumentFacts, limits: AnalysisLimits) -> DocumentFacts:
    """`facts` with OCR text for its pages that have none (the first `max_ocr_pages`)."""
    blank = [page.number for page in facts.pages if not page.text.strip()]
    if not blank:
        return facts
    if limits.max_ocr_pages == 0:
        return dataclasses.replace(facts, ocr_problem="OCR of scanned pages is switched off")
    read: dict[int, PageText] = {}
    budget = limits.max_text_chars - sum(len(page.text) for page in facts.pages)
    problem: str | None = None
    document = pypdfium2.PdfDocument(data)
    try:
        for number in blank[: limits.max_ocr_pages]:
            page = document[number - 1]
            try:
                width, height = page.get_size()
                pixels = max(width * height, 1.0)
                cap = min(limits.max_pixels, _MAX_PAGE_PIXELS)
                scale = min(_DPI / _POINTS_PER_INCH, math.sqrt(cap / pixels))
                bitmap = page.render(scale=scale, grayscale=True)
                picture = bitmap.to_pil().convert("L")
                bitmap.close()
            finally:
                page.close()
            text = read_picture(
                picture,
                number=number,
                to_page=_points(scale),
                max_chars=max(budget, 0),
            )
            budget -= len(text.text)
            read[number] = text
    except OcrUnavailable as exc:
        problem = str(exc)
    finally:
        document.close()
    if len(blank) > limits.max_ocr_pages and problem is None:
        problem = (
            f"{len(blank)} pages have no text layer; OCR read only the first {limits.max_ocr_pages}"
        )
    elif read and not any(page.text.strip() for page in read.values()) and problem is None:
        problem = "OCR found no legible text on the pages without a text layer"
    pages = tuple(read.get(page.number, page) for page in facts.pages)
    return dataclasses.replace(facts, pages=pages, ocr_problem=problem)
