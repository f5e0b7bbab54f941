"""Text folding for search and matching: case, accents and spacing do not matter."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

#: Letters NFKD does not decompose into base + accent.
_SPECIAL: Final = str.maketrans(
    {
        "ß": "ss", "ẞ": "ss", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d",
        "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "TH", "þ": "th", "ı": "i",
    }
)  # fmt: skip
_SPACES: Final = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: "  Zoë  MÜLLER-Łukasz" -> "zoe muller-lukasz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip().casefold()
