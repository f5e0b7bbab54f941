"""The lab reports are the holder's: name and travel-document number found and matching."""

from __future__ import annotations

import logging
from typing import Final

from review.checks.case_file import CaseFile, Report, from_document
from review.checks.phrases import Phrase
from review.checks.results import CheckResult, Evidence, Findings, Source, Verdict
from review.matching import PageReading
from review.matching.names import NamePart
from workstation.domain import ReasonCode, TestKind

log = logging.getLogger(__name__)

_MISMATCH = ReasonCode.IDENTITY_MISMATCH
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
    # A photo of a printout cannot be read, but it needs no warning when the same tests'
    # PDF report was read and checked.
    covered = frozenset().union(*(r.tests for r in case_file.reports if _has_text(r)))
    for report in case_file.reports:
        _examine(report, findings, covered)
    return findings.result(Phrase("holder's name and document number found in every report"))


def _has_text(report: Report) -> bool:
    facts = report.facts
    return (
        facts is not None
        and facts.readable
        and facts.sha256 == report.ref.sha256
        and facts.image is None
        and facts.has_text
    )


def _examine(report: Report, findings: Findings, covered: frozenset[TestKind]) -> None:
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
    if facts.image is not None:
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
    numbers = [(p, n) for p in report.pages for n in p.numbers]
    for page, name in (full_names or family_only)[:3]:
        findings.evidence(_found(report, page, Phrase("holder's name"), name.start, name.end))
    for page, number in numbers[:3]:
        findings.evidence(_found(report, page, Phrase("document number"), number.start, number.end))

    for page in report.pages:
        for labelled in page.labelled_names:
            if not labelled.agrees:
                label = _LABELS[labelled.part]
                findings.evidence(_found(report, page, label, labelled.start, labelled.end))
                named = repr(page.text[labelled.start : labelled.end])
                findings.problem(
                    Verdict.FAIL,
                    Phrase("{file} is made out to {name}", file=filename, name=named),
                    _MISMATCH,
                )
        for number in page.labelled_numbers:
            if not number.agrees:
                label = Phrase("document number in the report")
                findings.evidence(_found(report, page, label, number.start, number.end))
                findings.problem(
                    Verdict.FAIL,
                    Phrase(
                        "{file} shows document number {number}",
                        file=filename,
                        number=number.compact,
                    ),
                    _MISMATCH,
                )

    if not full_names and not family_only:
        findings.problem(
            Verdict.FAIL, Phrase("holder's name not found in {file}", file=filename), _MISMATCH
        )
    elif not full_names:
        findings.problem(
            Verdict.WARN,
            Phrase("only the holder's family name found in {file}", file=filename),
            _MISMATCH,
        )
    if not numbers:
        findings.problem(
            Verdict.WARN,
            Phrase("travel document number not found in {file}", file=filename),
            _MISMATCH,
        )


def _found(report: Report, page: PageReading, label: Phrase, start: int, end: int) -> Evidence:
    """Evidence quoting the page's own text between `start` and `end`."""
    return from_document(report.ref, label, page.text[start:end], page=page.page, span=(start, end))
