"""Where the words of a PDF's text layer lie on the page, for the inspector's highlights.

Runs inside the analysis process, after pypdf extracted the pages' text (the text the
checks read) and pdfium (the engine that draws what the officer sees) opened the file.
pdfium knows each character's box; pypdf's text is laid out a little differently (other
spaces and line breaks, sometimes a glyph more or less), so the two are aligned on their
non-space characters, and each word of pypdf's text gets the union of its characters'
boxes, one box per line it spans. Positions are PDF points from the top-left corner of
the page as pdfium draws it (crop box and /Rotate applied), like OCR'd scanned pages.

Bounded for hostile files: characters read per page and per document, word boxes kept
per page and per document (`facts.MAX_TEXT_LAYER_WORDS...`) and the time spent, whatever
the text says; pages whose content pdfium would have to expand beyond what pypdf walked
(forms invoked by the thousand) are skipped (`pdf_facts`).
"""

from __future__ import annotations

import ctypes
import dataclasses
import logging
import re
import time
import unicodedata
from collections.abc import Sequence
from typing import Any, Final

import pypdfium2
import pypdfium2.raw as pdfium_c

from review.analysis.facts import (
    MAX_TEXT_LAYER_WORDS,
    MAX_TEXT_LAYER_WORDS_PER_DOCUMENT,
    DocumentFacts,
    PageText,
    Quad,
    WordBox,
)

log = logging.getLogger(__name__)

#: pdfium characters read on one page, and on all pages together (each is a library call).
MAX_PAGE_CHARS: Final = 40_000
MAX_DOCUMENT_CHARS: Final = 200_000
#: Seconds spent placing words, all pages together: the rest of the analysis goes on
#: within its own limit, and later pages simply have no positions.
MAX_SECONDS: Final = 2.0
#: How far ahead the alignment looks to find its place again after a difference.
_RESYNC_WINDOW: Final = 400
_RESYNC_KEY: Final = 4  # characters that must agree to take up the alignment again
#: Device units per point when asking pdfium for its page-to-screen mapping (it answers in
#: whole units, so a large page size keeps a hundredth of a point).
_PRECISION: Final = 100
_WORD: Final = re.compile(r"\S+")

#: (left, top, right, bottom) in PDF user space, as pdfium gives a character's box.
_Box = tuple[float, float, float, float]


def place_text_layer(
    data: bytes, facts: DocumentFacts, *, skip: frozenset[int] = frozenset()
) -> DocumentFacts:
    """`facts` with word boxes for the pages whose text came from the text layer, except
    the pages in `skip` (too costly for pdfium to load, see `pdf_facts`)."""
    wanted = [
        page
        for page in facts.pages
        if not page.ocr and page.text.strip() and page.number not in skip
    ]
    if not wanted:
        return facts
    placed: dict[int, PageText] = {}
    words_left = MAX_TEXT_LAYER_WORDS_PER_DOCUMENT
    chars_left = MAX_DOCUMENT_CHARS
    deadline = time.monotonic() + MAX_SECONDS
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        log.info("no text positions: %s", exc)
        return facts
    try:
        for page_text in wanted:
            if words_left <= 0 or chars_left <= 0 or page_text.number > len(document):
                break
            if time.monotonic() > deadline:
                log.info("text positions stopped after %s s", MAX_SECONDS)
                break
            page = document[page_text.number - 1]
            try:
                boxes, read = _char_boxes(page, min(MAX_PAGE_CHARS, chars_left))
                to_top_left = _page_to_top_left(page)
            finally:
                page.close()
            chars_left -= read
            words = word_boxes(
                page_text.text, boxes, to_top_left, limit=min(MAX_TEXT_LAYER_WORDS, words_left)
            )
            words_left -= len(words)
            placed[page_text.number] = dataclasses.replace(page_text, words=words)
    except pypdfium2.PdfiumError as exc:  # highlights are a help: the facts stand without
        log.info("text positions stopped: %s", exc)
    finally:
        document.close()
    return dataclasses.replace(
        facts, pages=tuple(placed.get(page.number, page) for page in facts.pages)
    )


def _char_boxes(page: Any, limit: int) -> tuple[list[tuple[str, _Box | None]], int]:
    """pdfium's characters on `page` (at most `limit`) and their boxes (None: no box)."""
    text_page = page.get_textpage()
    try:
        count = min(max(text_page.count_chars(), 0), limit)
        raw = text_page.raw
        rect = pdfium_c.FS_RECTF()
        # The page's characters in one call; one by one only when that text does not count
        # one character per index (a character beyond the BMP takes two UTF-16 units).
        whole = text_page.get_text_range(0, count) if count else ""
        chars: list[tuple[str, _Box | None]] = []
        for index in range(count):
            if len(whole) == count:
                char = whole[index]
            else:
                code = pdfium_c.FPDFText_GetUnicode(raw, index)
                char = chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
            box: _Box | None = None
            # The loose box spans the font's ascent and descent: a line's words are marked
            # at one height, not each at its glyphs' own.
            if (
                not char.isspace()
                and pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect)
                and rect.right > rect.left
                and rect.top > rect.bottom
            ):
                box = (rect.left, rect.top, rect.right, rect.bottom)
            chars.append((char, box))
        return chars, count
    finally:
        text_page.close()


class _Affine:
    """PDF user space to points from the drawn page's top-left corner."""

    def __init__(self, origin: tuple[float, float], unit_x: tuple[float, float],
                 unit_y: tuple[float, float]) -> None:  # fmt: skip
        self.origin, self.unit_x, self.unit_y = origin, unit_x, unit_y

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        ox, oy = self.origin
        return (
            ox + x * self.unit_x[0] + y * self.unit_y[0],
            oy + x * self.unit_x[1] + y * self.unit_y[1],
        )


def _page_to_top_left(page: Any) -> _Affine:
    """pdfium's own page-to-device mapping (what it uses to draw), sampled at three points."""
    width, height = page.get_size()
    size_x = max(1, round(width * _PRECISION))
    size_y = max(1, round(height * _PRECISION))
    span = 1000.0

    def device(x: float, y: float) -> tuple[float, float]:
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, size_x, size_y, 0, x, y, dx, dy)
        return dx.value / _PRECISION, dy.value / _PRECISION

    origin = device(0.0, 0.0)
    along_x, along_y = device(span, 0.0), device(0.0, span)
    return _Affine(
        origin,
        ((along_x[0] - origin[0]) / span, (along_x[1] - origin[1]) / span),
        ((along_y[0] - origin[0]) / span, (along_y[1] - origin[1]) / span),
    )


def word_boxes(
    text: str,
    chars: Sequence[tuple[str, _Box | None]],
    to_top_left: Any,
    *,
    limit: int,
) -> tuple[WordBox, ...]:
    """A box for each word of `text` (one per line it spans), from `chars`' boxes.

    `chars` are pdfium's characters with their boxes in user space; `to_top_left` maps a
    point of user space to the page's top-left coordinates. At most `limit` boxes.
    """
    located = _align(text, chars)
    words: list[WordBox] = []
    for match in _WORD.finditer(text):
        if len(words) >= limit:
            break
        run: list[tuple[int, _Box]] = []
        for index in range(match.start(), match.end()):
            box = located.get(index)
            if box is None:
                continue
            if run and not _same_line(run[-1][1], box):
                words.append(_word(run, to_top_left))
                run = []
                if len(words) >= limit:
                    break
            run.append((index, box))
        if run and len(words) < limit:
            words.append(_word(run, to_top_left))
    return tuple(words)


def _align(text: str, chars: Sequence[tuple[str, _Box | None]]) -> dict[int, _Box]:
    """Index in `text` -> the box of the pdfium character it was aligned with.

    Both sides are compared without spaces, in compatibility form and case-folded (a
    ligature "ﬁ" is "fi" on either side). After a difference the alignment takes up again
    at the nearest place where `_RESYNC_KEY` characters agree, within `_RESYNC_WINDOW`:
    linear in the length, whatever the text.
    """
    ours = [(i, c) for i, ch in enumerate(text) if not ch.isspace() for c in _normal(ch)]
    theirs = [(box, c) for ch, box in chars if not ch.isspace() for c in _normal(ch)]
    ours_text = "".join(c for _, c in ours)
    theirs_text = "".join(c for _, c in theirs)
    located: dict[int, _Box] = {}
    if ours_text == theirs_text:  # the usual case: the same characters in the same order
        for (index, _), (box, _) in zip(ours, theirs, strict=True):
            if box is not None:
                known = located.get(index)
                located[index] = box if known is None else _union(known, box)
        return located
    a = b = 0
    while a < len(ours) and b < len(theirs):
        if ours_text[a] == theirs_text[b]:
            box = theirs[b][0]
            if box is not None:
                index = ours[a][0]
                known = located.get(index)
                located[index] = box if known is None else _union(known, box)
            a, b = a + 1, b + 1
            continue
        # Where each side's next few characters turn up on the other side, if nearby.
        skip_theirs = _distance(theirs_text, ours_text[a : a + _RESYNC_KEY], b)
        skip_ours = _distance(ours_text, theirs_text[b : b + _RESYNC_KEY], a)
        if skip_theirs is None and skip_ours is None:
            a, b = a + 1, b + 1  # one character read differently on each side
        elif skip_ours is None or (skip_theirs is not None and skip_theirs <= skip_ours):
            b += skip_theirs or 1  # pdfium has characters pypdf left out: skip them
        else:
            a += skip_ours  # and the other way round
    return located


def _distance(haystack: str, key: str, start: int) -> int | None:
    """How far after `start` `key` appears in `haystack`, within the window; None if not."""
    if len(key) < _RESYNC_KEY:
        return None
    found = haystack.find(key, start + 1, start + _RESYNC_WINDOW + len(key))
    return None if found < 0 else found - start


def _normal(char: str) -> str:
    if char < "\x80":
        return char.lower()
    return unicodedata.normalize("NFKC", char).casefold() or char


def _same_line(before: _Box, after: _Box) -> bool:
    """Whether two character boxes sit on one line: the middle of each is within the other's
    height (a quarter of it to spare), so a comma's small box stays with its word."""

    def within(box: _Box, other: _Box) -> bool:
        middle = (box[1] + box[3]) / 2
        spare = (other[1] - other[3]) / 4
        return other[3] - spare <= middle <= other[1] + spare

    return within(before, after) and within(after, before)


def _union(first: _Box, second: _Box) -> _Box:
    return (
        min(first[0], second[0]),
        max(first[1], second[1]),
        max(first[2], second[2]),
        min(first[3], second[3]),
    )


def _word(run: Sequence[tuple[int, _Box]], to_top_left: Any) -> WordBox:
    boxes = [box for _, box in run]
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    top, bottom = max(b[1] for b in boxes), min(b[3] for b in boxes)
    corners = ((left, top), (right, top), (right, bottom), (left, bottom))
    out: list[float] = []
    for x, y in corners:
        px, py = to_top_left(x, y)
        out += [round(px, 1), round(py, 1)]
    quad: Quad = (out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7])
    return WordBox(start=run[0][0], end=run[-1][0] + 1, quad=quad, confidence=1.0)
