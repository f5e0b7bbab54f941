"""QR codes as pictures, for tests that scan them back (the product draws them as vectors).

The modules come from `printing.qr.qr_matrix`, the encoder the paper certificates use.
"""

from __future__ import annotations

from PIL import Image

from printing.qr import QUIET_ZONE_MODULES, qr_matrix


def qr_image(text: str, *, module_pixels: int = 4) -> Image.Image:
    """A black-on-white bitmap of the QR code with its quiet zone."""
    matrix = qr_matrix(text)
    side = (matrix.size + 2 * QUIET_ZONE_MODULES) * module_pixels
    image = Image.new("L", (side, side), 255)
    for row, start, length in matrix.runs():
        left = (start + QUIET_ZONE_MODULES) * module_pixels
        top = (row + QUIET_ZONE_MODULES) * module_pixels
        image.paste(0, (left, top, left + length * module_pixels, top + module_pixels))
    return image
