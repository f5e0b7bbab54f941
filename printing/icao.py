"""Standardised names per ICAO Doc 9303 Part 3 (what the DCC `fnt`/`gnt` fields hold).

Upper case A-Z only; spaces and hyphens become the filler `<`; apostrophes and
other punctuation are dropped; national characters use the ICAO
transliterations (Ü -> UE, ß -> SS, Ø -> OE, Å -> AA, Æ -> AE, Þ -> TH, ...),
any other accented Latin letter loses its accent, and the Russian Cyrillic
alphabet uses the ICAO table (Иванов -> IVANOV, Щеглова -> SHCHEGLOVA).

A letter none of these rules covers (Chinese characters, Greek, other Cyrillic
letters, ...) would simply vanish from the standardised name; `lost_letters`
says which, so the issuer can refuse such a name instead of signing a wrong one.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Final

log = logging.getLogger(__name__)

MAX_CHARS: Final = 80  # the DCC schema's maxLength for fnt/gnt

#: ICAO 9303 Part 3, section 6 (recommended transliterations of multinational Latin characters).
_LATIN: Final = {
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
#: ICAO 9303 Part 3, section 6 (transliteration of Cyrillic characters): the Russian alphabet.
#: Ъ is written IE; Ь has no Latin equivalent and is dropped.
_CYRILLIC: Final = {
    "А": "A",
    "Б": "B",
    "В": "V",
    "Г": "G",
    "Д": "D",
    "Е": "E",
    "Ё": "E",
    "Ж": "ZH",
    "З": "Z",
    "И": "I",
    "Й": "I",
    "К": "K",
    "Л": "L",
    "М": "M",
    "Н": "N",
    "О": "O",
    "П": "P",
    "Р": "R",
    "С": "S",
    "Т": "T",
    "У": "U",
    "Ф": "F",
    "Х": "KH",
    "Ц": "TS",
    "Ч": "CH",
    "Ш": "SH",
    "Щ": "SHCH",
    "Ъ": "IE",
    "Ы": "Y",
    "Ь": "",
    "Э": "E",
    "Ю": "IU",
    "Я": "IA",
}
_TRANSLITERATION: Final = _LATIN | _CYRILLIC
_FILLERS: Final = re.compile(r"[\s\-‐‑–—]+")
_NOT_LETTER: Final = re.compile(r"[^A-Z<]")
_REPEATED_FILLER: Final = re.compile(r"<{2,}")
#: ʼ, ʻ and the like: letters to Unicode, apostrophes to a reader; dropped like punctuation.
_MODIFIER_LETTER: Final = "Lm"


def standardised(name: str) -> str:
    """`Musterfrau-Gößinger` -> `MUSTERFRAU<GOESSINGER`; `d'Červenková` -> `DCERVENKOVA`."""
    filled = _FILLERS.sub("<", _transliterated(name))
    cleaned = _REPEATED_FILLER.sub("<", _NOT_LETTER.sub("", filled)).strip("<")
    return cleaned[:MAX_CHARS].rstrip("<")


def lost_letters(name: str) -> str:
    """The letters of `name` that no ICAO rule above covers, in order (`Zhang张` -> `张`)."""
    return "".join(
        c
        for c in _transliterated(name)
        if c.isalpha() and not "A" <= c <= "Z" and unicodedata.category(c) != _MODIFIER_LETTER
    )


def _transliterated(name: str) -> str:
    upper = name.strip().upper()
    letters = "".join(_TRANSLITERATION.get(c, c) for c in upper)
    # NFKD splits an accented letter into base letter + combining mark; the mark is then dropped.
    return unicodedata.normalize("NFKD", letters)
