"""Where the inspector shows the document chosen: its pages (`PdfViewer`), the photo
(`ImageViewer`, decoded by the sandbox off the GUI thread) or, in their place, why it is
not shown (`DocumentNotice`). A photo decoded for a document no longer shown is dropped."""

from __future__ import annotations

import logging
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStackedWidget, QWidget

from review.analysis.admission import Admission
from review.analysis.facts import DocumentFacts, ImageFacts, Quad
from review.analysis.page_images import PageRenderer
from review.marks import DocumentMarks
from ui.common.operations import ErrorRoute, Operation, Pools
from ui.officer.inspector.case_work import PageAhead
from ui.officer.inspector.decoding import ImageRefused, decode_image
from ui.officer.inspector.image_viewer import ImageViewer
from ui.officer.inspector.notice import DocumentNotice, Severity
from ui.officer.inspector.pdf_viewer import PdfViewer

log = logging.getLogger(__name__)


class DocumentStage(QStackedWidget):
    photo_shown = Signal()  # the photo being opened is decoded and shown (marks go on it)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        pools: Pools,
        errors: ErrorRoute,
        renderer: PageRenderer,
        ahead: PageAhead,
    ) -> None:
        super().__init__(parent)
        self._pools = pools
        self._errors = errors
        self._renderer = renderer
        self._ahead = ahead
        self._generation = 0  # bumped whenever what is shown changes; stale photos drop
        self._opening: UUID | None = None  # the photo being opened
        self._pending_reveal: tuple[Quad, ...] | None = None
        self.pdf = PdfViewer(self, pools=pools, errors=errors, renderer=renderer)
        self.image = ImageViewer(self)
        self.notice = DocumentNotice(self)
        for part in (self.pdf, self.image, self.notice):
            self.addWidget(part)

    def open_pdf(self, document_id: UUID, data: bytes, facts: DocumentFacts | None) -> None:
        # Admitted, so the analysis counted the pages and pdfium agreed (see `viewer_engine`).
        self._forget()
        self.image.clear()
        self.setCurrentWidget(self.pdf)
        self.pdf.open(
            document_id,
            data,
            page_count=(facts.page_count or 0) if facts else 0,
            first_page=self._ahead.image(document_id),
        )

    def open_photo(self, document_id: UUID, data: bytes, facts: DocumentFacts | None) -> None:
        self._forget()
        self._opening = document_id
        self.pdf.close_document()
        self.image.clear()
        generation, stored = self._generation, facts.image if facts else None
        ahead = self._ahead.image(document_id)
        if ahead is not None:
            self._on_decoded(generation, document_id, ahead, stored)
            return
        self._show_notice(self.tr("Opening the photo…"), "", Severity.INFO)
        renderer = self._renderer
        Operation(
            self,
            lambda: decode_image(data, renderer=renderer),
            pools=self._pools,
            errors=self._errors,
            title=self.tr("Opening a photo"),
        ).on_success(
            lambda image: self._on_decoded(generation, document_id, image, stored)
        ).on_failure(lambda error: self._on_refused(generation, error)).run_in_background()

    def refuse(self, admission: Admission) -> None:
        self._forget()
        self.pdf.close_document()
        self.image.clear()
        self.notice.show_refusal(admission)
        self.setCurrentWidget(self.notice)

    def show_nothing(self, title: str) -> None:
        self._forget()
        self.pdf.close_document()
        self.image.clear()
        self._show_notice(title, "", Severity.INFO)

    def reveal(self, document_id: UUID, page: int, quads: tuple[Quad, ...]) -> None:
        """Go to `page` of the document shown, `quads` outlined; for a photo still being
        decoded, once it is shown."""
        if self.currentWidget() is self.pdf:
            self.pdf.reveal(page, quads)
        elif self.currentWidget() is self.image:
            self.image.reveal(quads)
        elif self._opening == document_id and self.currentWidget() is self.notice:
            self._pending_reveal = quads

    def set_marks(self, marks: DocumentMarks) -> None:
        if self.currentWidget() is self.pdf:
            self.pdf.set_marks(marks)
        elif self.image.has_image():
            self.image.set_marks(marks)

    def step_page(self, step: int) -> None:
        """Go to the next (+1) or previous (-1) page of the PDF shown."""
        if self.currentWidget() is self.pdf and self.pdf.page_count():
            self.pdf.go_to_page(self.pdf.current_page() + step)

    def focus_chain(self) -> list[QWidget]:
        return [*self.pdf.focus_chain(), *self.image.focus_chain()]

    def _forget(self) -> None:
        self._generation += 1
        self._opening, self._pending_reveal = None, None

    def _on_decoded(
        self, generation: int, document_id: UUID, image: QImage, stored: ImageFacts | None
    ) -> None:
        if generation == self._generation:
            self.image.show_image(document_id, image, stored=stored)
            self.setCurrentWidget(self.image)
            self.photo_shown.emit()
            if self._pending_reveal:
                self.image.reveal(self._pending_reveal)
            self._pending_reveal = None

    def _on_refused(self, generation: int, error: Exception) -> bool:
        if not isinstance(error, ImageRefused):
            log.error("decoding a photo failed unexpectedly: %r", error)
        if generation == self._generation:
            self.image.clear()
            self._show_notice(self.tr("This photo cannot be shown"), str(error), Severity.ERROR)
        return True

    def _show_notice(self, title: str, details: str, severity: Severity) -> None:
        self.notice.show_notice(title, details, severity=severity)
        self.setCurrentWidget(self.notice)
