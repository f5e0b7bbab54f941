"""The holder's name in a report: either order, "FAMILY, Given", diacritics, Chinese name.

Also reads names that follow a label ("Name:", "Surname:", "姓名：") so a report made
out to someone else is noticed even when the holder's name appears elsewhere on it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from review.matching.folding import FoldedText, fold_word
from workstation.protocol import PersonName

log = logging.getLogger(__name__)

_BEFORE: Final = r"(?<![^\W\d_])"  # not preceded by a letter
_AFTER: Final = r"(?![^\W\d_])"
_INSIDE: Final = r"[\s'.\-]*"  # within a name part: "O'Brien", "OBRIEN", "Li-Na", "Li Na"
_BETWEEN: Final = r"(?:\s*[,/]\s*|\s+)"  # between the parts: "ZHANG Wei", "ZHANG, Wei"
_LATIN_WORD: Final = re.compile(r"[a-z]+")
_CJK_RUN: Final = re.compile(r"[\u3400-\u9fff\u00b7]+")
# Travel documents write ä, ö, ü as AE, OE, UE (ICAO 9303); folding makes them a, o, u.
_UMLAUT: Final = re.compile(r"([aou])e?")


class NameOrder(StrEnum):
    FAMILY_FIRST = "family name first"
    GIVEN_FIRST = "given name first"
    FAMILY_ONLY = "family name only"
    CHINESE = "Chinese name"


@dataclass(frozen=True, slots=True)
class NameFound:
    start: int
    end: int
    order: NameOrder

    @property
    def complete(self) -> bool:
        return self.order is not NameOrder.FAMILY_ONLY


class NamePart(StrEnum):
    FULL = "full"
    FAMILY = "family"
    GIVEN = "given"


@dataclass(frozen=True, slots=True)
class LabelledName:
    """The value after a name label, and whether it is the holder's (that part of it)."""

    start: int
    end: int
    part: NamePart
    agrees: bool


# A label at the start of a line or of a table cell (after a tab or two spaces), so that
# "Test name: RT-PCR" is not read as a person's name.
_LABEL: Final = re.compile(
    r"(?:^|(?<=\t)|(?<=\s\s))[ \t]*"
    r"(?:(?P<full>(?:patient'?s?\s+|full\s+|traveller'?s?\s+|chinese\s+)?name(?:\s+of\s+patient)?"
    r"|(?:中\s*文\s*|护\s*照\s*|英\s*文\s*)?姓\s*名)"
    r"|(?P<family>surname|family\s+name|last\s+name|姓)"
    r"|(?P<given>given\s+names?|first\s+names?|forenames?|名))"
    # OCR reads a colon as a semicolon now and then.
    r"\s*[:：;；]\s*(?P<value>[^\n]*)",
    re.MULTILINE,
)
# Where a labelled value ends: the next label on the same line, or a table gap.
_VALUE_END: Final = re.compile(
    r"\t|\s{2,}|\s+(?=(?:sex|gender|date|dob|birth|age|passport|document|nationality|id|sample"
    r"|collect|result|test|性别|出生|护照|证件|国籍)(?![a-z]))|[(（]"
)


def find_holder_name(text: FoldedText, name: PersonName) -> list[NameFound]:
    """Every place the holder's name appears; family-name-only hits are listed last."""
    family = _parts(name.family)
    given = _parts(name.given or "")
    found: list[NameFound] = []
    if family and given:
        pattern = re.compile(
            f"{_BEFORE}(?:(?P<fg>{family}{_BETWEEN}{given})|(?P<gf>{given}{_BETWEEN}{family})){_AFTER}"
        )
        for match in pattern.finditer(text.folded):
            order = NameOrder.FAMILY_FIRST if match.group("fg") else NameOrder.GIVEN_FIRST
            found.append(NameFound(*text.span(*match.span()), order))
    if name.chinese:
        chinese = r"\s*".join(re.escape(c) for c in name.chinese)
        for match in re.finditer(chinese, text.folded):
            found.append(NameFound(*text.span(*match.span()), NameOrder.CHINESE))
    if family and (not given or not found):
        for match in re.finditer(f"{_BEFORE}{family}{_AFTER}", text.folded):
            start, end = text.span(*match.span())
            if not any(f.start <= start < f.end for f in found):
                order = NameOrder.FAMILY_FIRST if not given else NameOrder.FAMILY_ONLY
                found.append(NameFound(start, end, order))
    return found


def find_labelled_names(text: FoldedText, name: PersonName) -> list[LabelledName]:
    """Values after name labels, each compared with the matching part of the holder's name."""
    found: list[LabelledName] = []
    for match in _LABEL.finditer(text.folded):
        value_start = match.start("value")
        value = match.group("value")
        cut = _VALUE_END.search(value)
        value = value[: cut.start()] if cut else value
        value = value.rstrip(" ,;.")
        follows = text.folded[value_start + len(value) : value_start + len(value) + 1]
        if len(value.strip()) < 2 or follows in (":", "：", ";", "；"):
            continue  # no value: the next line is another label
        part = NamePart(next(k for k in ("full", "family", "given") if match.group(k)))
        start, end = text.span(value_start, value_start + len(value))
        found.append(LabelledName(start, end, part, _agrees(value, part, name)))
    return found


def _agrees(value: str, part: NamePart, name: PersonName) -> bool:
    chinese = "".join(_CJK_RUN.findall(value))
    if chinese and name.chinese and chinese != name.chinese:
        return False
    # Order- and separator-free: "ZHANG Wei", "Wei ZHANG", "ZHANG, WEI", "Lina" for "Li Na".
    letters = _letters(value)
    family, given = fold_word(name.family), fold_word(name.given or "")
    expected = {
        NamePart.FULL: {_letters(family + given), _letters(given + family)},
        NamePart.FAMILY: {_letters(family)},
        NamePart.GIVEN: {_letters(given)},
    }
    if not letters:
        return bool(chinese)  # a Chinese name alone, already compared when one was declared
    return letters in expected[part]


def _parts(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", fold_word(text))
    return _INSIDE.join(_UMLAUT.sub(r"\1e?", re.escape(w)) for w in words)


def _letters(text: str) -> str:
    """Latin letters only, umlauts in either spelling made equal ("mueller" = "muller")."""
    return _UMLAUT.sub(r"\1", "".join(_LATIN_WORD.findall(text)))
