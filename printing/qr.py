"""QR codes of HC1 strings (error correction level Q), encoded by zxing-cpp.

The module matrix is drawn as vector rectangles on the paper certificate (crisp at
any printer resolution).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final, cast

import zxingcpp

log = logging.getLogger(__name__)

#: Level Q restores up to 25 % of damaged modules: folded, stamped or scuffed paper still scans.
ERROR_CORRECTION: Final = "Q"
QUIET_ZONE_MODULES: Final = 4
_DARK_RUN: Final = re.compile(b"\x01+")
_DARK: Final = bytes([1] + [0] * 255)  # translate table: black pixel -> 1, anything else -> 0


@dataclass(frozen=True)
class QrMatrix:
    size: int  # modules per side, without the quiet zone
    dark: bytes  # size * size entries, row by row; 1 = dark module

    def runs(self) -> Iterator[tuple[int, int, int]]:
        """(row, first column, length) of each horizontal run of dark modules."""
        size = self.size
        for row in range(size):
            for run in _DARK_RUN.finditer(self.dark, row * size, (row + 1) * size):
                yield row, run.start() - row * size, run.end() - run.start()


def qr_matrix(text: str) -> QrMatrix:
    barcode = zxingcpp.create_barcode(
        text, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_CORRECTION
    )
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    height, width = image.shape
    if height != width:
        raise ValueError(f"zxing-cpp returned a {width}x{height} QR code")
    pixels = memoryview(cast(Any, image))  # the image exposes the buffer protocol (8-bit gray)
    # zxing-cpp draws dark modules as 0 (black) on 255 (white).
    return QrMatrix(size=width, dark=pixels.tobytes().translate(_DARK))
