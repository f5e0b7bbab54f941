"""Checks on the declared tests: sample window, required tests and results, approved labs."""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Sequence

from review.checks.case_file import (
    TEST_NAMES,
    TEST_RESULTS,
    UNREAD_RESULT,
    UNREAD_SAMPLE_TIME,
    CaseFile,
    Report,
    could_not_read,
    from_document,
)
from review.checks.phrases import AND, LIST, OR, Phrase, Text, joined
from review.checks.results import CheckResult, Evidence, Findings, Source, Verdict, hours, moment
from review.matching import PageReading
from review.matching.dates import DateFound
from review.matching.folding import fold_word
from review.matching.results import ResultFound
from review.policy import ApprovedLab
from workstation.domain import ReasonCode, TestKind, TestResult
from workstation.protocol import Laboratory, LabTest

log = logging.getLogger(__name__)

_UNREADABLE = ReasonCode.DOCUMENT_UNREADABLE

# Labels that announce a sample time or a result on a report; on a page read by OCR, a
# label without a legible value means the value could not be read.
_SAMPLE_LABEL = re.compile(r"(?im)^.{0,30}(?:sample\s+collected|collected\s+on|采样时间|采样)")
_RESULT_LABEL = re.compile(r"(?im)^\s*(?:test\s+)?(?:result|检测结果|结果)\s*[:：]")


def _declared(label: Phrase, value: Text) -> Evidence:
    return Evidence(source=Source.DECLARATION, label=label, value=value)


def _policy(label: Phrase, value: Text) -> Evidence:
    return Evidence(source=Source.POLICY, label=label, value=value)


def _written(date: DateFound) -> Text:
    """`date.describe()`, with the "or" between two readings of the day translatable."""
    if len(date.days) < 2:
        return date.describe()
    rest = dataclasses.replace(date, days=date.days[1:])
    return Phrase(OR, head=date.days[0].isoformat(), tail=_written(rest))


def check_test_window(case_file: CaseFile) -> CheckResult:
    """Samples taken within the mission's window before the first departure, as reported."""
    findings = Findings("test_window")
    window = case_file.policy.test_window
    itinerary = case_file.content.itinerary
    departure = itinerary.departure_time
    first = min(itinerary.flights, key=lambda f: f.departure_time)
    findings.evidence(
        _policy(Phrase("window before departure"), hours(window.total_seconds())),
        _declared(
            Phrase("first departure"),
            Phrase("{flight} at {time}", flight=first.number, time=moment(departure)),
        ),
    )
    measured = 0
    for kind in case_file.policy.required_tests:
        test = case_file.counted_tests.get(kind)
        if test is None:
            continue  # required_tests reports it
        measured += 1
        name = TEST_NAMES[kind]
        taken = test.sample_collected_at
        findings.evidence(_declared(Phrase("{test} sample taken", test=name), moment(taken)))
        before = (departure - taken).total_seconds()
        if taken > case_file.case.submitted_at:
            findings.problem(
                Verdict.FAIL,
                Phrase("{test} sample time is after the declaration was submitted", test=name),
                ReasonCode.OTHER,
            )
        elif before < 0:
            findings.problem(
                Verdict.FAIL,
                Phrase("{test} sample taken after departure", test=name),
                ReasonCode.OTHER,
            )
        elif before > window.total_seconds():
            findings.problem(
                Verdict.FAIL,
                Phrase(
                    "{test} sample taken {taken} before departure, more than the {window} allowed",
                    test=name,
                    taken=hours(before),
                    window=hours(window.total_seconds()),
                ),
                ReasonCode.TEST_TOO_OLD,
            )
    _compare_report_dates(case_file, findings)
    if not measured:
        findings.problem(
            Verdict.WARN, Phrase("no required test declared, so no sample time to measure")
        )
    return findings.result(
        Phrase(
            "samples taken within {window} before departure", window=hours(window.total_seconds())
        )
    )


def _compare_report_dates(case_file: CaseFile, findings: Findings) -> None:
    """A sample time printed in a report must be one the declaration states."""
    for report in case_file.reports:
        declared = [t for k, t in case_file.counted_tests.items() if k in report.tests]
        if not declared:
            continue
        for page in report.pages:
            if report.ocr(page) and _unread(page.text, _SAMPLE_LABEL, page.sample_dates):
                findings.problem(
                    Verdict.WARN, could_not_read(report.ref, UNREAD_SAMPLE_TIME), _UNREADABLE
                )
            for written in page.sample_dates:
                evidence = from_document(
                    report.ref,
                    Phrase("sample time in the report"),
                    _written(written),
                    page=page.page,
                    span=(written.start, written.end),
                )
                findings.evidence(evidence)
                if not any(written.may_be(t.sample_collected_at) for t in declared):
                    if not report.legible(page, written.start, written.end):
                        # A 3 read as an 8 is not a different sample time.
                        findings.problem(
                            Verdict.WARN,
                            could_not_read(report.ref, UNREAD_SAMPLE_TIME),
                            _UNREADABLE,
                        )
                        continue
                    findings.problem(
                        Verdict.FAIL,
                        Phrase(
                            "{file} shows a sample time of {time}, which is not the declared one",
                            file=report.ref.filename,
                            time=_written(written),
                        ),
                        ReasonCode.TEST_TOO_OLD,
                    )


def check_required_tests(case_file: CaseFile) -> CheckResult:
    """Every test the mission requires is declared and negative, and the report agrees."""
    findings = Findings("required_tests")
    required = case_file.policy.required_tests
    names = [TEST_NAMES[k] for k in required]
    findings.evidence(_policy(Phrase("required tests"), joined(LIST, names) if names else ""))
    for kind in required:
        name = TEST_NAMES[kind]
        test = case_file.counted_tests.get(kind)
        if test is None:
            findings.problem(
                Verdict.FAIL, Phrase("no {test} test declared", test=name), ReasonCode.TEST_MISSING
            )
            continue
        findings.evidence(_declared(Phrase("{test} result", test=name), TEST_RESULTS[test.result]))
        if test.result is TestResult.POSITIVE:
            findings.problem(
                Verdict.FAIL,
                Phrase("{test} result is positive", test=name),
                ReasonCode.TEST_POSITIVE,
            )
        elif test.result is TestResult.INCONCLUSIVE:
            findings.problem(
                Verdict.WARN, Phrase("{test} result is inconclusive", test=name), ReasonCode.OTHER
            )
        _compare_report_results(case_file, kind, test, findings)
    return findings.result(Phrase("all required tests declared, with negative results"))


def _compare_report_results(
    case_file: CaseFile, kind: TestKind, test: LabTest, findings: Findings
) -> None:
    name = TEST_NAMES[kind]
    reports = [r for r in case_file.reports if kind in r.tests]
    if not reports:
        findings.problem(
            Verdict.WARN,
            Phrase("no report uploaded for the {test} test", test=name),
            ReasonCode.DOCUMENT_MISSING,
        )
        return
    declared = set(case_file.counted_tests)
    for report in reports:
        if report.tests & declared != {kind}:
            continue  # a combined report does not say which result belongs to which test
        read = [(page, found) for page in report.pages for found in page.results]
        legible = [(p, f) for p, f in read if report.legible(p, f.start, f.end)]
        # On a photo, a "Result:" line read poorly (or not at all) is not a result; prose
        # read poorly ("a negative result does not exclude...") does not matter.
        if any(report.ocr(page) for page in report.pages) and (
            any(f.labelled and not report.legible(p, f.start, f.end) for p, f in read)
            or _no_result_read(report, legible)
        ):
            findings.problem(Verdict.WARN, could_not_read(report.ref, UNREAD_RESULT), _UNREADABLE)
        written = [(page.page, found) for page, found in legible]
        # Results on a "Result:" line count; prose ("a negative result does not exclude
        # infection") and control tables only when the report has no such line.
        written = [(p, f) for p, f in written if f.labelled] or written
        said = {found.result for _, found in written}
        for page, found in written:
            findings.evidence(
                from_document(
                    report.ref,
                    Phrase("result in the report"),
                    TEST_RESULTS[found.result],
                    page=page,
                    span=(found.start, found.end),
                )
            )
        # Only an unambiguous report contradicts the declaration.
        if said and test.result not in said:
            shown = joined(AND, [TEST_RESULTS[r] for r in sorted(said, key=lambda r: r.value)])
            verdict = Verdict.FAIL if TestResult.POSITIVE in said else Verdict.WARN
            findings.problem(
                verdict,
                Phrase(
                    "{file} says {shown}, the declaration says {declared}",
                    file=report.ref.filename,
                    shown=shown,
                    declared=TEST_RESULTS[test.result],
                ),
                ReasonCode.TEST_POSITIVE if verdict is Verdict.FAIL else ReasonCode.OTHER,
            )


def _unread(text: str, label: re.Pattern[str], values: Sequence[object]) -> bool:
    """More labels of a value on the page than legible values read after them."""
    return len(label.findall(text)) > len(values)


def _no_result_read(report: Report, legible: Sequence[tuple[PageReading, ResultFound]]) -> bool:
    """More "Result:" labels on the report than legible results read after one."""
    labels = sum(len(_RESULT_LABEL.findall(page.text)) for page in report.pages)
    labelled = sum(1 for _, found in legible if found.labelled)
    return labels > labelled


def check_approved_lab(case_file: CaseFile) -> CheckResult:
    """Each declared test was done by a laboratory on the mission's approved list."""
    findings = Findings("approved_lab")
    approved = case_file.policy.labs
    findings.evidence(
        _policy(Phrase("approved laboratories"), "; ".join(_lab(lab) for lab in approved))
    )
    tests = list(case_file.counted_tests.values())
    for test in tests:
        name = TEST_NAMES[test.kind]
        findings.evidence(_declared(Phrase("{test} laboratory", test=name), _lab(test.laboratory)))
        key = _lab_key(test.laboratory.name)
        same_name = [lab for lab in approved if _lab_key(lab.name) == key]
        if not same_name:
            findings.problem(
                Verdict.FAIL,
                Phrase(
                    "{test} laboratory {lab} is not on the approved list",
                    test=name,
                    lab=repr(test.laboratory.name),
                ),
                ReasonCode.LAB_NOT_APPROVED,
            )
        elif not any(lab.country == test.laboratory.country for lab in same_name):
            findings.problem(
                Verdict.FAIL,
                Phrase(
                    "{test} laboratory {lab} is approved in {approved}, not in {country}",
                    test=name,
                    lab=repr(test.laboratory.name),
                    approved=", ".join(sorted({lab.country for lab in same_name})),
                    country=test.laboratory.country,
                ),
                ReasonCode.LAB_NOT_APPROVED,
            )
    if not tests:
        return findings.result(Phrase("no test declared, so no laboratory to check"))
    return findings.result(Phrase("every laboratory is on the approved list"))


def _lab(lab: Laboratory | ApprovedLab) -> str:
    place = ", ".join(part for part in (lab.city, lab.country) if part)
    return f"{lab.name} ({place})"


@functools.lru_cache(maxsize=1024)  # the approved labs' names, keyed again for every test
def _lab_key(name: str) -> str:
    """A lab name compared without case, accents, punctuation or spacing ("&" is "and")."""
    return " ".join(re.findall(r"[^\W_]+", fold_word(name).replace("&", " and ")))
