"""Standardised names per ICAO Doc 9303 Part 3 (what the DCC `fnt`/`gnt` fields hold).

Upper case A-Z only; spaces and hyphens become the filler `<`; apostrophes and
other punctuation are dropped; national characters use the ICAO
transliterations (Ü -> UE, ß -> SS, Ø -> OE, Å -> AA, Æ -> AE, Þ -> TH, ...),
and any other accented Latin letter loses its accent.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Final

log = logging.getLogger(__name__)

MAX_CHARS: Final = 80  # the DCC schema's maxLength for fnt/gnt

#: ICAO 9303 Part 3, section 6 (recommended transliterations of multinational Latin characters).
_TRANSLITERATION: Final = {
    "Ä": "AE",
    "Æ": "AE",
    "Å": "AA",
    "Ö": "OE",
    "Ø": "OE",
    "Œ": "OE",
    "Ü": "UE",
    "ß": "SS",
    "ẞ": "SS",
    "Þ": "TH",
    "Ð": "D",
    "Đ": "D",
    "Ħ": "H",
    "Ĳ": "IJ",
    "Ł": "L",
    "Ŀ": "L",
    "Ŋ": "N",
    "Ŧ": "T",
    "ı": "I",
}
_FILLERS: Final = re.compile(r"[\s\-‐‑–—]+")
_NOT_LETTER: Final = re.compile(r"[^A-Z<]")
_REPEATED_FILLER: Final = re.compile(r"<{2,}")


def standardised(name: str) -> str:
    """`Musterfrau-Gößinger` -> `MUSTERFRAU<GOESSINGER`; `d'Červenková` -> `DCERVENKOVA`."""
    upper = name.strip().upper()
    letters = "".join(_TRANSLITERATION.get(c, c) for c in upper)
    # NFKD splits an accented letter into base letter + combining mark; the mark is then dropped.
    plain = unicodedata.normalize("NFKD", letters)
    filled = _FILLERS.sub("<", plain)
    cleaned = _REPEATED_FILLER.sub("<", _NOT_LETTER.sub("", filled)).strip("<")
    return cleaned[:MAX_CHARS].rstrip("<")
