"""Finding the declaration in a report's text: holder name, document number, dates, results.

`read_page` gives the checks everything on one page; `highlights` gives the inspector the
same as spans of the page's original text to highlight, each saying whether it agrees
with the declaration.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from review.matching.dates import DateFound, find_dates
from review.matching.folding import fold
from review.matching.found import DeclaredField, MatchKind, TextMatch
from review.matching.names import LabelledName, NameFound, find_holder_name, find_labelled_names
from review.matching.numbers import NumberFound, find_document_number, find_labelled_numbers
from review.matching.results import ResultFound, find_results
from workstation.protocol import DeclarationContent

log = logging.getLogger(__name__)

__all__ = ["DeclaredField", "MatchKind", "PageReading", "TextMatch", "highlights", "read_page"]


@dataclass(frozen=True, slots=True)
class PageReading:
    """What one page's text says that the declaration also says (spans in that text)."""

    page: int
    text: str
    names: tuple[NameFound, ...]
    labelled_names: tuple[LabelledName, ...]
    numbers: tuple[NumberFound, ...]  # the declared number, wherever it appears
    labelled_numbers: tuple[NumberFound, ...]  # numbers after a passport label
    dates: tuple[DateFound, ...]
    results: tuple[ResultFound, ...]

    @property
    def sample_dates(self) -> tuple[DateFound, ...]:
        return tuple(d for d in self.dates if d.sample)


def read_page(text: str, content: DeclarationContent, *, page: int = 1) -> PageReading:
    folded = fold(text)
    number = content.travel_document.number
    name = content.holder.name
    return PageReading(
        page=page,
        text=text,
        names=tuple(find_holder_name(folded, name)),
        labelled_names=tuple(find_labelled_names(folded, name)),
        numbers=tuple(find_document_number(folded, number)),
        labelled_numbers=tuple(find_labelled_numbers(folded, number)),
        dates=tuple(find_dates(folded)),
        results=tuple(find_results(folded)),
    )


def highlights(text: str, content: DeclarationContent) -> tuple[TextMatch, ...]:
    """Spans of `text` to highlight, in order and not overlapping."""
    reading = read_page(text, content)
    found: list[TextMatch] = []

    def add(
        kind: MatchKind,
        start: int,
        end: int,
        meaning: str,
        agrees: bool | None,
        field: DeclaredField | None,
    ) -> None:
        found.append(TextMatch(kind, start, end, text[start:end], meaning, agrees, field))

    name_field, number_field = DeclaredField.HOLDER_NAME, DeclaredField.DOCUMENT_NUMBER
    for name in reading.names:
        meaning, complete = name.order.value, name.complete
        add(MatchKind.HOLDER_NAME, name.start, name.end, meaning, complete, name_field)
    for labelled in reading.labelled_names:
        if not labelled.agrees:
            meaning = "not the holder's name"
            add(MatchKind.OTHER_NAME, labelled.start, labelled.end, meaning, False, name_field)
    for number in reading.numbers:
        meaning = "declared number"
        add(MatchKind.DOCUMENT_NUMBER, number.start, number.end, meaning, True, number_field)
    for number in reading.labelled_numbers:
        if not number.agrees:
            meaning = f"{number.compact}, not the declared number"
            add(MatchKind.OTHER_NUMBER, number.start, number.end, meaning, False, number_field)
    known = _declared_moments(content)
    for written in reading.dates:
        agrees = any(written.may_be(m) for m in known) if written.sample and known else None
        field = DeclaredField.SAMPLE_TIME if written.sample else None
        if written.sample:
            meaning = f"{written.describe()}, labelled as the sample time"
        else:
            meaning = written.describe()
            if content.holder.date_of_birth in written.days:
                meaning, agrees = f"{meaning}, the declared date of birth", True
                field = DeclaredField.DATE_OF_BIRTH
        add(MatchKind.DATE, written.start, written.end, meaning, agrees, field)
    declared_results = {test.result for test in content.tests}
    # As the checks read them: results on a "Result:" line, else wherever they are written.
    any_labelled = any(result.labelled for result in reading.results)
    for result in reading.results:
        agrees = result.result in declared_results if declared_results else None
        field = DeclaredField.RESULT if result.labelled or not any_labelled else None
        add(MatchKind.RESULT, result.start, result.end, result.result.value, agrees, field)
    return _without_overlaps(found)


def _declared_moments(content: DeclarationContent) -> list[datetime]:
    return [test.sample_collected_at.astimezone(UTC) for test in content.tests]


def _without_overlaps(found: list[TextMatch]) -> tuple[TextMatch, ...]:
    kept: list[TextMatch] = []
    for match in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return tuple(kept)
