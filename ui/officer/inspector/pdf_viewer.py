"""A PDF report as pictures the sandbox drew: page navigation, zoom steps, fit width and page.

The officer's process never parses the uploaded PDF. Each page is rasterised by pdfium in
the limited rendering process (`review.analysis.page_images`), on a worker thread, the
current page first and its neighbours next; this widget only paints the RGB pixels that
come back, scaled to the zoom. A page the sandbox refuses (too slow, too much memory, an
engine crash) is painted as "This page could not be shown safely" with the reason, and
the other pages stay usable. `first_page_rendered` fires from the paint that first shows
page 1 (drawn or refused), so it measures what the officer actually sees.

Over each drawn page go the marks of what it states (`set_marks`, see `page_marks`),
scaled with the page; `reveal` scrolls to a fact and makes its outline blink.
`marks_painted` fires from the first paint that shows the current page with its marks.
Parts: `page_drawing` (asking the sandbox), `page_layout` (where pages go), `page_column`
(painting them), `viewer_base` (the zoom controls shared with the photo viewer).
"""

from __future__ import annotations

import logging
from typing import Final
from uuid import UUID

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import QScrollArea, QSpinBox, QStyle, QWidget

from review.analysis.facts import Quad
from review.analysis.page_images import PageRenderer
from review.marks import DocumentMarks
from ui.common.operations import ErrorRoute, Pools
from ui.common.plain import plain_label
from ui.officer.inspector import page_layout
from ui.officer.inspector.page_column import PageColumn, PageView
from ui.officer.inspector.page_drawing import PageDrawing
from ui.officer.inspector.page_marks import Flash, PointMap, bounding_rect, paint_marks
from ui.officer.inspector.viewer_base import DocumentViewer

log = logging.getLogger(__name__)

#: Until pdfium has measured the pages (with the first one drawn): A4, in points.
_A4: Final = (595.0, 842.0)
#: Pages drawn ahead of the current one, so the next Page Down shows a drawn page.
_AHEAD: Final = 1


class _Zoom:
    FIT_WIDTH = "fit_width"
    FIT_PAGE = "fit_page"
    CUSTOM = "custom"


class PdfViewer(DocumentViewer):
    page_changed = Signal(int)  # 1-based

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        pools: Pools,
        errors: ErrorRoute,
        renderer: PageRenderer,
    ) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self._drawing = PageDrawing(self, pools=pools, errors=errors, renderer=renderer)
        self._document_id: UUID | None = None
        self._sizes: list[tuple[float, float]] = []
        self._awaiting_paint = False
        self._current = 0
        self._jumping = False
        self._mode = _Zoom.FIT_WIDTH
        self._marks: DocumentMarks | None = None
        self._awaiting_marks = False
        self._selected: tuple[int, tuple[Quad, ...]] | None = None  # page, where on it
        self._flash = Flash(self)

        self._column = PageColumn(self)
        self._view = PageView(self)
        self._view.setWidget(self._column)
        self._view.setWidgetResizable(False)
        self._view.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        palette = self._view.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.darkGray)
        palette.setColor(QPalette.ColorRole.Dark, Qt.GlobalColor.darkGray)
        self._view.setPalette(palette)
        self._view.setBackgroundRole(QPalette.ColorRole.Dark)
        self._view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._page = QSpinBox(self)
        self._page.setMinimum(1)
        self._page.setKeyboardTracking(False)
        self._page.setAccessibleName(self.tr("Page number"))
        self._page_count = plain_label(parent=self)

        previous, following = self.tr("Previous page"), self.tr("Next page")
        self.previous_action = self._action(previous, previous, [QKeySequence(Qt.Key.Key_PageUp)])
        self.next_action = self._action(following, following, [QKeySequence(Qt.Key.Key_PageDown)])
        self.fit_width_action = self._fit_width_action()
        self.fit_page_action = self._action(self.tr("Fit page"), self.tr("Fit page"), [])
        self.fit_page_action.setCheckable(True)
        self.previous_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.next_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))

        toolbar = self._toolbar()
        toolbar.addAction(self.previous_action)
        toolbar.addAction(self.next_action)
        toolbar.addWidget(self._page)
        toolbar.addWidget(self._page_count)
        toolbar.addSeparator()
        self._add_zoom_controls(toolbar)
        toolbar.addSeparator()
        toolbar.addAction(self.fit_width_action)
        toolbar.addAction(self.fit_page_action)
        self._lay_out(toolbar, self._view)

        self.previous_action.triggered.connect(self._on_previous)
        self.next_action.triggered.connect(self._on_next)
        self.fit_width_action.triggered.connect(self.fit_width)
        self.fit_page_action.triggered.connect(self.fit_page)
        self._page.valueChanged.connect(self._on_page_entered)
        self._view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._column.painted.connect(self._on_painted)
        self._view.resized.connect(self._relayout)  # the fit modes' zoom follows the size
        self._view.zoom_requested.connect(self._on_zoom_requested)
        self._flash.level_changed.connect(self._on_flash)
        self._drawing.drawn.connect(self._on_drawn)
        self._drawing.failed.connect(self._column.update)
        self._update_controls()

    # -- public API -------------------------------------------------------------------------

    def open(
        self,
        document_id: UUID,
        data: bytes,
        *,
        page_count: int,
        first_page: QImage | None = None,
    ) -> None:
        """Show `data` (`page_count` pages, as the analysis counted) from page 1, fitted to
        the width; the sandbox draws page 1 first, unless `first_page` is its picture
        already (drawn by the sandbox while the document was analysed)."""
        self._document_id = document_id
        measured = self._renderer.page_sizes(data)
        self._sizes = list(measured) if len(measured) == page_count else [_A4] * page_count
        self._drawing.start(data, first_page=first_page if page_count else None)
        self._awaiting_paint = True
        self._marks, self._awaiting_marks, self._selected = None, False, None
        self._current = 1 if page_count else 0
        self._mode = _Zoom.FIT_WIDTH
        self._relayout()
        self._scroll_to(self._current)
        self._draw_next()

    def close_document(self) -> None:
        self._document_id = None
        self._sizes = []
        self._drawing.stop()
        self._awaiting_paint = False
        self._marks, self._awaiting_marks, self._selected = None, False, None
        self._current = 0
        self._relayout()

    def focus_chain(self) -> list[QWidget]:
        """Tab stops: the page number, then the page itself."""
        return [self._page, self._view]

    @property
    def page_view(self) -> QScrollArea:
        """The view the pages are painted in (tests measure its width)."""
        return self._view

    def page_count(self) -> int:
        return len(self._sizes)

    def current_page(self) -> int:
        return self._current

    def page_image(self, number: int) -> QImage | None:
        """Page `number` as the sandbox drew it, once it has."""
        return self._drawing.image(number)

    def page_refusal(self, number: int) -> str | None:
        """Why the sandbox would not draw page `number` (its words), if it refused."""
        return self._drawing.refusal(number)

    def page_caption(self, number: int) -> str:
        """What is painted in place of page `number` while it has no picture (translated)."""
        refusal = self._drawing.refusal(number)
        if refusal is not None:
            return self.tr("This page could not be shown safely.\n{0}").format(refusal)
        return self.tr("Drawing page {0}…").format(number)

    def page_rect(self, number: int) -> QRect:
        """Where page `number` is painted, in the page column's coordinates."""
        scale = self._zoom * page_layout.resolution()
        return page_layout.page_rect(self._sizes, number, scale, self._column.width())

    def set_marks(self, marks: DocumentMarks | None) -> None:
        """Draw these marks over the pages (None: none); `marks_painted` follows."""
        self._marks = marks
        self._awaiting_marks = marks is not None and self._document_id is not None
        self._column.update()

    def marks(self) -> DocumentMarks | None:
        return self._marks

    def selected(self) -> tuple[int, tuple[Quad, ...]] | None:
        """The fact last revealed: its page and where it lies on it."""
        return self._selected

    def reveal(self, page: int, quads: tuple[Quad, ...]) -> None:
        """Go to `page` with `quads` (page points) in the middle of the view, outlined, and
        make the outline blink; without quads, the top of the page."""
        count = self.page_count()
        if not count:
            return
        page = min(max(page, 1), count)
        self._selected = (page, quads) if quads else None
        self.go_to_page(page)
        self._scroll_to(page)  # on the same page go_to_page does not move
        if quads:
            self._flash.flash()
        self._column.update()

    def view_rect(self, page: int, quads: tuple[Quad, ...]) -> QRect:
        """Where `quads` of `page` are painted, in the page column's coordinates."""
        return bounding_rect(quads, self._to_column(page)).toAlignedRect()

    def visible_rect(self) -> QRect:
        """The part of the page column in view."""
        bar_x, bar_y = self._view.horizontalScrollBar(), self._view.verticalScrollBar()
        return QRect(bar_x.value(), bar_y.value(), self._view.viewport().width(),
                     self._view.viewport().height())  # fmt: skip

    def paint_page_marks(self, painter: QPainter, number: int) -> None:
        """Called by the page column after drawing page `number`'s picture."""
        marks = self._marks.on_page(number) if self._marks is not None else ()
        selected = self._selected[1] if self._selected and self._selected[0] == number else ()
        if marks or selected:
            paint_marks(
                painter, marks, self._to_column(number), selected=selected,
                flash=self._flash.level,
            )  # fmt: skip

    def go_to_page(self, page: int) -> None:
        """Scroll to the top of `page` (1-based, clamped)."""
        count = self.page_count()
        if not count:
            return
        page = min(max(page, 1), count)
        if self._selected is not None and self._selected[0] != page:
            self._selected = None
        changed = page != self._current
        self._current = page
        self._scroll_to(page)
        self._update_controls()
        self._draw_next()
        if changed:
            self.page_changed.emit(page)

    def fit_width(self) -> None:
        self._mode = _Zoom.FIT_WIDTH
        self._relayout()

    def fit_page(self) -> None:
        self._mode = _Zoom.FIT_PAGE
        self._relayout()

    # -- slots -------------------------------------------------------------------------------

    def _on_previous(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def _on_next(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def _on_page_entered(self, page: int) -> None:
        if page != self.current_page():
            self.go_to_page(page)

    def _on_scrolled(self, value: int) -> None:
        if self._jumping or not self._sizes:
            return
        # The page under the upper third of the view is the one being read.
        probe = value + self._view.viewport().height() // 3
        page = next(
            (n for n in range(self.page_count(), 0, -1) if self.page_rect(n).top() <= probe), 1
        )
        if page != self._current:
            self._current = page
            self._update_controls()
            self.page_changed.emit(page)
        self._draw_next()

    def _on_painted(self) -> None:
        if self._awaiting_paint and self._document_id is not None and self._drawing.settled(1):
            self._awaiting_paint = False
            self.first_page_rendered.emit(self._document_id)
        if (
            self._awaiting_marks
            and self._document_id is not None
            and self._drawing.settled(self._current)
        ):
            self._awaiting_marks = False
            self.marks_painted.emit(self._document_id)

    def _on_flash(self) -> None:
        if self._selected is not None:
            page, quads = self._selected
            self._column.update(self.view_rect(page, quads).adjusted(-12, -12, 12, 12))

    def _on_drawn(self, number: int) -> None:
        if number == 1:  # pdfium measured the pages when it drew the first one
            measured = self._renderer.page_sizes(self._drawing.data)
            if len(measured) == len(self._sizes) and list(measured) != self._sizes:
                self._sizes = list(measured)
                self._relayout()
                self._scroll_to(self._current)
        self._column.update(self.page_rect(number))
        self._draw_next()

    # -- internals ---------------------------------------------------------------------------

    def _draw_next(self) -> None:
        """Have the sandbox draw the next page worth having: the current one, then what is in
        view, then the next ones ahead; one page at a time."""
        if self._document_id is not None and self._sizes:
            self._drawing.draw_next(self._wanted(), self._current)

    def _wanted(self) -> list[int]:
        count = self.page_count()
        top = self._view.verticalScrollBar().value()
        bottom = top + self._view.viewport().height()
        visible = [
            n
            for n in range(1, count + 1)
            if self.page_rect(n).bottom() >= top and self.page_rect(n).top() <= bottom
        ]
        ahead = range(self._current + 1, min(count, self._current + _AHEAD) + 1)
        return [self._current, *visible, *ahead]

    def _scroll_to(self, page: int) -> None:
        """The top of `page`; or the fact selected on it, in the middle of the view."""
        if not 1 <= page <= self.page_count():
            return
        self._jumping = True
        try:
            vertical = self._view.verticalScrollBar()
            if self._selected is not None and self._selected[0] == page:
                target = self.view_rect(*self._selected).center()
                viewport = self._view.viewport().size()
                vertical.setValue(target.y() - viewport.height() // 2)
                horizontal = self._view.horizontalScrollBar()
                horizontal.setValue(target.x() - viewport.width() // 2)
            else:
                vertical.setValue(self.page_rect(page).top() - page_layout.MARGIN)
        finally:
            self._jumping = False

    def _to_column(self, page: int) -> PointMap:
        """Page points (from the page's top-left corner) to the page column's pixels."""
        return page_layout.page_to_column(self.page_rect(page), self._sizes[page - 1])

    def _set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self._mode = _Zoom.CUSTOM
        self._relayout()

    def _relayout(self) -> None:
        """Size the page column for the zoom (recomputed in the fit modes) and keep the page."""
        viewport = self._view.viewport().size()
        if self._mode != _Zoom.CUSTOM and self._sizes:
            page = self._sizes[max(self._current, 1) - 1]
            whole = self._mode == _Zoom.FIT_PAGE
            self._zoom = page_layout.fitted_zoom(page, viewport, whole_page=whole)
        scale = self._zoom * page_layout.resolution()
        self._jumping = True  # a shorter column moves the scroll bar: not the officer's doing
        try:
            self._column.resize(page_layout.column_size(self._sizes, scale, viewport))
        finally:
            self._jumping = False
        self._scroll_to(self._current)
        self._column.update()
        self._update_controls()

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
        self.fit_width_action.setChecked(self._mode == _Zoom.FIT_WIDTH)
        self.fit_page_action.setChecked(self._mode == _Zoom.FIT_PAGE)
        self.fit_width_action.setEnabled(loaded)
        self.fit_page_action.setEnabled(loaded)
        self._show_zoom(loaded)
