"""The PDF viewer's scrolling page area: the pages one above the other, painted from the
pictures the sandbox drew (or, in place of one, why it is not drawn), with their marks."""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QScrollArea, QWidget

from ui.officer.inspector.viewer_base import wheel_zooms

log = logging.getLogger(__name__)


class PageSource(Protocol):
    """What the page column paints: where each page goes and what is drawn of it."""

    def page_count(self) -> int: ...
    def page_rect(self, number: int) -> QRect: ...
    def page_image(self, number: int) -> QImage | None: ...
    def page_caption(self, number: int) -> str: ...
    def paint_page_marks(self, painter: QPainter, number: int) -> None: ...


class PageColumn(QWidget):
    """The pages one above the other, painted from the sandbox's pictures."""

    painted = Signal()

    def __init__(self, pages: PageSource) -> None:
        super().__init__()
        self._pages = pages
        self.setAutoFillBackground(False)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(event.rect(), QColor(Qt.GlobalColor.darkGray))
        pages = self._pages
        for number in range(1, pages.page_count() + 1):
            rect = pages.page_rect(number)
            if not rect.intersects(event.rect()):
                continue
            image = pages.page_image(number)
            if image is not None:
                painter.drawImage(QRectF(rect), image)
                pages.paint_page_marks(painter, number)
                continue
            painter.fillRect(rect, QColor(Qt.GlobalColor.white))
            painter.setPen(QColor(Qt.GlobalColor.black))
            painter.drawText(
                rect.adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                pages.page_caption(number),
            )
        painter.end()
        self.painted.emit()


class PageView(QScrollArea):
    """The scrolling page area: says when it was resized and zooms on Ctrl+wheel."""

    resized = Signal()
    zoom_requested = Signal(int)  # +1 in, -1 out

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.resized.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if not wheel_zooms(event, self.zoom_requested):
            super().wheelEvent(event)
