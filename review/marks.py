"""Marks on a document's pages: where it states what the declaration states, and what of it
the checks found wrong, ready for the inspector to draw over the page.

    marks = document_marks(facts, content, results, document_id=ref.document_id)
    marks.pages[0]                       # the first page's marks, in reading order
    marks.where(DeclaredField.RESULT)    # the mark that best shows where the result is said

A mark's tone says what it means for the officer: it agrees with the declaration, it was
found but there is nothing to compare it with, or it contradicts (the declaration, or a
check failed on it). A mark on words OCR read with little confidence is `uncertain`.
No Qt: the inspector only maps the quads to its pixels and picks colours.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from review.analysis.facts import DocumentFacts, PageText, Quad
from review.checks import CheckResult, Evidence, Verdict
from review.checks.case_file import LEGIBLE
from review.matching import DeclaredField, MatchKind, TextMatch, highlights
from workstation.protocol import DeclarationContent

log = logging.getLogger(__name__)

#: Marks kept per page (the text panel stops at about as many highlights a document).
MAX_MARKS_PER_PAGE = 400
#: Word boxes kept per mark: a span of a few words; more is a page of matches, not a fact.
MAX_QUADS_PER_MARK = 24


class Tone(StrEnum):
    AGREES = "agrees"  # the document says what the declaration says
    FOUND = "found"  # a fact found with nothing declared to compare (e.g. another date)
    CONTRADICTS = "contradicts"  # differs from the declaration, or a check failed on it


#: Which kinds of text a failed check is about when it cites them: an agreeing holder's
#: name cited by a failed identity check (made out to someone else) is not the fault.
_IDENTITY_KINDS = frozenset({MatchKind.HOLDER_NAME, MatchKind.DOCUMENT_NUMBER})


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of a page's text and where it lies on the page (`quads`, the page's own
    coordinates: see `WordBox`); `quads` is empty when no position is known."""

    page: int
    start: int
    end: int
    text: str
    tone: Tone
    kind: MatchKind | None  # None: a check cited text the matchers did not highlight
    field: DeclaredField | None
    meaning: str
    uncertain: bool  # read by OCR below the confidence the checks rely on
    quads: tuple[Quad, ...]
    #: Checks that cited this text as evidence (their ids).
    checks: tuple[str, ...] = ()

    @property
    def placed(self) -> bool:
        return bool(self.quads)


@dataclass(frozen=True, slots=True)
class DocumentMarks:
    """A document's marks, page by page (`pages[i]` for `facts.pages[i]`), and the text
    matches the text panel highlights (same order)."""

    document_id: UUID | None
    page_numbers: tuple[int, ...]
    pages: tuple[tuple[Mark, ...], ...]
    matches: tuple[tuple[TextMatch, ...], ...]
    #: (page, start, end) of every contradiction, for the text panel to colour alike.
    failed: frozenset[tuple[int, int, int]] = frozenset()

    def on_page(self, number: int) -> tuple[Mark, ...]:
        try:
            return self.pages[self.page_numbers.index(number)]
        except ValueError:
            return ()

    def all(self) -> Iterable[Mark]:
        for page in self.pages:
            yield from page

    def at(self, page: int, span: tuple[int, int]) -> Mark | None:
        """The mark over `span` of `page`'s text (the one that overlaps it most)."""
        start, end = span
        overlapping = [m for m in self.on_page(page) if m.start < end and start < m.end]
        return max(overlapping, key=lambda m: min(m.end, end) - max(m.start, start), default=None)

    def declared(self) -> list[tuple[DeclaredField, Mark | None]]:
        """Each declared field and where the document states it (None: nowhere found)."""
        return [(field, self.where(field)) for field in DeclaredField]

    def where(self, field: DeclaredField) -> Mark | None:
        """Where the document states `field`: a contradiction first, then an agreement, then
        anything found; on the page in reading order."""
        stating = [m for m in self.all() if m.field is field]
        for tone in (Tone.CONTRADICTS, Tone.AGREES, Tone.FOUND):
            chosen = next((m for m in stating if m.tone is tone), None)
            if chosen is not None:
                return chosen
        return None


def document_marks(
    facts: DocumentFacts,
    content: DeclarationContent,
    results: Sequence[CheckResult] = (),
    *,
    document_id: UUID | None = None,
) -> DocumentMarks:
    """Everything worth marking on the document's pages, from its text and the checks."""
    cited = _cited(results, document_id)
    pages: list[tuple[Mark, ...]] = []
    matches: list[tuple[TextMatch, ...]] = []
    for page in facts.pages:
        found = highlights(page.text, content) if page.text.strip() else ()
        matches.append(found)
        pages.append(_page_marks(page, found, cited))
    failed = frozenset(
        (m.page, m.start, m.end) for page in pages for m in page if m.tone is Tone.CONTRADICTS
    )
    return DocumentMarks(
        document_id=document_id,
        page_numbers=tuple(page.number for page in facts.pages),
        pages=tuple(pages),
        matches=tuple(matches),
        failed=failed,
    )


def evidence_to_show(result: CheckResult, marks: Mapping[UUID, DocumentMarks]) -> Evidence | None:
    """What to show for a check the officer picked: the first text it cites that
    contradicts (when it did not pass), else the first text it cites; None if it cites no
    document's text. `marks` are the case's documents' marks found so far."""
    cited = [e for e in result.evidence if e.document_id is not None and e.span is not None]

    def contradicted(evidence: Evidence) -> bool:
        found = marks.get(evidence.document_id) if evidence.document_id else None
        mark = found.at(evidence.page or 1, evidence.span) if found and evidence.span else None
        return mark is not None and mark.tone is Tone.CONTRADICTS

    if result.verdict is not Verdict.PASS:
        chosen = next((e for e in cited if contradicted(e)), None)
        if chosen is not None:
            return chosen
    return next(iter(cited), None)


def span_quads(facts: DocumentFacts, page: int, span: tuple[int, int]) -> tuple[Quad, ...]:
    """Where `span` of page `page`'s text lies on that page (empty where nothing is placed)."""
    found = next((p for p in facts.pages if p.number == page), None)
    if found is None:
        return ()
    return joined_quads(found.quads(*span)[:MAX_QUADS_PER_MARK])


def _cited(
    results: Sequence[CheckResult], document_id: UUID | None
) -> dict[tuple[int, int, int], tuple[tuple[str, ...], Verdict]]:
    """(page, start, end) of this document's text cited by checks -> (checks, worst verdict)."""
    cited: dict[tuple[int, int, int], tuple[tuple[str, ...], Verdict]] = {}
    if document_id is None:
        return cited
    for result in results:
        for evidence in result.evidence:
            if evidence.document_id != document_id or evidence.span is None:
                continue
            key = (evidence.page or 1, *evidence.span)
            checks, verdict = cited.get(key, ((), Verdict.PASS))
            if result.check not in checks:
                checks = (*checks, result.check)
            if result.verdict.severity > verdict.severity:
                verdict = result.verdict
            cited[key] = (checks, verdict)
    return cited


def _page_marks(
    page: PageText,
    found: Sequence[TextMatch],
    cited: dict[tuple[int, int, int], tuple[tuple[str, ...], Verdict]],
) -> tuple[Mark, ...]:
    on_page = {(s, e): value for (n, s, e), value in cited.items() if n == page.number}
    marks: list[Mark] = []
    used: set[tuple[int, int]] = set()
    for match in found[:MAX_MARKS_PER_PAGE]:
        checks: tuple[str, ...] = ()
        verdict = Verdict.PASS
        for (start, end), (names, worst) in on_page.items():
            if start < match.end and match.start < end:
                used.add((start, end))
                checks += tuple(n for n in names if n not in checks)
                if worst.severity > verdict.severity:
                    verdict = worst
        tone = _tone(match.agrees)
        if verdict is Verdict.FAIL and not (match.kind in _IDENTITY_KINDS and match.agrees):
            tone = Tone.CONTRADICTS  # a check failed on this fact, e.g. a sample too early
        marks.append(
            _mark(
                page, match.start, match.end, tone, match.kind, match.field, match.meaning, checks
            )
        )
    # Text a check cited that the matchers did not highlight (e.g. read with confused digits).
    for (start, end), (names, worst) in on_page.items():
        if (start, end) in used or len(marks) >= MAX_MARKS_PER_PAGE:
            continue
        if not 0 <= start < end <= len(page.text):
            continue
        tone = Tone.CONTRADICTS if worst is Verdict.FAIL else Tone.FOUND
        marks.append(_mark(page, start, end, tone, None, None, "", names))
    return tuple(sorted(marks, key=lambda m: (m.start, m.end)))


def _mark(
    page: PageText,
    start: int,
    end: int,
    tone: Tone,
    kind: MatchKind | None,
    field: DeclaredField | None,
    meaning: str,
    checks: tuple[str, ...],
) -> Mark:
    return Mark(
        page=page.number,
        start=start,
        end=end,
        text=page.text[start:end],
        tone=tone,
        kind=kind,
        field=field,
        meaning=meaning,
        uncertain=page.ocr and page.confidence(start, end) < LEGIBLE,
        quads=joined_quads(page.quads(start, end)[:MAX_QUADS_PER_MARK]),
        checks=checks,
    )


def joined_quads(quads: Sequence[Quad]) -> tuple[Quad, ...]:
    """Neighbouring words on one line as one box ("ZHANG Wei" is marked once, not twice).

    Only upright boxes are joined (a text layer's, or a scan's read straight); a word
    turned by a photo's perspective keeps its own quad.
    """
    joined: list[Quad] = []
    for quad in quads:
        if joined and _upright(joined[-1]) and _upright(quad) and _neighbours(joined[-1], quad):
            last = joined[-1]
            left, top = min(last[0], quad[0]), min(last[1], quad[1])
            right, bottom = max(last[2], quad[2]), max(last[5], quad[5])
            joined[-1] = (left, top, right, top, right, bottom, left, bottom)
        else:
            joined.append(quad)
    return tuple(joined)


def _upright(quad: Quad) -> bool:
    x0, y0, x1, y1, x2, y2, x3, y3 = quad
    return (
        abs(y0 - y1) < 0.5 and abs(x1 - x2) < 0.5 and abs(y2 - y3) < 0.5 and abs(x0 - x3) < 0.5
        and x1 > x0 and y3 > y0
    )  # fmt: skip


def _neighbours(first: Quad, second: Quad) -> bool:
    """`second` follows `first` on the same line, a word space or so after it."""
    height = max(first[5] - first[1], second[5] - second[1])
    same_line = abs(first[1] - second[1]) < height / 4 and abs(first[5] - second[5]) < height / 4
    gap = second[0] - first[2]
    return same_line and -height / 4 <= gap <= height * 1.5


def _tone(agrees: bool | None) -> Tone:
    if agrees is None:
        return Tone.FOUND
    return Tone.AGREES if agrees else Tone.CONTRADICTS
