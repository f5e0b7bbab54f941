"""A photo of a report: zoom, fit to window, rotate in quarter turns (QGraphicsView).

The image arrives as pixels the sandbox decoded (off the GUI thread, see `decoding`):
this widget only turns them into a pixmap and transforms the view. The marks of what the
photo states (`set_marks`) are drawn by an item over the picture: OCR placed them in the
upload's stored pixels, so they are turned by its EXIF orientation and scaled to the
picture shown, and they turn and zoom with it.
"""

from __future__ import annotations

import logging
import math
from uuid import UUID

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from review.analysis.facts import ImageFacts, Quad
from review.marks import DocumentMarks, Mark
from ui.common.plain import plain_label
from ui.officer.inspector.page_marks import Flash, PointMap, bounding_rect, paint_marks
from ui.officer.inspector.viewer_base import DocumentViewer, wheel_zooms

log = logging.getLogger(__name__)

_FIT_MARGIN = 16  # pixels left around a fitted image


class _PhotoView(QGraphicsView):
    """QGraphicsView that says when it painted and zooms on Ctrl+wheel."""

    painted = Signal()
    resized = Signal()
    zoom_requested = Signal(int)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        self.painted.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.resized.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if not wheel_zooms(event, self.zoom_requested):
            super().wheelEvent(event)


def upright(orientation: int, width: float, height: float) -> PointMap:
    """Stored pixels of a `width` × `height` photo to the upright picture's pixels, for its
    EXIF orientation (as Pillow's `exif_transpose` turns it for the viewer)."""
    turns = {
        2: lambda x, y: QPointF(width - x, y),
        3: lambda x, y: QPointF(width - x, height - y),
        4: lambda x, y: QPointF(x, height - y),
        5: lambda x, y: QPointF(y, x),
        6: lambda x, y: QPointF(height - y, x),
        7: lambda x, y: QPointF(height - y, width - x),
        8: lambda x, y: QPointF(y, width - x),
    }
    return turns.get(orientation, QPointF)


class _MarksItem(QGraphicsItem):
    """The marks over the photo, in the picture's pixels (a child of the picture's item)."""

    def __init__(self, picture: QGraphicsPixmapItem, flash: Flash) -> None:
        super().__init__(picture)
        self._picture = picture
        self._flash = flash
        self.marks: tuple[Mark, ...] = ()
        self.selected: tuple[Quad, ...] = ()
        self.to_picture: PointMap = QPointF

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._picture.boundingRect()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if not self.marks and not self.selected:
            return
        transform = painter.worldTransform()
        paint_marks(
            painter, self.marks, self.to_picture, selected=self.selected,
            flash=self._flash.level, scale=math.hypot(transform.m11(), transform.m12()),
        )  # fmt: skip


class ImageViewer(DocumentViewer):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document_id: UUID | None = None
        self._awaiting_paint = False
        self._rotation = 0
        self._fitting = True
        self._fit_width = True  # a portrait photo of a report is read across, then scrolled

        self._scene = QGraphicsScene(self)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self._flash = Flash(self)
        self._marks_item = _MarksItem(self._item, self._flash)
        self._marks: DocumentMarks | None = None
        self._awaiting_marks = False
        self._placed = False  # whether the stored pixels' size is known (marks can be drawn)
        self._view = _PhotoView(self._scene, self)
        self._view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self._view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self._view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._view.setBackgroundBrush(QColor(Qt.GlobalColor.darkGray))
        self._view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._size_label = plain_label(parent=self)

        # Fitted means fitted to the width (the default); the whole photo is one click away.
        self.fit_action = self._fit_width_action()
        self.fit_window_action = self._action(
            self.tr("Fit to window"), self.tr("Fit to window"), []
        )
        self.fit_window_action.setCheckable(True)
        # Ctrl+1 is the decision panel's Approve: never shadow it while the photo has focus.
        self.actual_size_action = self._action(
            self.tr("Actual size"), self.tr("Actual size"), [QKeySequence("Ctrl+Shift+1")]
        )
        self.rotate_left_action = self._action(
            "⟲", self.tr("Rotate left"), [QKeySequence(Qt.Key.Key_L)]
        )
        self.rotate_right_action = self._action(
            "⟳", self.tr("Rotate right"), [QKeySequence(Qt.Key.Key_R)]
        )

        toolbar = self._toolbar()
        self._add_zoom_controls(toolbar)
        toolbar.addSeparator()
        toolbar.addAction(self.fit_action)
        toolbar.addAction(self.fit_window_action)
        toolbar.addAction(self.actual_size_action)
        toolbar.addSeparator()
        toolbar.addAction(self.rotate_left_action)
        toolbar.addAction(self.rotate_right_action)
        toolbar.addSeparator()
        toolbar.addWidget(self._size_label)
        self._lay_out(toolbar, self._view)

        self.fit_action.triggered.connect(self.fit_width)
        self.fit_window_action.triggered.connect(self.fit_to_window)
        self.actual_size_action.triggered.connect(self._on_actual_size)
        self.rotate_left_action.triggered.connect(self.rotate_left)
        self.rotate_right_action.triggered.connect(self.rotate_right)
        self._view.painted.connect(self._on_painted)
        self._view.resized.connect(self._on_resized)
        self._view.zoom_requested.connect(self._on_zoom_requested)
        self._flash.level_changed.connect(self._marks_item.update)
        self._update_controls()

    # -- public API -------------------------------------------------------------------------

    def show_image(
        self, document_id: UUID, image: QImage, *, stored: ImageFacts | None = None
    ) -> None:
        """Show `image` upright and fitted to the width of the view, from its top.

        `stored` (the analysis's facts about the upload) says the size and orientation of
        the stored pixels that OCR placed the words in; without it no mark is drawn.
        """
        self._document_id = document_id
        self._awaiting_paint = True
        self._forget_marks()
        self._place(stored, image.width(), image.height())
        self._item.setPixmap(QPixmap.fromImage(image))
        self._item.setTransformOriginPoint(self._item.boundingRect().center())
        self._rotation = 0
        self._size_label.setText(self.tr("{0} × {1} px").format(image.width(), image.height()))
        self.fit_width()
        self._view.verticalScrollBar().setValue(0)

    def focus_chain(self) -> list[QWidget]:
        return [self._view]

    def set_marks(self, marks: DocumentMarks | None) -> None:
        """Draw the photo's marks (page 1 of `marks`); `marks_painted` follows."""
        self._marks = marks
        self._marks_item.marks = marks.on_page(1) if marks is not None and self._placed else ()
        self._awaiting_marks = marks is not None and self._document_id is not None
        self._marks_item.update()

    def marks(self) -> DocumentMarks | None:
        return self._marks

    def selected(self) -> tuple[Quad, ...]:
        return self._marks_item.selected

    def reveal(self, quads: tuple[Quad, ...]) -> None:
        """Bring `quads` (stored pixels) to the middle of the view, outlined and blinking."""
        self._marks_item.selected = quads if self._placed else ()
        if quads and self.has_image() and self._placed:
            area = self._marks_item.mapRectToScene(
                bounding_rect(quads, self._marks_item.to_picture)
            )
            self._view.centerOn(area.center())
            self._flash.flash()
        self._marks_item.update()

    def picture_rect(self, quads: tuple[Quad, ...]) -> QRectF:
        """Where `quads` (stored pixels) lie on the picture shown, in its pixels."""
        return bounding_rect(quads, self._marks_item.to_picture)

    def picture(self) -> QImage:
        """The picture shown, as the sandbox drew it (upright, scaled)."""
        return self._item.pixmap().toImage()

    def view_rect(self, quads: tuple[Quad, ...]) -> QRect:
        """Where `quads` (stored pixels) are painted, in the view's viewport coordinates."""
        return self._view.mapFromScene(self._scene_rect(quads)).boundingRect()

    def _scene_rect(self, quads: tuple[Quad, ...]) -> QRectF:
        return self._marks_item.mapRectToScene(self.picture_rect(quads))

    @property
    def view(self) -> QGraphicsView:
        return self._view

    def clear(self) -> None:
        self._document_id = None
        self._awaiting_paint = False
        self._forget_marks()
        self._item.setPixmap(QPixmap())
        self._size_label.clear()
        self._update_controls()

    @property
    def rotation(self) -> int:
        """Degrees clockwise: 0, 90, 180 or 270."""
        return self._rotation

    def has_image(self) -> bool:
        return not self._item.pixmap().isNull()

    def fit_to_window(self) -> None:
        self._fitting, self._fit_width = True, False
        self._apply()

    def fit_width(self) -> None:
        self._fitting, self._fit_width = True, True
        self._apply()

    def rotate_left(self) -> None:
        self._rotate(-90)

    def rotate_right(self) -> None:
        self._rotate(90)

    # -- slots -------------------------------------------------------------------------------

    def _on_actual_size(self) -> None:
        self._set_zoom(1.0)

    def _on_resized(self) -> None:
        if self._fitting:
            self._apply()

    def _on_painted(self) -> None:
        if self._awaiting_paint and self._document_id is not None and self.has_image():
            self._awaiting_paint = False
            self.first_page_rendered.emit(self._document_id)
        if self._awaiting_marks and self._document_id is not None and self.has_image():
            self._awaiting_marks = False
            self.marks_painted.emit(self._document_id)

    def _place(self, stored: ImageFacts | None, width: int, height: int) -> None:
        """Map the upload's stored pixels to the picture shown (turned upright, scaled)."""
        self._placed = stored is not None and stored.width > 0 and stored.height > 0
        if stored is None or not self._placed:
            self._marks_item.to_picture = QPointF
            return
        turned = stored.orientation in (5, 6, 7, 8)
        upright_width, upright_height = (
            (stored.height, stored.width) if turned else (stored.width, stored.height)
        )
        scale_x, scale_y = width / upright_width, height / upright_height
        turn = upright(stored.orientation, stored.width, stored.height)

        def to_picture(x: float, y: float) -> QPointF:
            point = turn(x, y)
            return QPointF(point.x() * scale_x, point.y() * scale_y)

        self._marks_item.to_picture = to_picture

    def _forget_marks(self) -> None:
        self._marks, self._awaiting_marks = None, False
        self._marks_item.marks, self._marks_item.selected = (), ()

    # -- internals ---------------------------------------------------------------------------

    def _rotate(self, degrees: int) -> None:
        self._rotation = (self._rotation + degrees) % 360
        self._apply()

    def _set_zoom(self, factor: float) -> None:
        self._fitting = False
        self._zoom = factor
        self._apply()

    def _apply(self) -> None:
        """Rotate the photo about its centre, then scale the view (fitting if asked)."""
        self._item.setRotation(self._rotation)
        bounds: QRectF = self._item.sceneBoundingRect()
        self._scene.setSceneRect(bounds)
        if self._fitting and self.has_image() and bounds.width() > 0 and bounds.height() > 0:
            viewport = self._view.viewport().size()
            by_width = (viewport.width() - _FIT_MARGIN) / bounds.width()
            by_height = (viewport.height() - _FIT_MARGIN) / bounds.height()
            self._zoom = max(0.01, by_width if self._fit_width else min(by_width, by_height))
        self._view.setTransform(QTransform.fromScale(self._zoom, self._zoom))
        self._update_controls()

    def _update_controls(self) -> None:
        loaded = self.has_image()
        for action in (
            self.fit_action,
            self.fit_window_action,
            self.actual_size_action,
            self.rotate_left_action,
            self.rotate_right_action,
        ):
            action.setEnabled(loaded)
        self.fit_action.setChecked(self._fitting and self._fit_width)
        self.fit_window_action.setChecked(self._fitting and not self._fit_width)
        self._show_zoom(loaded)
