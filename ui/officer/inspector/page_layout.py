"""Where the PDF viewer puts its pages: one above the other, centred, at a zoom; and the
zoom that fits a page to the view. Page sizes are in PDF points, the rest in pixels."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QPointF, QRect, QSize
from PySide6.QtGui import QGuiApplication

from ui.officer.inspector.page_marks import PointMap
from ui.officer.inspector.zoom import ZOOM_STEPS

log = logging.getLogger(__name__)

MARGIN: Final = 12
_SPACING: Final = 12
PageSize = tuple[float, float]


def resolution() -> float:
    """Screen pixels per PDF point at 100 %, as QPdfView and print previews reckon it."""
    screen = QGuiApplication.primaryScreen()
    return (screen.logicalDotsPerInch() if screen else 96.0) / 72.0


def page_rect(sizes: Sequence[PageSize], number: int, scale: float, column: int) -> QRect:
    """Where page `number` goes in a column `column` pixels wide, at `scale` pixels a point."""
    top = MARGIN
    for _, height in sizes[: number - 1]:
        top += round(height * scale) + _SPACING
    width, height = sizes[number - 1]
    page_width = round(width * scale)
    return QRect(max(MARGIN, (column - page_width) // 2), top, page_width, round(height * scale))


def column_size(sizes: Sequence[PageSize], scale: float, viewport: QSize) -> QSize:
    """The column that holds all pages at `scale`, at least as large as the view."""
    widest = max((round(w * scale) for w, _ in sizes), default=0)
    height = sum(round(h * scale) + _SPACING for _, h in sizes) + 2 * MARGIN
    return QSize(max(widest + 2 * MARGIN, viewport.width()), max(height, viewport.height()))


def fitted_zoom(size: PageSize, viewport: QSize, *, whole_page: bool) -> float:
    """The zoom that fits the page's width (or the whole page) into the view."""
    width, height = size
    scale = resolution()
    by_width = (viewport.width() - 2 * MARGIN) / (width * scale)
    if not whole_page:
        return max(by_width, ZOOM_STEPS[0])
    by_height = (viewport.height() - 2 * MARGIN) / (height * scale)
    return max(min(by_width, by_height), ZOOM_STEPS[0])


def page_to_column(rect: QRect, size: PageSize) -> PointMap:
    """Page points (from the page's top-left corner) to the pixels of the page at `rect`."""
    width, height = size
    scale_x, scale_y = rect.width() / width, rect.height() / height
    left, top = rect.left(), rect.top()
    return lambda x, y: QPointF(left + x * scale_x, top + y * scale_y)
