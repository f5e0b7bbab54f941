"""The pages of the PDF shown, as the sandbox draws them: one page at a time, on the read
pool, the pages the viewer wants first (see `PdfViewer._wanted`); a few pictures are kept,
the farthest from the page read dropped. A page the sandbox refuses keeps its reason."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from review.analysis.page_images import PageImage, PageRefusal, PageRenderer, RenderedPage
from ui.common.operations import ErrorRoute, Operation, Pools
from ui.officer.inspector.decoding import as_qimage

log = logging.getLogger(__name__)

#: Pictures held at once (about 11 MB each); farther pages come back from the renderer's
#: compressed cache when they scroll into view again.
_KEPT_PICTURES: Final = 8


class PageDrawing(QObject):
    drawn = Signal(int)  # the page (1-based) now has a picture or a refusal
    failed = Signal(int)  # drawing the page failed unexpectedly (it has a refusal now)

    def __init__(
        self, parent: QObject, *, pools: Pools, errors: ErrorRoute, renderer: PageRenderer
    ) -> None:
        super().__init__(parent)
        self._pools = pools
        self._errors = errors
        self._renderer = renderer
        self._data = b""
        self._images: dict[int, QImage] = {}
        self._refusals: dict[int, str] = {}
        self._asked: int | None = None  # the page the sandbox is drawing now
        self._near = 0  # the page read: the pictures kept are those nearest to it
        self._generation = 0  # bumped per document: late pictures of another one drop

    def start(self, data: bytes, *, first_page: QImage | None = None) -> None:
        """A new document (`first_page`: page 1's picture, drawn ahead)."""
        self.stop()
        self._data = data
        if first_page is not None:
            self._images[1] = first_page

    def stop(self) -> None:
        self._generation += 1
        self._data = b""
        self._images.clear()
        self._refusals.clear()
        self._asked = None

    @property
    def data(self) -> bytes:
        return self._data

    def image(self, number: int) -> QImage | None:
        return self._images.get(number)

    def refusal(self, number: int) -> str | None:
        return self._refusals.get(number)

    def settled(self, number: int) -> bool:
        """Whether page `number` is drawn or refused."""
        return number in self._images or number in self._refusals

    def draw_next(self, wanted: Sequence[int], near: int) -> None:
        """Ask the sandbox for the first page of `wanted` not drawn yet, unless it is drawing
        one already (`near`: the page read)."""
        self._near = near
        if self._asked is not None or not self._data:
            return
        number = next((n for n in wanted if not self.settled(n)), None)
        if number is None:
            return
        self._asked = number
        generation, data, renderer = self._generation, self._data, self._renderer

        def draw() -> tuple[RenderedPage, QImage | None]:
            rendered = renderer.render(data, number)
            return rendered, as_qimage(rendered) if isinstance(rendered, PageImage) else None

        Operation(
            self,
            draw,
            pools=self._pools,
            errors=self._errors,
            title=self.tr("Drawing a page of the report"),
        ).on_success(lambda result: self._on_drawn(generation, *result)).on_failure(
            lambda error: self._on_failed(generation, number, error)
        ).run_in_background()

    def _on_drawn(self, generation: int, rendered: RenderedPage, image: QImage | None) -> None:
        if generation != self._generation:
            return
        self._asked = None
        if image is not None:
            self._images[rendered.number] = image
            while len(self._images) > _KEPT_PICTURES:
                farthest = max(self._images, key=lambda n: abs(n - self._near))
                del self._images[farthest]
        elif isinstance(rendered, PageRefusal):
            log.warning("page %d is not shown: %s", rendered.number, rendered.reason)
            self._refusals[rendered.number] = rendered.reason
        self.drawn.emit(rendered.number)

    def _on_failed(self, generation: int, number: int, error: Exception) -> bool:
        log.error("drawing page %d failed unexpectedly: %r", number, error)
        if generation == self._generation:
            self._asked = None
            self._refusals[number] = str(error) or type(error).__name__
            self.failed.emit(number)
        return True
