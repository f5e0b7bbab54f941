"""Chinese text on a page the English model read first: found, then read carefully.

Runs inside the analysis process, under `review.analysis.ocr`'s reading lock. Words the
English model reads poorly (a Chinese name looks like noise to it: 吴明 as "AA" at 0.75)
or whose letters are as wide as Chinese characters are read again with the Chinese model
on a crop around them, a few milliseconds each instead of the whole page read twice.

Body-size Chinese characters in a phone photo are small for the Chinese model, and it
misreads a dense character differently at each size and sharpness: 辉 as 炊 at one zoom,
熔 at another, 辉 at most. So each run accepted as Chinese gets a second look: its tight
crop is enlarged to two text heights the model reads well, each plain, smoothed and
thresholded, and the run is read from the characters most of those readings agree on.
How many agree becomes the run's confidence, so a name only some readings saw that way
is reported as uncertain rather than as read.
"""

from __future__ import annotations

import logging
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import numpy as np
from PIL import Image, ImageFilter

from review.analysis.tesseract import RecognisedWord, Tesseract

log = logging.getLogger(__name__)

#: English readings below this confidence are tried again with the Chinese model.
RETRY_BELOW: Final = 0.8
_MAX_RETRIES: Final = 24  # per page: a page of noise must not cost a retry per speck
#: Chinese runs read again several ways, per page (the least sure first), and the most
#: characters such a run has (a name; a sentence keeps its first reading).
_MAX_SECOND_LOOKS: Final = 4
_SECOND_LOOK_CHARACTERS: Final = 8
#: A Chinese reading replaces the English one when the model is at least this sure of it.
#: Low on purpose: the model rates characters it reads right as low as 0.1, and a reading
#: that is wrong keeps its low rating, which the checks then treat as "could not read".
_CHINESE_AT_LEAST: Final = 0.3
_ENGLISH_DOUBTFUL: Final = 0.5
#: A short word wider than this share of (letters x height) may be Chinese read as Latin.
_SQUARE_SHARE: Final = 0.95
_SQUARE_LETTERS: Final = 4
#: Heights (pixels) the Chinese model reads characters well at; a crop is scaled to them.
_FIRST_HEIGHT: Final = 48
_SECOND_LOOK_HEIGHTS: Final = (36, 48)
_MAX_ZOOM: Final = 4.0
#: Words whose vertical centres differ by less than this share of a line height share a row.
SAME_ROW: Final = 0.55
#: Characters the Chinese model makes of lines and specks.
_STROKES: Final = frozenset("一二三十丨丶丿乙")


def is_chinese(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


@dataclass(slots=True)
class _Candidate:
    """A Chinese reading of a place the English model read poorly."""

    reading: RecognisedWord
    english: float  # the English model's mean confidence in its words there
    square: bool  # its letters were as wide as Chinese characters


def with_chinese(
    engine: Tesseract, page: Image.Image, words: list[RecognisedWord]
) -> list[RecognisedWord]:
    """`words` (the English reading of `page`) with Chinese readings where they fit better."""
    sure = [w for w in words if not _doubtful(w)]
    heights = [w.bottom - w.top for w in sure]
    typical = statistics.median(heights) if heights else 0
    retried = 0
    candidates: list[_Candidate] = []
    for group in _doubtful_runs(words):
        if not _doubtful(group[0]):
            continue
        height = max(w.bottom - w.top for w in group)
        if not typical * 0.6 <= height <= typical * 2.5:
            continue  # a rule, a stamp, a smudge: no line of text is that tall
        retried += 1
        if retried > _MAX_RETRIES:
            break
        reading = _read_chinese(engine, page, group, _bounds(page, group, sure))
        if reading is None:
            continue
        found = _Candidate(
            reading,
            statistics.mean(w.confidence for w in group),
            any(_too_wide(w) for w in group),
        )
        # Neighbouring doubtful words give overlapping crops of one name: keep the
        # surer reading of that place.
        rival = next(
            (c for c in candidates if _covers(c.reading, reading) or _covers(reading, c.reading)),
            None,
        )
        if rival is None:
            candidates.append(found)
        elif reading.confidence > rival.reading.confidence:
            candidates[candidates.index(rival)] = found
    # Names are a few characters at body size: a long run (a sentence) or a sliver (a
    # rule read as 一 and 国) is not worth eight more readings.
    worth = [
        c
        for c in candidates
        if len(_han(c.reading.text)) <= _SECOND_LOOK_CHARACTERS
        and c.reading.bottom - c.reading.top >= typical * 0.6
    ]
    for candidate in sorted(worth, key=lambda c: c.reading.confidence)[:_MAX_SECOND_LOOKS]:
        run = candidate.reading
        bounds = _bounds(page, [run], sure)
        candidate.reading = _second_look(engine, page, run, bounds, typical)
    chinese = [c.reading for c in candidates if _accepted(c)]
    # The Chinese reading replaces whatever the English model made of its place (it often
    # splits a name into a poorly read part and a part it was sure of).
    kept = [w for w in words if not any(_covers(c, w) for c in chinese)]
    return kept + chinese


def _accepted(candidate: _Candidate) -> bool:
    """Whether the Chinese reading replaces the English one.

    An English word the English model was fairly sure of stays English, unless its letters
    are as wide as Chinese characters.
    """
    sureness = candidate.reading.confidence
    if sureness < _CHINESE_AT_LEAST:
        return False
    return candidate.square or candidate.english < _ENGLISH_DOUBTFUL or sureness > candidate.english


def _bounds(
    page: Image.Image, group: list[RecognisedWord], sure: list[RecognisedWord]
) -> tuple[int, int]:
    """How far left and right a crop around `group` may reach: up to twice its height, and
    not into a word on its row the English model was sure of (a label's letters are no part
    of the value)."""
    top, bottom = min(w.top for w in group), max(w.bottom for w in group)
    height = max(bottom - top, 1)
    left = max(0, min(w.left for w in group) - height * 2)
    right = min(page.width, max(w.right for w in group) + height * 2)
    first, last = min(w.left for w in group), max(w.right for w in group)
    for word in sure:
        if abs((word.top + word.bottom) - (top + bottom)) / 2 >= height * SAME_ROW:
            continue
        if word.right <= first:
            left = max(left, word.right + 1)
        elif word.left >= last:
            right = min(right, word.left - 1)
    return left, right


def _covers(reading: RecognisedWord, word: RecognisedWord) -> bool:
    middle = (word.top + word.bottom) / 2
    return reading.top <= middle <= reading.bottom and (
        min(reading.right, word.right) - max(reading.left, word.left) > (word.right - word.left) / 2
    )


def _too_wide(word: RecognisedWord) -> bool:
    """Whether the word is too wide for its letters: Chinese characters are square, and the
    English model, sure of itself, reads 张军 as "KE" (two letters the width of two squares).

    Not a word in small letters only: its box is only as tall as an "x", so "no" looks wide.
    """
    height = word.bottom - word.top
    letters = sum(1 for c in word.text if c.isalpha())
    if height <= 0 or letters == 0 or letters > _SQUARE_LETTERS or word.text.islower():
        return False
    return (word.right - word.left) / (len(word.text) * height) > _SQUARE_SHARE


def _doubtful(word: RecognisedWord) -> bool:
    return word.confidence < RETRY_BELOW or _too_wide(word)


def _doubtful_runs(words: list[RecognisedWord]) -> list[list[RecognisedWord]]:
    """The words in reading order, poorly read neighbours on one line grouped together."""
    groups: list[list[RecognisedWord]] = []
    for word in words:
        last = groups[-1] if groups else None
        if (
            _doubtful(word)
            and last is not None
            and _doubtful(last[-1])
            and _same_line(last[-1], word)
        ):
            last.append(word)
        else:
            groups.append([word])
    return groups


def _same_line(a: RecognisedWord, b: RecognisedWord) -> bool:
    height = max(a.bottom - a.top, b.bottom - b.top, 1)
    near = 0 <= b.left - a.right < height * 3
    return near and abs((a.top + a.bottom) - (b.top + b.bottom)) / 2 < height * SAME_ROW


def _zoomed(crop: Image.Image, zoom: float) -> Image.Image:
    size = (max(1, round(crop.width * zoom)), max(1, round(crop.height * zoom)))
    return crop.resize(size, Image.Resampling.LANCZOS)


def _read_chinese(
    engine: Tesseract, page: Image.Image, group: list[RecognisedWord], bounds: tuple[int, int]
) -> RecognisedWord | None:
    """The Chinese model's reading of the group's area, if it reads Chinese characters there.

    The crop reaches up to `bounds` on either side: wide enough for characters the English
    model did not even see as a word.
    """
    top = min(w.top for w in group)
    bottom = max(w.bottom for w in group)
    height = bottom - top
    pad_y = max(4, round(height * 0.4))
    box = (bounds[0], max(0, top - pad_y), bounds[1], min(page.height, bottom + pad_y))
    if box[2] - box[0] < 4:
        return None
    # Chinese characters at the size of body text are too small for the Chinese model:
    # it reads them far better enlarged (a crop of a few thousand pixels).
    zoom = min(_MAX_ZOOM, max(1.0, _FIRST_HEIGHT / max(height, 1)))
    engine.set_image(_zoomed(page.crop(box), zoom))
    read = [_scaled(w, zoom, box) for w in engine.words()]
    characters = [c for w in read for c in w.text if is_chinese(c)]
    if not characters or all(c in _STROKES for c in characters):
        return None  # rules and dashes read as 一 and 十 are not Chinese text
    if len(characters) < sum(1 for w in read for c in w.text if c.isascii() and c.isalnum()):
        return None  # mostly Latin letters and digits: the English reading stands
    # One word for the run: the model rates single characters erratically (0 for one it
    # reads right), so the run's mean says better how sure the reading is.
    return RecognisedWord(
        "".join(w.text for w in read),
        min(w.left for w in read),
        min(w.top for w in read),
        max(w.right for w in read),
        max(w.bottom for w in read),
        statistics.mean(w.confidence for w in read),
    )


def _scaled(word: RecognisedWord, zoom: float, box: tuple[int, int, int, int]) -> RecognisedWord:
    """A word read on a crop of the page enlarged `zoom` times, placed on the page."""
    return RecognisedWord(
        word.text,
        int(word.left / zoom) + box[0],
        int(word.top / zoom) + box[1],
        -int(-word.right // zoom) + box[0],
        -int(-word.bottom // zoom) + box[1],
        word.confidence,
    )


def _second_look(
    engine: Tesseract,
    page: Image.Image,
    run: RecognisedWord,
    bounds: tuple[int, int],
    typical: float,
) -> RecognisedWord:
    """The Chinese `run` read again on its own crop, several ways, by the characters most
    readings agree on (the first reading, from a wider crop, votes too)."""
    ink = _ink_box(page, (bounds[0], run.top, bounds[1], run.bottom))
    if ink is None:
        return run
    height = ink[3] - ink[1]
    if height < typical * 0.5:
        return run  # no characters of text size there
    pad_x, pad_y = round(height * 0.6), max(3, round(height * 0.5))
    box = (
        max(bounds[0], ink[0] - pad_x),
        max(0, ink[1] - pad_y),
        min(bounds[1], ink[2] + pad_x),
        min(page.height, ink[3] + pad_y),
    )
    crop = page.crop(box)
    readings: list[tuple[str, float]] = [(_han(run.text), run.confidence)]
    for variant in _renditions(crop, height):
        engine.set_image(variant)
        read = engine.words()
        text = _han("".join(w.text for w in read))
        if text:
            readings.append((text, statistics.mean(w.confidence for w in read)))
    voted = _vote(readings, _characters_fitting(ink))
    if voted is None:
        return run
    text, agreement = voted
    engine_sureness = [c for t, c in readings if t == text]
    confidence = (agreement + (statistics.mean(engine_sureness) if engine_sureness else 0)) / 2
    log.debug("second look: %r -> %r (%.2f) from %s", run.text, text, confidence, readings)
    return RecognisedWord(text, run.left, run.top, run.right, run.bottom, confidence)


def _ink_box(page: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The box around the main band of print in `box` of `page`: the rows of the line
    itself, not the specks of the lines above and below that a reading's box takes in."""
    if box[2] - box[0] < 4 or box[3] - box[1] < 4:
        return None
    pixels = np.asarray(page.crop(box), dtype=np.uint8)
    dark = pixels < _otsu_level(pixels)
    rows = dark.sum(axis=1)
    inky = rows > 0
    if not inky.any():
        return None
    # Bands of inked rows, gaps of a few rows bridged (二 and 三 have white between strokes).
    bridge = max(2, len(rows) // 8)
    bands: list[tuple[int, int, int]] = []  # first row, row past the end, ink
    for row in np.flatnonzero(inky):
        if bands and row - bands[-1][1] <= bridge:
            first, _, mass = bands[-1]
            bands[-1] = (first, int(row) + 1, mass + int(rows[row]))
        else:
            bands.append((int(row), int(row) + 1, int(rows[row])))
    first, end, _ = max(bands, key=lambda band: band[2])
    columns = np.flatnonzero(dark[first:end].any(axis=0))
    return (
        box[0] + int(columns[0]),
        box[1] + first,
        box[0] + int(columns[-1]) + 1,
        box[1] + end,
    )


def _han(text: str) -> str:
    return "".join(c for c in text if is_chinese(c) and c not in _STROKES)


def _renditions(crop: Image.Image, height: int) -> Iterator[Image.Image]:
    """The crop at each height the model reads well: plain, smoothed, and both thresholded."""
    for target in _SECOND_LOOK_HEIGHTS:
        zoom = min(_MAX_ZOOM, max(1.0, target / height))
        plain = _zoomed(crop, zoom)
        smooth = plain.filter(ImageFilter.GaussianBlur(zoom / 2))
        yield plain
        yield smooth
        yield _thresholded(plain)
        yield _thresholded(smooth)


def _thresholded(picture: Image.Image) -> Image.Image:
    """Black ink on white paper, split at Otsu's threshold."""
    pixels = np.asarray(picture, dtype=np.uint8)
    return Image.fromarray(np.where(pixels >= _otsu_level(pixels), 255, 0).astype(np.uint8))


def _otsu_level(pixels: np.ndarray) -> int:
    """The grey level that best splits `pixels` into ink and paper (Otsu's method)."""
    counts = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    share = counts / max(counts.sum(), 1.0)
    below = np.cumsum(share)
    mean_below = np.cumsum(share * np.arange(256))
    between = (mean_below[-1] * below - mean_below) ** 2 / (below * (1 - below) + 1e-12)
    return int(np.argmax(between)) + 1


def _vote(readings: list[tuple[str, float]], expected: float) -> tuple[str, float] | None:
    """The run's characters by plurality, and the least share of readings behind any of them.

    The readings of one length vote position by position (ties go to the readings the
    model was surer of). That length is the most common one, unless another common one
    is nearer the `expected` count of characters the print's width allows: the model
    sometimes splits a character in two (赵晓红 as 赵了晓红) at most sizes.
    """
    lengths = Counter(len(text) for text, _ in readings if text)
    if not lengths:
        return None
    common = max(lengths.values())
    # Lengths at least half as common as the commonest: the one nearest the print's width.
    backed = [n for n, votes in lengths.items() if votes * 2 >= common]
    length = min(backed, key=lambda n: (abs(n - expected), -lengths[n], -n))
    voters = lengths[length]
    same = [(text, sureness) for text, sureness in readings if len(text) == length]
    chosen: list[str] = []
    agreement = voters / sum(lengths.values())
    for position in range(length):
        votes: defaultdict[str, list[float]] = defaultdict(list)
        for text, sureness in same:
            votes[text[position]].append(sureness)
        char, backing = max(votes.items(), key=lambda item: (len(item[1]), sum(item[1])))
        chosen.append(char)
        agreement = min(agreement, len(backing) / len(same))
    return "".join(chosen), agreement


def _characters_fitting(ink: tuple[int, int, int, int]) -> float:
    """How many Chinese characters a line of print this wide and tall holds.

    Chinese type is set on a square em with no extra spacing, each character's ink about
    nine tenths of the em: n characters are (n - 0.1) em wide and 0.9 em tall.
    """
    width, height = ink[2] - ink[0], max(ink[3] - ink[1], 1)
    return 0.9 * width / height + 0.1


#: Characters that write a date or time in Chinese ("2024年3月1日 08时30分"): the English
#: model reads them as digits and letters ("20244-05128 O1RY4257"), surely enough.
_DATE_CHARACTERS: Final = frozenset("年月日时分点秒")
_MIN_DIGITS: Final = 4
#: Chinese runs on a page from which on it counts as a Chinese-language report.
CHINESE_PAGE_RUNS: Final = 4
_MAX_DATE_LOOKS: Final = 12


def with_chinese_dates(
    engine: Tesseract, page: Image.Image, words: list[RecognisedWord]
) -> list[RecognisedWord]:
    """On a page in Chinese, the numbers on its labelled rows (and those read poorly) read
    again with the Chinese model, which knows 年, 月, 日, 时 and 分 among digits; kept when
    it finds them there."""
    labels = [w for w in words if _han(w.text)]
    if len(labels) < CHINESE_PAGE_RUNS:
        return words
    groups: list[list[RecognisedWord]] = []
    for word in sorted(words, key=lambda w: (w.top, w.left)):
        if sum(c.isdigit() for c in word.text) < _MIN_DIGITS or _han(word.text):
            continue
        labelled = any(_same_row(label, word) and label.right <= word.left for label in labels)
        if not labelled and word.confidence >= RETRY_BELOW:
            continue  # a number the English model read surely, with no Chinese label
        row = next((g for g in groups if _same_row(g[0], word)), None)
        if row is None:
            groups.append([word])
        else:
            row.append(word)
    replaced: dict[int, RecognisedWord] = {}
    for group in groups[:_MAX_DATE_LOOKS]:
        reading = _read_date(engine, page, group, words)
        if reading is not None:
            for word in group:
                replaced[id(word)] = reading
    if not replaced:
        return words
    kept = [w for w in words if id(w) not in replaced]
    return kept + list({id(r): r for r in replaced.values()}.values())


def _same_row(a: RecognisedWord, b: RecognisedWord) -> bool:
    height = max(a.bottom - a.top, b.bottom - b.top, 1)
    return abs((a.top + a.bottom) - (b.top + b.bottom)) / 2 < height * SAME_ROW


def _read_date(
    engine: Tesseract,
    page: Image.Image,
    group: list[RecognisedWord],
    words: list[RecognisedWord],
) -> RecognisedWord | None:
    left, right = min(w.left for w in group), max(w.right for w in group)
    top, bottom = min(w.top for w in group), max(w.bottom for w in group)
    height = max(bottom - top, 1)
    # To the next word of the row on the right (the 分 the English model may have left out).
    reach = right + height * 2
    for other in words:
        if other not in group and _same_row(other, group[0]) and other.left >= right:
            reach = min(reach, other.left - 1)
    pad_y = max(4, round(height * 0.4))
    box = (
        max(0, left - height // 2),
        max(0, top - pad_y),
        min(page.width, reach),
        min(page.height, bottom + pad_y),
    )
    zoom = min(_MAX_ZOOM, max(1.0, _FIRST_HEIGHT / height))
    engine.set_image(_zoomed(page.crop(box), zoom))
    read = [_scaled(w, zoom, box) for w in engine.words()]
    text = "".join(w.text for w in read)
    if not read or not _DATE_CHARACTERS & set(text) or sum(c.isdigit() for c in text) < 6:
        return None
    return RecognisedWord(
        text,
        min(w.left for w in read),
        min(w.top for w in read),
        max(w.right for w in read),
        max(w.bottom for w in read),
        statistics.mean(w.confidence for w in read),
    )
