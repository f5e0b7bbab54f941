"""A photographed or scanned page made fit for OCR: sheet found, perspective undone, light evened.

Runs inside the analysis process, on pixels Pillow has already decoded within the limits.
The sheet is found as the bright region against a darker desk; its four corners become
the corners of an upright page (this also undoes a small rotation). The perspective that
maps the straightened page back to the upload is kept, so every word OCR places can be
drawn on the picture the officer sees. Quarter and half turns (a camera's EXIF
orientation, a sheet lying sideways or upside down) are exact pixel transposes, folded
into that same perspective: positions always map back to the upload's stored pixels.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Final

import numpy as np
from PIL import Image, ImageFilter, ImageOps

log = logging.getLogger(__name__)

#: Side of the thumbnail the sheet is looked for in: corners to within a few pixels.
_SEARCH_SIDE: Final = 400
#: A sheet brighter than the desk by less than this (grey levels) is not told apart from it.
_MIN_SHEET_CONTRAST: Final = 40.0
#: Where between desk and paper brightness the sheet's edge is drawn at most.
_EDGE_LEVEL: Final = 0.3
#: Rows darker than this share of the paper's brightness are a band with light print on it.
_DARK_ROW_SHARE: Final = 0.55
#: A "sheet" smaller than this share of the picture is a bright object, not the page.
_MIN_SHEET_SHARE: Final = 0.25
_PAPER_WHITE: Final = 235.0


@dataclass(frozen=True, slots=True)
class Straightened:
    """The page as OCR reads it, and the way back to the original picture's pixels."""

    image: Image.Image  # greyscale ("L"), upright, even light
    #: Pillow PERSPECTIVE coefficients: a point of `image` to the original picture.
    coefficients: tuple[float, ...]
    #: Whether a sheet was found against a background (False: the whole picture was used).
    sheet_found: bool

    def to_original(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f, g, h = self.coefficients
        w = g * x + h * y + 1.0
        return (a * x + b * y + c) / w, (d * x + e * y + f) / w

    def turned(self, method: Image.Transpose | None) -> Straightened:
        """The page transposed by `method` (e.g. a quarter turn), positions still mapping back."""
        if method is None:
            return self
        inverse = transpose_matrix(method, self.image.size)
        coefficients = _as_coefficients(_as_matrix(self.coefficients) @ inverse)
        return Straightened(self.image.transpose(method), coefficients, self.sheet_found)

    def seen_from(self, to_stored: np.ndarray) -> Straightened:
        """The same page, its positions mapped on by `to_stored` (3x3: picture to stored pixels)."""
        coefficients = _as_coefficients(to_stored @ _as_matrix(self.coefficients))
        return Straightened(self.image, coefficients, self.sheet_found)

    @property
    def moved(self) -> bool:
        """Whether positions on `image` differ from the stored pixels' at all."""
        return self.sheet_found or not np.allclose(
            _as_matrix(self.coefficients), np.eye(3), atol=1e-9
        )


#: EXIF Orientation (TIFF tag 274) and the transpose that shows the stored pixels upright,
#: as `PIL.ImageOps.exif_transpose` applies it.
EXIF_UPRIGHT: Final = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def upright(picture: Image.Image, orientation: int) -> tuple[Image.Image, np.ndarray]:
    """`picture` (stored pixels) turned as its EXIF `orientation` says, and the 3x3 matrix
    taking a point of the upright picture back to the stored pixels."""
    method = EXIF_UPRIGHT.get(orientation)
    if method is None:
        return picture, np.eye(3)
    return picture.transpose(method), transpose_matrix(method, picture.size)


def transpose_matrix(method: Image.Transpose, size: tuple[int, int]) -> np.ndarray:
    """The 3x3 matrix taking a point of `image.transpose(method)` back to `image` (of `size`).

    Points are continuous coordinates (a pixel's corners, not its centre), so a box maps to
    the box around the same pixels.
    """
    width, height = size
    rows = {
        Image.Transpose.FLIP_LEFT_RIGHT: ((-1, 0, width), (0, 1, 0)),
        Image.Transpose.FLIP_TOP_BOTTOM: ((1, 0, 0), (0, -1, height)),
        Image.Transpose.ROTATE_90: ((0, -1, width), (1, 0, 0)),  # counter-clockwise
        Image.Transpose.ROTATE_180: ((-1, 0, width), (0, -1, height)),
        Image.Transpose.ROTATE_270: ((0, 1, 0), (-1, 0, height)),
        Image.Transpose.TRANSPOSE: ((0, 1, 0), (1, 0, 0)),
        Image.Transpose.TRANSVERSE: ((0, -1, width), (-1, 0, height)),
    }[method]
    return np.array([*rows, (0, 0, 1)], dtype=np.float64)


def _as_matrix(coefficients: tuple[float, ...]) -> np.ndarray:
    a, b, c, d, e, f, g, h = coefficients
    return np.array([[a, b, c], [d, e, f], [g, h, 1.0]], dtype=np.float64)


def _as_coefficients(matrix: np.ndarray) -> tuple[float, ...]:
    normal = matrix / matrix[2, 2]
    return tuple(float(v) for v in normal.flatten()[:8])


def straighten(picture: Image.Image, *, max_side: int = 2400) -> Straightened:
    """The sheet in `picture` as an upright greyscale page of at most `max_side` pixels."""
    grey = picture if picture.mode == "L" else picture.convert("L")
    corners = _sheet_corners(grey)
    sheet_found = corners is not None
    if corners is None:
        width, height = grey.size
        corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)
    top = float(np.linalg.norm(corners[1] - corners[0]))
    bottom = float(np.linalg.norm(corners[2] - corners[3]))
    left = float(np.linalg.norm(corners[3] - corners[0]))
    right = float(np.linalg.norm(corners[2] - corners[1]))
    out_w, out_h = max(top, bottom), max(left, right)
    scale = min(1.0, max_side / max(out_w, out_h))
    size = (max(1, round(out_w * scale)), max(1, round(out_h * scale)))
    target = np.array([[0, 0], [size[0], 0], [size[0], size[1]], [0, size[1]]], dtype=np.float64)
    coefficients = _perspective(target, corners)
    if not sheet_found and scale == 1.0:
        page = grey  # nothing to undo: spare the resampling
    else:
        page = grey.transform(
            size,
            Image.Transform.PERSPECTIVE,
            coefficients,
            Image.Resampling.BILINEAR,
            fillcolor=255,
        )
    return Straightened(_even_light(_lighten_bands(page)), coefficients, sheet_found)


def _sheet_corners(grey: Image.Image) -> np.ndarray | None:
    """The sheet's corners (top-left, top-right, bottom-right, bottom-left) in `grey`'s pixels."""
    factor = max(1, max(grey.size) // _SEARCH_SIDE)
    small = grey.reduce(factor) if factor > 1 else grey
    pixels = np.asarray(small, dtype=np.float32)
    if pixels.shape[0] < 8 or pixels.shape[1] < 8:
        return None
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    desk = float(np.median(border))
    paper = float(np.percentile(pixels, 90))
    if paper - desk < _MIN_SHEET_CONTRAST:
        return None  # a flatbed scan or a close-up: the page fills the picture
    # Just above the desk's own variation: a dark letterhead band is still sheet.
    spread = float(np.median(np.abs(border - desk)))
    level = desk + min(max(4 * spread, 12.0), (paper - desk) * _EDGE_LEVEL)
    mask = Image.fromarray(((pixels > level) * 255).astype(np.uint8))
    # Opening: specks of light on the desk must not pull a corner out to them.
    mask = mask.filter(ImageFilter.MinFilter(5)).filter(ImageFilter.MaxFilter(5))
    ys, xs = np.nonzero(np.asarray(mask))
    if len(xs) < pixels.size * _MIN_SHEET_SHARE:
        return None
    total, difference = xs + ys, xs - ys
    picked = [total.argmin(), difference.argmax(), total.argmax(), difference.argmin()]
    corners = np.array([[xs[i], ys[i]] for i in picked], dtype=np.float64)
    # Thumbnail pixel centres to full-size coordinates.
    corners = (corners + 0.5) * factor
    if _area(corners) < grey.size[0] * grey.size[1] * _MIN_SHEET_SHARE:
        return None
    return corners


def _area(corners: np.ndarray) -> float:
    x, y = corners[:, 0], corners[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def _perspective(source: np.ndarray, target: np.ndarray) -> tuple[float, ...]:
    """Coefficients mapping each `source` corner to the `target` corner (Pillow's order)."""
    rows: list[list[float]] = []
    values: list[float] = []
    for (x, y), (u, v) in zip(source, target, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    solved = np.linalg.solve(np.array(rows), np.array(values))
    return tuple(float(c) for c in solved)


def _even_light(page: Image.Image) -> Image.Image:
    """Divide out the paper's brightness (lamp fall-off, shadows), then stretch contrast."""
    factor = 8
    if min(page.size) < factor * 4:
        return ImageOps.autocontrast(page, cutoff=1)
    # The brightest nearby pixel is paper, whatever text lies on it.
    background = (
        page.reduce(factor)
        .filter(ImageFilter.MaxFilter(5))
        .filter(ImageFilter.GaussianBlur(2))
        .resize(page.size, Image.Resampling.BILINEAR)
    )
    ink = np.asarray(page, dtype=np.float32)
    paper = np.maximum(np.asarray(background, dtype=np.float32), 1.0)
    evened = np.clip(ink / paper * _PAPER_WHITE, 0, 255).astype(np.uint8)
    return ImageOps.autocontrast(Image.fromarray(evened), cutoff=0.5)


def _lighten_bands(page: Image.Image) -> Image.Image:
    """Rows much darker than the paper (a letterhead band with light print) turned negative:
    OCR wants dark print on light paper, and the light evening wants paper to be brightest."""
    pixels = np.asarray(page, dtype=np.uint8)
    rows = np.median(pixels, axis=1)
    paper = float(np.percentile(rows, 90))
    dark = rows < paper * _DARK_ROW_SHARE
    if not dark.any() or dark.all():
        return page
    flipped = pixels.copy()
    flipped[dark] = 255 - flipped[dark]
    return Image.fromarray(flipped)
