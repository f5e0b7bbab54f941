"""Reading photos: the sheet straightened, words placed back on the original picture, facts
found with their confidence, and the `inspect` command that shows them."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageStat

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import JPEG, PDF, DocumentFacts, ImageFacts
from review.analysis.report_facts import page_facts, report_facts
from review.analysis.straighten import straighten
from review.checks import Verdict, run_checks
from review.checks.identity import check_identity_in_report, simplified
from server.demodata import LabReport
from server.demodata.photos import render_report_photo
from tests.support.check_variants import ocr_page
from tests.support.review_demo import REFERENCE_TIME, DemoCase
from workstation.__main__ import main
from workstation.domain import DocumentKind
from workstation.protocol import DocumentRef

Pick = Callable[..., DemoCase]
#: Where the sheet's corners are in the synthetic photo (clockwise from the top left).
CORNERS = [(140, 90), (860, 130), (820, 760), (110, 700)]


def _desk_photo(*, band: bool = False) -> Image.Image:
    picture = Image.new("L", (1000, 850), 40)
    draw = ImageDraw.Draw(picture)
    draw.polygon(CORNERS, fill=235)
    if band:  # a letterhead printed light on a dark band along the top of the sheet
        draw.polygon([(140, 90), (860, 130), (855, 200), (135, 160)], fill=80)
    return picture


def test_the_sheet_is_found_and_its_corners_map_back_to_the_picture() -> None:
    sheet = straighten(_desk_photo())
    assert sheet.sheet_found
    width, height = sheet.image.size
    # About the sheet's own size: the longer of each pair of opposite edges.
    assert 700 <= width <= 740 and 620 <= height <= 680
    for corner, expected in zip(
        [(0, 0), (width, 0), (width, height), (0, height)], CORNERS, strict=True
    ):
        x, y = sheet.to_original(*corner)
        assert abs(x - expected[0]) <= 8 and abs(y - expected[1]) <= 8, (corner, x, y)


def test_a_flat_scan_is_read_as_it_is() -> None:
    scan = Image.new("L", (600, 800), 245)
    ImageDraw.Draw(scan).text((50, 50), "Name: Test", fill=20)
    sheet = straighten(scan)
    assert not sheet.sheet_found
    assert sheet.image.size == scan.size
    assert sheet.to_original(123, 456) == pytest.approx((123, 456))


def test_a_dark_letterhead_band_is_turned_light_for_ocr() -> None:
    sheet = straighten(_desk_photo(band=True))
    top = sheet.image.crop((0, 10, sheet.image.width, 40))
    assert ImageStat.Stat(top).mean[0] > 180


def test_a_demo_photo_is_read_with_every_word_placed_on_it(
    demo_case: Pick, analyser: DocumentAnalyser
) -> None:
    case = demo_case(None, lambda c: c.case.content.holder.name.chinese is not None)
    report = LabReport.of(case.case.content)
    photo = render_report_photo(report, seed=5, taken_at=REFERENCE_TIME, upright=True)
    facts = analyser.analyse(photo)
    assert facts.error is None and facts.image is not None and facts.read_by_ocr
    (page,) = facts.pages
    content = case.case.content
    assert content.holder.name.latin in page.text
    assert content.travel_document.number in page.text
    assert page.straightening  # the sheet was straightened, and how is kept
    for word in page.words:
        assert 0 <= word.confidence <= 1
        assert page.text[word.start : word.end].strip()
        assert all(-5 <= x <= facts.image.width + 5 for x in word.quad[0::2])
        assert all(-5 <= y <= facts.image.height + 5 for y in word.quad[1::2])
    found = report_facts(facts)
    kinds = {f.kind for f in found}
    assert {"laboratory", "name", "document_number", "sample_time", "result"} <= kinds
    name, chinese = (f for f in found if f.kind == "name")
    assert content.holder.name.chinese
    assert simplified(chinese.text) == simplified(content.holder.name.chinese)
    assert name.text == content.holder.name.latin and name.source == "ocr"
    assert name.confidence >= 0.7 and name.quads
    # On the printout the value stands right of its label, whatever the angle.
    label = page.text.index("Name:")
    label_x = min(page.quads(label, label + 5)[0][0::2])
    assert min(name.quads[0][0::2]) > label_x + 150


def test_a_pdf_text_layer_is_certain(demo_case: Pick) -> None:
    case = demo_case(None, lambda c: any(r.media_type == PDF for r in c.case.documents))
    ref = next(r for r in case.case.documents if r.media_type == PDF)
    found = report_facts(case.facts[ref.document_id])
    assert found
    assert all(f.confidence == 1.0 and f.source == "text_layer" for f in found)


@pytest.mark.parametrize(
    ("declared", "read", "verdict"),
    [
        ("YL0818006", "YLO818006", Verdict.PASS),  # O for 0: the same number
        ("YL0818006", "YL0818007", Verdict.FAIL),  # 7 for 6: another number
        ("CHLF9MM68", "CHLFOMM68", Verdict.WARN),  # O for 9: could be either, say so
        ("CHLF9MM68", "CHLF8MM68", Verdict.FAIL),
        ("CHLF9MM68", "CHLFOMM6", Verdict.FAIL),  # a character short
    ],
)
def test_a_number_read_with_o_for_0_is_still_the_declared_number(
    demo_case: Pick, declared: str, read: str, verdict: Verdict
) -> None:
    case = demo_case(None, lambda c: c.case.version == 0)
    document = case.case.content.travel_document.model_copy(update={"number": declared})
    content = case.case.content.model_copy(update={"travel_document": document})
    text = f"Name:  {content.holder.name.latin}\nPassport No.: {read}\n"
    data = text.encode()
    ref = DocumentRef(
        document_id=uuid.uuid4(),
        kind=DocumentKind.NAAT_REPORT,
        filename="IMG_0003.jpg",
        media_type=JPEG,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    facts = DocumentFacts(
        sha256=ref.sha256,
        size=len(data),
        media_type=JPEG,
        image=ImageFacts(format="JPEG", width=100, height=100),
        pages=(ocr_page(text, 0.95),),
    )
    record = case.case.model_copy(update={"content": content, "documents": [ref]})
    (identity,) = run_checks(
        record, {ref.document_id: facts}, case.policy, checks=[check_identity_in_report]
    )
    assert identity.verdict is verdict, identity.summary


def test_inspect_shows_the_facts_with_page_position_and_confidence(
    demo_case: Pick, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = demo_case(None, lambda c: c.case.version == 0)
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(
        render_report_photo(LabReport.of(case.case.content), seed=9, taken_at=REFERENCE_TIME)
    )
    assert main(["inspect", "--json", str(photo)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["error"] is None and shown["media_type"] == JPEG
    assert shown["pages"][0]["source"] == "ocr"
    kinds = {fact["kind"]: fact for fact in shown["facts"]}
    assert {"laboratory", "name", "document_number", "sample_time", "result"} <= set(kinds)
    number = kinds["document_number"]
    assert number["meaning"] == case.case.content.travel_document.number
    assert number["page"] == 1 and len(number["quads"][0]) == 8
    assert 0.7 <= number["confidence"] <= 1
    assert shown["integrity"]["image"]["camera"]


def test_inspect_says_why_a_file_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = Path(__file__).resolve().parents[2] / "corpus" / "hostile"
    files = [str(hostile / "jpeg-progressive-many-scans.jpg"), str(tmp_path / "missing.pdf")]
    assert main(["inspect", *files]) == 2
    out, err = capsys.readouterr()
    assert "cannot be read: the JPEG is written in 1500 scans" in out
    assert "missing.pdf: cannot open it" in err


@pytest.mark.parametrize(
    "letterhead",
    [
        "Institut für Molekulardiagnostik Leipzig",
        "Laboratoire d'analyses médicales Pasteur",
        "Centro Diagnostico Italiano",
        "北京和睦家医院检验科",
    ],
)
def test_a_laboratory_is_found_in_letterheads_of_other_languages(letterhead: str) -> None:
    page = ocr_page(f"{letterhead}\nHauptstraße 1, 04107 Leipzig\nName:  Zhang Wei\n", 0.9)
    labs = [f for f in page_facts(page) if f.kind == "laboratory"]
    assert [f.text for f in labs] == [letterhead]


def test_a_letterhead_without_a_laboratory_names_none() -> None:
    page = ocr_page("Dr. A. Smith\n12 High Street, 10117 Berlin\nName:  Zhang Wei\n", 0.9)
    assert not [f for f in page_facts(page) if f.kind == "laboratory"]
