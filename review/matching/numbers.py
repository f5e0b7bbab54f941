"""The travel-document number in a report, ignoring spaces, dashes and case."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Final

from review.matching.folding import FoldedText

log = logging.getLogger(__name__)

_SEPARATOR: Final = r"[ \-]?"
# "Passport No.: E 1234 5678", "Travel document number: G-123-456", "护照号码：E12345678".
_LABEL: Final = re.compile(
    r"(?<![a-z])(?:passport|travel\s+document|护照|证件|旅行证)"
    r"\s*(?:no\.?|number|nr\.?|#|号码|号)?\s*[:：;；]?\s*"  # OCR reads ":" as ";" at times
    r"(?P<value>[a-z0-9]+(?:[ \-][0-9]+)*)(?![a-z0-9])"
)


@dataclass(frozen=True, slots=True)
class NumberFound:
    start: int
    end: int
    compact: str  # upper case, without spaces and dashes
    agrees: bool


def find_document_number(text: FoldedText, number: str) -> list[NumberFound]:
    """Every place the declared number appears, however it is spaced."""
    chars = [re.escape(c) for c in number.lower() if c.isalnum()]
    if not chars:
        return []
    pattern = re.compile(f"(?<![a-z0-9]){_SEPARATOR.join(chars)}(?![a-z0-9])")
    return [
        NumberFound(*text.span(*m.span()), compact=number.upper(), agrees=True)
        for m in pattern.finditer(text.folded)
    ]


def find_labelled_numbers(text: FoldedText, number: str) -> list[NumberFound]:
    """Numbers after a passport or travel-document label, compared with the declared one."""
    found: list[NumberFound] = []
    for match in _LABEL.finditer(text.folded):
        compact = re.sub(r"[\s\-]", "", match.group("value")).upper()
        # A label followed by a plain word ("passport holder") is prose, not a number.
        if len(compact) < 5 or not any(c.isdigit() for c in compact):
            continue
        start, end = text.span(*match.span("value"))
        found.append(NumberFound(start, end, compact=compact, agrees=compact == number.upper()))
    return found
