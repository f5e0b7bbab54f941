"""A second look at words the English model read poorly: each read again on its own, enlarged.

Runs inside the analysis process, under `review.analysis.ocr`'s reading lock, after the
Chinese pass. Reading a whole page, the English model guesses a doubtful word from its
surroundings and its dictionary: "Schröder" as "Schréder", "Jérôme" as "Jér6me" (rated
0.5 to 0.8). Read alone as one line, enlarged to text heights the model reads best, the
same word often comes out right and surer. The readings vote: the text most of them
give (the page's reading included) wins, and how many agree, with the engine's own
rating, becomes the word's confidence. A word no reading agrees on keeps the page's
reading and its low rating, which the checks treat as "could not read".
"""

from __future__ import annotations

import logging
import statistics
from collections import defaultdict
from collections.abc import Sequence
from typing import Final

from PIL import Image, ImageFilter

from review.analysis.chinese_reading import RETRY_BELOW, SAME_ROW, is_chinese
from review.analysis.tesseract import PageSegmentation, RecognisedWord, Tesseract

log = logging.getLogger(__name__)

#: Words looked at again per page (the least sure first): a page of specks must not cost
#: a reading per speck.
_MAX_SECOND_LOOKS: Final = 16
#: Text heights (pixels) the English model reads a lone word well at.
_HEIGHTS: Final = (36, 48)
_MAX_ZOOM: Final = 4.0
_MIN_LETTERS: Final = 3
_SPECKS: Final = "'‘’`\"“”|"


def with_second_looks(
    engine: Tesseract, page: Image.Image, words: list[RecognisedWord]
) -> list[RecognisedWord]:
    """`words` with the doubtful Latin ones read again alone, where the readings agree."""
    sure = [w for w in words if w.confidence >= RETRY_BELOW]
    heights = [w.bottom - w.top for w in sure]
    if not heights:
        return words
    typical = statistics.median(heights)
    doubtful = [
        w
        for w in words
        if w.confidence < RETRY_BELOW
        and sum(c.isascii() and c.isalnum() for c in w.text) >= _MIN_LETTERS
        and not any(is_chinese(c) for c in w.text)
        and typical * 0.6 <= w.bottom - w.top <= typical * 2
    ]
    if not doubtful:
        return words
    doubtful = sorted(doubtful, key=lambda w: w.confidence)[:_MAX_SECOND_LOOKS]
    engine.set_segmentation(PageSegmentation.SINGLE_LINE)
    try:
        better = {id(w): _second_look(engine, page, w, words, typical) for w in doubtful}
    finally:
        engine.set_segmentation(PageSegmentation.SPARSE_TEXT)
    return [better.get(id(w), w) for w in words]


def _second_look(
    engine: Tesseract,
    page: Image.Image,
    word: RecognisedWord,
    words: Sequence[RecognisedWord],
    typical: float,
) -> RecognisedWord:
    height = word.bottom - word.top
    middle = word.top + word.bottom
    # Half a space either side, never into the neighbouring words of its row.
    left, right = word.left - round(typical * 0.5), word.right + round(typical * 0.5)
    for other in words:
        if other is word or abs(other.top + other.bottom - middle) / 2 >= height * SAME_ROW:
            continue
        if other.right <= word.left:
            left = max(left, other.right + 1)
        elif other.left >= word.right:
            right = min(right, other.left - 1)
    pad = max(3, round(typical * 0.4))
    box = (
        max(0, left),
        max(0, word.top - pad),
        min(page.width, right),
        min(page.height, word.bottom + pad),
    )
    if box[2] - box[0] < 4 or box[3] - box[1] < 4:
        return word
    crop = page.crop(box)
    readings: list[tuple[str, float]] = [(word.text, word.confidence)]
    for target in _HEIGHTS:
        zoom = min(_MAX_ZOOM, max(1.0, target / max(typical, 1)))
        size = (max(1, round(crop.width * zoom)), max(1, round(crop.height * zoom)))
        plain = crop.resize(size, Image.Resampling.LANCZOS)
        for variant in (plain, plain.filter(ImageFilter.GaussianBlur(zoom / 2))):
            engine.set_image(variant)
            # A speck at the crop's edge comes out as a quote mark, a bar or a dash.
            read = [w for w in engine.words() if any(c.isalnum() for c in w.text)]
            if len(read) == 1:  # one word, as on the page: anything else is another reading
                text = read[0].text.strip(_SPECKS)
                if text:
                    readings.append((text, read[0].confidence))
    votes: defaultdict[str, list[float]] = defaultdict(list)
    for text, sureness in readings:
        votes[text].append(sureness)
    text, backing = max(votes.items(), key=lambda item: (len(item[1]), sum(item[1])))
    if text == word.text:
        # The page's reading stands, and so does its rating: the same misreading at
        # several sizes is one systematic error, not independent evidence.
        return word
    confidence = (len(backing) / len(readings) + statistics.mean(backing)) / 2
    if text != word.text:
        log.debug(
            "second look: %r (%.2f) -> %r (%.2f) from %s",
            word.text,
            word.confidence,
            text,
            confidence,
            readings,
        )
    return RecognisedWord(text, word.left, word.top, word.right, word.bottom, confidence)
