"""A photo's EXIF orientation: how the viewer turns the stored pixels upright.

Runs inside the analysis process, after `image_facts` read the photo (so the file is
known to open); only the header is parsed again. OCR word positions stay in the stored
pixels, and the inspector turns its marks with the picture it shows.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from typing import Final

from PIL import Image

from review.analysis.facts import DocumentFacts

log = logging.getLogger(__name__)

_ORIENTATION: Final = 0x0112


def with_orientation(data: bytes, facts: DocumentFacts) -> DocumentFacts:
    """`facts` with `image.orientation` from the photo's EXIF (unchanged without one)."""
    image = facts.image
    if image is None or facts.error is not None:
        return facts
    try:
        with Image.open(io.BytesIO(data), formats=[image.format]) as opened:
            value = opened.getexif().get(_ORIENTATION)
    except Exception as exc:  # already read once; a header that fails now is left alone
        log.info("no orientation: %s", exc)
        return facts
    if not isinstance(value, int) or not 1 <= value <= 8 or value == image.orientation:
        return facts
    return dataclasses.replace(facts, image=dataclasses.replace(image, orientation=value))
