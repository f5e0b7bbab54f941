"""Marks drawn over a page or a photo: what the document states, coloured by what it means.

Both viewers draw with `paint_marks`, given a mapping from the page's own coordinates
(PDF points from the top-left, or the photo's stored pixels) to where they paint; the
legend above the viewer says what the colours mean in words (no tooltip needed).

    green   agrees with the declaration
    amber   found, nothing declared to compare it with
    red     contradicts the declaration, or a check failed on it
    dashed  read by OCR with little confidence: compare it by eye
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from review.analysis.facts import Quad
from review.marks import Mark, Tone

log = logging.getLogger(__name__)

PointMap = Callable[[float, float], QPointF]


@dataclass(frozen=True, slots=True)
class MarkStyle:
    fill: QColor
    edge: QColor


STYLES: Final = {
    Tone.AGREES: MarkStyle(QColor(46, 160, 67, 70), QColor("#1b7f3b")),
    Tone.FOUND: MarkStyle(QColor(255, 193, 7, 90), QColor("#a86f00")),
    Tone.CONTRADICTS: MarkStyle(QColor(229, 57, 53, 95), QColor("#b3261e")),
}
#: The outline of the fact the officer asked to see (a check, a declared field).
SELECTED: Final = QColor("#1a5fb4")
_PAD: Final = 1.5  # screen pixels around a word, so the ink is not touched
_FLASHES: Final = 3
FLASH_MS: Final = 1200


def quad_polygon(quad: Quad, to_view: PointMap, pad: float = _PAD) -> QPolygonF:
    """The four corners mapped, grown by `pad` pixels around their centre."""
    points = [to_view(quad[i], quad[i + 1]) for i in range(0, 8, 2)]
    middle = QPointF(sum(p.x() for p in points) / 4, sum(p.y() for p in points) / 4)
    grown = []
    for point in points:
        dx, dy = point.x() - middle.x(), point.y() - middle.y()
        length = math.hypot(dx, dy) or 1.0
        grown.append(QPointF(point.x() + dx / length * pad, point.y() + dy / length * pad))
    return QPolygonF(grown)


def paint_marks(
    painter: QPainter,
    marks: Sequence[Mark],
    to_view: PointMap,
    *,
    selected: tuple[Quad, ...] = (),
    flash: float = 0.0,
    scale: float = 1.0,
) -> None:
    """Draw `marks` (their quads through `to_view`), then the selected quads' outline.

    `scale` is screen pixels per unit of what `to_view` returns (1 when it maps to screen
    pixels; a view's zoom when drawing in a scene) so lines keep their screen width.
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = 1.0 / max(scale, 1e-6)
    for mark in marks:
        style = STYLES[mark.tone]
        pen = QPen(style.edge, (2.0 if mark.tone is Tone.CONTRADICTS else 1.2) * unit)
        brush = QBrush(style.fill)
        if mark.uncertain:
            pen.setStyle(Qt.PenStyle.DashLine)
            brush = QBrush(style.edge, Qt.BrushStyle.BDiagPattern)
        painter.setPen(pen)
        painter.setBrush(brush)
        for quad in mark.quads:
            painter.drawPolygon(quad_polygon(quad, to_view, _PAD * unit))
    if selected:
        colour = QColor(SELECTED)
        colour.setAlphaF(1.0 - 0.75 * flash)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour, 3.0 * unit))
        for quad in selected:
            painter.drawPolygon(quad_polygon(quad, to_view, (_PAD + 3.0) * unit))
    painter.restore()


def bounding_rect(quads: Sequence[Quad], to_view: PointMap) -> QRectF:
    """The rectangle around `quads`, mapped (empty when there are none)."""
    rect = QRectF()
    for quad in quads:
        rect = rect.united(quad_polygon(quad, to_view, 0).boundingRect())
    return rect


class Flash(QVariantAnimation):
    """A selection's outline blinks a few times, then stays: `level` 0 (steady) .. 1."""

    level_changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setStartValue(0.0)
        self.setEndValue(1.0)
        self.setDuration(FLASH_MS)
        self.level = 0.0
        self.valueChanged.connect(self._on_value)
        self.finished.connect(self._on_finished)

    def flash(self) -> None:
        self.stop()
        self.start()

    def _on_value(self, value: object) -> None:
        progress = float(value) if isinstance(value, int | float) else 0.0
        self.level = abs(math.sin(math.pi * _FLASHES * progress))
        self.level_changed.emit()

    def _on_finished(self) -> None:
        self.level = 0.0
        self.level_changed.emit()


class MarksLegend(QWidget):
    """Words over the viewer, wrapped to its width: what the colours on the page mean.

    Green agrees with the declaration; amber was found but nothing declared compares with
    it (another date); red contradicts the declaration, or a check failed on it (a sample
    too early); dashed and hatched, OCR was unsure of the reading. Painted as plain text
    beside swatches drawn like the marks (no markup is ever interpreted).
    """

    _SWATCH = 12
    _GAP = 6  # between a swatch and its words
    _SPACING = 16  # between entries

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("marksLegend")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setContentsMargins(6, 0, 6, 0)
        self._caption = ""
        self._entries: list[tuple[Tone, bool, str]] = []
        self.retranslate()

    def retranslate(self) -> None:
        self._caption = self.tr("On the page:")
        self._entries = [
            (Tone.AGREES, False, self.tr("agrees")),
            (Tone.FOUND, False, self.tr("nothing to compare")),
            (Tone.CONTRADICTS, False, self.tr("contradicts / check failed")),
            (Tone.FOUND, True, self.tr("unsure OCR reading")),
        ]
        self.setAccessibleName(self._caption)
        self.setAccessibleDescription(", ".join(self.texts()))
        self.updateGeometry()
        self.update()

    def texts(self) -> list[str]:
        """The legend's words, in order (the caption, then each colour's meaning)."""
        return [self._caption, *(words for _, _, words in self._entries)]

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        rows = max(1, len({top for top, _, _ in self._layout(width)}))
        margins = self.contentsMargins()
        return rows * self._line() + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        widths = [self._width(i) for i in range(len(self._entries) + 1)]
        margins = self.contentsMargins()
        width = sum(widths) + self._SPACING * len(self._entries) + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self._width(0), self._line())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        metrics = self.fontMetrics()
        line = self._line()
        for top, left, index in self._layout(self.width()):
            x = left
            if index > 0:
                tone, dashed, words = self._entries[index - 1]
                size = float(self._SWATCH)
                y = top + (line - size) / 2
                square: Quad = (x, y, x + size, y, x + size, y + size, x, y + size)
                mark = Mark(
                    page=1, start=0, end=0, text="", tone=tone, kind=None, field=None,
                    meaning="", uncertain=dashed, quads=(square,),
                )  # fmt: skip
                paint_marks(painter, [mark], QPointF)
                painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
                x += self._SWATCH + self._GAP
            else:
                words = self._caption
            baseline = top + (line + metrics.ascent() - metrics.descent()) // 2
            painter.drawText(QPointF(x, baseline), words)
        painter.end()

    def _line(self) -> int:
        return max(self.fontMetrics().height(), self._SWATCH) + 4

    def _width(self, index: int) -> int:
        """Pixels of item `index`: 0 the caption, then each entry with its swatch."""
        metrics = self.fontMetrics()
        if index == 0:
            return metrics.horizontalAdvance(self._caption)
        words = self._entries[index - 1][2]
        return self._SWATCH + self._GAP + metrics.horizontalAdvance(words)

    def _layout(self, width: int) -> list[tuple[int, int, int]]:
        """(top, left, item) for each item, wrapped to `width`."""
        margins = self.contentsMargins()
        right = max(width - margins.right(), margins.left() + 1)
        placed: list[tuple[int, int, int]] = []
        top, left = margins.top(), margins.left()
        for index in range(len(self._entries) + 1):
            item = self._width(index)
            if placed and left + item > right:
                top, left = top + self._line(), margins.left()
            placed.append((top, left, index))
            left += item + self._SPACING
        return placed
