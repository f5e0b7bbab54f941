"""A PDF report in QtPdf: page navigation, zoom steps, fit width and fit page.

Only bytes the sandboxed analysis read without error reach `open` (see `admission`).
Pages render on QtPdf's own thread; `first_page_rendered` fires from the paint that
first draws a rendered page, so it measures what the officer actually sees.
"""

from __future__ import annotations

import logging
from typing import Final
from uuid import UUID

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMargins, QPointF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QKeySequence,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtPdf import QPdfDocument, QPdfPageRenderer
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QSpinBox, QStyle, QToolBar, QVBoxLayout, QWidget

from ui.common.plain import plain_label
from ui.officer.inspector.zoom import ZOOM_STEPS, ctrl_wheel_step, next_zoom, previous_zoom

log = logging.getLogger(__name__)

_MARGIN: Final = 12
_SPACING: Final = 12


class _PageView(QPdfView):
    """QPdfView that says when a rendered page has been painted and zooms on Ctrl+wheel."""

    painted = Signal()
    resized = Signal()
    zoom_requested = Signal(int)  # +1 in, -1 out

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._rendered = False
        # QPdfView renders through a QPdfPageRenderer child; its signal tells us a page image
        # is in the view's cache, so the next paint shows it.
        renderer = self.findChild(QPdfPageRenderer)
        if renderer is not None:
            renderer.pageRendered.connect(self._on_page_rendered)
        else:  # a future QtPdf without the child: report the first paint instead
            log.warning("QPdfView has no page renderer child; first paint is approximate")
            self._rendered = True

    def expect_first_page(self) -> None:
        self._rendered = self.findChild(QPdfPageRenderer) is None

    def _on_page_rendered(self, *_: object) -> None:
        self._rendered = True

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        if self._rendered:
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


class PdfViewer(QWidget):
    first_page_rendered = Signal(object)  # document id (UUID)
    page_changed = Signal(int)  # 1-based

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self._document_id: UUID | None = None
        self._awaiting_paint = False

        self._view = _PageView(self)
        self._view.setDocument(self._document)
        self._view.setPageMode(QPdfView.PageMode.MultiPage)
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._view.setPageSpacing(_SPACING)
        self._view.setDocumentMargins(QMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN))
        palette = self._view.palette()
        palette.setColor(QPalette.ColorRole.Dark, Qt.GlobalColor.darkGray)
        self._view.setPalette(palette)
        self._view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._page = QSpinBox(self)
        self._page.setMinimum(1)
        self._page.setKeyboardTracking(False)
        self._page.setAccessibleName(self.tr("Page number"))
        self._page_count = plain_label(parent=self)
        self._zoom_label = plain_label(parent=self)
        self._zoom_label.setMinimumWidth(48)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.previous_action = self._action(
            self.tr("Previous page"), [QKeySequence(Qt.Key.Key_PageUp)]
        )
        self.next_action = self._action(self.tr("Next page"), [QKeySequence(Qt.Key.Key_PageDown)])
        self.zoom_out_action = self._action(
            self.tr("Zoom out"), [QKeySequence(QKeySequence.StandardKey.ZoomOut)]
        )
        self.zoom_in_action = self._action(
            self.tr("Zoom in"),
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")],
        )
        self.fit_width_action = self._action(self.tr("Fit width"), [QKeySequence("Ctrl+0")])
        self.fit_page_action = self._action(self.tr("Fit page"), [])
        for action in (self.fit_width_action, self.fit_page_action):
            action.setCheckable(True)
        self.previous_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.next_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.zoom_out_action.setText("−")
        self.zoom_in_action.setText("+")

        toolbar = QToolBar(self)
        toolbar.setObjectName("inspectorToolbar")
        toolbar.addAction(self.previous_action)
        toolbar.addAction(self.next_action)
        toolbar.addWidget(self._page)
        toolbar.addWidget(self._page_count)
        toolbar.addSeparator()
        toolbar.addAction(self.zoom_out_action)
        toolbar.addWidget(self._zoom_label)
        toolbar.addAction(self.zoom_in_action)
        toolbar.addSeparator()
        toolbar.addAction(self.fit_width_action)
        toolbar.addAction(self.fit_page_action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self._view, 1)

        self.previous_action.triggered.connect(self._on_previous)
        self.next_action.triggered.connect(self._on_next)
        self.zoom_in_action.triggered.connect(self.zoom_in)
        self.zoom_out_action.triggered.connect(self.zoom_out)
        self.fit_width_action.triggered.connect(self.fit_width)
        self.fit_page_action.triggered.connect(self.fit_page)
        self._page.valueChanged.connect(self._on_page_entered)
        self._view.pageNavigator().currentPageChanged.connect(self._on_current_page_changed)
        self._view.zoomModeChanged.connect(self._on_zoom_changed)
        self._view.zoomFactorChanged.connect(self._on_zoom_changed)
        self._view.painted.connect(self._on_painted)
        self._view.resized.connect(self._on_zoom_changed)  # the fit modes' zoom follows the size
        self._view.zoom_requested.connect(self._on_zoom_requested)
        self._update_controls()

    def _action(self, tooltip: str, keys: list[QKeySequence]) -> QAction:
        action = QAction(tooltip, self)
        action.setShortcuts(keys)
        # Active while the focus is anywhere in the viewer, never window-wide.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(self.tr("{0} ({1})").format(tooltip, shortcut) if shortcut else tooltip)
        self.addAction(action)
        return action

    # -- public API -------------------------------------------------------------------------

    def open(self, document_id: UUID, data: bytes) -> str | None:
        """Show `data` from page 1, fitted to the width; why not (translated) if QtPdf refuses."""
        self._document_id = document_id
        self._awaiting_paint = True
        self._view.expect_first_page()
        previous = self._buffer
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._document.load(self._buffer)  # reads the cross-reference table, not the pages
        if previous is not None:
            previous.deleteLater()
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # A QBuffer is random-access, so QtPdf loads synchronously: ready or failed by now.
        if self._document.status() != QPdfDocument.Status.Ready:
            self._awaiting_paint = False
            self._update_controls()
            return self._error_text(self._document.error())
        self._view.pageNavigator().jump(0, QPointF(), 0)
        self._view.verticalScrollBar().setValue(0)
        self._update_controls()
        return None

    def close_document(self) -> None:
        self._document_id = None
        self._awaiting_paint = False
        self._document.close()
        if self._buffer is not None:
            self._buffer.deleteLater()
            self._buffer = None
        self._update_controls()

    def page_count(self) -> int:
        return max(0, self._document.pageCount())

    def current_page(self) -> int:
        return self._view.pageNavigator().currentPage() + 1

    def go_to_page(self, page: int) -> None:
        """Scroll to the top of `page` (1-based, clamped)."""
        count = self.page_count()
        if count:
            self._view.pageNavigator().jump(min(max(page, 1), count) - 1, QPointF(), 0)

    def zoom_percent(self) -> int:
        return round(self._effective_zoom() * 100)

    def zoom_in(self) -> None:
        self._set_zoom(next_zoom(self._effective_zoom()))

    def zoom_out(self) -> None:
        self._set_zoom(previous_zoom(self._effective_zoom()))

    def fit_width(self) -> None:
        self._view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self._view.setZoomMode(QPdfView.ZoomMode.FitInView)

    # -- slots -------------------------------------------------------------------------------

    def _on_previous(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def _on_next(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def _on_page_entered(self, page: int) -> None:
        if page != self.current_page():
            self.go_to_page(page)

    def _on_current_page_changed(self, _: int) -> None:
        self._update_controls()
        self.page_changed.emit(self.current_page())

    def _on_zoom_changed(self, *_: object) -> None:
        self._update_controls()

    def _on_zoom_requested(self, direction: int) -> None:
        if direction > 0:
            self.zoom_in()
        else:
            self.zoom_out()

    def _on_painted(self) -> None:
        if self._awaiting_paint and self._document_id is not None:
            self._awaiting_paint = False
            self.first_page_rendered.emit(self._document_id)

    # -- internals ---------------------------------------------------------------------------

    def _set_zoom(self, factor: float) -> None:
        self._view.setZoomFactor(factor)
        self._view.setZoomMode(QPdfView.ZoomMode.Custom)

    def _effective_zoom(self) -> float:
        """The zoom factor in use, also in the fit modes (where QPdfView computes it itself)."""
        mode = self._view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or self.page_count() == 0:
            return self._view.zoomFactor()
        # QPdfView scales points by the primary screen's logical DPI, as it does here.
        screen = QGuiApplication.primaryScreen()
        resolution = (screen.logicalDotsPerInch() if screen else 96.0) / 72.0
        size = self._document.pagePointSize(self._view.pageNavigator().currentPage())
        if size.width() <= 0 or size.height() <= 0:
            return self._view.zoomFactor()
        margins = self._view.documentMargins()
        viewport = self._view.viewport().size()
        by_width = (viewport.width() - margins.left() - margins.right()) / (
            size.width() * resolution
        )
        if mode == QPdfView.ZoomMode.FitToWidth:
            return max(by_width, ZOOM_STEPS[0])
        by_height = (viewport.height() - self._view.pageSpacing()) / (size.height() * resolution)
        return max(min(by_width, by_height), ZOOM_STEPS[0])

    def _update_controls(self) -> None:
        count = self.page_count()
        loaded = count > 0
        page = self.current_page() if loaded else 0
        self._page.blockSignals(True)
        self._page.setMaximum(max(1, count))
        self._page.setValue(max(1, page))
        self._page.blockSignals(False)
        self._page.setEnabled(loaded)
        self._page_count.setText(self.tr("of {0}").format(count) if loaded else "")
        self.previous_action.setEnabled(loaded and page > 1)
        self.next_action.setEnabled(loaded and page < count)
        mode = self._view.zoomMode()
        self.fit_width_action.setChecked(mode == QPdfView.ZoomMode.FitToWidth)
        self.fit_page_action.setChecked(mode == QPdfView.ZoomMode.FitInView)
        for action in (self.zoom_in_action, self.zoom_out_action):
            action.setEnabled(loaded)
        self.fit_width_action.setEnabled(loaded)
        self.fit_page_action.setEnabled(loaded)
        self._zoom_label.setText(self.tr("{0} %").format(self.zoom_percent()) if loaded else "")

    def _error_text(self, error: QPdfDocument.Error) -> str:
        texts = {
            QPdfDocument.Error.InvalidFileFormat: self.tr("The viewer cannot read this PDF."),
            QPdfDocument.Error.IncorrectPassword: self.tr("The PDF is protected by a password."),
            QPdfDocument.Error.UnsupportedSecurityScheme: self.tr(
                "The PDF uses an encryption the viewer does not support."
            ),
        }
        return texts.get(error, self.tr("The viewer could not open this PDF."))
