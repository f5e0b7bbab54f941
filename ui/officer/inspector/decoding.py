"""A photo of a report for display: decoded in the sandbox, shown here as plain pixels.

The officer's process never runs an image decoder on an upload. The limited rendering
process (`review.analysis.page_images`) decodes the photo with Pillow, turns it upright
(EXIF orientation) and scales it to a bounded number of pixels; what crosses back is raw
RGB of a stated size, which `as_qimage` copies into a QImage without parsing anything.
Call `decode_image` off the GUI thread: it waits for the sandbox.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from review.analysis.page_images import PageImage, PageRefusal, PageRenderer

log = logging.getLogger(__name__)


class ImageRefused(Exception):
    """The image cannot be shown; the message says why (translated)."""


def as_qimage(page: PageImage) -> QImage:
    """The sandbox's RGB pixels as a QImage that owns a copy of them (no decoder involved)."""
    rgb = page.rgb()
    image = QImage(rgb, page.width, page.height, page.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # detached from `rgb`, which Python frees


def decode_image(data: bytes, *, renderer: PageRenderer) -> QImage:
    """The photo in `data`, upright and within the display's pixel budget; thread-safe."""
    rendered = renderer.render(data, 1)
    if isinstance(rendered, PageRefusal):
        raise ImageRefused(
            QCoreApplication.translate(
                "ImageDecoding", "The photo could not be shown safely: {0}"
            ).format(rendered.reason)
        )
    image = as_qimage(rendered)
    log.debug("the sandbox drew a photo of %d×%d", image.width(), image.height())
    return image
