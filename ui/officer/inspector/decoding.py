"""Decoding a photo of a report for display, on a worker thread, within a pixel budget.

The sandboxed analysis has already decoded the same bytes; this second decoder
(Qt's, in our process) still checks the header before it allocates anything, so a
file that differs from what the analysis saw cannot make it allocate without bound.
"""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize
from PySide6.QtGui import QImage, QImageReader

log = logging.getLogger(__name__)

#: Formats the viewer decodes, as QImageReader names them.
_FORMATS: Final = frozenset({"jpeg", "png"})
#: Larger photos are decoded scaled down to about this many pixels: plenty on screen,
#: a quarter of the memory of the largest photo the analysis lets through.
DISPLAY_PIXELS: Final = 12_000_000


class ImageRefused(Exception):
    """The image cannot be shown; the message says why (translated)."""


def decode_image(data: bytes, *, max_pixels: int, expected: QSize | None = None) -> QImage:
    """The image in `data`, upright (EXIF orientation applied); thread-safe."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    name = bytes(reader.format().data()).decode("ascii", "replace")
    if name not in _FORMATS:
        raise ImageRefused(
            QCoreApplication.translate("ImageDecoding", "Not a JPEG or PNG image ({0}).").format(
                reader.errorString()
            )
        )
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        raise ImageRefused(
            QCoreApplication.translate(
                "ImageDecoding", "The image header is unreadable ({0})."
            ).format(reader.errorString())
        )
    pixels = size.width() * size.height()
    if pixels > max_pixels:
        raise ImageRefused(
            QCoreApplication.translate(
                "ImageDecoding", "The image has {0} pixels, more than the limit of {1}."
            ).format(pixels, max_pixels)
        )
    if expected is not None and size != expected:
        # Two decoders reading different dimensions from one file is itself a warning sign.
        raise ImageRefused(
            QCoreApplication.translate(
                "ImageDecoding", "The viewer reads {0}×{1} pixels where the analysis read {2}×{3}."
            ).format(size.width(), size.height(), expected.width(), expected.height())
        )
    if pixels > DISPLAY_PIXELS:
        scale = (DISPLAY_PIXELS / pixels) ** 0.5
        reader.setScaledSize(
            QSize(max(1, int(size.width() * scale)), max(1, int(size.height() * scale)))
        )
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise ImageRefused(
            reader.errorString()
            or QCoreApplication.translate("ImageDecoding", "The image could not be decoded.")
        )
    log.debug("decoded a %s image of %d×%d", name, image.width(), image.height())
    return image
