"""Photographed and scanned lab reports: what the checks catch on a PDF, they catch on a photo.

Each demo case here has its PDF reports replaced by phone photos of their printouts
(`server.demodata.photos.photograph_document`: on a desk, at an angle, lit from one side,
JPEG-compressed), read by the real analyser in its sandbox with OCR; again with the photos
turned (a phone held sideways, a sheet lying sideways or upside down). A photo too
blurred to read says so instead of passing or failing.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Callable
from uuid import UUID

import pytest
from PIL import Image, ImageFilter

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import JPEG, PDF, DocumentFacts
from review.checks import CheckResult, Source, Verdict, run_checks
from review.checks.case_file import REPORTED_TESTS
from review.checks.phrases import english
from server.demodata import DemoFault, LabReport
from server.demodata.photos import photograph_document, render_report_scan, turned_jpeg
from tests.support.review_demo import REFERENCE_TIME, DemoCase
from workstation.domain import ReasonCode
from workstation.protocol import CaseRecord, DocumentRef

Pick = Callable[..., DemoCase]
Photographed = tuple[CaseRecord, dict[UUID, DocumentFacts]]

#: Each fault the demo prints on a report (or declares), and the check that must catch it.
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


def _replaced(
    case: DemoCase, analyser: DocumentAnalyser, picture: Callable[[bytes, int], bytes]
) -> Photographed:
    """The case with every PDF lab report replaced by `picture(pdf, seed)`, analysed."""
    documents: list[DocumentRef] = []
    facts = dict(case.facts)
    for position, ref in enumerate(case.case.documents):
        if ref.media_type != PDF or ref.kind not in REPORTED_TESTS:
            documents.append(ref)
            continue
        data = picture(case.files[ref.document_id], case.index * 10 + position)
        photo = ref.model_copy(
            update={
                "document_id": uuid.uuid4(),
                "filename": f"IMG_{case.index:04d}_{position}.jpg",
                "media_type": JPEG,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
        facts.pop(ref.document_id)
        facts[photo.document_id] = analyser.analyse(data)
        documents.append(photo)
    return case.case.model_copy(update={"documents": documents}), facts


def _photographed(case: DemoCase, analyser: DocumentAnalyser) -> Photographed:
    return _replaced(case, analyser, lambda pdf, seed: photograph_document(pdf, seed=seed))


def _blurred(pdf: bytes, seed: int) -> bytes:
    """A photo taken from too far and out of focus: the letters are grey smudges."""
    photo = Image.open(io.BytesIO(photograph_document(pdf, seed=seed)))
    small = photo.reduce(5).filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    small.resize(photo.size, Image.Resampling.BILINEAR).save(out, "JPEG", quality=30)
    return out.getvalue()


def _results(
    case: DemoCase, record: CaseRecord, facts: dict[UUID, DocumentFacts]
) -> dict[str, CheckResult]:
    return {r.check: r for r in run_checks(record, facts, case.policy)}


@pytest.mark.parametrize(("fault", "check", "reason"), FAULTS)
def test_each_printed_fault_is_caught_on_a_photo_as_on_the_pdf(
    demo_case: Pick,
    analyser: DocumentAnalyser,
    fault: DemoFault,
    check: str,
    reason: ReasonCode,
) -> None:
    case = demo_case(fault, _pdf_reports)
    on_pdf = _results(case, case.case, case.facts)
    assert on_pdf[check].verdict is Verdict.FAIL and reason in on_pdf[check].reasons

    record, facts = _photographed(case, analyser)
    photos = [r for r in record.documents if r.media_type == JPEG]
    assert photos and all(facts[r.document_id].read_by_ocr for r in photos)
    on_photo = _results(case, record, facts)
    assert on_photo[check].verdict is Verdict.FAIL, on_photo[check].summary
    assert reason in on_photo[check].reasons
    others = {name: r.verdict for name, r in on_photo.items() if name != check}
    assert Verdict.FAIL not in others.values(), on_photo


#: How each fault's photos are turned when the photos are turned: degrees clockwise, and
#: whether the camera recorded it (EXIF orientation) or the sheet lay so.
TURNS = {
    DemoFault.WRONG_NAME: (90, True),
    DemoFault.WRONG_DOCUMENT_NUMBER: (270, False),
    DemoFault.SAMPLE_TOO_EARLY: (180, False),
    DemoFault.POSITIVE_RESULT: (90, False),
    DemoFault.UNKNOWN_LAB: (270, True),
}


@pytest.mark.parametrize(("fault", "check", "reason"), FAULTS)
def test_each_printed_fault_is_caught_on_a_turned_photo(
    demo_case: Pick,
    analyser: DocumentAnalyser,
    fault: DemoFault,
    check: str,
    reason: ReasonCode,
) -> None:
    clockwise, recorded = TURNS[fault]
    case = demo_case(fault, _pdf_reports)

    def turned(pdf: bytes, seed: int) -> bytes:
        photo = photograph_document(pdf, seed=seed)
        return turned_jpeg(photo, clockwise=clockwise, recorded=recorded)

    record, facts = _replaced(case, analyser, turned)
    photos = [r for r in record.documents if r.media_type == JPEG]
    assert photos and all(facts[r.document_id].read_by_ocr for r in photos)
    on_photo = _results(case, record, facts)
    assert on_photo[check].verdict is Verdict.FAIL, on_photo[check].summary
    assert reason in on_photo[check].reasons
    others = {name: r.verdict for name, r in on_photo.items() if name != check}
    assert Verdict.FAIL not in others.values(), on_photo


@pytest.mark.parametrize("fault", [DemoFault.WRONG_NAME, DemoFault.WRONG_DOCUMENT_NUMBER])
def test_a_wrong_name_or_number_is_quoted_from_the_photo_with_its_place(
    demo_case: Pick, analyser: DocumentAnalyser, fault: DemoFault
) -> None:
    case = demo_case(fault, _pdf_reports)
    record, facts = _photographed(case, analyser)
    identity = _results(case, record, facts)["identity_in_report"]
    quoted = [
        e
        for e in identity.evidence
        if e.source is Source.DOCUMENT and english(e.label).endswith("in the report")
    ]
    assert quoted, identity.evidence
    for evidence in quoted:
        assert evidence.filename is not None and evidence.filename.endswith(".jpg")
        photo = next(r for r in record.documents if r.document_id == evidence.document_id)
        page = facts[photo.document_id].pages[0]
        assert evidence.span is not None and evidence.page == 1
        start, end = evidence.span
        assert page.text[start:end] == evidence.value
        # The inspector can draw it: boxes on the photo, inside the picture.
        image = facts[photo.document_id].image
        assert image is not None
        quads = page.quads(start, end)
        assert quads
        for quad in quads:
            assert all(-5 <= x <= image.width + 5 for x in quad[0::2])
            assert all(-5 <= y <= image.height + 5 for y in quad[1::2])


def test_a_clean_case_photographed_passes(demo_case: Pick, analyser: DocumentAnalyser) -> None:
    case = demo_case(None, lambda c: _pdf_reports(c) and c.case.version == 0)
    record, facts = _photographed(case, analyser)
    results = _results(case, record, facts)
    assert {n: r.verdict for n, r in results.items()} == {n: Verdict.PASS for n in results}
    identity = results["identity_in_report"]
    read = {english(e.label) for e in identity.evidence if e.source is Source.DOCUMENT}
    assert {"holder's name", "document number"} <= read


def test_a_photo_too_blurred_to_read_says_it_could_not_read_it(
    demo_case: Pick, analyser: DocumentAnalyser
) -> None:
    case = demo_case(None, lambda c: _pdf_reports(c) and c.case.version == 0)
    record, facts = _replaced(case, analyser, _blurred)
    results = _results(case, record, facts)
    identity = results["identity_in_report"]
    # Neither a pass nor a mismatch: the officer is told to compare by eye.
    assert identity.verdict is Verdict.WARN, identity.summary
    assert "could not read" in identity.summary or "no text to check" in identity.summary
    assert Verdict.FAIL not in {r.verdict for r in results.values()}, results


def test_a_scanned_report_without_a_text_layer_is_read_by_ocr(
    demo_case: Pick, analyser: DocumentAnalyser
) -> None:
    case = demo_case(None, lambda c: _pdf_reports(c) and c.case.version == 0)
    report = LabReport.of(case.case.content)
    scan = render_report_scan(report, seed=7, scanned_at=REFERENCE_TIME)
    facts = analyser.analyse(scan)
    assert facts.error is None and facts.media_type == PDF and facts.page_count == 1
    (page,) = facts.pages
    assert page.ocr and page.words
    # Positions are PDF points on the page (a 150 dpi scan of an A4-ish sheet).
    for word in page.words:
        assert all(-5 <= x <= 520 for x in word.quad[0::2]), word
        assert all(-5 <= y <= 760 for y in word.quad[1::2]), word
    ref = DocumentRef(
        document_id=uuid.uuid4(),
        kind=report.kind,
        filename="scan_20240301.pdf",
        media_type=PDF,
        size=len(scan),
        sha256=facts.sha256,
    )
    record = case.case.model_copy(update={"documents": [ref]})
    results = _results(case, record, {ref.document_id: facts})
    assert results["identity_in_report"].verdict is Verdict.PASS, results["identity_in_report"]
    assert results["test_window"].verdict is Verdict.PASS, results["test_window"]
