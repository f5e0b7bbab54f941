"""Images a traveller uploads: a phone photo of a printed lab report, a scan of a passport page.

Drawn with Pillow in the packaged WenQuanYi font (so Chinese names render),
in greyscale first and coloured at the end, because that is several times
faster than drawing in colour and the benchmarks make thousands of them.
"""

from __future__ import annotations

import io
import logging
import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import Final

from PIL import Image, ImageChops, ImageDraw, ImageFont

import resources
from server.demodata.reports import (
    LabReport,
    letterhead,
    measure_text,
    result_text,
    when,
)
from workstation.domain import TestKind, TravelDocumentType
from workstation.protocol import Holder, TravelDocument

log = logging.getLogger(__name__)

PHOTO_SIZE: Final = (1200, 1700)
SCAN_SIZE: Final = (1000, 700)
_DESK: Final = (52, 46, 42)
_PAPER: Final = (246, 241, 229)
_INK: Final = 34  # grey level of printed text on the greyscale layer
_JPEG_QUALITY: Final = 80
_PHONES: Final = (
    ("Apple", "iPhone 12"),
    ("Apple", "iPhone SE"),
    ("samsung", "SM-G991B"),
    ("HUAWEI", "ELS-NX9"),
    ("Xiaomi", "M2101K9AG"),
    ("Google", "Pixel 6a"),
)
_PAPER_BOX: Final = (80, 80, 1120, 1620)
_LABEL_X: Final = 120
_VALUE_X: Final = 520


@cache
def _font(size: int, face: int = 0) -> ImageFont.FreeTypeFont:
    # Basic layout: several times faster than Raqm, and these texts need no shaping.
    return ImageFont.truetype(
        str(resources.path("fonts", "wqy-microhei.ttc")),
        size,
        index=face,
        layout_engine=ImageFont.Layout.BASIC,
    )


@cache
def _shading() -> Image.Image:
    """Light falling off away from a lamp above the top left corner (made once, reused)."""
    distance = Image.radial_gradient("L").crop((96, 80, 256, 256)).resize(PHOTO_SIZE)
    return distance.point(lambda v: 255 - v * 75 // 255)


@cache
def _palette() -> bytes:
    """Grey levels to colours: 0 is the desk, 255 the paper, in between ink and shade."""
    return bytes(
        round(dark + (light - dark) * level / 255)
        for level in range(256)
        for dark, light in zip(_DESK, _PAPER, strict=True)
    )


Slot = tuple[str, int]  # which value goes on a row: a field name and the test's position


@dataclass(frozen=True)
class _Row:
    y: int
    label: str
    size: int
    slot: Slot | None = None
    bold: bool = False
    x: int = _VALUE_X  # where the value starts


_TEST_ROWS: Final = (
    ("Sample collected:", "sample"),
    ("Result:", "result"),
    ("", "measure"),
    ("Result issued:", "issued"),
)
_ANALYTES: Final = {
    TestKind.NAAT: "SARS-CoV-2 RNA, nucleic acid amplification test",
    TestKind.IGM_ANTIBODY: "SARS-CoV-2 IgM antibody",
}


@cache
def _layout(kinds: tuple[TestKind, ...], chinese: bool) -> tuple[_Row, ...]:
    """Where each label and value sits on the printout; the same for every report of a shape."""
    rows = [_Row(290, "", 33, ("title", 0), x=_LABEL_X), _Row(345, "", 24, ("no", 0), x=_LABEL_X)]
    y = 410
    fields = [("Name:", "name"), ("Date of birth:", "birth"), ("Sex:", "sex")]
    fields.append(("Passport / document no.:", "document"))
    if chinese:
        fields.insert(1, ("Chinese name:", "chinese"))
    for label, slot in fields:
        rows.append(_Row(y, label, 28, (slot, 0), bold=slot == "name"))
        y += 44
    for position, kind in enumerate(kinds):
        y += 26
        rows.append(_Row(y, f"{position + 1}. {_ANALYTES[kind]}", 30, None, bold=True))
        y += 50
        for label, slot in _TEST_ROWS:
            rows.append(_Row(y, label, 27, (slot, position), bold=slot == "result"))
            y += 42
    y = max(y + 80, 1330)
    rows += [
        _Row(y, "______________________________", 28),
        _Row(y + 48, "Authorised by:", 26, ("signatory", 0)),
        _Row(y + 92, "Report date:", 26, ("date", 0)),
    ]
    return tuple(rows)


@lru_cache(maxsize=8)
def _template(kinds: tuple[TestKind, ...], chinese: bool) -> Image.Image:
    """The blank form on the desk, labels printed, lamp shading applied: drawn once per shape."""
    layer = Image.new("L", PHOTO_SIZE, 0)
    draw = ImageDraw.Draw(layer)
    left, top, right, _ = _PAPER_BOX
    draw.rectangle(_PAPER_BOX, fill=255)
    draw.rectangle((left, top, right, top + 130), fill=70)
    for row in _layout(kinds, chinese):
        if row.label:
            draw.text((_LABEL_X, row.y), row.label, font=_font(row.size), fill=_INK)
    return ImageChops.multiply(layer, _shading())


def _value(report: LabReport, slot: Slot) -> str:
    name, position = slot
    test = report.tests[min(position, len(report.tests) - 1)]
    match name:
        case "title":
            return report.title
        case "no":
            return f"Report no. {report.report_number}"
        case "name":
            return report.patient.latin
        case "chinese":
            return report.patient.chinese or ""
        case "birth":
            return report.date_of_birth.isoformat()
        case "sex":
            return report.sex.value.capitalize()
        case "document":
            return report.document_number
        case "sample":
            return when(test.sample_collected_at)
        case "result":
            return result_text(test)
        case "measure":
            return measure_text(test, report.report_number)
        case "issued":
            return when(test.result_issued_at or report.issued_at)
        case "signatory":
            return letterhead(report.laboratory).signatory
        case _:
            return when(report.issued_at)


@lru_cache(maxsize=4096)
def _glyph(char: str, size: int, face: int) -> tuple[Image.Image | None, int, int, float]:
    """One character's coverage mask, offset and advance: drawn once, pasted many times."""
    font = _font(size, face)
    left, top, right, bottom = (int(edge) for edge in font.getbbox(char))
    mask = None
    if right > left and bottom > top:
        mask = Image.new("L", (right - left, bottom - top), 0)
        ImageDraw.Draw(mask).text((-left, -top), char, font=font, fill=255)
    return mask, left, top, font.getlength(char)


def _print(
    layer: Image.Image, at: tuple[int, int], text: str, size: int, grey: int, face: int = 0
) -> None:
    """Text pasted glyph by glyph: rendering each distinct string anew costs several times more."""
    x: float = at[0]
    y = at[1]
    for char in text:
        mask, left, top, advance = _glyph(char, size, face)
        if mask is not None:
            layer.paste(grey, (round(x) + left, y + top), mask)
        x += advance


def render_report_photo(report: LabReport, *, seed: int, taken_at: datetime) -> bytes:
    """A JPEG of the printed report lying on a desk, slightly turned and unevenly lit."""
    rng = random.Random(seed)  # noqa: S311 (demo images)
    kinds = tuple(t.kind for t in report.tests)
    layer = _template(kinds, report.patient.chinese is not None).copy()
    head = letterhead(report.laboratory)
    left, top, _, _ = _PAPER_BOX
    _print(layer, (left + 40, top + 22), report.laboratory.name, 40, 250)
    _print(layer, (left + 40, top + 78), f"{head.address}   Tel. {head.phone}", 20, 220)
    _print(layer, (left + 40, top + 148), head.accreditation, 20, 90)
    for row in _layout(kinds, report.patient.chinese is not None):
        if row.slot is not None:
            # Emphasis by size: a stroked (bold) outline costs four times as much to draw.
            size, y = (row.size + 3, row.y - 3) if row.bold else (row.size, row.y)
            _print(layer, (row.x, y), _value(report, row.slot), size, _INK)
    # Nearest-neighbour turning is ten times cheaper than bilinear; JPEG softens the steps.
    turned = layer.rotate(
        rng.uniform(-2.5, 2.5),
        resample=Image.Resampling.NEAREST,
        translate=(rng.randrange(-25, 26), rng.randrange(-25, 26)),
        fillcolor=0,
    )
    turned.putpalette(_palette())  # L becomes P in place: the grey levels index the colours
    make, model = rng.choice(_PHONES)
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0132] = f"{taken_at:%Y:%m:%d %H:%M:%S}"
    exif.get_ifd(0x8769)[0x9003] = f"{taken_at:%Y:%m:%d %H:%M:%S}"  # DateTimeOriginal
    out = io.BytesIO()
    turned.convert("RGB").save(
        out, "JPEG", quality=_JPEG_QUALITY, subsampling=2, optimize=False, exif=exif
    )
    return out.getvalue()


# ------------------------------------------------------------------------------------------
# Passport data page with its machine-readable zone (ICAO 9303, TD3)

_MRZ_LETTERS: Final = {
    "Ä": "AE",
    "Ö": "OE",
    "Ü": "UE",
    "ß": "SS",
    "Ø": "OE",
    "Æ": "AE",
    "Å": "AA",
    "Ł": "L",
    "ı": "I",
    "Đ": "D",
}
_DOCUMENT_CODES: Final = {
    TravelDocumentType.ORDINARY_PASSPORT: "P<",
    TravelDocumentType.DIPLOMATIC_PASSPORT: "PD",
    TravelDocumentType.SERVICE_PASSPORT: "PS",
    TravelDocumentType.PUBLIC_AFFAIRS_PASSPORT: "PO",
}


def mrz_text(text: str) -> str:
    """A name as the machine-readable zone writes it: A-Z, with '<' between words."""
    out = []
    for char in text.upper():
        char = _MRZ_LETTERS.get(char, _MRZ_LETTERS.get(char.capitalize(), char))
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append("<" if char in " -" else "".join(c for c in plain if "A" <= c <= "Z"))
    return "".join(out)


def check_digit(field: str) -> str:
    weights = (7, 3, 1)
    total = 0
    for position, char in enumerate(field):
        value = int(char) if char.isdigit() else (ord(char) - 55 if char.isalpha() else 0)
        total += value * weights[position % 3]
    return str(total % 10)


def machine_readable_zone(
    holder: Holder, document: TravelDocument, *, state: str
) -> tuple[str, str]:
    """The two 44-character lines of a passport, with their check digits."""
    names = mrz_text(holder.name.family) + "<<" + mrz_text(holder.name.given or "")
    code = _DOCUMENT_CODES.get(document.type, "P<")
    first = f"{code}{state:<3}{names}".replace(" ", "<")[:44].ljust(44, "<")
    number = document.number[:9].ljust(9, "<")
    birth = f"{holder.date_of_birth:%y%m%d}"
    expiry = f"{document.expiry_date:%y%m%d}" if document.expiry_date else "<<<<<<"
    sex = {"female": "F", "male": "M"}.get(holder.sex.value, "<")
    personal = "<" * 14
    nationality = state.ljust(3, "<")
    parts = (
        number + check_digit(number),
        birth + check_digit(birth),
        expiry + check_digit(expiry),
        personal + "0",
    )
    composite = check_digit("".join(parts))
    second = f"{parts[0]}{nationality}{parts[1]}{sex}{parts[2]}{parts[3]}{composite}"
    return first, second


def render_document_scan(
    holder: Holder, document: TravelDocument, *, state: str, seed: int
) -> bytes:
    """A greyscale PNG scan of the passport's data page, MRZ included."""
    rng = random.Random(seed)  # noqa: S311 (demo images)
    page = Image.new("L", SCAN_SIZE, 238)
    draw = ImageDraw.Draw(page)
    draw.rounded_rectangle((30, 30, 970, 670), radius=24, fill=250, outline=150, width=3)
    _print(page, (60, 50), "PASSPORT", 34, 40)
    code = _DOCUMENT_CODES.get(document.type, "P<").rstrip("<")
    heading = f"Type {code}   Code {state}   No. {document.number}"
    _print(page, (330, 56), heading, 24, 40)
    draw.rectangle((60, 120, 290, 420), fill=205, outline=120)
    draw.ellipse((125, 160, 225, 275), fill=150)
    draw.pieslice((85, 270, 265, 470), 180, 360, fill=150)
    expiry = document.expiry_date
    fields = [
        ("Surname", holder.name.family),
        ("Given names", holder.name.given or ""),
        ("Nationality", state),
        ("Date of birth", holder.date_of_birth.strftime("%d %b %Y").upper()),
        ("Sex", {"female": "F", "male": "M"}.get(holder.sex.value, "X")),
        ("Date of expiry", expiry.strftime("%d %b %Y").upper() if expiry else "-"),
    ]
    if holder.name.chinese:
        fields.insert(0, ("姓名", holder.name.chinese))
    y = 120
    for label, value in fields:
        _print(page, (320, y), label, 16, 90)
        _print(page, (320, y + 18), value, 26, 25)
        y += 50
    # Face 1 of the collection is monospaced: MRZ characters on a fixed pitch.
    for row, line in enumerate(machine_readable_zone(holder, document, state=state)):
        _print(page, (50, 560 + row * 46), line, 34, 20, face=1)
    page = page.rotate(rng.uniform(-1.0, 1.0), resample=Image.Resampling.NEAREST, fillcolor=238)
    out = io.BytesIO()
    page.save(out, "PNG", compress_level=1)
    return out.getvalue()
