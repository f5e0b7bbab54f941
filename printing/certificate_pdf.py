"""The paper health certificate: one bilingual A4 page (Simplified Chinese and English).

What is printed comes from the signed claims (so paper and QR say the same: the
DCC test entry and the consular health record claim with antibody tests,
vaccinations and the exception mark) plus what the DCC does not carry: the
Chinese name, the travel document, and the mission as its data names it (full
names in both languages, the place of issue) with the approving officer. Every
time is Beijing time (UTC+8), as in the source notices, and the page says so.
A detected (positive) result and a certificate issued through an exception are
shown in a red banner at the top and in red where the fact is printed.

Layout: header with the mission's names; the holder beside the QR code (7 cm with its quiet zone,
error correction Q, vector modules); test results, vaccinations, the
certificate's issue facts beside a seal area; technical details (kid,
algorithm, formats) in small print at the foot. The CJK font is embedded
(reportlab subsets it) so Chinese prints on any machine.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

import resources
from printing.claims import ENTRY_TIMEZONE
from printing.codes import RESULT_DETECTED, RESULT_NOT_DETECTED, ValueSet, display, known
from printing.health_record import HEALTH_CLAIM, HEALTH_CLAIM_VERSION, HealthRecord
from printing.issuance import IssuedCertificate
from printing.qr import QUIET_ZONE_MODULES, qr_matrix
from printing.schema import DCC_VERSION
from workstation.domain import TravelDocumentType

log = logging.getLogger(__name__)

FONT_NAME: Final = "WenQuanYiMicroHei"
#: The symbol (without its quiet zone) at least 6 cm wide; the holder's facts sit beside it.
QR_WIDTH: Final = 7 * cm
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN: Final = 2 * cm
_LABEL_WIDTH: Final = 5.0 * cm
_HOLDER_LABEL_WIDTH: Final = 3.9 * cm
_SEAL_RADIUS: Final = 2.0 * cm
_MIN_FONT_SIZE: Final = 8.5
_FULL_VACCINATION_ROWS: Final = 4
#: Nothing may be drawn below this: the foot's text starts just under the margin.
_FLOOR: Final = MARGIN + 4


@dataclass(frozen=True)
class _Spacing:
    row: float  # from one labelled row to the next
    line: float  # a continuation line
    gap: float  # between sections


_REGULAR: Final = _Spacing(row=18, line=12, gap=22)
_COMPACT: Final = _Spacing(row=15, line=11.5, gap=12)
_INK: Final = colors.HexColor("#1a1a1a")
_ACCENT: Final = colors.HexColor("#8b1a1a")
_ALERT: Final = colors.HexColor("#c00000")
_MUTED: Final = colors.HexColor("#555555")
TIME_ZONE_NOTE: Final = "所有时间均为北京时间（UTC+8） All times are Beijing time (UTC+8)"

DOCUMENT_NAMES: Final = {
    TravelDocumentType.ORDINARY_PASSPORT: "普通护照 Ordinary passport",
    TravelDocumentType.DIPLOMATIC_PASSPORT: "外交护照 Diplomatic passport",
    TravelDocumentType.SERVICE_PASSPORT: "公务护照 Service passport",
    TravelDocumentType.PUBLIC_AFFAIRS_PASSPORT: "公务普通护照 Public affairs passport",
    TravelDocumentType.TRAVEL_DOCUMENT: "旅行证 Travel document",
    TravelDocumentType.HK_MACAO_PERMIT: "港澳居民来往内地通行证 Mainland travel permit (HK/Macao)",
    TravelDocumentType.TAIWAN_PERMIT: "台湾居民来往大陆通行证 Mainland travel permit (Taiwan)",
    TravelDocumentType.OTHER: "其他证件 Other document",
}
RESULT_NAMES: Final = {
    RESULT_NOT_DETECTED: "阴性 Negative (not detected)",
    RESULT_DETECTED: "阳性 POSITIVE (detected)",
}
ANTIBODY_TITLES: Final = {
    "IgM": "血清IgM抗体 Serum IgM antibody",
    "IgG": "血清IgG抗体 Serum IgG antibody",
}


@dataclass(frozen=True)
class _Row:
    label: str  # empty: a continuation line under the row before
    value: str
    alert: bool = False  # a detected result: red, boxed


@functools.cache
def _font() -> str:
    # Registering parses a 5 MB TrueType collection: once per process.
    font = TTFont(FONT_NAME, str(resources.path("fonts", "wqy-microhei.ttc")), subfontIndex=0)
    pdfmetrics.registerFont(font)
    return FONT_NAME


def certificate_pdf(certificate: IssuedCertificate) -> bytes:
    """One certificate as a one-page PDF."""
    return certificates_pdf([certificate])


def certificates_pdf(certificates: Sequence[IssuedCertificate]) -> bytes:
    """A batch: one page per certificate, in order."""
    if not certificates:
        raise ValueError("no certificates to print")
    buffer = io.BytesIO()
    with _without_ascii85():
        canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
        canvas.setTitle("健康证明 Health Certificate")
        canvas.setAuthor("Consular Service of the People's Republic of China")
        for certificate in certificates:
            _draw_page(canvas, certificate)
            canvas.showPage()
        canvas.save()
    return buffer.getvalue()


@contextlib.contextmanager
def _without_ascii85() -> Iterator[None]:
    """ASCII85 around binary streams only makes files larger and costs reportlab's
    pure-Python encoder more than the rest of the page. reportlab reads the setting from
    its global config per stream, so it is set for this drawing only and put back: other
    PDFs made in the same process (the demo's lab reports) keep their own bytes."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def _draw_page(canvas: Canvas, certificate: IssuedCertificate) -> None:
    font = _font()
    claims = certificate.claims
    record = certificate.health_record
    dcc_test: dict[str, Any] = claims.dcc["t"][0]
    top = PAGE_HEIGHT - MARGIN
    y = _draw_header(canvas, font, certificate, top=top)
    for banner in _banners(dcc_test, record, certificate.issued_by_exception):
        y = _draw_banner(canvas, font, banner, top=y - 6)

    qr_top = y - 12
    qr_left = PAGE_WIDTH - MARGIN - QR_WIDTH
    _draw_qr(canvas, certificate.hc1, left=qr_left, top=qr_top)
    canvas.setFillColor(_MUTED)
    canvas.setFont(font, 7.5)
    caption_y = qr_top - QR_WIDTH - 10
    canvas.drawCentredString(
        qr_left + QR_WIDTH / 2, caption_y, "扫描二维码离线验证 Scan to verify offline"
    )
    canvas.drawCentredString(
        qr_left + QR_WIDTH / 2, caption_y - 10, "EU DCC “HC1” · 数字签名 signed"
    )
    holder_bottom = _draw_section(
        canvas,
        font,
        "持证人 Holder",
        _holder_rows(certificate),
        top=qr_top - 10,
        right=qr_left - 0.5 * cm,
        label_width=_HOLDER_LABEL_WIDTH,
    )
    top = min(holder_bottom, caption_y - 10)
    # Measure first: a page with many facts (every dose, both banners) is set closer.
    spacing = _REGULAR
    if _draw_body(canvas, font, certificate, top=top, spacing=spacing, draw=False) < _FLOOR:
        spacing = _COMPACT
    if _draw_body(canvas, font, certificate, top=top, spacing=spacing, draw=True) < _FLOOR:
        log.warning(
            "certificate %s: the page's content runs into the foot", certificate.certificate_id
        )
    _draw_foot(canvas, font, certificate)


def _draw_body(
    canvas: Canvas,
    font: str,
    certificate: IssuedCertificate,
    *,
    top: float,
    spacing: _Spacing,
    draw: bool,
) -> float:
    """Test results, vaccinations, the certificate and the seal area; returns the lowest y."""
    record = certificate.health_record
    dcc_test: dict[str, Any] = certificate.claims.dcc["t"][0]
    compact = spacing is _COMPACT
    y = top - spacing.gap
    for heading, rows in (
        ("检测结果 Test results", _test_rows(dcc_test, record)),
        ("疫苗接种 Vaccination", _vaccination_rows(record, compact=compact)),
    ):
        y = _draw_section(canvas, font, heading, rows, top=y, spacing=spacing, draw=draw)
        y -= spacing.gap
    seal_left = PAGE_WIDTH - MARGIN - 2 * _SEAL_RADIUS
    bottom = _draw_section(
        canvas,
        font,
        "证书 Certificate",
        _certificate_rows(certificate),
        top=y,
        right=seal_left - 0.4 * cm,
        spacing=spacing,
        draw=draw,
    )
    if draw:
        _draw_seal_area(canvas, font, left=seal_left, top=y - 8)
    return float(min(bottom, y - 8 - 2 * _SEAL_RADIUS))


def _draw_header(canvas: Canvas, font: str, certificate: IssuedCertificate, *, top: float) -> float:
    """Title and the mission's full names; returns the y of the rule below them."""
    mission = certificate.mission
    canvas.setFillColor(_INK)
    canvas.setFont(font, 24)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - 22, "健康证明")
    canvas.setFont(font, 14)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - 40, "Health Certificate")
    canvas.setFont(font, 11)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - 58, mission.name_zh)
    canvas.setFillColor(_MUTED)
    size, lines = _fit(mission.name_en, font, 9.5, PAGE_WIDTH - 2 * MARGIN - 8 * cm)
    canvas.setFont(font, size)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - 71, lines[0])
    canvas.setStrokeColor(_ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, top - 80, PAGE_WIDTH - MARGIN, top - 80)
    if certificate.reprint:
        _draw_reprint_mark(canvas, font, top)
    return top - 80


def _banners(test: dict[str, Any], record: HealthRecord, exception: bool) -> list[str]:
    """What must not be missed, in red at the top: detected results, an exception."""
    banners = []
    detected = (["核酸 NAAT"] if test.get("tr") == RESULT_DETECTED else []) + [
        f"{name}抗体 {name} antibody" for name in record.detected
    ]
    if detected:
        banners.append(f"检测结果阳性 POSITIVE RESULT: {'、'.join(detected)}")
    if exception:
        banners.append("例外签发：经例外审批程序签发 ISSUED BY EXCEPTION (special approval)")
    return banners


def _draw_banner(canvas: Canvas, font: str, text: str, *, top: float) -> float:
    height = 22.0
    canvas.saveState()
    canvas.setFillColor(_ALERT)
    canvas.rect(MARGIN, top - height, PAGE_WIDTH - 2 * MARGIN, height, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    size, lines = _fit(text, font, 11.5, PAGE_WIDTH - 2 * MARGIN - 12)
    canvas.setFont(font, size)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - height + 7, lines[0])
    canvas.restoreState()
    return top - height


def _holder_rows(certificate: IssuedCertificate) -> list[_Row]:
    content = certificate.case.content
    return [
        _Row("姓名 Name", _holder_name(certificate)),
        _Row("出生日期 Date of birth", content.holder.date_of_birth.isoformat()),
        _Row("证件 Travel document", DOCUMENT_NAMES[content.travel_document.type]),
        _Row("证件号码 Document no.", _document_number(certificate)),
    ]


def _test_rows(test: dict[str, Any], record: HealthRecord) -> list[_Row]:
    rows = [
        _Row("核酸检测 NAAT (PCR)", _test_line(test), alert=test.get("tr") == RESULT_DETECTED),
        _Row("", _lab_line(test)),
    ]
    for antibody in record.antibodies:
        rows += [
            _Row(
                ANTIBODY_TITLES[antibody["ty"]],
                _test_line(antibody),
                alert=antibody["tr"] == RESULT_DETECTED,
            ),
            _Row("", _lab_line(antibody)),
        ]
    rows.append(_Row("", TIME_ZONE_NOTE))
    return rows


def _vaccination_rows(record: HealthRecord, *, compact: bool = False) -> list[_Row]:
    if not record.vaccinations:
        return [_Row("接种记录 Doses", "未申报 None declared")]
    rows: list[_Row] = []
    for dose in record.vaccinations:
        product = str(dose["mp"])
        name = (
            display(ValueSet.VACCINE_PRODUCT, product)
            if known(ValueSet.VACCINE_PRODUCT, product)
            else product
        )
        maker = str(dose["ma"])
        if known(ValueSet.VACCINE_MANUFACTURER, maker):
            maker = display(ValueSet.VACCINE_MANUFACTURER, maker)
        line = f"{dose['dt']} · {name} ({maker}) · {dose['co']}"
        if compact:
            # Two doses a line, without the manufacturer (the QR holds it): the page still holds
            # every dose.
            text = f"{dose['dn']}/{dose['sd']} · {dose['dt']} · {name} · {dose['co']}"
            if rows and rows[-1].value.count(" · ") < 4:
                rows[-1] = _Row(rows[-1].label, f"{rows[-1].value};  {text}")
            else:
                rows.append(_Row("接种记录 Doses" if not rows else "", text))
        elif len(record.vaccinations) > _FULL_VACCINATION_ROWS:
            # Many doses: one compact line each, so the page still holds everything.
            label = "接种记录 Doses" if not rows else ""
            rows.append(_Row(label, f"{dose['dn']}/{dose['sd']} · {line}"))
        else:
            rows.append(_Row(f"第{dose['dn']}剂 Dose {dose['dn']}/{dose['sd']}", line))
    return rows


def _certificate_rows(certificate: IssuedCertificate) -> list[_Row]:
    claims = certificate.claims
    mission = certificate.mission
    issued = claims.issued_at.astimezone(ENTRY_TIMEZONE) if claims.issued_at else None
    when = f"{issued:%Y-%m-%d %H:%M}" if issued else ""
    rows = [
        _Row("有效期 Valid", _validity(claims.issued_at, claims.expires_at)),
        _Row("签发机构 Issued by", mission.name_zh),
        _Row("", mission.name_en),
        _Row("签发日期、地点 Issued on, at", " · ".join(p for p in (when, mission.place) if p)),
        _Row("审核官员 Approving officer", certificate.approving_officer or "—"),
        *(
            [_Row("会签 Countersigned by", certificate.countersigned_by)]
            if certificate.countersigned_by
            else []
        ),
        _Row("证书编号 Certificate ID", certificate.certificate_id),
    ]
    if certificate.issued_by_exception:
        rows.append(_Row("签发方式 Issuance", "例外签发 ISSUED BY EXCEPTION", alert=True))
    return rows


def _draw_seal_area(canvas: Canvas, font: str, *, left: float, top: float) -> None:
    """A dashed circle where the mission's official seal is stamped."""
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor("#b08080"))
    canvas.setLineWidth(0.8)
    canvas.setDash(3, 3)
    centre_x, centre_y = left + _SEAL_RADIUS, top - _SEAL_RADIUS
    canvas.circle(centre_x, centre_y, _SEAL_RADIUS, stroke=1, fill=0)
    canvas.setFillColor(_MUTED)
    canvas.setFont(font, 8)
    canvas.drawCentredString(centre_x, centre_y + 2, "（盖章）")
    canvas.drawCentredString(centre_x, centre_y - 9, "Official seal")
    canvas.restoreState()


def _draw_foot(canvas: Canvas, font: str, certificate: IssuedCertificate) -> None:
    canvas.setFillColor(_MUTED)
    canvas.setFont(font, 7.5)
    foot = MARGIN - 0.35 * cm
    canvas.drawCentredString(
        PAGE_WIDTH / 2,
        foot,
        "本证明二维码含有经数字签名的完整健康信息，边境检查人员可用签发国公布的公钥离线验证。",
    )
    canvas.drawCentredString(
        PAGE_WIDTH / 2,
        foot - 10,
        "The QR code holds the complete health record, digitally signed; border officers verify "
        "it offline with the issuing country's published key.",
    )
    canvas.setFont(font, 6)
    canvas.drawCentredString(
        PAGE_WIDTH / 2,
        foot - 20,
        f"技术信息 Technical details: kid {certificate.kid} · ES256 · EU DCC {DCC_VERSION} "
        f"(test) + {HEALTH_CLAIM} v{HEALTH_CLAIM_VERSION} (antibodies, vaccinations) · "
        f"issuer {certificate.claims.issuer or '?'}",
    )


def _draw_reprint_mark(canvas: Canvas, font: str, top: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(_ACCENT)
    canvas.setFillColor(_ACCENT)
    canvas.setLineWidth(1.5)
    width, height = 3.4 * cm, 1.3 * cm
    left, bottom = PAGE_WIDTH - MARGIN - width, top - height + 4
    canvas.rect(left, bottom, width, height)
    canvas.setFont(font, 14)
    canvas.drawCentredString(left + width / 2, bottom + height - 17, "补发件")
    canvas.setFont(font, 11)
    canvas.drawCentredString(left + width / 2, bottom + 7, "REPRINT")
    canvas.restoreState()


def _draw_qr(canvas: Canvas, text: str, *, left: float, top: float) -> None:
    matrix = qr_matrix(text)
    module = QR_WIDTH / (matrix.size + 2 * QUIET_ZONE_MODULES)
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(left, top - QR_WIDTH, QR_WIDTH, QR_WIDTH, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    # One module = one unit, origin at the symbol's bottom-left: thousands of rectangles with
    # small integer coordinates, written as PDF operators directly (reportlab's path object
    # formats every number in pure Python, which dominated the page's cost).
    canvas.translate(
        left + QUIET_ZONE_MODULES * module, top - QR_WIDTH + QUIET_ZONE_MODULES * module
    )
    canvas.scale(module, module)
    last = matrix.size - 1
    rects = [f"{start} {last - row} {length} 1 re" for row, start, length in matrix.runs()]
    canvas.addLiteral("\n".join(rects) + "\nf")
    canvas.restoreState()


def _draw_section(
    canvas: Canvas,
    font: str,
    heading: str,
    rows: list[_Row],
    *,
    top: float,
    right: float = PAGE_WIDTH - MARGIN,
    label_width: float = _LABEL_WIDTH,
    spacing: _Spacing = _REGULAR,
    draw: bool = True,
) -> float:
    """Draw a headed block of label/value rows from the margin to `right`; return the y below.

    With `draw` false nothing is drawn: the y below is measured, for the layout to choose
    its spacing.
    """
    value_left = MARGIN + label_width
    value_width = right - value_left
    if draw:
        canvas.setFillColor(_ACCENT)
        canvas.setFont(font, 11)
        canvas.drawString(MARGIN, top, heading)
        canvas.setStrokeColor(colors.HexColor("#d9c4c4"))
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - 4, right, top - 4)
    y = top - 6
    for row in rows:
        size, lines = _fit(row.value, font, 10.5 if row.label else 8.5, value_width)
        for number, line in enumerate(lines):
            # Continuation lines stay close to the line they continue.
            y -= spacing.row if row.label and number == 0 else spacing.line
            if draw:
                _draw_row_line(canvas, font, row, line, size, number, y, value_left, label_width)
    return y


def _draw_row_line(
    canvas: Canvas,
    font: str,
    row: _Row,
    line: str,
    size: float,
    number: int,
    y: float,
    value_left: float,
    label_width: float,
) -> None:
    if row.label and number == 0:
        canvas.setFillColor(_MUTED)
        _, label_lines = _fit(row.label, font, 8.5, label_width - 8)
        canvas.setFont(font, 8.5)
        canvas.drawString(MARGIN + 6, y, label_lines[0])
    if row.alert:
        width = pdfmetrics.stringWidth(line, font, size)
        canvas.setStrokeColor(_ALERT)
        canvas.setLineWidth(1.2)
        canvas.rect(value_left - 3, y - 4, width + 6, size + 5, stroke=1, fill=0)
    canvas.setFillColor(_ALERT if row.alert else (_INK if row.label else _MUTED))
    canvas.setFont(font, size)
    canvas.drawString(value_left, y, line)


def _fit(text: str, font: str, size: float, width: float) -> tuple[float, list[str]]:
    """Shrink a little (down to 9 pt), then wrap: long names stay readable."""
    while size > _MIN_FONT_SIZE and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return size, [text]
    lines: list[str] = []
    line = ""
    # Break after spaces; a run without spaces (Chinese, or one very long word) breaks anywhere.
    for piece in re.findall(r"\S+\s*|\s+", text):
        candidate = line + piece
        if pdfmetrics.stringWidth(candidate.rstrip(), font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line.rstrip())
            line = ""
        for character in piece:
            if pdfmetrics.stringWidth(line + character, font, size) > width:
                lines.append(line.rstrip())
                line = ""
            line += character
    lines.append(line.rstrip())
    return size, [item for item in lines if item]


def _holder_name(certificate: IssuedCertificate) -> str:
    # Family name in capitals, as in the travel document's machine-readable zone.
    name = certificate.case.content.holder.name
    latin = f"{name.family.upper()} {name.given}" if name.given else name.family.upper()
    return f"{latin}  {name.chinese}" if name.chinese else latin


def _document_number(certificate: IssuedCertificate) -> str:
    document = certificate.case.content.travel_document
    if document.type in (TravelDocumentType.HK_MACAO_PERMIT, TravelDocumentType.TAIWAN_PERMIT):
        return f"{document.number}  (内地签发 issued by the Mainland)"
    return f"{document.number}  ({document.issuing_country})"


def _test_line(test: dict[str, Any]) -> str:
    result = RESULT_NAMES.get(str(test.get("tr")), str(test.get("tr")))
    sampled = datetime.fromisoformat(str(test["sc"]).replace("Z", "+00:00"))
    return f"{result} · 采样 sampled {sampled.astimezone(ENTRY_TIMEZONE):%Y-%m-%d %H:%M}"


def _lab_line(test: dict[str, Any]) -> str:
    country = test.get("co")
    return f"检测机构 Laboratory: {test.get('tc', '')}" + (f" ({country})" if country else "")


def _validity(issued_at: datetime | None, expires_at: datetime | None) -> str:
    if issued_at is None or expires_at is None:
        return ""
    start = issued_at.astimezone(ENTRY_TIMEZONE)
    end = expires_at.astimezone(ENTRY_TIMEZONE)
    return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M} (北京时间 UTC+8)"
