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
declared field in the facts panel, whose entries lead to the page like the checks do;
`show_declared_field` does the same for the declaration's own fields (the case view's
links), and `say` puts what cannot be shown in the notice line under the header.
Parts: `document_choice` (which document), `document_stage` (its pages, photo or why not),
`text_panel` and `facts_panel` (the tabs), `case_work` (searching marks, drawing ahead).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from review.analysis.admission import Viewer, admit
from review.analysis.facts import DocumentFacts
from review.analysis.limits import AnalysisLimits
from review.analysis.page_images import PageRenderer
from review.checks import CheckResult
from review.marks import DocumentMarks, evidence_to_show, span_quads
from review.matching import DeclaredField
from ui.common.operations import ErrorRoute, Pools
from ui.common.plain import plain_label
from ui.officer.inspector.case_work import CaseMarks, PageAhead
from ui.officer.inspector.document_choice import DocumentChoice
from ui.officer.inspector.document_stage import DocumentStage
from ui.officer.inspector.facts_panel import FactsPanel
from ui.officer.inspector.image_viewer import ImageViewer
from ui.officer.inspector.notice import DocumentNotice, NoticeLine
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
        self._limits = limits or AnalysisLimits()
        if renderer is None:  # our own sandbox for drawing pages, ended with this widget
            renderer = PageRenderer(limits=self._limits)
            renderer.start()
            self.destroyed.connect(renderer.close)
        self._documents: list[StoredDocument] = []
        self._facts: dict[UUID, DocumentFacts] = {}
        self._content: DeclarationContent | None = None
        self._results: tuple[CheckResult, ...] = ()
        self._current: UUID | None = None
        self._marks = CaseMarks(self, pools=pools, errors=errors)
        self._ahead = PageAhead(self, pools=pools, errors=errors, renderer=renderer)
        self._facts_tab_chosen_for_officer = False  # a photo has no text: Facts came forward

        self._selector = DocumentChoice(self)
        self._banner = WarningSigns(self)
        self._legend = MarksLegend(self)
        self._notice_line = NoticeLine(self)

        self._stack = DocumentStage(
            self, pools=pools, errors=errors, renderer=renderer, ahead=self._ahead
        )
        self._pdf, self._image = self._stack.pdf, self._stack.image
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
        layout.addWidget(self._notice_line)
        layout.addWidget(splitter, 1)

        self._selector.currentIndexChanged.connect(self._on_document_selected)
        self._pdf.first_page_rendered.connect(self._on_first_page_rendered)
        self._image.first_page_rendered.connect(self._on_first_page_rendered)
        self._pdf.page_changed.connect(self._on_pdf_page_changed)
        self._pdf.marks_painted.connect(self._on_marks_painted)
        self._image.marks_painted.connect(self._on_marks_painted)
        self._stack.photo_shown.connect(self._apply_marks)
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
        chosen = self._selector.show_documents(self._documents, self._facts, keep)
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
        index = self._selector.index_of(document_id)
        if index is None:
            log.info("evidence names document %s, which this case does not have", document_id)
            return False
        if index != self._selector.currentIndex():
            self._selector.setCurrentIndex(index)
        if page is None:
            return True
        facts = self._facts.get(document_id)
        quads = span_quads(facts, page, span) if span is not None and facts is not None else ()
        self._stack.reveal(document_id, page, quads)
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

    def show_declared_field(self, field: DeclaredField) -> bool:
        """Where the case's documents state the declared `field`: the document shown first,
        else the first other one that does (the page is shown as `show_field` does). False
        when none states it, or the search is not done yet."""
        self._notice_line.say("")
        order = [self._current] if self._current is not None else []
        order += [d.ref.document_id for d in self._documents if d.ref.document_id not in order]
        for document_id in order:
            marks = self._marks.get(document_id)
            mark = marks.where(field) if marks is not None else None
            if mark is not None:
                span = (mark.start, mark.end)
                return self.show_evidence(document_id, mark.page, span, text_tab=False)
        return False

    def say(self, text: str) -> None:
        """Put `text` in the notice line under the header ("" hides it)."""
        self._notice_line.say(text)

    def notice_line(self) -> str:
        """What the notice line says now ("" when hidden)."""
        return self._notice_line.said()

    def marks(self, document_id: UUID) -> DocumentMarks | None:
        """What was found on the document's pages (None until the search is done)."""
        return self._marks.get(document_id)

    def clear(self) -> None:
        self._documents, self._facts, self._content = [], {}, None
        self._results = ()
        self._marks.clear()
        self._ahead.clear()
        self._selector.forget()
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
        return self._stack.notice

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
        return [self._selector, *self._stack.focus_chain(), self._tabs]

    def step_document(self, step: int) -> None:
        """Show the next (+1) or previous (-1) document of the case, if there is one."""
        self._selector.step(step)

    def step_page(self, step: int) -> None:
        """Go to the next (+1) or previous (-1) page of the PDF shown."""
        self._stack.step_page(step)

    def shown_part(self) -> QWidget | None:
        """The viewer (PDF or image) or the notice, whichever is showing."""
        return self._stack.currentWidget()

    def warning_signs(self) -> str:
        return self._banner.text() if not self._banner.isHidden() else ""

    # -- slots -------------------------------------------------------------------------------

    def _on_document_selected(self, index: int) -> None:
        if not 0 <= index < len(self._documents):
            return
        document = self._documents[index]
        document_id = document.ref.document_id
        facts = self._facts.get(document_id)
        self._current = document_id
        self._notice_line.say("")
        self._facts_panel.show_facts(document.ref, facts)
        self._show_text(document, facts)
        admission = admit(document, facts, limits=self._limits)
        self._banner.show_signs(facts)
        if admission.viewer is Viewer.PDF and document.content is not None:
            self._stack.open_pdf(document_id, document.content, facts)
        elif admission.viewer is Viewer.IMAGE and document.content is not None:
            self._stack.open_photo(document_id, document.content, facts)
        else:
            self._stack.refuse(admission)
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

    # -- internals ---------------------------------------------------------------------------

    def _show_text(self, document: StoredDocument, facts: DocumentFacts | None) -> None:
        self._text.show_document(document, facts)
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
        self._stack.set_marks(marks)

    def _bring_forward_what_there_is(self) -> None:
        """Facts for a document without text; back to Text when the next one has some."""
        if not self._text.has_text() and self._tabs.currentWidget() is self._text:
            self._tabs.setCurrentWidget(self._facts_panel)
            self._facts_tab_chosen_for_officer = True
        elif self._text.has_text() and self._facts_tab_chosen_for_officer:
            self._tabs.setCurrentWidget(self._text)
            self._facts_tab_chosen_for_officer = False

    def _show_nothing(self, title: str) -> None:
        self._current = None
        self._text.clear()
        self._facts_panel.clear()
        self._banner.show_signs(None)
        self._stack.show_nothing(title)
