"""Which way up a photographed or scanned page lies: a quarter or half turn found and undone.

Runs inside the analysis process. A sheet may lie sideways or upside down in a photo:
the traveller laid it so, or the phone's orientation sensor (the EXIF orientation,
already applied) was wrong or missing. The English reading of such a page has few words
the engine is sure of; only then is the way up asked of Tesseract's OSD model (Debian:
`tesseract-ocr-osd`, about 0.2 s a page) or, without that model, each turn is read on a
half-size copy. A turned reading is kept only when it reads clearly better than the
page as it was, so a blurred or mostly Chinese page is not turned on a guess.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Final

from PIL import Image

from review.analysis.tesseract import RecognisedWord, Tesseract

log = logging.getLogger(__name__)

#: A word the English model rates at least this high, and with this many letters or
#: digits, is surely a word: an upright report page has dozens of them.
SURE: Final = 0.8
_SURE_LETTERS: Final = 3
#: Fewer sure words than this, and than this share of all words, makes the way up doubtful.
_MIN_SURE_WORDS: Final = 12
_MIN_SURE_SHARE: Final = 0.3
#: OSD's margin over the next orientation below which its answer is not worth a reading.
_OSD_AT_LEAST: Final = 1.0
#: The transpose that undoes a page turned this many degrees clockwise.
_UNDO: Final = {
    90: Image.Transpose.ROTATE_90,  # Pillow turns counter-clockwise
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_270,
}


def sure_words(words: Sequence[RecognisedWord]) -> int:
    return sum(
        1
        for w in words
        if w.confidence >= SURE and sum(c.isalnum() for c in w.text) >= _SURE_LETTERS
    )


def doubtful_way_up(words: Sequence[RecognisedWord]) -> bool:
    """Whether the English reading of a page is poor enough to ask which way up it is."""
    sure = sure_words(words)
    return sure < _MIN_SURE_WORDS or sure < len(words) * _MIN_SURE_SHARE


def undoing_turn(
    page: Image.Image, *, detector: Tesseract | None, reader: Tesseract
) -> Image.Transpose | None:
    """The transpose that would stand `page` upright, if it seems to lie turned.

    `detector` is an engine with the OSD model (None when it is not installed); `reader`
    reads English, and is used instead on a half-size copy when there is no detector.
    """
    if detector is not None:
        found = detector.orientation(page)
        if found is None or found.confidence < _OSD_AT_LEAST:
            return None
        log.debug(
            "OSD: turned %d° clockwise (%.1f), %s", found.clockwise, found.confidence, found.script
        )
        return _UNDO.get(found.clockwise)
    small = page.reduce(2) if min(page.size) >= 800 else page
    reader.set_image(small, dpi=100 if small is not page else 200)
    best, best_sure = None, sure_words(reader.words())
    for method in _UNDO.values():
        reader.set_image(small.transpose(method), dpi=100 if small is not page else 200)
        sure = sure_words(reader.words())
        if sure > best_sure:
            best, best_sure = method, sure
    return best
