"""The demo generator's documents: PDF lab reports, forged revisions, photos, passport scans.

Read back with the same libraries the review checks use (pypdf, Pillow, pypdfium2).
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from server.demodata import (
    DemoDeclaration,
    DemoFault,
    LabReport,
    PolicyError,
    edit_lab_report,
    generate,
    generator,
    load_policy,
    mission_policies,
    render_lab_report,
)
from server.demodata.photos import check_digit, machine_readable_zone, mrz_text
from server.demodata.reports import pdf_date, when
from server.demodata.wording import ReportLayout, moment
from workstation.domain import DocumentKind, Sex, TestKind, TestResult, TravelDocumentType
from workstation.protocol import (
    Holder,
    Laboratory,
    LabTest,
    PersonName,
    TravelDocument,
)

REFERENCE = datetime(2024, 5, 13, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def batch() -> list[DemoDeclaration]:
    return list(generate(count=200, seed=1, reference_time=REFERENCE))


def _pdfs(declaration: DemoDeclaration) -> list[bytes]:
    return [data for name, data in declaration.files.items() if name.endswith(".pdf")]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _original_revision(pdf: bytes) -> bytes:
    end = pdf.index(b"%%EOF") + len(b"%%EOF")
    return pdf[:end]


def test_consistent_reports_show_the_holder_and_what_was_declared(
    batch: list[DemoDeclaration],
) -> None:
    checked = chinese = 0
    for declaration in batch[:100]:  # pypdf reads about a hundred reports a second
        if declaration.fault is not None:
            continue
        content = declaration.submission.content
        for pdf in _pdfs(declaration):
            text = _text(pdf)
            if not text.strip() and b"/DCTDecode" in pdf:
                continue  # a scan of the printout, with no text layer: only OCR reads it
            assert content.holder.name.latin in text
            if content.holder.name.chinese:
                assert content.holder.name.chinese in text
            assert content.travel_document.number in text
            assert content.holder.date_of_birth.isoformat() in text
            if "报告编号" in text:  # printed in Chinese
                number = text.split("报告编号：", 1)[1].split()[0]
                assert "阴性" in text and "阳性" not in text and "Negative" not in text
                printed = {moment(t.sample_collected_at, number) for t in content.tests}
                chinese += 1
            else:
                assert "Negative" in text and "POSITIVE" not in text
                printed = {when(t.sample_collected_at) for t in content.tests}
            assert any(p in text for p in printed)
            assert pdf.count(b"%%EOF") == 1
            checked += 1
    assert checked > 50
    assert 5 <= chinese < checked / 2  # some reports, not most, in the Chinese layout


def test_wrong_name_and_number_show_on_the_report(batch: list[DemoDeclaration]) -> None:
    for declaration in batch:
        if declaration.fault not in (DemoFault.WRONG_NAME, DemoFault.WRONG_DOCUMENT_NUMBER):
            continue
        content = declaration.submission.content
        texts = [_text(pdf) for pdf in _pdfs(declaration)]
        if declaration.fault is DemoFault.WRONG_NAME:
            assert texts and all(content.holder.name.latin not in t for t in texts)
            assert all(content.travel_document.number in t for t in texts)
        if declaration.fault is DemoFault.WRONG_DOCUMENT_NUMBER:
            assert texts and all(content.travel_document.number not in t for t in texts)
            assert all(content.holder.name.latin in t for t in texts)


def test_positive_results_are_printed(batch: list[DemoDeclaration]) -> None:
    positives = [d for d in batch if d.fault is DemoFault.POSITIVE_RESULT]
    assert positives
    for declaration in positives:
        texts = " ".join(_text(pdf) for pdf in _pdfs(declaration))
        photo_only = not texts
        assert photo_only or "POSITIVE" in texts or "阳性" in texts


def test_an_edited_report_has_a_real_second_revision(batch: list[DemoDeclaration]) -> None:
    edited = [d for d in batch if d.fault is DemoFault.PDF_EDITED]
    assert len(edited) >= 7
    for declaration in edited:
        forged = [pdf for pdf in _pdfs(declaration) if pdf.count(b"%%EOF") == 2]
        assert len(forged) == 1
        pdf = forged[0]
        reader = PdfReader(io.BytesIO(pdf))
        info = reader.metadata
        assert info is not None
        assert str(info["/CreationDate"]) < str(info["/ModDate"]) <= pdf_date(REFERENCE)
        original = _original_revision(pdf)
        assert pdf.startswith(original)
        before, after = _text(original), _text(pdf)
        assert before != after
        # What the traveller declared is what the edited report says, not the original.
        content = declaration.submission.content
        naat = next(t for t in content.tests if t.kind is TestKind.NAAT)
        assert naat.result is TestResult.NEGATIVE
        assert "Negative / Not detected" in after
        assert when(naat.sample_collected_at) in after
        assert "POSITIVE" in before or when(naat.sample_collected_at) not in before
        original_info = PdfReader(io.BytesIO(original)).metadata
        assert original_info is not None
        assert original_info["/ModDate"] == original_info["/CreationDate"]


def test_photos_decode_and_carry_camera_metadata(batch: list[DemoDeclaration]) -> None:
    photos = [
        (d, name, data) for d in batch for name, data in d.files.items() if name.endswith(".jpg")
    ]
    assert 0.08 * len(batch) <= len({id(d) for d, _, _ in photos}) <= 0.25 * len(batch)
    only_photo = [d for d, _, _ in photos if not _pdfs(d)]
    assert only_photo, "some travellers upload only a photo of the report"
    for _, _, data in photos[:10]:
        image = Image.open(io.BytesIO(data))
        image.load()
        assert image.format == "JPEG" and image.mode == "RGB"
        short, long = sorted(image.size)  # some were taken sideways
        assert 1100 <= short <= 1300 and 1600 <= long <= 1800
        exif = image.getexif()
        assert exif[0x010F] and exif[0x0132].startswith("2024:05:")
        # A paper-coloured page, not a blank or black frame.
        pixel = image.resize((1, 1)).getpixel((0, 0))
        assert isinstance(pixel, tuple)
        red, _, blue = pixel
        assert 100 < red < 250 and blue < red


def test_some_photos_are_turned_with_or_without_an_exif_orientation(
    batch: list[DemoDeclaration],
) -> None:
    turned: dict[int | None, int] = {}
    for declaration in batch:
        for name, data in declaration.files.items():
            if name.endswith(".jpg"):
                image = Image.open(io.BytesIO(data))
                orientation = image.getexif().get(0x0112)
                if orientation is not None or image.width > image.height:
                    turned[orientation] = turned.get(orientation, 0) + 1
    # Phones held sideways record it (6 or 8); a sheet lying turned says nothing.
    assert turned.get(6, 0) + turned.get(8, 0) >= 1, turned
    assert turned.get(None, 0) >= 1, turned


def test_passport_scans_decode_with_a_valid_machine_readable_zone(
    batch: list[DemoDeclaration],
) -> None:
    scans = [
        (d, data)
        for d in batch
        for entry in d.submission.documents
        if entry.kind is DocumentKind.TRAVEL_DOCUMENT_SCAN
        for data in [d.files[entry.filename]]
    ]
    assert scans
    for declaration, data in scans:
        assert declaration.submission.content.travel_document.type.is_passport
        image = Image.open(io.BytesIO(data))
        image.load()
        assert image.format == "PNG" and image.size == (1000, 700)


def test_machine_readable_zone_follows_icao_9303() -> None:
    # The specimen in ICAO Doc 9303 part 4: "L898902C<3UTO6908061F9406236ZE184226B<<<<<14".
    assert check_digit("L898902C<") == "3"
    assert check_digit("690806") == "1"
    assert check_digit("940623") == "6"
    assert mrz_text("Müller-Lüdenscheidt") == "MUELLER<LUEDENSCHEIDT"
    assert mrz_text("Łukasz Zoë") == "LUKASZ<ZOE"
    holder = Holder(
        name=PersonName(family="Zhang", given="Wei", chinese="张伟"),
        sex=Sex.MALE,
        date_of_birth=datetime(1990, 1, 2, tzinfo=UTC).date(),
        nationality="CN",
        mobile_phone="+447700900123",
    )
    document = TravelDocument(
        type=TravelDocumentType.ORDINARY_PASSPORT,
        number="E12345678",
        issuing_country="CN",
        expiry_date=datetime(2030, 6, 30, tzinfo=UTC).date(),
    )
    first, second = machine_readable_zone(holder, document, state="CHN")
    assert first == "P<CHNZHANG<<WEI".ljust(44, "<")
    assert second.startswith("E12345678" + check_digit("E12345678") + "CHN900102")
    assert len(second) == 44 and second[20] == "M"


def _report(*, pages: int = 1) -> LabReport:
    sample = REFERENCE - timedelta(hours=30)
    lab = Laboratory(name="Harley Diagnostics Laboratory", city="London", country="GB")
    tests = tuple(
        LabTest(
            kind=kind,
            sample_collected_at=sample,
            result=TestResult.NEGATIVE,
            laboratory=lab,
            result_issued_at=sample + timedelta(hours=9),
        )
        for kind in (TestKind.NAAT, TestKind.IGM_ANTIBODY)
    )
    return LabReport(
        laboratory=lab,
        report_number="HDL-240512-00042",
        patient=PersonName(family="Kowalska", given="Łucja Zoë", chinese=None),
        date_of_birth=datetime(1951, 3, 4, tzinfo=UTC).date(),
        sex=Sex.FEMALE,
        document_number="EA1234567",
        tests=tests,
    )


def test_a_report_is_reproducible_small_and_can_have_five_pages() -> None:
    one = render_lab_report(_report())
    assert one == render_lab_report(_report())
    # Its size as the server makes it, in a fresh process: a test process that drew other
    # PDFs with the same TrueType file first makes reportlab embed the CJK subset larger.
    script = (
        "from tests.unit.test_demodata_documents import _report\n"
        "from server.demodata.reports import render_lab_report\n"
        "print(len(render_lab_report(_report())))\n"
    )
    size = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert 1_000 < int(size) < 16_000
    five = render_lab_report(_report(), pages=5)
    reader = PdfReader(io.BytesIO(five))
    assert len(reader.pages) == 5
    assert "Page 5 of 5" in reader.pages[4].extract_text()
    assert "quality control" in reader.pages[1].extract_text()
    text = reader.pages[0].extract_text()
    assert "Kowalska Łucja Zoë" in text and "EA1234567" in text
    with pytest.raises(ValueError, match="at least one page"):
        render_lab_report(_report(), pages=0)


def test_a_declaration_gives_a_report_for_benchmarks() -> None:
    (declaration,) = generate(count=1, seed=3, reference_time=REFERENCE)
    content = declaration.submission.content
    pdf = render_lab_report(LabReport.of(content), pages=5)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 5
    assert content.travel_document.number in reader.pages[0].extract_text()


def test_an_edit_must_find_what_it_changes() -> None:
    pdf = render_lab_report(_report())
    with pytest.raises(ValueError, match="not printed"):
        edit_lab_report(
            pdf, replacements={"Positive": "Negative"}, edited_at=REFERENCE, producer="x"
        )
    edited = edit_lab_report(
        pdf,
        replacements={"Negative / Not detected": "Not tested"},
        edited_at=REFERENCE,
        producer="PDF-XChange Editor",
    )
    assert edited.startswith(pdf) and edited.count(b"%%EOF") == 2
    assert "Not tested" in _text(edited) and "Not tested" not in _text(pdf)


def test_a_chinese_name_is_embedded_and_renders() -> None:
    report = dataclasses.replace(
        _report(), patient=PersonName(family="Ouyang", given="Xiaoming", chinese="欧阳晓明")
    )
    pdf = render_lab_report(report)
    assert "欧阳晓明" in _text(pdf)
    assert b"/FontFile2" in pdf  # a subset of the packaged font travels with the report
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil()
    # The top band is the laboratory's colour, the body mostly white paper.
    assert image.getpixel((5, 5)) != (255, 255, 255)
    assert image.getpixel((300, 800)) == (255, 255, 255)


def test_policies_are_read_from_the_toml_files(tmp_path: Path) -> None:
    policies = mission_policies()
    assert set(policies) >= {"GBR-LON", "DEU-BER", "JPN-TYO"}
    for code, policy in policies.items():
        assert policy.mission == code and policy.labs and policy.window_hours > 0
        assert TestKind.NAAT in policy.required
    broken = tmp_path / "GBR-LON.toml"
    broken.write_text('mission = "GBR-LON"\nname = "x"\nqueue_order = "sideways"\n')
    with pytest.raises(PolicyError, match=r"GBR-LON\.toml"):
        load_policy(broken)
    broken.write_text(
        'mission = "GBR-LON"\nname = "x"\nqueue_order = "submission"\n'
        '[tests]\nwindow_hours = 48\nrequired = ["naat"]\n'
        '[[labs]]\nname = "Lab"\ncity = "London"\ncountry = "England"\n'
    )
    with pytest.raises(PolicyError, match="labs"):
        load_policy(broken)


def test_the_chinese_layout_changes_only_the_layout_of_reports(
    batch: list[DemoDeclaration], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The layout is decided from the report number, not drawn from the generator's random
    sequence: with every report in English, every case is the same but for those files."""
    monkeypatch.setattr(generator, "layout_for", lambda number: ReportLayout.ENGLISH)
    english = list(generate(count=len(batch), seed=1, reference_time=REFERENCE))
    changed = 0
    for ours, theirs in zip(batch, english, strict=True):
        assert ours.submission.content == theirs.submission.content
        assert (ours.fault, ours.supersedes_index) == (theirs.fault, theirs.supersedes_index)
        assert list(ours.files) == list(theirs.files)
        changed += sum(ours.files[name] != theirs.files[name] for name in ours.files)
    assert changed >= 10
    photos = [
        data
        for d in batch
        for name, data in d.files.items()
        if name.endswith(".jpg") and data != english[batch.index(d)].files[name]
    ]
    assert photos  # some photographed printouts are of Chinese reports
