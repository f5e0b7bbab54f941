"""Facts about a JPEG or PNG photo of a report: format, pixel size, EXIF camera, date, software,
and its text read by OCR (`review.analysis.ocr`), the photo turned as its EXIF orientation
says first; word positions are in the stored pixels, like `width` and `height`.

Runs inside the analysis process. Pillow's decompression-bomb guard is set from the
limits and turned into an error, and so is a progressive JPEG with more scans than the
limit (each scan is another pass over the whole picture); the image is decoded once (JPEG
at reduced scale) so a truncated or corrupt file is caught here rather than in the
viewer, and only then decoded in full for OCR.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import warnings
from datetime import datetime, timedelta, timezone
from typing import Final

from PIL import Image, UnidentifiedImageError

from review.analysis.facts import JPEG, DocumentFacts, ImageFacts, identify, short_text
from review.analysis.limits import AnalysisLimits
from review.analysis.ocr import OcrUnavailable, read_picture

log = logging.getLogger(__name__)

_PILLOW_FORMAT: Final = {JPEG: "JPEG", "image/png": "PNG"}

# EXIF tags (TIFF numbering).
_MAKE: Final = 0x010F
_MODEL: Final = 0x0110
_SOFTWARE: Final = 0x0131
_DATE_TIME: Final = 0x0132
_ORIENTATION: Final = 0x0112
_EXIF_IFD: Final = 0x8769
_DATE_TIME_ORIGINAL: Final = 0x9003
_OFFSET_TIME_ORIGINAL: Final = 0x9011
#: Start-of-scan marker: entropy-coded data escapes every 0xFF, so each one is a real scan.
_START_OF_SCAN: Final = b"\xff\xda"


def read_image(data: bytes, limits: AnalysisLimits) -> DocumentFacts:
    """Facts about the image in `data`; `error` says why when it cannot be read."""
    facts = identify(data)
    pillow_format = _PILLOW_FORMAT.get(facts.media_type or "")
    if pillow_format is None:
        return dataclasses.replace(facts, error="not a JPEG or PNG image")
    if pillow_format == "JPEG":
        scans = data.count(_START_OF_SCAN)
        if scans > limits.max_jpeg_scans:
            return dataclasses.replace(
                facts,
                error=(
                    f"the JPEG is written in {scans} scans, more than the limit of "
                    f"{limits.max_jpeg_scans}: decoding it would take too long"
                ),
            )
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    with warnings.catch_warnings():
        # Pillow only warns between the limit and twice the limit: refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
                found = _describe(image, pillow_format)
                facts = dataclasses.replace(facts, image=found)
                _decode(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return dataclasses.replace(
                facts,
                error=(
                    "the image is too large to open safely (more than "
                    f"{limits.max_pixels // 1_000_000} million pixels)"
                ),
            )
        except UnidentifiedImageError:
            return dataclasses.replace(facts, error=f"not a readable {pillow_format} image")
        except (OSError, SyntaxError, ValueError) as exc:
            # Pillow reports truncated and corrupt data as OSError or SyntaxError.
            message = short_text(exc, limit=200) or type(exc).__name__
            return dataclasses.replace(facts, error=f"the image is damaged: {message}")
        return _with_text(data, pillow_format, limits, facts)


def _with_text(
    data: bytes, pillow_format: str, limits: AnalysisLimits, facts: DocumentFacts
) -> DocumentFacts:
    """`facts` with the picture's text read by OCR (positions in the upload's pixels)."""
    try:
        with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
            orientation = image.getexif().get(_ORIENTATION)
            picture = image.convert("L")
    except (OSError, SyntaxError, ValueError) as exc:
        message = short_text(exc, limit=200) or type(exc).__name__
        return dataclasses.replace(facts, error=f"the image is damaged: {message}")
    if not isinstance(orientation, int) or not 1 <= orientation <= 8:
        orientation = 1  # absent or nonsense: the stored pixels as they are
    try:
        page = read_picture(
            picture, number=1, orientation=orientation, max_chars=limits.max_text_chars
        )
    except OcrUnavailable as exc:
        return dataclasses.replace(facts, ocr_problem=str(exc))
    if not page.text.strip():
        return dataclasses.replace(facts, ocr_problem="OCR found no legible text in the image")
    return dataclasses.replace(facts, pages=(page,))


def _describe(image: Image.Image, pillow_format: str) -> ImageFacts:
    width, height = image.size
    exif = image.getexif()
    make, model = short_text(exif.get(_MAKE)), short_text(exif.get(_MODEL))
    camera = " ".join(part for part in (make, model) if part) or None
    software = short_text(exif.get(_SOFTWARE)) or short_text(image.info.get("Software"))
    sub = exif.get_ifd(_EXIF_IFD)
    taken = _exif_time(sub.get(_DATE_TIME_ORIGINAL), sub.get(_OFFSET_TIME_ORIGINAL))
    return ImageFacts(
        format=pillow_format,
        width=width,
        height=height,
        camera=camera,
        taken_at=taken or _exif_time(exif.get(_DATE_TIME), None),
        software=software,
    )


def _decode(image: Image.Image) -> None:
    """Decode all the pixel data once, so damage shows here and not in the viewer."""
    if image.format == "JPEG":
        # Decoding at 1/8 scale still reads every byte of the entropy-coded data.
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
    image.load()


def _exif_time(value: object, offset: object) -> datetime | None:
    """EXIF "YYYY:MM:DD HH:MM:SS", with its "+HH:MM" offset when the camera wrote one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.strptime(value.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if isinstance(offset, str) and len(offset.strip("\x00 ")) == 6:
        text = offset.strip("\x00 ")
        try:
            sign = -1 if text[0] == "-" else 1
            delta = timedelta(hours=int(text[1:3]), minutes=int(text[4:6]))
            moment = moment.replace(tzinfo=timezone(sign * delta))
        except (ValueError, IndexError):
            log.debug("ignoring EXIF time offset %r", text)
    return moment
