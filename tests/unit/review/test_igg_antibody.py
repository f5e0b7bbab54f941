"""The serum IgG antibody test: a mission that requires it (JPN-TYO) checks it like the others."""

from __future__ import annotations

from collections.abc import Callable

from review.checks import Verdict, run_checks
from review.checks.phrases import english
from tests.support.check_variants import only_pdf_reports, with_content, with_test
from tests.support.review_demo import DemoCase
from workstation.domain import ReasonCode, TestKind, TestResult
from workstation.protocol import CaseRecord

Pick = Callable[..., DemoCase]


def _tokyo(case: DemoCase) -> bool:
    return case.case.mission == "JPN-TYO" and only_pdf_reports(case) and case.case.version == 0


def _verdict(
    case: DemoCase, record: CaseRecord, check: str
) -> tuple[Verdict, str, tuple[ReasonCode, ...]]:
    results = run_checks(record, case.facts, case.policy)
    result = next(r for r in results if r.check == check)
    return result.verdict, english(result.summary), result.reasons


def test_a_consistent_tokyo_case_declares_and_passes_its_igg_test(demo_case: Pick) -> None:
    clean = demo_case(None, _tokyo)
    assert TestKind.IGG_ANTIBODY in clean.policy.required_tests
    kinds = {t.kind for t in clean.case.content.tests}
    assert kinds == {TestKind.NAAT, TestKind.IGM_ANTIBODY, TestKind.IGG_ANTIBODY}
    results = run_checks(clean.case, clean.facts, clean.policy)
    assert {r.check: r.verdict for r in results} == {r.check: Verdict.PASS for r in results}


def test_a_missing_or_positive_igg_test_fails(demo_case: Pick) -> None:
    clean = demo_case(None, _tokyo)
    without = with_content(
        clean.case,
        tests=[t for t in clean.case.content.tests if t.kind is not TestKind.IGG_ANTIBODY],
    )
    verdict, summary, reasons = _verdict(clean, without, "required_tests")
    assert verdict is Verdict.FAIL and summary == "No IgG antibody test declared"
    assert reasons == (ReasonCode.TEST_MISSING,)
    positive = with_test(clean.case, TestKind.IGG_ANTIBODY, result=TestResult.POSITIVE)
    verdict, summary, reasons = _verdict(clean, positive, "required_tests")
    assert verdict is Verdict.FAIL and "IgG antibody result is positive" in summary
    assert ReasonCode.TEST_POSITIVE in reasons
