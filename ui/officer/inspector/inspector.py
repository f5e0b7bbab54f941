"""The officer's document inspector: a case's uploaded documents beside what was found in them.

    inspector = DocumentInspector(pools=services.pools, errors=services.errors)
    inspector.show_case(documents, facts, record.content, results=assessment.results)
    inspector.show_evidence(evidence.document_id, evidence.page, evidence.span)
    inspector.show_check(result)            # where the document says what a check used

A document is shown only when its sandboxed analysis read it without trouble (see
`admission`); otherwise the inspector says why in place of the viewer. Photos decode
and the case's texts are searched on the read pool (`review.marks`: what each page states,
agreeing or contradicting, and where); results for a case no longer shown are dropped.
The marks are drawn over the page or photo, highlighted in the text, and listed per
declared field in the facts panel, whose entries lead to the page like the checks do.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from review.analysis.admission import Admission, Viewer, admit
from review.analysis.facts import DocumentFacts, Quad
from review.analysis.limits import AnalysisLimits
from review.analysis.page_images import PageRenderer
from review.checks import CheckResult
from review.marks import DocumentMarks, evidence_to_show, span_quads
from review.matching import DeclaredField
from ui.common.labels import document_kind_label
from ui.common.operations import ErrorRoute, Operation, Pools
from ui.common.plain import plain_label, plain_tooltip
from ui.officer.inspector.case_work import CaseMarks, PageAhead
from ui.officer.inspector.decoding import ImageRefused, decode_image
from ui.officer.inspector.facts_panel import FactsPanel
from ui.officer.inspector.image_viewer import ImageViewer
from ui.officer.inspector.notice import DocumentNotice, Severity
from ui.officer.inspector.page_marks import MarksLegend
from ui.officer.inspector.pdf_viewer import PdfViewer
from ui.officer.inspector.text_panel import TextPanel
from ui.officer.inspector.warning_signs import WarningSigns
from workstation.cases import StoredDocument
from workstation.protocol import DeclarationContent

log = logging.getLogger(__name__)


class DocumentInspector(QWidget):
    document_shown = Signal(object)  # UUID of the document now selected
    first_page_rendered = Signal(object)  # UUID, once its first page or photo is painted
    #: UUID, once the page or photo shown is painted with the marks of the case's checks.
    marks_painted = Signal(object)

    def __init__(
        self,
        *,
        pools: Pools,
        errors: ErrorRoute,
        limits: AnalysisLimits | None = None,
        renderer: PageRenderer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._pools = pools
        self._errors = errors
        self._limits = limits or AnalysisLimits()
        if renderer is None:  # our own sandbox for drawing pages, ended with this widget
            renderer = PageRenderer(limits=self._limits)
            renderer.start()
            self.destroyed.connect(renderer.close)
        self._renderer = renderer
        self._documents: list[StoredDocument] = []
        self._facts: dict[UUID, DocumentFacts] = {}
        self._content: DeclarationContent | None = None
        self._results: tuple[CheckResult, ...] = ()
        self._current: UUID | None = None
        self._generation = 0  # bumped whenever what is shown changes; stale results drop
        self._pending_reveal: tuple[Quad, ...] | None = None
        self._marks = CaseMarks(self, pools=pools, errors=errors)
        self._ahead = PageAhead(self, pools=pools, errors=errors, renderer=renderer)
        self._facts_tab_chosen_for_officer = False  # a photo has no text: Facts came forward

        self._selector = QComboBox(self)
        self._selector.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self._selector.setMinimumContentsLength(24)
        self._selector.setAccessibleName(self.tr("Document"))
        self._banner = WarningSigns(self)
        self._legend = MarksLegend(self)

        self._pdf = PdfViewer(self, pools=pools, errors=errors, renderer=renderer)
        self._image = ImageViewer(self)
        self._notice = DocumentNotice(self)
        self._stack = QStackedWidget(self)
        for page in (self._pdf, self._image, self._notice):
            self._stack.addWidget(page)
        self._text = TextPanel(self)
        self._facts_panel = FactsPanel(self)
        self._tabs = QTabWidget(self)
        self._tabs.addTab(self._text, self.tr("Text"))
        self._tabs.addTab(self._facts_panel, self.tr("Facts"))

        # The page above its text: the page keeps the pane's whole width (fit-width is
        # readable at 1366 px) and the text lines stay long.
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("pageOverText")
        splitter.addWidget(self._stack)
        splitter.addWidget(self._tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([72, 28])
        splitter.setChildrenCollapsible(False)
        self._splitter = splitter

        header = QHBoxLayout()
        header.setContentsMargins(6, 6, 6, 0)
        caption = plain_label(self.tr("Document"), parent=self)
        caption.setBuddy(self._selector)
        header.addWidget(caption)
        header.addWidget(self._selector, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        banner_row = QHBoxLayout()
        banner_row.setContentsMargins(6, 0, 6, 0)
        banner_row.addWidget(self._banner)
        layout.addLayout(banner_row)
        layout.addWidget(self._legend)
        layout.addWidget(splitter, 1)

        self._selector.currentIndexChanged.connect(self._on_document_selected)
        self._pdf.first_page_rendered.connect(self._on_first_page_rendered)
        self._image.first_page_rendered.connect(self._on_first_page_rendered)
        self._pdf.page_changed.connect(self._on_pdf_page_changed)
        self._pdf.marks_painted.connect(self._on_marks_painted)
        self._image.marks_painted.connect(self._on_marks_painted)
        self._facts_panel.field_requested.connect(self._on_field_requested)
        self._marks.found.connect(self._apply_marks)
        self._marks.failed.connect(self._on_marks_failed)
        self.clear()

    # -- public API -------------------------------------------------------------------------

    def show_case(
        self,
        documents: Sequence[StoredDocument],
        facts: Mapping[UUID, DocumentFacts],
        content: DeclarationContent,
        *,
        results: Sequence[CheckResult] = (),
    ) -> None:
        """Replace what is shown by these documents.

        The document selected before stays selected when it is among them (the workspace
        shows a case at once and again when its analysis is done); else the first one.
        `results` are the case's checks: a fact a check failed on is marked as a
        contradiction, and `show_check` finds what each check used.
        """
        keep = self._current
        self._documents = list(documents)
        self._facts = dict(facts)
        self._content = content
        self._results = tuple(results)
        self._marks.search(self._documents, self._facts, content, self._results)
        self._selector.blockSignals(True)
        self._selector.clear()
        for index in range(len(self._documents)):
            self._selector.addItem("")
            self._describe_entry(index)
        chosen = (self._index_of(keep) if keep is not None else None) or 0
        self._selector.setCurrentIndex(chosen if self._documents else -1)
        self._selector.blockSignals(False)
        self._selector.setEnabled(bool(self._documents))
        if self._documents:
            self._on_document_selected(chosen)
        else:
            self._show_nothing(self.tr("This case has no documents."))

    def draw_ahead(self, documents: Sequence[StoredDocument]) -> None:
        """Have the rendering sandbox draw page 1 (or the photo) of the document to be shown
        first while the case is analysed; it is shown once admitted (see `PageAhead`)."""
        keep = self._current
        first = next((d for d in documents if d.ref.document_id == keep), None)
        self._ahead.draw(first or next(iter(documents), None))

    def show_evidence(
        self,
        document_id: UUID,
        page: int | None,
        span: tuple[int, int] | None,
        *,
        text_tab: bool = True,
    ) -> bool:
        """Show the document, go to `page`, outline `span` of its text on the page (making it
        blink) and select it in the text, bringing the Text tab forward if `text_tab`;
        False if the document is not in the case."""
        index = self._index_of(document_id)
        if index is None:
            log.info("evidence names document %s, which this case does not have", document_id)
            return False
        if index != self._selector.currentIndex():
            self._selector.setCurrentIndex(index)
        if page is None:
            return True
        facts = self._facts.get(document_id)
        quads = span_quads(facts, page, span) if span is not None and facts is not None else ()
        if self._stack.currentWidget() is self._pdf:
            self._pdf.reveal(page, quads)
        elif self._stack.currentWidget() is self._image:
            self._image.reveal(quads)
        elif self._pending_image(document_id):
            self._pending_reveal = quads  # revealed once the sandbox has decoded the photo
        if span is None:
            return True
        if text_tab and self._text.has_text():
            self._tabs.setCurrentWidget(self._text)
        return self._text.select_span(page, span)

    def show_check(self, result: CheckResult) -> bool:
        """Where the documents state what `result` used: its contradicted fact first, else
        the first fact it cites in a document; False when it cites none."""
        chosen = evidence_to_show(result, self._marks.all())
        if chosen is None or not isinstance(chosen.document_id, UUID):
            return False
        return self.show_evidence(chosen.document_id, chosen.page, chosen.span)

    def show_field(self, field: DeclaredField) -> bool:
        """Where the document shown states the declared `field`; False if it does not."""
        marks = self._marks.get(self._current)
        mark = marks.where(field) if marks is not None else None
        if mark is None or self._current is None:
            return False
        # Asked from the facts panel: it stays in front, the page shows where.
        return self.show_evidence(self._current, mark.page, (mark.start, mark.end), text_tab=False)

    def marks(self, document_id: UUID) -> DocumentMarks | None:
        """What was found on the document's pages (None until the search is done)."""
        return self._marks.get(document_id)

    def clear(self) -> None:
        self._documents, self._facts, self._content = [], {}, None
        self._results = ()
        self._marks.clear()
        self._ahead.clear()
        self._selector.blockSignals(True)
        self._selector.clear()
        self._selector.blockSignals(False)
        self._selector.setEnabled(False)
        self._show_nothing(self.tr("No case is open."))

    def current_document(self) -> UUID | None:
        return self._current

    # Parts, for the lead's layout and for tests.
    @property
    def pdf_viewer(self) -> PdfViewer:
        return self._pdf

    @property
    def image_viewer(self) -> ImageViewer:
        return self._image

    @property
    def notice(self) -> DocumentNotice:
        return self._notice

    @property
    def text_panel(self) -> TextPanel:
        return self._text

    @property
    def facts_panel(self) -> FactsPanel:
        return self._facts_panel

    @property
    def legend(self) -> MarksLegend:
        return self._legend

    @property
    def selector(self) -> QComboBox:
        return self._selector

    @property
    def splitter(self) -> QSplitter:
        """The page over its text and facts (the workspace remembers its sizes)."""
        return self._splitter

    def header_height(self) -> int:
        """Pixels above the page-over-text splitter: the document row, signs and legend."""
        return self.sizeHint().height() - self._splitter.sizeHint().height()

    def focus_chain(self) -> list[QWidget]:
        """The inspector's stops for Tab, in order: document choice, the page, its text."""
        return [self._selector, *self._pdf.focus_chain(), *self._image.focus_chain(), self._tabs]

    def step_document(self, step: int) -> None:
        """Show the next (+1) or previous (-1) document of the case, if there is one."""
        index = self._selector.currentIndex() + step
        if 0 <= index < self._selector.count():
            self._selector.setCurrentIndex(index)

    def step_page(self, step: int) -> None:
        """Go to the next (+1) or previous (-1) page of the PDF shown."""
        if self._stack.currentWidget() is self._pdf and self._pdf.page_count():
            self._pdf.go_to_page(self._pdf.current_page() + step)

    def shown_part(self) -> QWidget | None:
        """The viewer (PDF or image) or the notice, whichever is showing."""
        return self._stack.currentWidget()

    def warning_signs(self) -> str:
        return self._banner.text() if not self._banner.isHidden() else ""

    # -- slots -------------------------------------------------------------------------------

    def _on_document_selected(self, index: int) -> None:
        if not 0 <= index < len(self._documents):
            return
        self._generation += 1
        document = self._documents[index]
        document_id = document.ref.document_id
        facts = self._facts.get(document_id)
        self._current = document_id
        self._pending_reveal = None
        self._facts_panel.show_facts(document.ref, facts)
        self._show_text(document, facts)
        admission = admit(document, facts, limits=self._limits)
        self._banner.show_signs(facts)
        if admission.viewer is Viewer.PDF and document.content is not None:
            self._open_pdf(document_id, document.content, facts)
        elif admission.viewer is Viewer.IMAGE and document.content is not None:
            self._open_image(document_id, document.content, facts)
        else:
            self._refuse(admission)
        self._apply_marks()
        self.document_shown.emit(document_id)

    def _on_first_page_rendered(self, document_id: object) -> None:
        if document_id == self._current:
            self.first_page_rendered.emit(document_id)

    def _on_pdf_page_changed(self, page: int) -> None:
        self._text.reveal_page(page)

    def _on_marks_failed(self) -> None:
        self._text.show_highlight_failure()

    def _on_marks_painted(self, document_id: object) -> None:
        if document_id == self._current:
            self.marks_painted.emit(document_id)

    def _on_field_requested(self, field: object) -> None:
        if isinstance(field, DeclaredField):
            self.show_field(field)

    def _on_image_decoded(self, generation: int, document_id: UUID, image: QImage) -> None:
        if generation == self._generation:
            facts = self._facts.get(document_id)
            self._image.show_image(document_id, image, stored=facts.image if facts else None)
            self._stack.setCurrentWidget(self._image)
            self._apply_marks()
            if self._pending_reveal:
                self._image.reveal(self._pending_reveal)
            self._pending_reveal = None

    def _on_image_refused(self, generation: int, error: Exception) -> bool:
        if not isinstance(error, ImageRefused):
            log.error("decoding a photo failed unexpectedly: %r", error)
        if generation == self._generation:
            self._image.clear()
            self._show_notice(self.tr("This photo cannot be shown"), str(error), Severity.ERROR)
        return True

    # -- internals ---------------------------------------------------------------------------

    def _open_pdf(self, document_id: UUID, data: bytes, facts: DocumentFacts | None) -> None:
        # Admitted, so the analysis counted the pages and pdfium agreed (see `viewer_engine`).
        self._image.clear()
        self._stack.setCurrentWidget(self._pdf)
        self._pdf.open(
            document_id,
            data,
            page_count=(facts.page_count or 0) if facts else 0,
            first_page=self._ahead.image(document_id),
        )

    def _open_image(self, document_id: UUID, data: bytes, facts: DocumentFacts | None) -> None:
        self._pdf.close_document()
        self._image.clear()
        generation = self._generation
        ahead = self._ahead.image(document_id)
        if ahead is not None:
            self._on_image_decoded(generation, document_id, ahead)
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
            lambda image: self._on_image_decoded(generation, document_id, image)
        ).on_failure(lambda error: self._on_image_refused(generation, error)).run_in_background()

    def _show_text(self, document: StoredDocument, facts: DocumentFacts | None) -> None:
        if facts is None:
            note = self.tr("The text is shown once the document has been analysed.")
        elif facts.image is not None or document.ref.media_type != "application/pdf":
            note = self.tr("A photo has no extracted text: read the report in the viewer.")
        elif facts.error is not None:
            note = self.tr("No text: the file could not be read.")
        else:
            note = self.tr(
                "No text could be extracted: the report may be a scanned image. "
                "Read it in the viewer."
            )
        pages = facts.pages if facts else ()
        self._text.show_pages(
            pages, truncated=bool(facts and facts.text_truncated), empty_note=note
        )
        self._bring_forward_what_there_is()
        if facts is not None and facts.has_text and self._marks.search_failed:
            self._text.show_highlight_failure()

    def _apply_marks(self) -> None:
        """The current document's marks, once found: on the page, in the text, per field."""
        marks = self._marks.get(self._current)
        if marks is None:
            return
        if self._text.has_text():
            self._text.show_highlights(marks.matches, failed=marks.failed)
        self._facts_panel.show_declared(marks.declared())
        if self._stack.currentWidget() is self._pdf:
            self._pdf.set_marks(marks)
        elif self._image.has_image():
            self._image.set_marks(marks)

    def _pending_image(self, document_id: UUID) -> bool:
        """Whether the photo `document_id` is being decoded (the notice shows meanwhile)."""
        return document_id == self._current and self._stack.currentWidget() is self._notice

    def _refuse(self, admission: Admission) -> None:
        self._pdf.close_document()
        self._image.clear()
        self._notice.show_refusal(admission)
        self._stack.setCurrentWidget(self._notice)

    def _bring_forward_what_there_is(self) -> None:
        """Facts for a document without text; back to Text when the next one has some."""
        if not self._text.has_text() and self._tabs.currentWidget() is self._text:
            self._tabs.setCurrentWidget(self._facts_panel)
            self._facts_tab_chosen_for_officer = True
        elif self._text.has_text() and self._facts_tab_chosen_for_officer:
            self._tabs.setCurrentWidget(self._text)
            self._facts_tab_chosen_for_officer = False

    def _show_notice(self, title: str, details: str, severity: Severity) -> None:
        self._notice.show_notice(title, details, severity=severity)
        self._stack.setCurrentWidget(self._notice)

    def _show_nothing(self, title: str) -> None:
        self._generation += 1
        self._current = None
        self._pdf.close_document()
        self._image.clear()
        self._text.clear()
        self._facts_panel.clear()
        self._banner.show_signs(None)
        self._pending_reveal = None
        self._show_notice(title, "", Severity.INFO)

    def _describe_entry(self, index: int) -> None:
        document = self._documents[index]
        facts = self._facts.get(document.ref.document_id)
        text = self.tr("{0} · {1}").format(
            document_kind_label(document.ref.kind), document.ref.filename
        )
        icon = QStyle.StandardPixmap.SP_FileIcon
        if document.content is None:
            text = self.tr("{0} (not downloaded yet)").format(text)
            icon = QStyle.StandardPixmap.SP_BrowserReload
        elif facts is not None and (facts.error or facts.problems):
            icon = QStyle.StandardPixmap.SP_MessageBoxWarning
        self._selector.setItemText(index, text)
        self._selector.setItemIcon(index, self.style().standardIcon(icon))
        # The file name is the traveller's: escaped, as tooltips are rich text.
        self._selector.setItemData(index, plain_tooltip(text), Qt.ItemDataRole.ToolTipRole)

    def _index_of(self, document_id: UUID) -> int | None:
        return next(
            (i for i, d in enumerate(self._documents) if d.ref.document_id == document_id), None
        )
