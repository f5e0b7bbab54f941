"""The lab reports are the holder's: name and travel-document number found and matching."""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Final

from review.checks.case_file import (
    UNREAD_CHINESE,
    UNREAD_NAME,
    UNREAD_NUMBER,
    CaseFile,
    Report,
    could_not_read,
    from_document,
)
from review.checks.phrases import Phrase
from review.checks.results import CheckResult, Evidence, Findings, Source, Verdict
from review.matching import PageReading
from review.matching.folding import fold
from review.matching.names import NameOrder, NamePart
from review.matching.numbers import NumberFound, find_document_number
from workstation.domain import ReasonCode, TestKind

if TYPE_CHECKING:
    import opencc

log = logging.getLogger(__name__)

_MISMATCH = ReasonCode.IDENTITY_MISMATCH
_UNREADABLE = ReasonCode.DOCUMENT_UNREADABLE
#: Letters and digits OCR confuses in print (O and 0, I and 1, S and 5, ...), each made
#: the digit, so a number read with one of them still matches.
_HAN: Final = re.compile(r"[\u3400-\u9fff]")
_LATIN: Final = re.compile(r"[A-Za-z]")
_CONFUSABLE: Final = str.maketrans("OoQDIl|SsBZzG", "0000111558226")
#: Characters print OCR reads as one another, beyond those it confuses so often that
#: `_CONFUSABLE` treats them as equal (a 9 after a letter read as O, 6 as G, 8 as B or 3):
#: a number that differs from the declared one only by these is not read with certainty,
#: neither the declared number nor proof of another.
_LOOKALIKES: Final = ("0OQDU9", "1IL7T", "5S", "8B3", "2Z", "6G", "4A")
_LABELS: Final = {
    NamePart.FULL: Phrase("name in the report"),
    NamePart.FAMILY: Phrase("family name in the report"),
    NamePart.GIVEN: Phrase("given name in the report"),
}


def check_identity_in_report(case_file: CaseFile) -> CheckResult:
    findings = Findings("identity_in_report")
    content = case_file.content
    name = content.holder.name
    findings.evidence(
        Evidence(
            source=Source.DECLARATION,
            label=Phrase("holder"),
            value=name.latin + (f" ({name.chinese})" if name.chinese else ""),
        ),
        Evidence(
            source=Source.DECLARATION,
            label=Phrase("travel document number"),
            value=content.travel_document.number,
        ),
    )
    if not case_file.reports:
        findings.problem(
            Verdict.FAIL,
            Phrase("no lab report uploaded to compare with"),
            ReasonCode.DOCUMENT_MISSING,
        )
    # A photo whose text OCR could not read needs no warning when the same tests' PDF
    # report was read and checked.
    covered = frozenset().union(*(r.tests for r in case_file.reports if _has_text(r)))
    for report in case_file.reports:
        _examine(report, findings, covered, content.travel_document.number, name.chinese)
    return findings.result(Phrase("holder's name and document number found in every report"))


def _has_text(report: Report) -> bool:
    facts = report.facts
    return (
        facts is not None
        and facts.readable
        and facts.sha256 == report.ref.sha256
        and facts.has_text
    )


def _examine(
    report: Report,
    findings: Findings,
    covered: frozenset[TestKind],
    declared: str,
    chinese: str | None,
) -> None:
    filename = report.ref.filename
    facts = report.facts
    if facts is None:
        findings.problem(Verdict.WARN, Phrase("{file} has not been analysed yet", file=filename))
        return
    if not facts.readable or facts.sha256 != report.ref.sha256:
        findings.problem(
            Verdict.WARN,
            Phrase("{file} cannot be read, so its names were not checked", file=filename),
        )
        return
    if not _has_text(report) and report.tests <= covered:
        findings.evidence(
            from_document(
                report.ref, Phrase("no text"), Phrase("the same tests' PDF report was checked")
            )
        )
        return
    if facts.image is not None and not facts.has_text:
        findings.problem(
            Verdict.WARN,
            Phrase(
                "{file} is an image with no text to check: compare the name and number by eye",
                file=filename,
            ),
        )
        return
    if not facts.has_text:
        findings.problem(
            Verdict.WARN,
            Phrase(
                "{file} has no text layer (a scan?): compare the name and number by eye",
                file=filename,
            ),
        )
        return

    full_names = [(p, n) for p in report.pages for n in p.names if n.complete]
    family_only = [(p, n) for p in report.pages for n in p.names if not n.complete]
    numbers = [(p, n) for p in report.pages for n in p.numbers] or [
        (p, n) for p in report.pages for n in _misread_numbers(report, p, declared)
    ]
    for page, name in (full_names or family_only)[:3]:
        findings.evidence(_found(report, page, Phrase("holder's name"), name.start, name.end))
    for page, number in numbers[:3]:
        findings.evidence(_found(report, page, Phrase("document number"), number.start, number.end))

    latin_agrees = any(
        name.order is not NameOrder.CHINESE and report.legible(page, name.start, name.end)
        for page, name in full_names
    )
    for page in report.pages:
        for labelled in page.labelled_names:
            value = page.text[labelled.start : labelled.end]
            if not labelled.agrees and not _variant_of(report, page, value, chinese):
                label = _LABELS[labelled.part]
                findings.evidence(_found(report, page, label, labelled.start, labelled.end))
                if latin_agrees and _chinese_value(report, page, labelled.start, value):
                    # OCR misreads Chinese characters far more often than Latin letters.
                    findings.problem(
                        Verdict.WARN, could_not_read(report.ref, UNREAD_CHINESE), _UNREADABLE
                    )
                    continue
                if not report.legible(page, labelled.start, labelled.end):
                    # OCR may have misread a letter: neither a match nor a mismatch.
                    findings.problem(
                        Verdict.WARN, could_not_read(report.ref, UNREAD_NAME), _UNREADABLE
                    )
                    continue
                named = repr(value)
                findings.problem(
                    Verdict.FAIL,
                    Phrase("{file} is made out to {name}", file=filename, name=named),
                    _MISMATCH,
                )
        for number in page.labelled_numbers:
            if not number.agrees and not _misread(report, page, number.compact, declared):
                label = Phrase("document number in the report")
                findings.evidence(_found(report, page, label, number.start, number.end))
                uncertain = report.ocr(page) and _lookalike(number.compact, declared)
                if uncertain or not report.legible(page, number.start, number.end):
                    findings.problem(
                        Verdict.WARN, could_not_read(report.ref, UNREAD_NUMBER), _UNREADABLE
                    )
                    continue
                findings.problem(
                    Verdict.FAIL,
                    Phrase(
                        "{file} shows document number {number}",
                        file=filename,
                        number=number.compact,
                    ),
                    _MISMATCH,
                )

    # OCR missing a name or number proves nothing: the photo may be blurred just there.
    ocr = any(report.ocr(page) for page in report.pages)
    if not full_names and not family_only and ocr:
        findings.problem(Verdict.WARN, could_not_read(report.ref, UNREAD_NAME), _UNREADABLE)
    elif not full_names and not family_only:
        findings.problem(
            Verdict.FAIL, Phrase("holder's name not found in {file}", file=filename), _MISMATCH
        )
    elif not full_names:
        findings.problem(
            Verdict.WARN,
            Phrase("only the holder's family name found in {file}", file=filename),
            _MISMATCH,
        )
    if not numbers and ocr:
        findings.problem(Verdict.WARN, could_not_read(report.ref, UNREAD_NUMBER), _UNREADABLE)
    elif not numbers:
        findings.problem(
            Verdict.WARN,
            Phrase("travel document number not found in {file}", file=filename),
            _MISMATCH,
        )


def _chinese_value(report: Report, page: PageReading, start: int, value: str) -> bool:
    """Whether OCR read this labelled value where a Chinese name is printed: after a
    "Chinese name" label, or in Chinese characters only. Tesseract's Chinese models misread
    body-size characters in photos far more often than Latin letters."""
    if not report.ocr(page):
        return False
    label = page.text[page.text.rfind("\n", 0, start) + 1 : start].casefold()
    return (
        "chinese" in label
        or "中文" in label
        or (bool(_HAN.search(value)) and not _LATIN.search(value))
    )


def _variant_of(report: Report, page: PageReading, value: str, chinese: str | None) -> bool:
    """Whether OCR read the declared Chinese name in the other script (詩 for 诗).

    The models cannot tell a traditional from a simplified character reliably, and the
    name is the same either way: a page read by OCR is compared in simplified form.
    """
    if not chinese or not report.ocr(page) or _LATIN.search(value):
        return False
    read = "".join(_HAN.findall(value))
    return bool(read) and simplified(read) == simplified(chinese)


@lru_cache(maxsize=256)
def simplified(text: str) -> str:
    """Chinese `text` in simplified characters (the same name, whichever script was read)."""
    converted: str = _converter().convert(text)
    return converted


@cache
def _converter() -> opencc.OpenCC:
    import opencc  # a dictionary to load: only when a Chinese name was read by OCR

    return opencc.OpenCC("t2s")


def _misread(report: Report, page: PageReading, read: str, declared: str) -> bool:
    """Whether OCR's `read` is the declared number with letters and digits confused."""
    return report.ocr(page) and unconfused(read) == unconfused(declared)


def _lookalike(read: str, declared: str) -> bool:
    """Whether `read` differs from `declared` only by characters OCR takes for one another."""
    read, declared = read.upper(), declared.upper()
    return len(read) == len(declared) and all(
        r == d or any(r in group and d in group for group in _LOOKALIKES)
        for r, d in zip(read, declared, strict=True)
    )


def _misread_numbers(report: Report, page: PageReading, declared: str) -> list[NumberFound]:
    """The declared number on a page read by OCR, allowing for confused letters and digits."""
    if not report.ocr(page):
        return []
    # One character for one: the spans found are spans of the page's own text.
    return find_document_number(fold(unconfused(page.text)), unconfused(declared))


def unconfused(text: str) -> str:
    """`text` with the letters OCR confuses with digits made those digits."""
    return text.translate(_CONFUSABLE)


def _found(report: Report, page: PageReading, label: Phrase, start: int, end: int) -> Evidence:
    """Evidence quoting the page's own text between `start` and `end`."""
    return from_document(report.ref, label, page.text[start:end], page=page.page, span=(start, end))
