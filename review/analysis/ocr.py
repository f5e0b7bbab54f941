"""OCR of a photographed or scanned page: its text, each word placed and rated, English and Chinese.

Runs inside the analysis process only. The engine is Tesseract 5 (LSTM, the system library
through `review.analysis.tesseract`) with the English and Simplified Chinese models of the
Debian packages `tesseract-ocr-eng` and `tesseract-ocr-chi-sim` (scripts/bootstrap
installs them): nothing is downloaded at run time. The page is read in English first;
words it reads poorly (a Chinese name looks like noise to the English model) are read
again with the Chinese model, on a crop around them, which costs a few milliseconds each
instead of the whole page read twice.

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

from review.analysis.facts import OCR, PageText, Quad, WordBox, clean_text
from review.analysis.straighten import Straightened, straighten
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
#: Words whose vertical centres differ by less than this share of a line height share a row.
_SAME_ROW: Final = 0.55
#: English readings below this confidence are tried again with the Chinese model (the
#: English model reads 吴明 as "AA" with 0.75).
_RETRY_BELOW: Final = 0.8
_MAX_RETRIES: Final = 24  # per page: a page of noise must not cost a retry per speck
#: A Chinese reading replaces the English one when the model is at least this sure of it.
#: Low on purpose: the model rates characters it reads right as low as 0.1, and a reading
#: that is wrong keeps its low rating, which the checks then treat as "could not read".
_CHINESE_AT_LEAST: Final = 0.3
_ENGLISH_DOUBTFUL: Final = 0.5
#: A short word wider than this share of (letters x height) may be Chinese read as Latin.
_SQUARE_SHARE: Final = 0.95
_SQUARE_LETTERS: Final = 4
_ZOOM: Final = 2
#: Characters the Chinese model makes of lines and specks.
_STROKES: Final = frozenset("一二三十丨丶丿乙")


class OcrUnavailable(Exception):
    """The OCR engine or its language models are not installed."""


@dataclass(frozen=True, slots=True)
class _Engines:
    english: Tesseract
    chinese: Tesseract | None  # None when the Chinese model is not installed


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
        _engines = _Engines(english, chinese)
        atexit.register(_unload)  # Tesseract complains of leaks when a process ends with it
        return _engines


def _unload() -> None:
    global _engines
    with _engine_lock:
        if _engines is not None:
            _engines.english.close()
            if _engines.chinese is not None:
                _engines.chinese.close()
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
    to_page: Callable[[float, float], tuple[float, float]] | None = None,
    max_chars: int,
) -> PageText:
    """The page in `picture` read by OCR: straightened first, words placed on `picture`.

    `to_page` maps a pixel of `picture` to the page's coordinates (e.g. PDF points); by
    default positions stay in `picture`'s pixels. Raises `OcrUnavailable`.
    """
    engines = _load_engines()
    sheet = straighten(picture)
    with _reading_lock:  # an engine reads one picture at a time
        words = _recognise(engines, sheet.image)
    text, boxes = _layout(words, sheet, to_page, max_chars)
    return PageText(
        number=number,
        text=text,
        source=OCR,
        words=tuple(boxes),
        straightening=sheet.coefficients if sheet.sheet_found else (),
    )


def _recognise(engines: _Engines, page: Image.Image) -> list[RecognisedWord]:
    engines.english.set_image(page)
    words = engines.english.words()
    if engines.chinese is None:
        return words
    heights = [w.bottom - w.top for w in words if w.confidence >= _RETRY_BELOW]
    typical = statistics.median(heights) if heights else 0
    retried = 0
    chinese: list[RecognisedWord] = []
    for group in _doubtful_runs(words):
        if len(group) == 1 and group[0].confidence >= _RETRY_BELOW and not _too_wide(group[0]):
            continue
        height = max(w.bottom - w.top for w in group)
        if not typical * 0.6 <= height <= typical * 2.5:
            continue  # a rule, a stamp, a smudge: no line of text is that tall
        retried += 1
        if retried > _MAX_RETRIES:
            break
        for reading in _read_chinese(engines.chinese, page, group):
            # Neighbouring doubtful words give overlapping crops of one name: keep the
            # surer reading of that place.
            rival = next((c for c in chinese if _covers(c, reading) or _covers(reading, c)), None)
            if rival is None:
                chinese.append(reading)
            elif reading.confidence > rival.confidence:
                chinese[chinese.index(rival)] = reading
    # The Chinese reading replaces whatever the English model made of its place (it often
    # splits a name into a poorly read part and a part it was sure of).
    kept = [w for w in words if not any(_covers(c, w) for c in chinese)]
    return kept + chinese


def _covers(reading: RecognisedWord, word: RecognisedWord) -> bool:
    middle = (word.top + word.bottom) / 2
    return reading.top <= middle <= reading.bottom and (
        min(reading.right, word.right) - max(reading.left, word.left) > (word.right - word.left) / 2
    )


def _too_wide(word: RecognisedWord) -> bool:
    """Whether the word is too wide for its letters: Chinese characters are square, and the
    English model, sure of itself, reads 张军 as "KE" (two letters the width of two squares)."""
    height = word.bottom - word.top
    letters = sum(1 for c in word.text if c.isalpha())
    if height <= 0 or letters == 0 or letters > _SQUARE_LETTERS:
        return False
    return (word.right - word.left) / (len(word.text) * height) > _SQUARE_SHARE


def _doubtful_runs(words: list[RecognisedWord]) -> list[list[RecognisedWord]]:
    """The words in reading order, poorly read neighbours on one line grouped together."""
    groups: list[list[RecognisedWord]] = []
    for word in words:
        doubtful = word.confidence < _RETRY_BELOW or _too_wide(word)
        last = groups[-1] if groups else None
        if (
            doubtful
            and last is not None
            and (last[-1].confidence < _RETRY_BELOW or _too_wide(last[-1]))
            and _same_line(last[-1], word)
        ):
            last.append(word)
        else:
            groups.append([word])
    return groups


def _same_line(a: RecognisedWord, b: RecognisedWord) -> bool:
    height = max(a.bottom - a.top, b.bottom - b.top, 1)
    near = 0 <= b.left - a.right < height * 3
    return near and abs((a.top + a.bottom) - (b.top + b.bottom)) / 2 < height * _SAME_ROW


def _read_chinese(
    engine: Tesseract, page: Image.Image, group: list[RecognisedWord]
) -> list[RecognisedWord]:
    """The Chinese model's reading of the group's area, if it is a confident Chinese one."""
    left = min(w.left for w in group)
    top = min(w.top for w in group)
    right = max(w.right for w in group)
    bottom = max(w.bottom for w in group)
    height = bottom - top
    # Wide enough for the characters the English model did not even see as a word.
    pad_x, pad_y = height * 2, max(4, round(height * 0.4))
    box = (
        max(0, left - pad_x),
        max(0, top - pad_y),
        min(page.width, right + pad_x),
        min(page.height, bottom + pad_y),
    )
    crop = page.crop(box)
    # Chinese characters at the size of body text are too small for the Chinese model:
    # it reads them far better twice as large (a crop of a few thousand pixels).
    engine.set_image(
        crop.resize((crop.width * _ZOOM, crop.height * _ZOOM), Image.Resampling.BICUBIC)
    )
    read = [
        RecognisedWord(
            w.text,
            w.left // _ZOOM,
            w.top // _ZOOM,
            -(-w.right // _ZOOM),
            -(-w.bottom // _ZOOM),
            w.confidence,
        )
        for w in engine.words()
    ]
    characters = [c for w in read for c in w.text if _chinese(c)]
    if not characters or all(c in _STROKES for c in characters):
        return []  # rules and dashes read as 一 and 十 are not Chinese text
    if len(characters) * 2 < sum(len(w.text) for w in read):
        return []  # mostly Latin letters and digits: the English reading stands
    sureness = statistics.mean(w.confidence for w in read)
    english = statistics.mean(w.confidence for w in group)
    # An English word the English model was fairly sure of stays English, unless its
    # letters are as wide as Chinese characters.
    square = any(_too_wide(w) for w in group)
    if sureness < _CHINESE_AT_LEAST or (
        not square and english >= _ENGLISH_DOUBTFUL and sureness <= english
    ):
        return []
    dx, dy = box[0], box[1]
    # One word for the run: the model rates single characters erratically (0 for one it
    # reads right), so the run's mean says better how sure the reading is.
    return [
        RecognisedWord(
            "".join(w.text for w in read),
            min(w.left for w in read) + dx,
            min(w.top for w in read) + dy,
            max(w.right for w in read) + dx,
            max(w.bottom for w in read) + dy,
            sureness,
        )
    ]


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
        if row is not None and abs(_middle(word) - _row_middle(row)) < line_height * _SAME_ROW:
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
            elif _chinese(previous.text[-1]) and _chinese(written[0]):
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


def _chinese(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


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
