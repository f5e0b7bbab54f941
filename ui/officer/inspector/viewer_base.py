"""What the PDF viewer and the photo viewer share: the zoom steps and their controls, the
toolbar over the view, shortcuts that act only while the focus is in the viewer, and Ctrl+
wheel zooming. Each viewer says how a zoom factor is applied (`_set_zoom`)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QToolBar, QVBoxLayout, QWidget

from ui.common.plain import plain_label
from ui.officer.inspector.zoom import ctrl_wheel_step, next_zoom, previous_zoom

log = logging.getLogger(__name__)


def wheel_zooms(event: QWheelEvent, zoom_requested: SignalInstance) -> bool:
    """For a view's `wheelEvent`: a Ctrl+wheel turn asks to zoom (+1 in, -1 out) and is
    accepted; False for any other turn, which the view scrolls as usual."""
    step = ctrl_wheel_step(event)
    if step is None:
        return False
    if step:
        zoom_requested.emit(step)
    event.accept()
    return True


class DocumentViewer(QWidget):
    """A viewer of one document: zoom out, the zoom shown, zoom in, over the view."""

    first_page_rendered = Signal(object)  # document id (UUID), once its first page is painted
    marks_painted = Signal(object)  # document id (UUID), once painted with its marks

    #: How this viewer applies a zoom factor (each viewer defines it: pages or a photo).
    _set_zoom: Callable[[float], None]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zoom = 1.0
        self._zoom_label = plain_label(parent=self)
        self._zoom_label.setMinimumWidth(48)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_out_action = self._action(
            "−", self.tr("Zoom out"), [QKeySequence(QKeySequence.StandardKey.ZoomOut)]
        )
        self.zoom_in_action = self._action(
            "+",
            self.tr("Zoom in"),
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")],
        )
        self.zoom_in_action.triggered.connect(self.zoom_in)
        self.zoom_out_action.triggered.connect(self.zoom_out)

    def _action(self, text: str, tooltip: str, keys: list[QKeySequence]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        # Active while the focus is anywhere in the viewer, never window-wide.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(self.tr("{0} ({1})").format(tooltip, shortcut) if shortcut else tooltip)
        self.addAction(action)
        return action

    def _fit_width_action(self) -> QAction:
        """Fit the page's width to the view: the default, checked while it holds."""
        action = self._action(self.tr("Fit width"), self.tr("Fit width"), [QKeySequence("Ctrl+0")])
        action.setCheckable(True)
        return action

    def _toolbar(self) -> QToolBar:
        toolbar = QToolBar(self)
        toolbar.setObjectName("inspectorToolbar")
        return toolbar

    def _add_zoom_controls(self, toolbar: QToolBar) -> None:
        toolbar.addAction(self.zoom_out_action)
        toolbar.addWidget(self._zoom_label)
        toolbar.addAction(self.zoom_in_action)

    def _lay_out(self, toolbar: QToolBar, view: QWidget) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(view, 1)

    # -- zoom -------------------------------------------------------------------------------

    def zoom_percent(self) -> int:
        return round(self._zoom * 100)

    def zoom_in(self) -> None:
        self._set_zoom(next_zoom(self._zoom))

    def zoom_out(self) -> None:
        self._set_zoom(previous_zoom(self._zoom))

    def _on_zoom_requested(self, direction: int) -> None:
        if direction > 0:
            self.zoom_in()
        else:
            self.zoom_out()

    def _show_zoom(self, loaded: bool) -> None:
        """Zoom controls usable, and the zoom shown, only with a document loaded."""
        for action in (self.zoom_in_action, self.zoom_out_action):
            action.setEnabled(loaded)
        self._zoom_label.setText(self.tr("{0} %").format(self.zoom_percent()) if loaded else "")
