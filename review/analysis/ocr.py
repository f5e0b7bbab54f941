"""OCR of a photographed or scanned page: its text, each word placed and rated, English and Chinese.

Runs inside the analysis process only. The engine is Tesseract 5 (LSTM, the system library
through `review.analysis.tesseract`) with the English and Simplified Chinese models of the
Debian packages `tesseract-ocr-eng` and `tesseract-ocr-chi-sim` (scripts/bootstrap
installs them): nothing is downloaded at run time.

A photo is first turned as its EXIF orientation says, then straightened
(`review.analysis.straighten`), then read in English. A page the English model reads
poorly may lie sideways or upside down: it is turned if Tesseract's OSD model (or, without
it, reading each way) says so and the turned page reads better (`page_turn`). Words read
poorly then (a Chinese name looks like noise to the English model) are read again with the
Chinese model, on crops around them (`chinese_reading`). On a report printed in Chinese (several
such runs: 姓名, 采样时间, 检测结果), the numbers on its labelled rows are read again with
the Chinese model too, which reads dates written 2024年03月01日 08时30分 that the English
model turns into digits and letters; only those rows, not the whole page twice, so such a
page costs a few crops more than an English one. Latin words still read poorly get
a second look of their own, enlarged (`latin_reading`). Every turn and the perspective are
kept as one transform, so each word's position is given in the upload's stored pixels
(the ones `ImageFacts.width` and `height` count, before the EXIF orientation).

Lines are rebuilt from the words' positions on the straightened page (not from the
engine's block order), so a label and its value printed far apart on one row stay on one
line, as a PDF's text layer has them; a wide gap becomes two spaces, which the matchers
read as a table cell's end.
"""

from __future__ import annotations

import atexit
import logging
import statistics
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from PIL import Image

from review.analysis.chinese_reading import (
    SAME_ROW,
    is_chinese,
    with_chinese,
    with_chinese_dates,
)
from review.analysis.facts import OCR, PageText, Quad, WordBox, clean_text
from review.analysis.latin_reading import with_second_looks
from review.analysis.page_turn import doubtful_way_up, sure_words, undoing_turn
from review.analysis.straighten import Straightened, straighten, upright
from review.analysis.tesseract import (
    PageSegmentation,
    RecognisedWord,
    Tesseract,
    TesseractMissing,
    tessdata_dir,
)

log = logging.getLogger(__name__)

#: The Simplified Chinese model reads Traditional characters as their simplified forms
#: (陳 as 陈), which is how the checks compare Chinese names anyway; on names in photos it
#: reads more right than the Simplified and Traditional models together.
CHINESE_MODELS: Final = ("chi_sim",)
#: Symbols no lab report prints, which the English model reads into a photo's letters
#: (E97517363 as "£97517363").
_NEVER_PRINTED: Final = "£€¢¥©®§¶¤«»"
#: A gap between two words wider than this many line heights separates table cells.
_CELL_GAP: Final = 1.2


class OcrUnavailable(Exception):
    """The OCR engine or its language models are not installed."""


@dataclass(frozen=True, slots=True)
class _Engines:
    english: Tesseract
    chinese: Tesseract | None  # None when the Chinese model is not installed
    orientation: Tesseract | None  # None when the OSD model is not installed


_engine_lock = threading.Lock()
_reading_lock = threading.Lock()
_engines: _Engines | None = None


def _load_engines() -> _Engines:
    global _engines
    with _engine_lock:
        if _engines is not None:
            return _engines
        try:
            english = Tesseract(
                "eng",
                segmentation=PageSegmentation.SPARSE_TEXT,
                variables={"tessedit_char_blacklist": _NEVER_PRINTED},
            )
        except TesseractMissing as exc:
            raise OcrUnavailable(str(exc)) from exc
        chinese = None
        models = [lang for lang in CHINESE_MODELS if tessdata_dir(lang) is not None]
        if not models:
            log.warning("no Chinese OCR model installed: Chinese text is not read")
        else:
            try:
                chinese = Tesseract("+".join(models), segmentation=PageSegmentation.SINGLE_LINE)
            except TesseractMissing as exc:
                log.warning("%s: Chinese text is not read", exc)
        orientation = None
        if tessdata_dir("osd") is None:
            log.info("no OSD model installed: a turned page is found by reading it each way")
        else:
            try:
                orientation = Tesseract("osd", segmentation=PageSegmentation.ORIENTATION_ONLY)
            except TesseractMissing as exc:
                log.warning("%s: a turned page is found by reading it each way", exc)
        _engines = _Engines(english, chinese, orientation)
        atexit.register(_unload)  # Tesseract complains of leaks when a process ends with it
        return _engines


def _unload() -> None:
    global _engines
    with _engine_lock:
        if _engines is not None:
            _engines.english.close()
            for engine in (_engines.chinese, _engines.orientation):
                if engine is not None:
                    engine.close()
            _engines = None


def warm_up() -> None:
    """Load the engines now (the analysis process does this beside its first document)."""
    try:
        _load_engines()
    except OcrUnavailable as exc:
        log.warning("%s", exc)


def read_picture(
    picture: Image.Image,
    *,
    number: int = 1,
    orientation: int = 1,
    to_page: Callable[[float, float], tuple[float, float]] | None = None,
    max_chars: int,
) -> PageText:
    """The page in `picture` read by OCR: turned upright and straightened first, each word
    placed on `picture` as stored.

    `orientation` is the photo's EXIF orientation (1 to 8), applied before reading.
    `to_page` maps a pixel of `picture` to the page's coordinates (e.g. PDF points); by
    default positions stay in `picture`'s pixels. Raises `OcrUnavailable`.
    """
    engines = _load_engines()
    shown, to_stored = upright(picture, orientation)
    sheet = straighten(shown).seen_from(to_stored)
    with _reading_lock:  # an engine reads one picture at a time
        sheet, words = _read_upright(engines, sheet)
        if engines.chinese is not None:
            words = with_chinese(engines.chinese, sheet.image, words)
            words = with_chinese_dates(engines.chinese, sheet.image, words)
        words = with_second_looks(engines.english, sheet.image, words)
    text, boxes = _layout(words, sheet, to_page, max_chars)
    return PageText(
        number=number,
        text=text,
        source=OCR,
        words=tuple(boxes),
        straightening=sheet.coefficients if sheet.moved else (),
    )


def _read_upright(
    engines: _Engines, sheet: Straightened
) -> tuple[Straightened, list[RecognisedWord]]:
    """The English reading of the page, turned first if it lies sideways or upside down."""
    engines.english.set_image(sheet.image)
    words = engines.english.words()
    if not doubtful_way_up(words):
        return sheet, words
    method = undoing_turn(sheet.image, detector=engines.orientation, reader=engines.english)
    if method is None:
        return sheet, words
    turned = sheet.turned(method)
    engines.english.set_image(turned.image)
    again = engines.english.words()
    if sure_words(again) > sure_words(words):
        log.debug("the page was turned (%s)", method.name)
        return turned, again
    return sheet, words


def _layout(
    words: list[RecognisedWord],
    sheet: Straightened,
    to_page: Callable[[float, float], tuple[float, float]] | None,
    max_chars: int,
) -> tuple[str, list[WordBox]]:
    """The words as lines of text (rows top to bottom, words left to right), and their boxes."""
    if not words:
        return "", []
    line_height = statistics.median(w.bottom - w.top for w in words) or 1
    rows: list[list[RecognisedWord]] = []
    for word in sorted(words, key=_middle):
        row = rows[-1] if rows else None
        if row is not None and abs(_middle(word) - _row_middle(row)) < _row_reach(
            word, row, line_height
        ):
            row.append(word)
        else:
            rows.append([word])
    parts: list[str] = []
    boxes: list[WordBox] = []
    length = 0
    for row_number, row in enumerate(rows):
        previous: RecognisedWord | None = None
        for word in sorted(row, key=lambda w: w.left):
            # Engine output is untrusted text like any other: no control or bidi characters.
            written = " ".join(clean_text(word.text).split())
            if not written:
                continue
            if previous is None:
                gap = "\n" if row_number else ""
            elif word.left - previous.right > line_height * _CELL_GAP:
                gap = "  "
            elif is_chinese(previous.text[-1]) and is_chinese(written[0]):
                gap = ""
            else:
                gap = " "
            if length + len(gap) + len(written) > max_chars:
                return "".join(parts), boxes
            parts.append(gap)
            length += len(gap)
            boxes.append(
                WordBox(
                    start=length,
                    end=length + len(written),
                    quad=_quad(word, sheet, to_page),
                    confidence=round(word.confidence, 3),
                )
            )
            parts.append(written)
            length += len(written)
            previous = word
    return "".join(parts), boxes


def _middle(word: RecognisedWord) -> float:
    return (word.top + word.bottom) / 2


def _row_middle(row: list[RecognisedWord]) -> float:
    return sum(_middle(w) for w in row) / len(row)


def _row_reach(word: RecognisedWord, row: list[RecognisedWord], line_height: float) -> float:
    """How far from a row's middle a word may be and still belong to it: a share of the
    body text's height, or of the row's own when a letterhead's large words make it taller
    (a slight slant moves their middles more than a body line's)."""
    own = min(word.bottom - word.top, statistics.median(w.bottom - w.top for w in row))
    return max(line_height, own) * SAME_ROW


def _quad(
    word: RecognisedWord,
    sheet: Straightened,
    to_page: Callable[[float, float], tuple[float, float]] | None,
) -> Quad:
    corners = (
        (word.left, word.top),
        (word.right, word.top),
        (word.right, word.bottom),
        (word.left, word.bottom),
    )
    out: list[float] = []
    for x, y in corners:
        px, py = sheet.to_original(x, y)
        if to_page is not None:
            px, py = to_page(px, py)
        out += [round(px, 1), round(py, 1)]
    return (out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7])
