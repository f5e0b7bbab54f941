"""The paper health certificate: one bilingual A4 page (Simplified Chinese and English).

What is printed comes from the signed claims (so paper and QR say the same) plus
what the DCC does not carry: the Chinese name and the travel document. The CJK
font is embedded (reportlab subsets it) so Chinese prints on any machine; the
QR code is drawn as vector modules, 8 cm wide, error correction Q.
"""

from __future__ import annotations

import functools
import io
import logging
import re
from collections.abc import Sequence
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
from printing.claims import ENTRY_TIMEZONE, IGM_CLAIM
from printing.codes import RESULT_DETECTED, RESULT_NOT_DETECTED
from printing.issuance import IssuedCertificate
from printing.qr import QUIET_ZONE_MODULES, qr_matrix
from workstation.domain import TravelDocumentType

log = logging.getLogger(__name__)

FONT_NAME: Final = "WenQuanYiMicroHei"
QR_WIDTH: Final = 8 * cm
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN: Final = 2 * cm
_LABEL_WIDTH: Final = 5.6 * cm
_MIN_FONT_SIZE: Final = 9.0
_INK: Final = colors.HexColor("#1a1a1a")
_ACCENT: Final = colors.HexColor("#8b1a1a")
_MUTED: Final = colors.HexColor("#555555")

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
    RESULT_DETECTED: "阳性 Positive (detected)",
}


@functools.cache
def _font() -> str:
    # Registering parses a 5 MB TrueType collection: once per process.
    font = TTFont(FONT_NAME, str(resources.path("fonts", "wqy-microhei.ttc")), subfontIndex=0)
    pdfmetrics.registerFont(font)
    # ASCII85 around binary streams only makes files larger and costs reportlab's pure-Python
    # encoder more than the rest of the page; reportlab reads this setting per stream.
    rl_config.useA85 = 0
    return FONT_NAME


def certificate_pdf(certificate: IssuedCertificate) -> bytes:
    """One certificate as a one-page PDF."""
    return certificates_pdf([certificate])


def certificates_pdf(certificates: Sequence[IssuedCertificate]) -> bytes:
    """A batch: one page per certificate, in order."""
    if not certificates:
        raise ValueError("no certificates to print")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("健康证明 Health Certificate")
    canvas.setAuthor("Consular Service of the People's Republic of China")
    for certificate in certificates:
        _draw_page(canvas, certificate)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_page(canvas: Canvas, certificate: IssuedCertificate) -> None:
    font = _font()
    claims = certificate.claims
    content = certificate.case.content
    canvas.setFillColor(_INK)
    top = PAGE_HEIGHT - MARGIN
    canvas.setFont(font, 26)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - 26, "健康证明")
    canvas.setFont(font, 16)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - 48, "Health Certificate")
    canvas.setFillColor(_MUTED)
    canvas.setFont(font, 9.5)
    canvas.drawCentredString(
        PAGE_WIDTH / 2,
        top - 66,
        f"中华人民共和国驻外使领馆 Consular Service of the People's Republic of China · "
        f"{certificate.case.mission}",
    )
    canvas.setStrokeColor(_ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, top - 76, PAGE_WIDTH - MARGIN, top - 76)
    if certificate.reprint:
        _draw_reprint_mark(canvas, font, top)

    qr_top = top - 92
    _draw_qr(canvas, certificate.hc1, left=(PAGE_WIDTH - QR_WIDTH) / 2, top=qr_top)
    canvas.setFillColor(_MUTED)
    canvas.setFont(font, 8.5)
    canvas.drawCentredString(
        PAGE_WIDTH / 2,
        qr_top - QR_WIDTH - 12,
        "扫描二维码离线验证（EU DCC “HC1” 格式） Scan to verify offline (EU DCC “HC1” format)",
    )

    dcc_test: dict[str, Any] = claims.dcc["t"][0]
    tests = [("核酸检测 NAAT (PCR)", _test_line(dcc_test)), ("", _lab_line(dcc_test))]
    igm = claims.extensions.get(IGM_CLAIM)
    if isinstance(igm, dict):
        tests += [("血清IgM抗体 Serum IgM antibody", _test_line(igm)), ("", _lab_line(igm))]
    sections = [
        (
            "持证人 Holder",
            [
                ("姓名 Name", _holder_name(certificate)),
                ("出生日期 Date of birth", content.holder.date_of_birth.isoformat()),
                ("证件 Travel document", DOCUMENT_NAMES[content.travel_document.type]),
                ("证件号码 Document number", _document_number(certificate)),
            ],
        ),
        ("检测结果 Test results", tests),
        (
            "证书 Certificate",
            [
                ("有效期 Valid", _validity(claims.issued_at, claims.expires_at)),
                ("签发机构 Issued by", str(dcc_test["is"])),
                ("证书编号 Certificate ID", certificate.certificate_id),
                ("签名密钥 Signing key (kid)", certificate.kid),
            ],
        ),
    ]
    y = qr_top - QR_WIDTH - 40
    for heading, rows in sections:
        y = _draw_section(canvas, font, heading, rows, top=y) - 24

    canvas.setFillColor(_MUTED)
    canvas.setFont(font, 7.5)
    canvas.drawCentredString(
        PAGE_WIDTH / 2,
        MARGIN - 0.6 * cm,
        "本证明二维码含有经数字签名的完整健康信息，边境检查人员可用签发国公布的公钥离线验证。",
    )
    canvas.drawCentredString(
        PAGE_WIDTH / 2,
        MARGIN - 0.6 * cm - 11,
        "The QR code holds the complete health record, digitally signed; border officers verify "
        "it offline with the issuing country's published key.",
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
    canvas: Canvas, font: str, heading: str, rows: list[tuple[str, str]], *, top: float
) -> float:
    """Draw a headed block of label/value rows; return the y below it."""
    canvas.setFillColor(_ACCENT)
    canvas.setFont(font, 11)
    canvas.drawString(MARGIN, top, heading)
    canvas.setStrokeColor(colors.HexColor("#d9c4c4"))
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, top - 4, PAGE_WIDTH - MARGIN, top - 4)
    value_left = MARGIN + _LABEL_WIDTH
    value_width = PAGE_WIDTH - MARGIN - value_left
    y = top - 8
    for label, value in rows:
        size, lines = _fit(value, font, 11 if label else 9, value_width)
        for number, line in enumerate(lines):
            y -= 20 if label and number == 0 else 14  # continuation lines stay close
            if label and number == 0:
                canvas.setFillColor(_MUTED)
                canvas.setFont(font, 9)
                canvas.drawString(MARGIN + 6, y, label)
            canvas.setFillColor(_INK if label else _MUTED)
            canvas.setFont(font, size)
            canvas.drawString(value_left, y, line)
    return y


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
    return f"{result} · 采样 sampled {sampled:%Y-%m-%d %H:%M} UTC"


def _lab_line(test: dict[str, Any]) -> str:
    return f"检测机构 Laboratory: {test.get('tc', '')}"


def _validity(issued_at: datetime | None, expires_at: datetime | None) -> str:
    if issued_at is None or expires_at is None:
        return ""
    start = issued_at.astimezone(ENTRY_TIMEZONE)
    end = expires_at.astimezone(ENTRY_TIMEZONE)
    return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M} 北京时间 Beijing time (UTC+8)"
