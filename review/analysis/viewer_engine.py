"""A second reading of a PDF with pdfium, the engine that draws the pages the officer sees.

The viewer's pages are drawn by pdfium in the rendering sandbox (`page_images`), one page
at a time. Reading the file here first, in the analysis sandbox, means a PDF that pdfium
cannot open or whose first page it cannot draw is refused as a whole. Two parsers that
disagree on the page count is a sign of a file crafted to show one thing to a checker and
another to a person.
"""

from __future__ import annotations

import dataclasses

import pypdfium2

from review.analysis.facts import DocumentFacts

#: Page 1 is rendered small: enough to run the engine's drawing code, cheap to do.
RENDER_SCALE = 0.25


def read_with_viewer_engine(data: bytes, facts: DocumentFacts) -> DocumentFacts:
    """`facts` (from pypdf) with what pdfium found: an error, or a disagreement as a problem."""
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        return dataclasses.replace(facts, error=f"the viewer's PDF engine cannot open it: {exc}")
    try:
        pages = len(document)
        if pages != facts.page_count:
            problem = (
                f"the viewer's PDF engine finds {pages} page(s) where the text reader finds "
                f"{facts.page_count}: the file may show different content to each"
            )
            return dataclasses.replace(facts, problems=(*facts.problems, problem))
        page = document[0]
        try:
            page.render(scale=RENDER_SCALE).close()
        finally:
            page.close()
    except pypdfium2.PdfiumError as exc:
        return dataclasses.replace(facts, error=f"the viewer's PDF engine cannot draw it: {exc}")
    finally:
        document.close()
    return facts
