"""Checks on the declared tests: sample window, required tests and results, approved labs."""

from __future__ import annotations

import logging
import re

from review.checks.case_file import TEST_NAMES, CaseFile, from_document
from review.checks.results import CheckResult, Evidence, Findings, Source, Verdict, hours, moment
from review.matching.folding import fold_word
from review.policy import ApprovedLab
from workstation.domain import ReasonCode, TestKind, TestResult
from workstation.protocol import Laboratory, LabTest

log = logging.getLogger(__name__)


def _declared(label: str, value: str) -> Evidence:
    return Evidence(source=Source.DECLARATION, label=label, value=value)


def _policy(label: str, value: str) -> Evidence:
    return Evidence(source=Source.POLICY, label=label, value=value)


def check_test_window(case_file: CaseFile) -> CheckResult:
    """Samples taken within the mission's window before the first departure, as reported."""
    findings = Findings("test_window")
    window = case_file.policy.test_window
    itinerary = case_file.content.itinerary
    departure = itinerary.departure_time
    first = min(itinerary.flights, key=lambda f: f.departure_time)
    findings.evidence(
        _policy("window before departure", hours(window.total_seconds())),
        _declared("first departure", f"{first.number} at {moment(departure)}"),
    )
    measured = 0
    for kind in case_file.policy.required_tests:
        test = case_file.counted_tests.get(kind)
        if test is None:
            continue  # required_tests reports it
        measured += 1
        name = TEST_NAMES[kind]
        taken = test.sample_collected_at
        findings.evidence(_declared(f"{name} sample taken", moment(taken)))
        before = (departure - taken).total_seconds()
        if taken > case_file.case.submitted_at:
            findings.problem(
                Verdict.FAIL,
                f"{name} sample time is after the declaration was submitted",
                ReasonCode.OTHER,
            )
        elif before < 0:
            findings.problem(Verdict.FAIL, f"{name} sample taken after departure", ReasonCode.OTHER)
        elif before > window.total_seconds():
            findings.problem(
                Verdict.FAIL,
                f"{name} sample taken {hours(before)} before departure, "
                f"more than the {hours(window.total_seconds())} allowed",
                ReasonCode.TEST_TOO_OLD,
            )
    _compare_report_dates(case_file, findings)
    if not measured:
        findings.problem(Verdict.WARN, "no required test declared, so no sample time to measure")
    return findings.result(f"samples taken within {hours(window.total_seconds())} before departure")


def _compare_report_dates(case_file: CaseFile, findings: Findings) -> None:
    """A sample time printed in a report must be one the declaration states."""
    for report in case_file.reports:
        declared = [t for k, t in case_file.counted_tests.items() if k in report.tests]
        if not declared:
            continue
        for page in report.pages:
            for written in page.sample_dates:
                evidence = from_document(
                    report.ref,
                    "sample time in the report",
                    written.describe(),
                    page=page.page,
                    span=(written.start, written.end),
                )
                findings.evidence(evidence)
                if not any(written.may_be(t.sample_collected_at) for t in declared):
                    findings.problem(
                        Verdict.FAIL,
                        f"{report.ref.filename} shows a sample time of {written.describe()}, "
                        "which is not the declared one",
                        ReasonCode.TEST_TOO_OLD,
                    )


def check_required_tests(case_file: CaseFile) -> CheckResult:
    """Every test the mission requires is declared and negative, and the report agrees."""
    findings = Findings("required_tests")
    required = case_file.policy.required_tests
    findings.evidence(
        _policy("required tests", ", ".join(TEST_NAMES[k] for k in required)),
    )
    for kind in required:
        name = TEST_NAMES[kind]
        test = case_file.counted_tests.get(kind)
        if test is None:
            findings.problem(Verdict.FAIL, f"no {name} test declared", ReasonCode.TEST_MISSING)
            continue
        findings.evidence(_declared(f"{name} result", test.result.value))
        if test.result is TestResult.POSITIVE:
            findings.problem(Verdict.FAIL, f"{name} result is positive", ReasonCode.TEST_POSITIVE)
        elif test.result is TestResult.INCONCLUSIVE:
            findings.problem(Verdict.WARN, f"{name} result is inconclusive", ReasonCode.OTHER)
        _compare_report_results(case_file, kind, test, findings)
    return findings.result("all required tests declared, with negative results")


def _compare_report_results(
    case_file: CaseFile, kind: TestKind, test: LabTest, findings: Findings
) -> None:
    name = TEST_NAMES[kind]
    reports = [r for r in case_file.reports if kind in r.tests]
    if not reports:
        findings.problem(
            Verdict.WARN, f"no report uploaded for the {name} test", ReasonCode.DOCUMENT_MISSING
        )
        return
    for report in reports:
        if report.tests != {kind}:
            continue  # a combined report does not say which result belongs to which test
        written = [(page.page, found) for page in report.pages for found in page.results]
        # Results on a "Result:" line count; prose ("a negative result does not exclude
        # infection") and control tables only when the report has no such line.
        written = [(p, f) for p, f in written if f.labelled] or written
        said = {found.result for _, found in written}
        for page, found in written:
            findings.evidence(
                from_document(
                    report.ref,
                    "result in the report",
                    found.result.value,
                    page=page,
                    span=(found.start, found.end),
                )
            )
        # Only an unambiguous report contradicts the declaration.
        if said and test.result not in said:
            shown = " and ".join(sorted(r.value for r in said))
            verdict = Verdict.FAIL if TestResult.POSITIVE in said else Verdict.WARN
            findings.problem(
                verdict,
                f"{report.ref.filename} says {shown}, the declaration says {test.result.value}",
                ReasonCode.TEST_POSITIVE if verdict is Verdict.FAIL else ReasonCode.OTHER,
            )


def check_approved_lab(case_file: CaseFile) -> CheckResult:
    """Each declared test was done by a laboratory on the mission's approved list."""
    findings = Findings("approved_lab")
    approved = case_file.policy.labs
    findings.evidence(_policy("approved laboratories", "; ".join(_lab(lab) for lab in approved)))
    tests = list(case_file.counted_tests.values())
    for test in tests:
        name = TEST_NAMES[test.kind]
        findings.evidence(_declared(f"{name} laboratory", _lab(test.laboratory)))
        key = _lab_key(test.laboratory.name)
        same_name = [lab for lab in approved if _lab_key(lab.name) == key]
        if not same_name:
            findings.problem(
                Verdict.FAIL,
                f"{name} laboratory {test.laboratory.name!r} is not on the approved list",
                ReasonCode.LAB_NOT_APPROVED,
            )
        elif not any(lab.country == test.laboratory.country for lab in same_name):
            findings.problem(
                Verdict.FAIL,
                f"{name} laboratory {test.laboratory.name!r} is approved in "
                f"{', '.join(sorted({lab.country for lab in same_name}))}, "
                f"not in {test.laboratory.country}",
                ReasonCode.LAB_NOT_APPROVED,
            )
    if not tests:
        return findings.result("no test declared, so no laboratory to check")
    return findings.result("every laboratory is on the approved list")


def _lab(lab: Laboratory | ApprovedLab) -> str:
    place = ", ".join(part for part in (lab.city, lab.country) if part)
    return f"{lab.name} ({place})"


def _lab_key(name: str) -> str:
    """A lab name compared without case, accents, punctuation or spacing ("&" is "and")."""
    return " ".join(re.findall(r"[^\W_]+", fold_word(name).replace("&", " and ")))
