"""Text folded for matching (case, diacritics, compatibility forms), with the way back.

Matches are searched in the folded text and reported as spans of the original text, so
the inspector can highlight exactly what the document says.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

log = logging.getLogger(__name__)

# Letters NFKD does not take apart; as travel documents transliterate them (ICAO 9303).
_SPECIAL: Final = {
    "ß": "ss",
    "ẞ": "ss",
    "Ł": "l",
    "ł": "l",
    "Ø": "o",
    "ø": "o",
    "Đ": "d",
    "đ": "d",
    "Æ": "ae",
    "æ": "ae",
    "Œ": "oe",
    "œ": "oe",
    "Þ": "th",
    "þ": "th",
    "Ħ": "h",
    "ħ": "h",
    "ı": "i",
    "’": "'",
    "‘": "'",
}


@dataclass(frozen=True, slots=True)
class FoldedText:
    """`folded[i]` came from `original[origin[i]]`."""

    original: str
    folded: str
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded[start:end] came from."""
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> FoldedText:
    if text.isascii():
        return FoldedText(original=text, folded=text.lower(), origin=range(len(text)))
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = char.lower() if char.isascii() else _fold_char(char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return FoldedText(original=text, folded="".join(parts), origin=origin)


def fold_word(text: str) -> str:
    """Just the folded form, for comparing short values such as names."""
    return fold(text).folded


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    special = _SPECIAL.get(char)
    if special is not None:
        return special
    kept = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return "".join(_SPECIAL.get(c, c) for c in kept).casefold()


def words_before(folded: str, start: int, *, floor: int = 0, reach: int = 60) -> str:
    """The text before `start` on its line, where a label for the value at `start` would be.

    pypdf often puts a table's value on the line after its label ("Result:\nNegative"), so
    when nothing precedes the value on its own line, the end of the line above is used.
    Nothing before `floor` (e.g. the previous value's end) is included.
    """
    line_start = folded.rfind("\n", 0, start) + 1
    before = folded[max(line_start, floor, start - reach) : start]
    if before.strip() or line_start <= floor or line_start == 0:
        return before
    above = folded.rfind("\n", 0, line_start - 1) + 1
    return folded[max(above, floor, line_start - 1 - reach) : line_start - 1]
