"""The inspector's background work for a case: its documents' marks, and page 1 drawn ahead.

Both run on the read pool and drop what arrives for a case no longer shown.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from uuid import UUID

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from review.analysis.facts import DocumentFacts, sniff_media_type
from review.analysis.page_images import PageImage, PageRenderer
from review.checks import CheckResult
from review.marks import DocumentMarks, document_marks
from ui.common.operations import ErrorRoute, Operation, Pools
from ui.officer.inspector.decoding import as_qimage
from workstation.cases import StoredDocument
from workstation.protocol import DeclarationContent

log = logging.getLogger(__name__)


class CaseMarks(QObject):
    """What each analysed document of the case states, and where (`review.marks`), searched
    once per case: switching documents shows their marks at once."""

    found = Signal()  # the marks of the case shown are in
    failed = Signal()  # the search failed: the text is shown without highlights

    def __init__(self, parent: QObject, *, pools: Pools, errors: ErrorRoute) -> None:
        super().__init__(parent)
        self._pools = pools
        self._errors = errors
        self._marks: dict[UUID, DocumentMarks] = {}
        self._generation = 0
        self.search_failed = False

    def search(
        self,
        documents: Sequence[StoredDocument],
        facts: Mapping[UUID, DocumentFacts],
        content: DeclarationContent | None,
        results: Sequence[CheckResult],
    ) -> None:
        self.clear()
        analysed = [
            (d.ref.document_id, f)
            for d in documents
            if (f := facts.get(d.ref.document_id)) is not None and f.readable
        ]
        if content is None or not analysed:
            return
        generation = self._generation
        checked = tuple(results)

        def search() -> dict[UUID, DocumentMarks]:
            return {
                document_id: document_marks(found, content, checked, document_id=document_id)
                for document_id, found in analysed
            }

        Operation(
            self,
            search,
            pools=self._pools,
            errors=self._errors,
            title=self.tr("Searching the report's text"),
        ).on_success(lambda found: self._on_found(generation, found)).on_failure(
            lambda error: self._on_failed(generation, error)
        ).run_in_background()

    def clear(self) -> None:
        self._generation += 1
        self._marks, self.search_failed = {}, False

    def get(self, document_id: UUID | None) -> DocumentMarks | None:
        """The document's marks (None until the search is done, or for another case)."""
        return self._marks.get(document_id) if document_id is not None else None

    def all(self) -> Mapping[UUID, DocumentMarks]:
        return self._marks

    def _on_found(self, generation: int, found: dict[UUID, DocumentMarks]) -> None:
        if generation == self._generation:
            self._marks = found
            self.found.emit()

    def _on_failed(self, generation: int, error: Exception) -> bool:
        log.warning("searching the text for the declaration failed: %r", error)
        if generation == self._generation:
            self.search_failed = True
            self.failed.emit()
        return True  # the text is still shown; the panel says the search failed


class PageAhead(QObject):
    """Page 1 (or the photo) of the document to be shown first, drawn by the rendering
    sandbox while the case's analysis runs.

    Nothing is shown before the analysis admits the document, as always: the picture only
    waits here (and in the renderer's cache). Drawing in the rendering sandbox is what it
    is for, whatever the file.
    """

    def __init__(
        self, parent: QObject, *, pools: Pools, errors: ErrorRoute, renderer: PageRenderer
    ) -> None:
        super().__init__(parent)
        self._pools = pools
        self._errors = errors
        self._renderer = renderer
        self._drawn: tuple[UUID, QImage] | None = None
        self._generation = 0

    def draw(self, document: StoredDocument | None) -> None:
        data = document.content if document is not None else None
        if document is None or data is None or not sniff_media_type(data):
            return
        renderer, document_id = self._renderer, document.ref.document_id
        generation = self._generation

        def draw() -> QImage | None:
            drawn = renderer.render(data, 1)
            return as_qimage(drawn) if isinstance(drawn, PageImage) else None

        Operation(
            self,
            draw,
            pools=self._pools,
            errors=self._errors,
            title=self.tr("Drawing a page of the report"),
        ).on_success(lambda image: self._on_drawn(generation, document_id, image)).on_failure(
            lambda _error: True  # it is drawn again when shown
        ).run_in_background()

    def image(self, document_id: UUID) -> QImage | None:
        """Page 1 or the photo of `document_id`, if drawn ahead."""
        if self._drawn is not None and self._drawn[0] == document_id:
            return self._drawn[1]
        return None

    def clear(self) -> None:
        self._generation += 1
        self._drawn = None  # about 11 MB of pixels

    def _on_drawn(self, generation: int, document_id: UUID, image: QImage | None) -> None:
        if generation == self._generation:
            self._drawn = (document_id, image) if image is not None else None
