"""A photo of a report: zoom, fit to window, rotate in quarter turns (QGraphicsView).

The image arrives as pixels the sandbox decoded (off the GUI thread, see `decoding`):
this widget only turns them into a pixmap and transforms the view.
"""

from __future__ import annotations

import logging
from uuid import UUID

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
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
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.common.plain import plain_label
from ui.officer.inspector.zoom import ctrl_wheel_step, next_zoom, previous_zoom

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
        step = ctrl_wheel_step(event)
        if step is None:
            super().wheelEvent(event)
            return
        if step:
            self.zoom_requested.emit(step)
        event.accept()


class ImageViewer(QWidget):
    first_page_rendered = Signal(object)  # document id (UUID), once the photo is painted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document_id: UUID | None = None
        self._awaiting_paint = False
        self._zoom = 1.0
        self._rotation = 0
        self._fitting = True
        self._fit_width = True  # a portrait photo of a report is read across, then scrolled

        self._scene = QGraphicsScene(self)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self._view = _PhotoView(self._scene, self)
        self._view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self._view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self._view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._view.setBackgroundBrush(QColor(Qt.GlobalColor.darkGray))
        self._view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._zoom_label = plain_label(parent=self)
        self._zoom_label.setMinimumWidth(48)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._size_label = plain_label(parent=self)

        self.zoom_out_action = self._action(
            "−", self.tr("Zoom out"), [QKeySequence(QKeySequence.StandardKey.ZoomOut)]
        )
        self.zoom_in_action = self._action(
            "+",
            self.tr("Zoom in"),
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")],
        )
        # Fitted means fitted to the width (the default); the whole photo is one click away.
        self.fit_action = self._action(
            self.tr("Fit width"), self.tr("Fit width"), [QKeySequence("Ctrl+0")]
        )
        self.fit_action.setCheckable(True)
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

        toolbar = QToolBar(self)
        toolbar.setObjectName("inspectorToolbar")
        toolbar.addAction(self.zoom_out_action)
        toolbar.addWidget(self._zoom_label)
        toolbar.addAction(self.zoom_in_action)
        toolbar.addSeparator()
        toolbar.addAction(self.fit_action)
        toolbar.addAction(self.fit_window_action)
        toolbar.addAction(self.actual_size_action)
        toolbar.addSeparator()
        toolbar.addAction(self.rotate_left_action)
        toolbar.addAction(self.rotate_right_action)
        toolbar.addSeparator()
        toolbar.addWidget(self._size_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self._view, 1)

        self.zoom_in_action.triggered.connect(self.zoom_in)
        self.zoom_out_action.triggered.connect(self.zoom_out)
        self.fit_action.triggered.connect(self.fit_width)
        self.fit_window_action.triggered.connect(self.fit_to_window)
        self.actual_size_action.triggered.connect(self._on_actual_size)
        self.rotate_left_action.triggered.connect(self.rotate_left)
        self.rotate_right_action.triggered.connect(self.rotate_right)
        self._view.painted.connect(self._on_painted)
        self._view.resized.connect(self._on_resized)
        self._view.zoom_requested.connect(self._on_zoom_requested)
        self._update_controls()

    def _action(self, text: str, tooltip: str, keys: list[QKeySequence]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(self.tr("{0} ({1})").format(tooltip, shortcut) if shortcut else tooltip)
        self.addAction(action)
        return action

    # -- public API -------------------------------------------------------------------------

    def show_image(self, document_id: UUID, image: QImage) -> None:
        """Show `image` upright and fitted to the width of the view, from its top."""
        self._document_id = document_id
        self._awaiting_paint = True
        self._item.setPixmap(QPixmap.fromImage(image))
        self._item.setTransformOriginPoint(self._item.boundingRect().center())
        self._rotation = 0
        self._size_label.setText(self.tr("{0} × {1} px").format(image.width(), image.height()))
        self.fit_width()
        self._view.verticalScrollBar().setValue(0)

    def focus_chain(self) -> list[QWidget]:
        return [self._view]

    def clear(self) -> None:
        self._document_id = None
        self._awaiting_paint = False
        self._item.setPixmap(QPixmap())
        self._size_label.clear()
        self._update_controls()

    @property
    def rotation(self) -> int:
        """Degrees clockwise: 0, 90, 180 or 270."""
        return self._rotation

    def zoom_percent(self) -> int:
        return round(self._zoom * 100)

    def has_image(self) -> bool:
        return not self._item.pixmap().isNull()

    def zoom_in(self) -> None:
        self._set_zoom(next_zoom(self._zoom))

    def zoom_out(self) -> None:
        self._set_zoom(previous_zoom(self._zoom))

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

    def _on_zoom_requested(self, direction: int) -> None:
        if direction > 0:
            self.zoom_in()
        else:
            self.zoom_out()

    def _on_resized(self) -> None:
        if self._fitting:
            self._apply()

    def _on_painted(self) -> None:
        if self._awaiting_paint and self._document_id is not None and self.has_image():
            self._awaiting_paint = False
            self.first_page_rendered.emit(self._document_id)

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
            self.zoom_in_action,
            self.zoom_out_action,
            self.fit_action,
            self.fit_window_action,
            self.actual_size_action,
            self.rotate_left_action,
            self.rotate_right_action,
        ):
            action.setEnabled(loaded)
        self.fit_action.setChecked(self._fitting and self._fit_width)
        self.fit_window_action.setChecked(self._fitting and not self._fit_width)
        self._zoom_label.setText(self.tr("{0} %").format(self.zoom_percent()) if loaded else "")
