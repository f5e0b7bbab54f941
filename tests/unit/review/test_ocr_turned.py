"""Photos of reports turned a quarter or half turn: by a camera held sideways (its EXIF
orientation says so) or of a sheet lying sideways or upside down (nothing says so).

Each is read by the real analyser in its sandbox, and every word stays placed on the
upload's stored pixels, where the inspector draws its marks.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image, ImageOps

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import DocumentFacts, PageText
from review.analysis.page_turn import doubtful_way_up, undoing_turn
from review.analysis.straighten import straighten, transpose_matrix, upright
from review.analysis.tesseract import PageSegmentation, Tesseract
from server.demodata import LabReport
from server.demodata.photos import render_report_photo, turned_jpeg
from tests.support.review_demo import REFERENCE_TIME, DemoCase

Pick = Callable[..., DemoCase]
Point = tuple[float, float]


@pytest.mark.parametrize("method", list(Image.Transpose))
def test_a_transpose_maps_each_pixel_back_to_where_it_was(method: Image.Transpose) -> None:
    picture = Image.new("L", (7, 5), 0)
    picture.putpixel((5, 1), 255)
    turned = picture.transpose(method)
    box = turned.getbbox()
    assert box is not None
    centre = np.array([box[0] + 0.5, box[1] + 0.5, 1.0])
    back = transpose_matrix(method, picture.size) @ centre
    assert back[:2] == pytest.approx((5.5, 1.5))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_an_exif_orientation_is_undone_as_viewers_undo_it(orientation: int) -> None:
    stored = Image.new("L", (60, 40), 255)
    stored.putpixel((50, 5), 0)
    exif = stored.getexif()
    exif[0x0112] = orientation
    shown, to_stored = upright(stored, orientation)
    viewed = ImageOps.exif_transpose(stored)
    assert shown.size == viewed.size
    assert np.array_equal(np.asarray(shown), np.asarray(viewed))
    # The straightened page (nothing to undo here) maps back onto the stored pixels.
    sheet = straighten(shown).seen_from(to_stored)
    box = shown.point(lambda v: 255 - v).getbbox()
    assert box is not None
    assert sheet.to_original(box[0] + 0.5, box[1] + 0.5) == pytest.approx((50.5, 5.5))
    assert sheet.moved is (orientation != 1)


def _turned(point: Point, clockwise: int, size: tuple[int, int]) -> Point:
    """Where `point` of an upright picture of `size` lies once the picture is turned."""
    x, y = point
    width, height = size
    return {
        0: (x, y),
        90: (height - y, x),
        180: (width - x, height - y),
        270: (y, width - x),
    }[clockwise]


def _number_centre(page: PageText, number: str) -> Point:
    start = page.text.index(number)
    (quad,) = page.quads(start, start + len(number))
    return sum(quad[0::2]) / 4, sum(quad[1::2]) / 4


@pytest.fixture(scope="module")
def upright_photo(
    demo_case: Pick, analyser: DocumentAnalyser
) -> tuple[DemoCase, bytes, DocumentFacts]:
    case = demo_case(None, lambda c: c.case.version == 0)
    report = LabReport.of(case.case.content)
    photo = render_report_photo(report, seed=11, taken_at=REFERENCE_TIME, upright=True)
    facts = analyser.analyse(photo)
    assert facts.error is None and facts.read_by_ocr
    assert case.case.content.travel_document.number in facts.pages[0].text
    return case, photo, facts


@pytest.mark.parametrize(
    ("clockwise", "recorded"),
    [(90, False), (180, False), (270, False), (90, True), (270, True), (180, True)],
    ids=["sideways", "upside-down", "other-side", "exif-8", "exif-6", "exif-3"],
)
def test_a_turned_photo_is_read_and_its_words_placed_on_the_stored_pixels(
    upright_photo: tuple[DemoCase, bytes, DocumentFacts],
    analyser: DocumentAnalyser,
    clockwise: int,
    recorded: bool,
) -> None:
    case, photo, upright_facts = upright_photo
    data = turned_jpeg(photo, clockwise=clockwise, recorded=recorded)
    with Image.open(io.BytesIO(data)) as stored:
        assert (0x0112 in stored.getexif()) is recorded
        stored_size = stored.size
    facts = analyser.analyse(data)
    assert facts.error is None and facts.read_by_ocr and facts.image is not None
    assert (facts.image.width, facts.image.height) == stored_size
    (page,) = facts.pages
    content = case.case.content
    assert content.holder.name.latin in page.text
    number = content.travel_document.number
    assert number in page.text
    assert upright_facts.image is not None
    size = (upright_facts.image.width, upright_facts.image.height)
    expected = _turned(_number_centre(upright_facts.pages[0], number), clockwise, size)
    found = _number_centre(page, number)
    assert found == pytest.approx(expected, abs=8), (found, expected)
    assert page.straightening  # how the page was turned and straightened is kept


def test_a_photo_upright_as_taken_is_not_turned(
    upright_photo: tuple[DemoCase, bytes, DocumentFacts],
) -> None:
    _, photo, facts = upright_photo
    with Image.open(io.BytesIO(photo)) as stored:
        assert 0x0112 not in stored.getexif()
    assert facts.image is not None
    page = facts.pages[0]
    label = page.text.index("Name:")
    (quad,) = page.quads(label, label + 5)
    # Near the sheet's top left, as printed: the page was read as it lies.
    assert max(quad[0::2]) < facts.image.width / 2
    assert max(quad[1::2]) < facts.image.height / 2


@pytest.mark.parametrize(
    ("orientation", "method"),
    [(2, Image.Transpose.FLIP_LEFT_RIGHT), (5, Image.Transpose.TRANSPOSE)],
)
def test_an_exif_orientation_is_honoured_even_when_it_mirrors(
    upright_photo: tuple[DemoCase, bytes, DocumentFacts],
    analyser: DocumentAnalyser,
    orientation: int,
    method: Image.Transpose,
) -> None:
    # Mirrored print reads in no turn: only the EXIF orientation makes it legible.
    case, photo, upright_facts = upright_photo
    with Image.open(io.BytesIO(photo)) as opened:
        exif = opened.getexif()
        stored = opened.convert("RGB").transpose(method)  # both are their own inverse
    exif[0x0112] = orientation
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=90, exif=exif)
    facts = analyser.analyse(out.getvalue())
    assert facts.error is None and facts.read_by_ocr
    number = case.case.content.travel_document.number
    (page,) = facts.pages
    assert number in page.text
    x, y = _number_centre(upright_facts.pages[0], number)
    assert upright_facts.image is not None
    width = upright_facts.image.width
    expected = (width - x, y) if orientation == 2 else (y, x)
    assert _number_centre(page, number) == pytest.approx(expected, abs=8)


@pytest.mark.parametrize("with_osd", [True, False], ids=["osd", "reading-each-way"])
def test_the_turn_of_a_page_is_found_with_or_without_the_osd_model(
    upright_photo: tuple[DemoCase, bytes, DocumentFacts], with_osd: bool
) -> None:
    # The engines alone, in this process, on a picture this test drew.
    _, photo, _ = upright_photo
    with Image.open(io.BytesIO(photo)) as opened:
        sheet = straighten(opened.convert("L"))
    page = sheet.image.transpose(Image.Transpose.ROTATE_90)  # a quarter turn to the left
    reader = Tesseract("eng", segmentation=PageSegmentation.SPARSE_TEXT)
    detector = (
        Tesseract("osd", segmentation=PageSegmentation.ORIENTATION_ONLY) if with_osd else None
    )
    try:
        reader.set_image(page)
        assert doubtful_way_up(reader.words())
        method = undoing_turn(page, detector=detector, reader=reader)
        assert method is Image.Transpose.ROTATE_270
        reader.set_image(sheet.image)
        assert not doubtful_way_up(reader.words())
        assert undoing_turn(sheet.image, detector=detector, reader=reader) is None
    finally:
        reader.close()
        if detector is not None:
            detector.close()
