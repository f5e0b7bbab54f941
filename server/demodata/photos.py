"""Images a traveller uploads: a phone photo of a printed lab report, a scan of that printout
saved as a PDF without a text layer, a scan of a passport page.

Drawn with Pillow in the packaged WenQuanYi font (so Chinese names render),
in greyscale first and coloured at the end, because that is several times
faster than drawing in colour and the benchmarks make thousands of them.
Photos are what the workstation's OCR meets in practice: the sheet turned and
seen at an angle (a perspective, not just a rotation), lit unevenly by a lamp
on one side, and JPEG-compressed at a phone's middling quality; about one in six taken
with the phone held sideways (stored turned, the EXIF orientation saying so) or of a sheet
lying sideways or upside down (nothing saying so).
"""

from __future__ import annotations

import io
import logging
import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import Final

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

import resources
from server.demodata import wording
from server.demodata.reports import (
    LabReport,
    letterhead,
    measure_text,
    result_text,
    when,
)
from server.demodata.wording import ReportLayout
from workstation.domain import TestKind, TravelDocumentType
from workstation.protocol import Holder, LabTest, TravelDocument

log = logging.getLogger(__name__)

PHOTO_SIZE: Final = (1200, 1700)
SCAN_SIZE: Final = (1000, 700)
_DESK: Final = (52, 46, 42)
_PAPER: Final = (246, 241, 229)
_INK: Final = 34  # grey level of printed text on the greyscale layer
_JPEG_QUALITY: Final = (72, 92)  # phones' range: artefacts around the letters at the low end
#: How far the sheet's corners move towards or away from the camera (pixels): perspective.
_TILT: Final = 60
_SCAN_DPI: Final = 150.0
_PHONES: Final = (
    ("Apple", "iPhone 12"),
    ("Apple", "iPhone SE"),
    ("samsung", "SM-G991B"),
    ("HUAWEI", "ELS-NX9"),
    ("Xiaomi", "M2101K9AG"),
    ("Google", "Pixel 6a"),
)
_PAPER_BOX: Final = (80, 80, 1120, 1620)
_ORIENTATION: Final = 0x0112  # EXIF Orientation
#: The share of photos held each way: below each threshold (of a uniform draw), the sheet
#: shows turned so many degrees clockwise, and whether the phone recorded it in EXIF.
_HOLDS: Final = (
    (0.04, 270, True),  # phone held sideways, as phones record it (Orientation 6)
    (0.06, 90, True),  # the other way (Orientation 8)
    (0.10, 90, False),  # the sheet lying sideways on the desk
    (0.13, 270, False),
    (0.17, 180, False),  # upside down
)
#: Pillow's transposes turn counter-clockwise: the one that turns a picture so many
#: degrees clockwise.
_TURNS: Final = {
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}
#: The EXIF orientation that shows upright a picture stored turned so many degrees clockwise.
_UPRIGHT_AGAIN: Final = {90: 8, 180: 3, 270: 6}
_LABEL_X: Final = 120
_VALUE_X: Final = 560  # clear of the longest label, as on the PDF
_VALUE_X_CHINESE: Final = 400  # the Chinese labels are shorter


@cache
def _font(size: int, face: int = 0) -> ImageFont.FreeTypeFont:
    # Basic layout: several times faster than Raqm, and these texts need no shaping.
    return ImageFont.truetype(
        str(resources.path("fonts", "wqy-microhei.ttc")),
        size,
        index=face,
        layout_engine=ImageFont.Layout.BASIC,
    )


#: Where the lamp is, as a crop of Pillow's radial gradient: top left, top right, left side.
_LAMPS: Final = ((96, 80, 256, 256), (0, 80, 160, 256), (96, 40, 256, 216))


@cache
def _shading(lamp: int = 0) -> Image.Image:
    """Light falling off away from a lamp beside the sheet (made once per lamp, reused)."""
    distance = Image.radial_gradient("L").crop(_LAMPS[lamp]).resize(PHOTO_SIZE)
    return distance.point(lambda v: 255 - v * 90 // 255)


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
    TestKind.IGG_ANTIBODY: "SARS-CoV-2 IgG antibody",
}


_TEST_ROWS_CHINESE: Final = (
    (wording.SAMPLE, "sample"),
    (wording.RESULT, "result"),
    (wording.MEASURE, "measure"),
    (wording.ISSUED, "issued"),
)


@cache
def _layout(
    kinds: tuple[TestKind, ...], chinese: bool, layout: ReportLayout = ReportLayout.ENGLISH
) -> tuple[_Row, ...]:
    """Where each label and value sits on the printout; the same for every report of a shape."""
    rows = [_Row(290, "", 33, ("title", 0), x=_LABEL_X), _Row(345, "", 24, ("no", 0), x=_LABEL_X)]
    y = 410
    in_chinese = layout is ReportLayout.CHINESE
    x = _VALUE_X_CHINESE if in_chinese else _VALUE_X
    if in_chinese:
        fields = [(wording.NAME, "name"), (wording.BIRTH, "birth"), (wording.SEX, "sex")]
        fields.append((wording.DOCUMENT, "document"))
        if chinese:
            fields.insert(1, (wording.CHINESE_NAME, "chinese"))
    else:
        fields = [("Name:", "name"), ("Date of birth:", "birth"), ("Sex:", "sex")]
        # The same label as the lab's PDF: the photo is of that report's printout.
        fields.append(("Passport / travel document no.:", "document"))
        if chinese:
            fields.insert(1, ("Chinese name:", "chinese"))
    for label, slot in fields:
        rows.append(_Row(y, label, 28, (slot, 0), bold=slot == "name", x=x))
        y += 44
    for position, kind in enumerate(kinds):
        y += 26
        analyte = wording.analyte(kind) if in_chinese else _ANALYTES[kind]
        rows.append(_Row(y, f"{position + 1}. {analyte}", 30, None, bold=True))
        y += 50
        for label, slot in _TEST_ROWS_CHINESE if in_chinese else _TEST_ROWS:
            rows.append(_Row(y, label, 27, (slot, position), bold=slot == "result", x=x))
            y += 42
    y = max(y + 80, 1330)
    rows += [
        _Row(y, "______________________________", 28),
        _Row(y + 48, wording.AUTHORISED if in_chinese else "Authorised by:", 26, ("signatory", 0)),
        _Row(y + 92, wording.REPORT_DATE if in_chinese else "Report date:", 26, ("date", 0)),
    ]
    return tuple(rows)


@lru_cache(maxsize=8)
def _form(
    kinds: tuple[TestKind, ...], chinese: bool, layout: ReportLayout = ReportLayout.ENGLISH
) -> Image.Image:
    """The blank form on the desk with its labels printed: drawn once per shape."""
    layer = Image.new("L", PHOTO_SIZE, 0)
    draw = ImageDraw.Draw(layer)
    left, top, right, _ = _PAPER_BOX
    draw.rectangle(_PAPER_BOX, fill=255)
    draw.rectangle((left, top, right, top + 130), fill=70)
    for row in _layout(kinds, chinese, layout):
        if row.label:
            draw.text((_LABEL_X, row.y), row.label, font=_font(row.size), fill=_INK)
    return layer


@lru_cache(maxsize=24)
def _template(
    kinds: tuple[TestKind, ...],
    chinese: bool,
    lamp: int = 0,
    layout: ReportLayout = ReportLayout.ENGLISH,
) -> Image.Image:
    """The form under one lamp's light (made once per shape and lamp)."""
    return ImageChops.multiply(_form(kinds, chinese, layout), _shading(lamp))


def _value(report: LabReport, slot: Slot) -> str:
    name, position = slot
    test = report.tests[min(position, len(report.tests) - 1)]
    if report.layout is ReportLayout.CHINESE:
        chinese = _chinese_value(report, name, test)
        if chinese is not None:
            return chinese
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


def _chinese_value(report: LabReport, name: str, test: LabTest) -> str | None:
    """The values the Chinese layout words its own way (None: as in English)."""
    number = report.report_number
    match name:
        case "no":
            return wording.report_number(number)
        case "sex":
            return wording.sex(report.sex)
        case "sample":
            return wording.moment(test.sample_collected_at, number)
        case "result":
            return wording.result(test)
        case "issued":
            return wording.moment(test.result_issued_at or report.issued_at, number)
        case "date":
            return wording.moment(report.issued_at, number)
    return None


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


def _printed(report: LabReport, layer: Image.Image) -> Image.Image:
    """`layer` (a blank form) with the report's letterhead and values printed on it."""
    kinds = tuple(t.kind for t in report.tests)
    head = letterhead(report.laboratory)
    left, top, _, _ = _PAPER_BOX
    _print(layer, (left + 40, top + 22), report.laboratory.name, 40, 250)
    _print(layer, (left + 40, top + 78), f"{head.address}   Tel. {head.phone}", 20, 220)
    _print(layer, (left + 40, top + 148), head.accreditation, 20, 90)
    for row in _layout(kinds, report.patient.chinese is not None, report.layout):
        if row.slot is not None:
            # Emphasis by size: a stroked (bold) outline costs four times as much to draw.
            size, y = (row.size + 3, row.y - 3) if row.bold else (row.size, row.y)
            _print(layer, (row.x, y), _value(report, row.slot), size, _INK)
    return layer


def _tilted(rng: random.Random) -> tuple[float, ...]:
    """A perspective for the camera's angle: the sheet turned a little and leaning away."""
    width, height = PHOTO_SIZE
    turn = rng.uniform(-0.06, 0.06)  # radians, about 3.5 degrees
    shift_x, shift_y = rng.randrange(-25, 26), rng.randrange(-25, 26)
    lean = rng.uniform(-_TILT, _TILT)  # the top edge nearer or further than the bottom
    side = rng.uniform(-_TILT / 2, _TILT / 2)
    corners: list[tuple[float, float]] = [(0, 0), (width, 0), (width, height), (0, height)]
    moved: list[tuple[float, float]] = []
    for index, (x, y) in enumerate(corners):
        dx, dy = x - width / 2, y - height / 2
        rx = dx - turn * dy
        ry = dy + turn * dx
        squeeze = lean if index < 2 else -lean
        rx += squeeze * (1 if index in (0, 3) else -1) / 2
        ry += side * (1 if index in (0, 1) else -1) * (1 if index in (0, 3) else -1) / 2
        moved.append((rx + width / 2 + shift_x, ry + height / 2 + shift_y))
    return _coefficients(corners, moved)


def _coefficients(
    target: list[tuple[float, float]], source: list[tuple[float, float]]
) -> tuple[float, ...]:
    """Pillow PERSPECTIVE data taking each `target` point to its `source` point."""
    # Eight equations in eight unknowns, solved by Gaussian elimination (no numpy here).
    rows: list[list[float]] = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    for column in range(8):
        pivot = max(range(column, 8), key=lambda r: abs(rows[r][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for r in range(8):
            if r != column:
                factor = rows[r][column] / rows[column][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column], strict=True)]
    return tuple(rows[i][8] / rows[i][i] for i in range(8))


def render_report_photo(
    report: LabReport, *, seed: int, taken_at: datetime, upright: bool = False
) -> bytes:
    """A JPEG of the printed report lying on a desk: at an angle, unevenly lit, compressed;
    some (decided by `seed`) taken sideways or of a sheet lying turned, unless `upright`."""
    rng = random.Random(seed)  # noqa: S311 (demo images)
    kinds = tuple(t.kind for t in report.tests)
    lamp = rng.randrange(len(_LAMPS))
    chinese = report.patient.chinese is not None
    layer = _printed(report, _template(kinds, chinese, lamp, report.layout).copy())
    # Nearest-neighbour resampling is ten times cheaper than bilinear; JPEG softens the steps.
    turned = layer.transform(
        PHOTO_SIZE,
        Image.Transform.PERSPECTIVE,
        _tilted(rng),
        resample=Image.Resampling.NEAREST,
        fillcolor=0,
    )
    turned.putpalette(_palette())  # L becomes P in place: the grey levels index the colours
    make, model = rng.choice(_PHONES)
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0132] = f"{taken_at:%Y:%m:%d %H:%M:%S}"
    exif.get_ifd(0x8769)[0x9003] = f"{taken_at:%Y:%m:%d %H:%M:%S}"  # DateTimeOriginal
    quality = rng.randrange(*_JPEG_QUALITY)
    # Drawn last, so the photos that are not turned stay as they were.
    picture, orientation = _held(turned.convert("RGB"), 1.0 if upright else rng.random())
    if orientation is not None:
        exif[_ORIENTATION] = orientation
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, subsampling=2, optimize=False, exif=exif)
    return out.getvalue()


def _held(picture: Image.Image, chance: float) -> tuple[Image.Image, int | None]:
    """The photo as the phone stored it, and the EXIF orientation it wrote, if any.

    Most are upright. Some phones were held sideways: the pixels are stored turned and the
    EXIF orientation says how to show them. Some sheets lay sideways or upside down on the
    desk (or the phone's sensor was wrong): turned pixels and no orientation to undo it.
    """
    for threshold, clockwise, recorded in _HOLDS:
        if chance < threshold:
            return turn_photo(picture, clockwise=clockwise, recorded=recorded)
    return picture, None


def turn_photo(
    picture: Image.Image, *, clockwise: int, recorded: bool
) -> tuple[Image.Image, int | None]:
    """`picture` as a camera turned `clockwise` degrees would store it, and the EXIF
    orientation that shows it upright again when the camera `recorded` its turn."""
    stored = picture.transpose(_TURNS[clockwise]) if clockwise else picture
    if not recorded:
        return stored, None
    return stored, _UPRIGHT_AGAIN.get(clockwise)


def turned_jpeg(data: bytes, *, clockwise: int, recorded: bool) -> bytes:
    """A JPEG photo turned as `turn_photo` turns it, its other EXIF kept (for tests)."""
    with Image.open(io.BytesIO(data)) as opened:
        exif = opened.getexif()
        picture, orientation = turn_photo(
            opened.convert("RGB"), clockwise=clockwise, recorded=recorded
        )
    if orientation is not None:
        exif[_ORIENTATION] = orientation
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def photograph_document(pdf: bytes, *, seed: int, dpi: float = 200.0) -> bytes:
    """A phone photo of the first page of `pdf` printed out: on the desk, at an angle, lit by
    a lamp, JPEG-compressed. The tests and benchmarks turn any demo report into a photo
    with it, so a check can be compared on the same report as a PDF and as a photo."""
    import pypdfium2  # only here: the demo's own photos are drawn without it

    rng = random.Random(seed)  # noqa: S311 (demo images)
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        try:
            printed = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
    finally:
        document.close()
    margin = round(dpi / 2)
    size = (printed.width + 2 * margin, printed.height + 2 * margin)
    sheet = Image.new("L", size, 0)
    sheet.paste(printed, (margin, margin))
    lamp = _LAMPS[rng.randrange(len(_LAMPS))]
    light = Image.radial_gradient("L").crop(lamp).resize(size)
    sheet = ImageChops.multiply(sheet, light.point(lambda v: 255 - v * 90 // 255))
    scale = size[0] / PHOTO_SIZE[0], size[1] / PHOTO_SIZE[1]
    tilt = _tilted(rng)
    # The camera's perspective, drawn for the photo's size and scaled to this sheet.
    a, b, c, d, e, f, g, h = tilt
    sx, sy = scale
    coefficients = (a, b * sx / sy, c * sx, d * sy / sx, e, f * sy, g / sx, h / sy)
    turned = sheet.transform(
        size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR, fillcolor=0
    )
    turned.putpalette(_palette())
    out = io.BytesIO()
    turned.convert("RGB").save(out, "JPEG", quality=rng.randrange(*_JPEG_QUALITY), subsampling=2)
    return out.getvalue()


def render_report_scan(report: LabReport, *, seed: int, scanned_at: datetime) -> bytes:
    """A PDF holding only a greyscale scan of the printed report: no text layer to read.

    What a traveller's office scanner or a scanning app makes: the sheet slightly askew on
    the glass, a little blur and the scanner's JPEG inside a one-page PDF.
    """
    rng = random.Random(seed)  # noqa: S311 (demo images)
    kinds = tuple(t.kind for t in report.tests)
    page = _printed(report, _form(kinds, report.patient.chinese is not None, report.layout).copy())
    page = page.crop(_PAPER_BOX)
    page = page.rotate(
        rng.uniform(-1.5, 1.5), resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255
    )
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    stamp = scanned_at.astimezone(UTC).timetuple()
    out = io.BytesIO()
    page.save(
        out,
        "PDF",
        resolution=_SCAN_DPI,
        quality=rng.randrange(*_JPEG_QUALITY),
        title=f"Scan {scanned_at.astimezone(UTC):%Y-%m-%d %H%M}",
        creator="Scan to PDF",
        producer="Scan to PDF",
        creationDate=stamp,
        modDate=stamp,
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
