"""Test results written in a report: negative, positive, inconclusive (English and Chinese)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Final

from review.matching.folding import FoldedText, words_before
from workstation.domain import TestResult

log = logging.getLogger(__name__)

# Alternatives are tried left to right, so "not detected" is read before "detected".
_RESULT: Final = re.compile(
    r"(?<![a-z])(?:"
    r"(?P<negative>negative|not\s+detected|undetected|non[\s\-]?reactive)"
    r"|(?P<positive>positive|detected|reactive)"
    r"|(?P<inconclusive>inconclusive|indeterminate|equivocal)"
    r")(?![a-z])"
    r"|(?P<negative_zh>阴性|未检出)|(?P<positive_zh>阳性|检出(?!限))|(?P<inconclusive_zh>可疑|不确定)"
)


# A result label before the word: "Result: Negative / Not detected", "检测结果：阴性".
# OCR often loses the full-width colon after a Chinese label: there it is optional.
_RESULT_LABEL: Final = re.compile(
    r"[ \t]*(?:(?:test\s+)?result[^\n:：]{0,20}[:：]|(?:检测|检验)?结果[^\n:：]{0,20}[:：]?)"
)
_LABEL_REACH: Final = 80  # characters between the label and the result word


@dataclass(frozen=True, slots=True)
class ResultFound:
    start: int
    end: int
    result: TestResult
    #: On a line labelled as the result, rather than in prose or a quality-control table.
    labelled: bool


def find_results(text: FoldedText) -> list[ResultFound]:
    found: list[ResultFound] = []
    for match in _RESULT.finditer(text.folded):
        group = match.lastgroup or ""
        result = TestResult(group.removesuffix("_zh"))
        before = words_before(text.folded, match.start(), reach=_LABEL_REACH)
        labelled = bool(_RESULT_LABEL.match(before))
        found.append(ResultFound(*text.span(*match.span()), result, labelled))
    return found
