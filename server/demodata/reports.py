"""Laboratory reports as PDFs (reportlab), and the after-the-fact edit a forger would make.

Text is drawn as real text (the review checks read it back with pypdf), in
Helvetica where WinAnsi can encode it and in the packaged WenQuanYi font
(subset, only the glyphs used) for Chinese names and letters such as Ł. Some reports
are printed in Chinese (`wording`: labels, results and dates in Chinese, the passport
name and number in Latin letters).
Values the forger edits (results, dates) are ASCII strings drawn on their own,
so an edit can find them in the content stream. Documents are byte-for-byte
reproducible: reportlab's invariant mode, with our own dates in the metadata.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Final

from pypdf import PdfWriter
from pypdf.generic import ContentStream

from server.demodata import wording
from server.demodata.pdfwriter import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    DocumentInfo,
    PageWriter,
    ReportDocument,
)
from server.demodata.places import HOST_COUNTRIES, format_address
from server.demodata.wording import ReportLayout
from workstation.domain import DocumentKind, Sex, TestKind, TestResult
from workstation.protocol import DeclarationContent, Laboratory, LabTest, PersonName

log = logging.getLogger(__name__)

_VALUE_X: Final = 215.0
_VALUE_X_CHINESE: Final = 150.0  # the Chinese labels are shorter


@dataclass(frozen=True)
class LabReport:
    """What a lab printed: normally what was declared, not always (that is what checks find)."""

    laboratory: Laboratory
    report_number: str
    patient: PersonName
    date_of_birth: date
    sex: Sex
    document_number: str
    tests: tuple[LabTest, ...]
    layout: ReportLayout = ReportLayout.ENGLISH

    @property
    def issued_at(self) -> datetime:
        return max(t.result_issued_at or t.sample_collected_at for t in self.tests)

    @property
    def kind(self) -> DocumentKind:
        kinds = {t.kind for t in self.tests}
        if len(kinds) > 1:
            return DocumentKind.COMBINED_REPORT
        return DocumentKind.NAAT_REPORT if TestKind.NAAT in kinds else DocumentKind.ANTIBODY_REPORT

    @property
    def title(self) -> str:
        if self.layout is ReportLayout.CHINESE:
            return wording.title({t.kind for t in self.tests})
        antibodies = " and ".join(
            name for kind, name in _ANTIBODY_NAMES.items() if kind in {t.kind for t in self.tests}
        )
        return {
            DocumentKind.COMBINED_REPORT: (
                f"SARS-CoV-2 RT-PCR and {antibodies} Antibody Test Report"
            ),
            DocumentKind.NAAT_REPORT: "SARS-CoV-2 Nucleic Acid Test (RT-PCR) Report",
            DocumentKind.ANTIBODY_REPORT: f"SARS-CoV-2 {antibodies} Antibody Test Report",
        }[self.kind]

    @classmethod
    def of(cls, content: DeclarationContent, *, report_number: str = "DEMO-000001") -> LabReport:
        """The report a declaration's tests come with (all in one), e.g. for benchmarks."""
        if not content.tests:
            raise ValueError("the declaration has no tests to report")
        return cls(
            laboratory=content.tests[0].laboratory,
            report_number=report_number,
            patient=content.holder.name,
            date_of_birth=content.holder.date_of_birth,
            sex=content.holder.sex,
            document_number=content.travel_document.number,
            tests=tuple(content.tests),
        )


@dataclass(frozen=True)
class Letterhead:
    address: str
    phone: str
    accreditation: str
    signatory: str
    signatory_role: str
    system: str  # the laboratory information system that made the PDF
    colour: tuple[float, float, float]


_PEOPLE: Final = {
    "GB": (
        ("Dr Priya Natarajan", "Dr James Whitfield", "Dr Helen O'Sullivan"),
        "Consultant Clinical Scientist",
        "Clinisys WinPath Enterprise 5.3",
    ),
    "DE": (
        ("Dr. med. Katrin Vogel", "Dr. rer. nat. Thomas Brandt", "Dr. med. Anja Lorenz"),
        "Fachärztin/Facharzt für Laboratoriumsmedizin",
        "CGM LABDAT 3.21",
    ),
    "JP": (
        ("Dr Kenji Morita", "Dr Naoko Fujita", "Dr Hiroshi Ogawa"),
        "Medical Director, Clinical Laboratory",
        "JSLab-CS 4.1",
    ),
}
_PHONES: Final = {
    "GB": "+44 20 7946 0{:03d}",
    "DE": "+49 30 2589 {:04d}",
    "JP": "+81 3 5432 {:04d}",
}
_COLOURS: Final = ((0.07, 0.28, 0.52), (0.0, 0.45, 0.42), (0.45, 0.12, 0.30), (0.20, 0.25, 0.30))


def _digest(*parts: str) -> int:
    # Stable across runs and machines (unlike hash()), so documents are reproducible.
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")


def letterhead(lab: Laboratory) -> Letterhead:
    """A laboratory's address, accreditation and signatory, derived from its name."""
    key = _digest(lab.name, lab.country)
    host = next((h for h in HOST_COUNTRIES.values() if h.alpha2 == lab.country), None)
    if host is None:
        address = lab.city or lab.country
    else:
        streets = [s for s in host.streets if s.city == lab.city] or list(host.streets)
        street = streets[key % len(streets)]
        line = format_address(street, house=key % 180 + 1, flat=None, style=host.address_style)
        address = f"{line}, {lab.city or street.city}"
    names, role, system = _PEOPLE.get(lab.country, _PEOPLE["GB"])
    number = key % 9000 + 1000
    accreditation = {
        "GB": f"UKAS accredited medical laboratory No. {number} (ISO 15189:2012)",
        "DE": f"Akkreditiert durch die DAkkS nach DIN EN ISO 15189:2014, D-ML-1{number}-01-00",
        "JP": f"ISO 15189 accredited by the Japan Accreditation Board, RML0{number}",
    }.get(lab.country, "ISO 15189 accredited medical laboratory")
    return Letterhead(
        address=address,
        phone=_PHONES.get(lab.country, "+44 20 7946 0{:03d}").format(key % 1000),
        accreditation=accreditation,
        signatory=names[key % len(names)],
        signatory_role=role,
        system=system,
        colour=_COLOURS[key % len(_COLOURS)],
    )


def when(moment: datetime) -> str:
    """How reports print a time: ISO date, minutes, UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def pdf_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def result_text(test: LabTest) -> str:
    positive = test.result is TestResult.POSITIVE
    if test.kind is TestKind.NAAT:
        return "POSITIVE / Detected" if positive else "Negative / Not detected"
    return "POSITIVE, reactive" if positive else "Negative, non-reactive"


def measure_text(test: LabTest, report_number: str) -> str:
    """The assay's number behind the result (Ct values or the antibody index)."""
    key = _digest(report_number, test.kind.value)
    positive = test.result is TestResult.POSITIVE
    if test.kind is TestKind.NAAT:
        if not positive:
            return "Ct value: not applicable, no amplification"
        return f"Ct value: ORF1ab {18 + key % 150 / 10:.1f}, N {17 + key % 130 / 10:.1f}"
    index = 1.2 + key % 400 / 100 if positive else 0.03 + key % 60 / 100
    return f"Index: {index:.2f} S/CO, cut-off 1.00"


_METHOD: Final = {
    TestKind.NAAT: (
        "SARS-CoV-2 RNA, nucleic acid amplification test",
        "Nasopharyngeal and oropharyngeal swab",
        "Real-time RT-PCR, SARS-CoV-2 ORF1ab/N",
    ),
    TestKind.IGM_ANTIBODY: (
        "SARS-CoV-2 IgM antibody",
        "Serum, venous blood",
        "IgM chemiluminescence immunoassay, CLIA",
    ),
    TestKind.IGG_ANTIBODY: (
        "SARS-CoV-2 IgG antibody",
        "Serum, venous blood",
        "IgG chemiluminescence immunoassay, CLIA",
    ),
}
_ANTIBODY_NAMES: Final = {TestKind.IGM_ANTIBODY: "IgM", TestKind.IGG_ANTIBODY: "IgG"}


def render_lab_report(report: LabReport, *, pages: int = 1) -> bytes:
    """The report as a PDF; pages after the first describe the method and quality control."""
    if pages < 1:
        raise ValueError("a report has at least one page")
    head = letterhead(report.laboratory)
    document = ReportDocument()
    if report.layout is ReportLayout.CHINESE:
        _first_page_chinese(document.page(), report, head, pages)
    else:
        _first_page(document.page(), report, head, pages)
    for page in range(2, pages + 1):
        _method_page(document.page(), report, head, page, pages)
    info = DocumentInfo(
        title=f"{report.title} {report.report_number}",
        author=report.laboratory.name,
        creator=head.system,
        subject="Laboratory report",
        created=report.issued_at,
    )
    return document.finish(info)


def _field(
    page: PageWriter, y: float, label: str, value: str, *, bold: bool = False, x: float = _VALUE_X
) -> float:
    page.put(50, y, label)
    page.put(x, y, value, bold=bold)
    return y - 15


def _band(page: PageWriter, report: LabReport, head: Letterhead) -> None:
    page.fill_rect(0, PAGE_HEIGHT - 78, PAGE_WIDTH, 78, head.colour)
    page.circle(PAGE_WIDTH - 62, PAGE_HEIGHT - 39, 22, grey=1)
    page.put(40, PAGE_HEIGHT - 36, report.laboratory.name, size=17, bold=True, grey=1)
    page.put(40, PAGE_HEIGHT - 52, head.address, size=9, grey=1)
    page.put(40, PAGE_HEIGHT - 64, f"Tel. {head.phone}", size=9, grey=1)
    page.put(40, PAGE_HEIGHT - 92, head.accreditation, size=8, grey=0.35)


def _footer(page: PageWriter, report: LabReport, number: int, pages: int) -> None:
    notice = (
        f"Report {report.report_number}. This report relates only to the sample received. "
        "Results are not valid if this report is altered."
    )
    page.put(40, 30, notice, size=7.5, grey=0.35)
    page.put(PAGE_WIDTH - 40, 30, f"Page {number} of {pages}", size=7.5, grey=0.35, right=True)


def _first_page(page: PageWriter, report: LabReport, head: Letterhead, pages: int) -> None:
    _band(page, report, head)
    page.put(40, 712, report.title, size=14, bold=True)
    page.put(PAGE_WIDTH - 40, 712, f"Report no. {report.report_number}", size=9, right=True)
    page.stroke_rect(40, 590, PAGE_WIDTH - 80, 108, grey=0.6)
    y = _field(page, 680, "Name:", report.patient.latin, bold=True)
    if report.patient.chinese:
        y = _field(page, y, "Chinese name:", report.patient.chinese)
    y = _field(page, y, "Date of birth:", report.date_of_birth.isoformat())
    y = _field(page, y, "Sex:", report.sex.value.capitalize())
    _field(page, y, "Passport / travel document no.:", report.document_number)
    y = 565.0
    for number, test in enumerate(report.tests, start=1):
        analyte, specimen, method = _METHOD[test.kind]
        page.put(40, y, f"{number}. {analyte}", size=11, bold=True)
        y = _field(page, y - 17, "Specimen:", specimen)
        y = _field(page, y, "Method:", method)
        y = _field(page, y, "Sample collected:", when(test.sample_collected_at))
        y = _field(page, y, "Result:", result_text(test), bold=True)
        y = _field(page, y, "", measure_text(test, report.report_number))
        y = _field(page, y, "Result issued:", when(test.result_issued_at or report.issued_at)) - 10
    interpretation = (
        "Interpretation: a negative result does not exclude infection; "
        "interpret with clinical and epidemiological data."
    )
    page.put(40, y, interpretation, size=8.5)
    _signature(page, report, head, max(y - 30, 80))
    _footer(page, report, 1, pages)


def _first_page_chinese(page: PageWriter, report: LabReport, head: Letterhead, pages: int) -> None:
    """The same report printed in Chinese: labels and words in Chinese, names and numbers
    in Latin letters as the passport has them (each value drawn on its own, as in English)."""
    number = report.report_number
    _band(page, report, head)
    page.put(40, 712, report.title, size=14, bold=True)
    page.put(PAGE_WIDTH - 40, 712, wording.report_number(number), size=9, right=True)
    page.stroke_rect(40, 590, PAGE_WIDTH - 80, 108, grey=0.6)
    x = _VALUE_X_CHINESE
    y = _field(page, 680, wording.NAME, report.patient.latin, bold=True, x=x)
    if report.patient.chinese:
        y = _field(page, y, wording.CHINESE_NAME, report.patient.chinese, x=x)
    y = _field(page, y, wording.BIRTH, report.date_of_birth.isoformat(), x=x)
    y = _field(page, y, wording.SEX, wording.sex(report.sex), x=x)
    _field(page, y, wording.DOCUMENT, report.document_number, x=x)
    y = 565.0
    for position, test in enumerate(report.tests, start=1):
        page.put(40, y, f"{position}. {wording.analyte(test.kind)}", size=11, bold=True)
        y = _field(page, y - 17, wording.SPECIMEN, wording.specimen(test.kind), x=x)
        y = _field(page, y, wording.METHOD, wording.method(test.kind), x=x)
        y = _field(page, y, wording.SAMPLE, wording.moment(test.sample_collected_at, number), x=x)
        y = _field(page, y, wording.RESULT, wording.result(test), bold=True, x=x)
        y = _field(page, y, wording.MEASURE, measure_text(test, number), x=x)
        issued = test.result_issued_at or report.issued_at
        y = _field(page, y, wording.ISSUED, wording.moment(issued, number), x=x)
        y = _field(page, y, wording.LABORATORY, report.laboratory.name, x=x) - 10
    page.put(40, y, wording.INTERPRETATION, size=8.5)
    _signature(page, report, head, max(y - 30, 80))
    _footer(page, report, 1, pages)


def _signature(page: PageWriter, report: LabReport, head: Letterhead, y: float) -> None:
    key = _digest(head.signatory)
    ink = (0.1, 0.15, 0.45)
    page.curve((60, y + 12), 80, y + 34 + key % 9, 95, y - 4, 112, y + 18, rgb=ink)
    page.curve((112, y + 18), 124, y + 30, 140, y + 2 + key % 7, 170, y + 16, rgb=ink)
    page.line(50, y, 250, y)
    if report.layout is ReportLayout.CHINESE:
        page.put(50, y - 12, wording.AUTHORISED, size=9)
        page.put(100, y - 12, head.signatory, size=9)
        page.put(320, y - 12, wording.REPORT_DATE, size=9)
        page.put(390, y - 12, wording.moment(report.issued_at, report.report_number), size=9)
        return
    page.put(50, y - 12, f"Authorised by: {head.signatory}", size=9)
    page.put(50, y - 24, head.signatory_role, size=8)
    page.put(320, y - 12, "Report date:", size=9)
    page.put(390, y - 12, when(report.issued_at), size=9)


_METHOD_TEXT: Final = (
    "Nucleic acid is extracted from the specimen by magnetic-bead extraction and amplified by",
    "one-step real-time reverse-transcription PCR targeting the SARS-CoV-2 ORF1ab and N genes,",
    "with human RNase P as the internal control. Limit of detection: 500 copies/mL. A result is",
    "positive when both targets amplify with Ct below 40, and inconclusive when one target does.",
    "IgM antibodies are measured by a two-step chemiluminescence immunoassay against the",
    "recombinant nucleocapsid and spike proteins. An index at or above 1.00 S/CO is reactive.",
)
_QC_HEADER: Final = ("Run", "Control", "Target", "Expected", "Observed", "Status")
_QC_COLUMNS: Final = (40, 110, 200, 290, 370, 450)
_CONTROLS: Final = (
    ("Positive", "ORF1ab"),
    ("Positive", "N"),
    ("Negative", "ORF1ab"),
    ("Internal", "RNase P"),
)


def _method_page(
    page: PageWriter, report: LabReport, head: Letterhead, number: int, pages: int
) -> None:
    _band(page, report, head)
    page.put(40, 712, "Method description and quality control", size=13, bold=True)
    for row, line in enumerate(_METHOD_TEXT):
        page.put(40, 690 - 13 * row, line, size=9.5)
    y = 590.0
    for x, heading in zip(_QC_COLUMNS, _QC_HEADER, strict=True):
        page.put(x, y, heading, size=9, bold=True)
    page.line(40, y - 4, PAGE_WIDTH - 40, y - 4)
    key = _digest(report.report_number, str(number))
    for row in range(24):
        y -= 16
        control, target = _CONTROLS[row % 4]
        expected = "no Ct" if control == "Negative" else "Ct 24-32"
        observed = "no Ct" if control == "Negative" else f"Ct {25 + (key >> row) % 60 / 10:.1f}"
        run = f"R{(key + row) % 9000 + 1000}"
        cells = (run, control, target, expected, observed, "Pass")
        for x, cell in zip(_QC_COLUMNS, cells, strict=True):
            page.put(x, y, cell, size=9)
    _footer(page, report, number, pages)


def edit_lab_report(
    pdf: bytes, *, replacements: Mapping[str, str], edited_at: datetime, producer: str
) -> bytes:
    """Append a real incremental update that rewrites some printed values, as a forger would.

    The original bytes stay in front (the file now has two revisions and two %%EOF
    markers); the update replaces the first page's content and sets a later ModDate.
    """
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    page = writer.pages[0]
    content = page.get_contents()
    if content is None:
        raise ValueError("the report has no page content to edit")
    data = content.get_data()
    for old, new in replacements.items():
        needle = f"({old})".encode("latin-1")
        if needle not in data:
            raise ValueError(f"{old!r} is not printed on the report's first page")
        data = data.replace(needle, f"({new})".encode("latin-1"))
    edited = ContentStream(None, writer)
    edited.set_data(data)
    page.replace_contents(edited)
    writer.add_metadata({"/ModDate": pdf_date(edited_at), "/Producer": producer})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
