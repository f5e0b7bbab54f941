"""Lab reports printed in Chinese (姓名, 护照/证件号码, 采样时间, 检测结果：阴性): as a PDF and
as a phone photo read by OCR, the checks read them as they read the English layout.

A clean case passes; each fault the demo prints is caught on a Chinese photo, or the
check says it could not read the photo: never a pass.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import JPEG, PDF
from review.checks import CheckResult, Verdict, run_checks
from review.checks.case_file import REPORTED_TESTS
from review.matching.dates import find_dates
from review.matching.folding import fold
from review.matching.names import find_labelled_names
from review.matching.numbers import find_labelled_numbers
from review.matching.results import find_results
from server.demodata import DemoFault, LabReport, generate, render_lab_report
from server.demodata.photos import render_report_photo
from server.demodata.wording import ReportLayout, moment
from tests.support.review_demo import DemoCase
from workstation.domain import ReasonCode, TestResult
from workstation.protocol import DeclarationContent, PersonName

Pick = Callable[..., DemoCase]

FAULTS = [
    (DemoFault.WRONG_NAME, "identity_in_report", ReasonCode.IDENTITY_MISMATCH),
    (DemoFault.WRONG_DOCUMENT_NUMBER, "identity_in_report", ReasonCode.IDENTITY_MISMATCH),
    (DemoFault.SAMPLE_TOO_EARLY, "test_window", ReasonCode.TEST_TOO_OLD),
    (DemoFault.POSITIVE_RESULT, "required_tests", ReasonCode.TEST_POSITIVE),
    (DemoFault.UNKNOWN_LAB, "approved_lab", ReasonCode.LAB_NOT_APPROVED),
]


def _pdf_reports(case: DemoCase) -> bool:
    reports = [r for r in case.case.documents if r.kind in REPORTED_TESTS]
    return bool(reports) and all(r.media_type == PDF for r in reports)


def _number(case: DemoCase, *, chinese_dates: bool) -> str:
    """A report number whose dates are printed in the wanted style."""
    issued = LabReport.of(case.case.content).issued_at
    for n in range(1000):
        number = f"ZH-{case.index:03d}-{n:05d}"
        if ("年" in moment(issued, number)) is chinese_dates:
            return number
    raise AssertionError("no report number prints dates that way")


def _chinese_report(case: DemoCase, *, chinese_dates: bool = False) -> LabReport:
    """The case's report as the lab printed it, in Chinese: faults printed as the demo does."""
    report = LabReport.of(case.case.content, report_number=_number(case, chinese_dates=False))
    report = dataclasses.replace(
        report,
        layout=ReportLayout.CHINESE,
        report_number=_number(case, chinese_dates=chinese_dates),
    )
    if case.fault in (DemoFault.WRONG_NAME, DemoFault.WRONG_DOCUMENT_NUMBER):
        # What the demo's own (English) report printed instead of the declared values.
        printed = _printed_fields(case)
        latin = printed.get("Name") or printed["姓名"]
        chinese = printed.get("Chinese name") or printed.get("中文姓名")
        other = PersonName(family=latin, given=None, chinese=chinese)
        number = printed.get("Passport / travel document no.") or printed["护照/证件号码"]
        report = dataclasses.replace(report, patient=other, document_number=number)
    return report


def _printed_fields(case: DemoCase) -> dict[str, str]:
    ref = next(r for r in case.case.documents if r.kind in REPORTED_TESTS)
    text = PdfReader(io.BytesIO(case.files[ref.document_id])).pages[0].extract_text()
    # Either layout: the demo prints some reports in Chinese.
    return dict(re.findall(r"^([^:：\n]+)[:：]\s*(.+?)\s*$", text, re.MULTILINE))


def _checked(
    case: DemoCase, analyser: DocumentAnalyser, data: bytes, report: LabReport
) -> dict[str, CheckResult]:
    """The checks on the case with its lab reports replaced by this one file."""
    facts = analyser.analyse(data)
    assert facts.error is None
    media = JPEG if data.startswith(b"\xff\xd8") else PDF
    ref = next(r for r in case.case.documents if r.kind in REPORTED_TESTS).model_copy(
        update={
            "document_id": uuid.uuid4(),
            "kind": report.kind,
            "filename": "IMG_0001.jpg" if media == JPEG else f"{report.report_number}.pdf",
            "media_type": media,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    )
    others = [r for r in case.case.documents if r.kind not in REPORTED_TESTS]
    record = case.case.model_copy(update={"documents": [*others, ref]})
    all_facts = {
        **{r.document_id: case.facts[r.document_id] for r in others},
        ref.document_id: facts,
    }
    return {r.check: r for r in run_checks(record, all_facts, case.policy)}


def _photo(report: LabReport) -> bytes:
    return render_report_photo(report, seed=11, taken_at=report.issued_at, upright=True)


def test_the_chinese_layout_prints_chinese_labels_and_words() -> None:
    report = LabReport.of(_content(), report_number="ZH-000-00001")
    text = PdfReader(io.BytesIO(render_lab_report(report))).pages[0].extract_text()
    assert "姓名" not in text
    chinese = dataclasses.replace(report, layout=ReportLayout.CHINESE)
    text = PdfReader(io.BytesIO(render_lab_report(chinese))).pages[0].extract_text()
    for label in (
        "新型冠状病毒",
        "姓名",
        "护照/证件号码",
        "采样时间",
        "检测结果",
        "阴性",
        "检测机构",
    ):
        assert label in text
    assert "Negative" not in text
    assert any(d.sample for d in find_dates(fold(text)))


def _content() -> DeclarationContent:
    first = next(generate(count=1, seed=1, reference_time=datetime(2024, 3, 1, 12, tzinfo=UTC)))
    return first.submission.content


@pytest.mark.parametrize("photo", [False, True], ids=["pdf", "photo"])
def test_a_clean_case_in_chinese_passes(
    demo_case: Pick, analyser: DocumentAnalyser, photo: bool
) -> None:
    case = demo_case(None, lambda c: _pdf_reports(c) and c.case.version == 0)
    report = _chinese_report(case)
    data = _photo(report) if photo else render_lab_report(report)
    results = _checked(case, analyser, data, report)
    assert {n: r.verdict for n, r in results.items()} == {n: Verdict.PASS for n in results}


def test_a_clean_chinese_pdf_with_chinese_dates_passes(
    demo_case: Pick, analyser: DocumentAnalyser
) -> None:
    case = demo_case(None, lambda c: _pdf_reports(c) and c.case.version == 0)
    report = _chinese_report(case, chinese_dates=True)
    results = _checked(case, analyser, render_lab_report(report), report)
    assert {n: r.verdict for n, r in results.items()} == {n: Verdict.PASS for n in results}


@pytest.mark.parametrize(("fault", "check", "reason"), FAULTS)
def test_each_fault_is_caught_on_a_chinese_pdf_and_photo(
    demo_case: Pick,
    analyser: DocumentAnalyser,
    fault: DemoFault,
    check: str,
    reason: ReasonCode,
) -> None:
    case = demo_case(fault, _pdf_reports)
    report = _chinese_report(case)
    on_pdf = _checked(case, analyser, render_lab_report(report), report)[check]
    assert on_pdf.verdict is Verdict.FAIL, on_pdf.summary
    assert reason in on_pdf.reasons
    on_photo = _checked(case, analyser, _photo(report), report)[check]
    assert on_photo.verdict is Verdict.FAIL, on_photo.summary
    assert reason in on_photo.reasons


def _caught_or_unread(result: CheckResult, reason: ReasonCode) -> None:
    """A fault on a photo is caught, or the check says it could not read it: never a pass."""
    if result.verdict is Verdict.FAIL:
        assert reason in result.reasons
    else:
        assert result.verdict is Verdict.WARN, result.summary
        assert ReasonCode.DOCUMENT_UNREADABLE in result.reasons, result.summary


@pytest.mark.parametrize("fault", [DemoFault.SAMPLE_TOO_EARLY, None])
def test_chinese_dates_on_a_photo_are_read_or_said_unread_never_passed_wrongly(
    demo_case: Pick, analyser: DocumentAnalyser, fault: DemoFault | None
) -> None:
    case = demo_case(fault, lambda c: _pdf_reports(c) and c.case.version == 0)
    report = _chinese_report(case, chinese_dates=True)
    results = _checked(case, analyser, _photo(report), report)
    if fault is None:
        assert Verdict.FAIL not in {r.verdict for r in results.values()}, results
    else:
        _caught_or_unread(results["test_window"], ReasonCode.TEST_TOO_OLD)


def test_chinese_labels_and_dates_are_read_as_ocr_gives_them() -> None:
    text = fold(
        "中文姓名；张伟\n"  # OCR's semicolon for the full-width colon
        "护照/证件号码;  E12345678\n"
        "采样时间  2024年03月01日08时30分\n"
        "检测结果  阴性 ( 未检出 )\n"  # the colon lost
        "最低检出限：500 copies/mL\n"
    )
    name = PersonName(family="Zhang", given="Wei", chinese="张伟")
    (labelled,) = find_labelled_names(text, name)
    assert labelled.agrees and text.folded[labelled.start : labelled.end] == "张伟"
    (number,) = find_labelled_numbers(text, "E12345678")
    assert number.agrees
    (sample,) = find_dates(text)
    assert sample.sample and sample.describe() == "2024-03-01 08:30"
    results = find_results(text)
    assert {r.result for r in results} == {TestResult.NEGATIVE}  # 检出限 is no result
    assert all(r.labelled for r in results)
