"""What a lab report says, read from its analysed text without a declaration to compare with.

The checks match a report against the declaration (`review.matching`); the `inspect`
command and the OCR benchmark ask the plainer question "what does this document say?".
The same matchers answer it: labelled names and document numbers, dates (and which one
is the sample time), results, and the laboratory that issued it. Each fact carries its
page, its span of that page's text, how sure the reading is (1 for a PDF's text layer)
and, for text read by OCR, where it lies on the page.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Final

from review.analysis.facts import DocumentFacts, PageText, Quad
from review.matching.dates import find_dates
from review.matching.folding import fold
from review.matching.names import find_labelled_names
from review.matching.numbers import find_labelled_numbers
from review.matching.results import find_results
from workstation.protocol import PersonName

log = logging.getLogger(__name__)

#: A laboratory's name: a letterhead line with one of these words (or word stems, which
#: German and Dutch join into longer words: "Molekulardiagnostik") in it, in the languages
#: lab reports come in.
_LAB_WORDS: Final = re.compile(
    r"labo|\blab\b|diagnost|patholog|analy[st]|clini|klinik|hospital|h[oô]pital|spital"
    r"|krankenhaus|ziekenhuis|health|sant[eé]|salud|medizin|m[eé]dic|centre|center"
    r"|zentrum|centro|institut|testing|\bmvz\b|praxis|biolog|virolog"
    r"|实验室|检测|检验|医院|诊所|中心|研究所|医学",
    re.IGNORECASE,
)
#: Lines of the first page the letterhead may take.
_LETTERHEAD_LINES: Final = 4
# Nobody's name: the labelled-name matcher compares values with a name, which is not the
# question here; only where the values are matters.
_NOBODY: Final = PersonName.model_construct(family="", given=None, chinese=None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFact:
    """One thing the report says, and where and how surely it was read."""

    #: name, family_name, given_name, document_number, sample_time, date, result, laboratory
    kind: str
    text: str  # as the page has it
    meaning: str | None  # as understood: "2024-03-01 08:30 UTC", "negative", ...
    page: int
    span: tuple[int, int]
    confidence: float  # 0..1; 1 for a PDF's text layer
    source: str  # "text_layer" or "ocr"
    quads: tuple[Quad, ...] = ()  # OCR: where the words lie on the page

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "text": self.text,
            "meaning": self.meaning,
            "page": self.page,
            "span": list(self.span),
            "confidence": round(self.confidence, 3),
            "source": self.source,
            "quads": [list(q) for q in self.quads],
        }


def report_facts(facts: DocumentFacts) -> list[ReportFact]:
    """Every fact found on the document's pages, page by page, in reading order."""
    found: list[ReportFact] = []
    for page in facts.pages:
        found.extend(page_facts(page))
    return found


def page_facts(page: PageText) -> list[ReportFact]:
    text = page.text
    folded = fold(text)
    found: list[ReportFact] = []

    def add(kind: str, start: int, end: int, meaning: str | None = None) -> None:
        found.append(
            ReportFact(
                kind=kind,
                text=text[start:end],
                meaning=meaning,
                page=page.number,
                span=(start, end),
                confidence=page.confidence(start, end),
                source=page.source,
                quads=page.quads(start, end),
            )
        )

    laboratory = _laboratory(text) if page.number == 1 else None
    if laboratory is not None:
        add("laboratory", *laboratory)
    for name in find_labelled_names(folded, _NOBODY):
        kind = {"full": "name", "family": "family_name", "given": "given_name"}[name.part.value]
        add(kind, name.start, name.end)
    for number in find_labelled_numbers(folded, ""):
        add("document_number", number.start, number.end, number.compact)
    for date in find_dates(folded):
        add("sample_time" if date.sample else "date", date.start, date.end, date.describe())
    for result in find_results(folded):
        if result.labelled:
            add("result", result.start, result.end, result.result.value)
    return sorted(found, key=lambda f: f.span)


def _laboratory(text: str) -> tuple[int, int] | None:
    """The span of the first letterhead line that names a laboratory."""
    start = 0
    for number, line in enumerate(text.split("\n")):
        if number >= _LETTERHEAD_LINES:
            break
        stripped = line.strip()
        if stripped and _LAB_WORDS.search(stripped) and not re.search(r"\d{3}", stripped):
            offset = start + line.index(stripped)
            return offset, offset + len(stripped)
        start += len(line) + 1
    return None
