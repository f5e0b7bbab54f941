"""Where the words of a PDF's text layer lie: found in the sandbox, in page points from the
top-left of the page as drawn, bounded whatever the file holds."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdfium2
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from reportlab.pdfgen.canvas import Canvas

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import (
    MAX_TEXT_LAYER_WORDS,
    MAX_TEXT_LAYER_WORDS_PER_DOCUMENT,
    PageText,
    Quad,
    facts_to_json,
)
from review.analysis.text_positions import word_boxes
from tests.support.declarations import build_declaration
from tests.support.hostile_documents import _flate_stream, raw_pdf
from tests.support.inspection import report_pdf

MISSION = "GBR-LON"
FORM_BOMB = Path(__file__).resolve().parents[3] / "tests/corpus/hostile/pdf-page-two-form-bomb.pdf"


def _rect(quad: Quad) -> tuple[float, float, float, float]:
    xs, ys = quad[0::2], quad[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _span(page: PageText, words: str) -> tuple[int, int]:
    start = page.text.index(words)
    return start, start + len(words)


def _ink(picture: object, box: tuple[float, float, float, float]) -> float:
    """The share of dark pixels of `picture` (a PIL image, 1 pixel a point) inside `box`."""
    from PIL import Image

    assert isinstance(picture, Image.Image)
    left, top, right, bottom = (round(v) for v in box)
    counts = picture.convert("L").crop((left, top, right, bottom)).histogram()
    return sum(counts[:128]) / max(sum(counts), 1)


def _drawn(data: bytes) -> object:
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        bitmap = page.render(scale=1)
        picture = bitmap.to_pil()
        bitmap.close()
        page.close()
        return picture
    finally:
        document.close()


def test_every_word_of_a_demo_report_is_placed_where_the_viewer_draws_it(
    analyser: DocumentAnalyser,
) -> None:
    content = build_declaration(mission=MISSION, family="Zhang", given="Wei").submission.content
    pdf = report_pdf(content, pages=2)
    facts = analyser.analyse(pdf)  # through the sandbox and its JSON reply
    assert facts.error is None and len(facts.pages) == 2
    for page in facts.pages:
        assert page.source == "text_layer" and page.words
        for word in re.finditer(r"\S+", page.text):
            assert page.quads(word.start(), word.end()), f"{word.group()!r} has no box"
        assert all(word.confidence == 1.0 for word in page.words)

    first = facts.pages[0]
    number = content.travel_document.number
    (name_box,) = first.quads(*_span(first, "Zhang Wei"))[:1]
    (number_box,) = first.quads(*_span(first, number))
    # pdfium reads back, inside each box (turned to its own bottom-up space), those words.
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        height = page.get_height()
        text_page = page.get_textpage()
        for box, expected in ((name_box, "Zhang"), (number_box, number)):
            left, top, right, bottom = _rect(box)
            inside = text_page.get_text_bounded(left, height - bottom, right, height - top)
            assert expected in inside
        text_page.close()
        page.close()
    finally:
        document.close()
    # And the pixels the viewer shows have ink there, and none a line below the number.
    picture = _drawn(pdf)
    left, top, right, bottom = _rect(number_box)
    assert _ink(picture, (left, top, right, bottom)) > 0.05
    assert _ink(picture, (left, bottom + 40, right, bottom + 40 + (bottom - top))) < 0.01


def _turned_and_cropped(word: str) -> bytes:
    """A page with `word` alone on it, turned a quarter (/Rotate 90), its crop box moved."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(600, 800))
    canvas.setFont("Helvetica", 24)
    canvas.drawString(300, 500, word)
    canvas.drawString(100, 150, "elsewhere")
    canvas.save()
    reader = PdfReader(io.BytesIO(out.getvalue()))
    writer = PdfWriter()
    page = writer.add_page(reader.pages[0])
    page.cropbox = RectangleObject((50, 100, 550, 700))
    page.rotate(90)
    turned = io.BytesIO()
    writer.write(turned)
    return turned.getvalue()


def test_positions_follow_the_pages_rotation_and_crop_box(analyser: DocumentAnalyser) -> None:
    pdf = _turned_and_cropped("MARKER")
    facts = analyser.analyse(pdf)
    assert facts.error is None
    page = facts.pages[0]
    (box,) = page.quads(*_span(page, "MARKER"))
    left, top, right, bottom = _rect(box)
    assert bottom - top > 2 * (right - left)  # turned a quarter: the word runs down the page
    picture = _drawn(pdf)  # as the viewer draws it, 600 points tall and 500 wide
    assert getattr(picture, "size", None) == (600, 500)
    assert _ink(picture, (left, top, right, bottom)) > 0.05
    # Where the word would be without the turn and the crop: nothing there.
    assert _ink(picture, (300 - 50, 800 - 500 - 100 - 24, 400 - 50, 800 - 500 - 100)) < 0.01


def test_the_alignment_survives_other_spacing_ligatures_and_stray_glyphs() -> None:
    text = "Name:  ZHANG Wei\nofﬁce E123 4567"

    def box(column: int, line: int) -> tuple[float, float, float, float]:
        return (10.0 * column, 100.0 - 20 * line, 10.0 * column + 9, 90.0 - 20 * line)

    # pdfium's reading: other spaces, "fi" as two glyphs, a glyph pypdf left out ("*").
    theirs = "Name: ZHANG Wei\r\n*office E1234567"
    chars: list[tuple[str, tuple[float, float, float, float] | None]] = []
    column = line = 0
    for char in theirs:
        if char == "\n":
            column, line = 0, line + 1
            chars.append((char, None))
            continue
        chars.append((char, None if char.isspace() else box(column, line)))
        column += 1

    def identity(x: float, y: float) -> tuple[float, float]:
        return x, y

    words = word_boxes(text, chars, identity, limit=100)
    placed = {text[w.start : w.end]: w.quad for w in words}
    assert set(placed) == {"Name:", "ZHANG", "Wei", "ofﬁce", "E123", "4567"}
    assert _rect(placed["ZHANG"]) == (60.0, 90.0, 109.0, 100.0)  # user space: y is up
    assert _rect(placed["4567"])[0] == 10.0 * 12  # after "*office E123": no space in pdfium's
    assert word_boxes(text, chars, identity, limit=2) == words[:2]


def _huge_text_pdf(pages: int, lines: int, per_line: int) -> bytes:
    """Pages of tiny text, thousands of words each, from a few kilobytes of compressed stream."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages)
    font = 3 + 2 * pages
    for number in range(pages):
        rows = []
        for line in range(lines):
            words = " ".join(f"w{line:03d}{k:03d}" for k in range(per_line))
            rows.append(b"1 0 0 1 10 %d Tm (" % (800 - 2 * line) + words.encode() + b") Tj")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents %d 0 R"
            b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * number, font)
        )
        objects.append(_flate_stream(b"BT /F1 1 Tf " + b"\n".join(rows) + b" ET"))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return raw_pdf(objects)


def test_a_hostile_page_of_huge_text_keeps_its_boxes_and_its_reply_bounded(
    analyser: DocumentAnalyser,
) -> None:
    one_page = _huge_text_pdf(pages=1, lines=390, per_line=100)  # 39,000 words
    facts = analyser.analyse(one_page)
    assert facts.error is None
    (page,) = facts.pages
    assert len(page.text) > 300_000
    assert len(page.words) == MAX_TEXT_LAYER_WORDS  # the first words, in reading order
    assert page.text[page.words[0].start : page.words[0].end] == "w000000"
    reply = facts_to_json(facts)
    assert len(reply) < len(page.text) + 150 * MAX_TEXT_LAYER_WORDS
    assert len(json.loads(reply)["pages"][0]["words"]) == MAX_TEXT_LAYER_WORDS

    many_pages = _huge_text_pdf(pages=12, lines=100, per_line=60)
    facts = analyser.analyse(many_pages)
    assert facts.error is None
    counts = [len(page.words) for page in facts.pages]
    assert max(counts) == MAX_TEXT_LAYER_WORDS
    assert sum(counts) <= MAX_TEXT_LAYER_WORDS_PER_DOCUMENT
    assert len(facts_to_json(facts)) < 4 * 1024 * 1024


def test_a_page_that_invokes_forms_by_the_thousand_is_not_handed_to_pdfium(
    analyser: DocumentAnalyser,
) -> None:
    # Page 2 draws one form 16 times, which draws another 16 times, eight deep: pypdf stops
    # walking it after a few thousand; pdfium would expand all 4 billion and run out.
    facts = analyser.analyse(FORM_BOMB.read_bytes())
    assert facts.error is None and len(facts.pages) == 2
    first, second = facts.pages
    assert first.words and first.quads(*_span(first, "Laboratory"))
    assert second.text.strip() and second.words == ()
