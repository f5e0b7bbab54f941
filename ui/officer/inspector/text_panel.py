"""The text pypdf extracted, page by page, with what the declaration says highlighted in it.

The text came from an untrusted document, so it only ever enters a plain-text document
(`QPlainTextEdit`, `QTextCursor.insertText`); highlights are character formats laid over
it. Tooltips are rich text in Qt, so everything in them is HTML-escaped.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Collection, Sequence
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from review.analysis.facts import DocumentFacts, PageText
from review.matching import MatchKind, TextMatch
from ui.common.plain import plain_label, plain_tooltip
from workstation.cases import StoredDocument

log = logging.getLogger(__name__)

#: Background colours per kind; a value that contradicts the declaration is red whatever it is.
COLOURS: Final = {
    MatchKind.HOLDER_NAME: QColor("#cfe2ff"),
    MatchKind.DOCUMENT_NUMBER: QColor("#e5d8ff"),
    MatchKind.DATE: QColor("#fff0b3"),
    MatchKind.RESULT: QColor("#d3f3dc"),
    MatchKind.OTHER_NAME: QColor("#ffc9c9"),
    MatchKind.OTHER_NUMBER: QColor("#ffc9c9"),
}
CONTRADICTION: Final = QColor("#ffc9c9")
#: Formatting runs on the GUI thread (tens of µs a span, more as spans accumulate): a text
#: crafted to match everywhere must not freeze the window. Reports have a few dozen a page.
MAX_HIGHLIGHTS: Final = 1000
_CONTRADICTION_INK: Final = QColor("#9b0000")
_HEADING_INK: Final = QColor("#5f6368")


class _Utf16Positions:
    """Python string index -> QTextDocument position (UTF-16 code units) within one page."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, index: int) -> int:
        # Each astral character before `index` takes two UTF-16 units instead of one.
        return index + bisect.bisect_left(self._astral, index)


class TextPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = QPlainTextEdit(self)
        self._editor.setReadOnly(True)
        self._editor.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._editor.setAccessibleName(self.tr("Text extracted from the document"))
        self._summary = plain_label(parent=self)
        self._summary.setWordWrap(True)
        self._summary.setObjectName("textPanelSummary")
        self._pages: tuple[PageText, ...] = ()
        self._starts: dict[int, int] = {}  # page number -> document position of its text
        self._positions: dict[int, _Utf16Positions] = {}
        self._matches: tuple[tuple[TextMatch, ...], ...] = ()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self._legend = self._make_legend()
        layout.addWidget(self._legend)
        layout.addWidget(self._summary)
        layout.addWidget(self._editor, 1)
        # Three lines at least; on a 768 px screen the page above keeps the rest.
        self._editor.setMinimumHeight(self._editor.fontMetrics().lineSpacing() * 3 + 12)

    def _make_legend(self) -> QWidget:
        legend = QWidget(self)
        row = QHBoxLayout(legend)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        entries = (
            (
                COLOURS[MatchKind.HOLDER_NAME],
                self.tr("Holder's name"),
                self.tr("The holder's name as declared, found in the report"),
            ),
            (
                COLOURS[MatchKind.DOCUMENT_NUMBER],
                self.tr("Document no."),
                self.tr("The declared travel document number, found in the report"),
            ),
            (
                COLOURS[MatchKind.DATE],
                self.tr("Date"),
                self.tr("A date or time; sample times are compared with the declared ones"),
            ),
            (
                COLOURS[MatchKind.RESULT],
                self.tr("Result"),
                self.tr("A test result, compared with the declared results"),
            ),
            (
                CONTRADICTION,
                self.tr("Contradicts"),
                self.tr(
                    "Contradicts the declaration (another name or number, a different sample "
                    "time or result), or a check failed on it (e.g. a sample taken too early)"
                ),
            ),
        )
        for colour, text, explanation in entries:
            chip = plain_label(text, parent=legend)
            chip.setToolTip(explanation)
            ink = _CONTRADICTION_INK.name() if colour is CONTRADICTION else "#202124"
            chip.setStyleSheet(
                f"background: {colour.name()}; color: {ink}; border-radius: 3px; padding: 1px 6px;"
            )
            row.addWidget(chip)
        row.addStretch(1)
        return legend

    # -- public API -------------------------------------------------------------------------

    @property
    def editor(self) -> QPlainTextEdit:
        return self._editor

    def clear(self) -> None:
        self._pages, self._starts, self._positions, self._matches = (), {}, {}, ()
        self._editor.clear()
        self._editor.setPlaceholderText("")
        self._summary.clear()

    def show_document(self, document: StoredDocument, facts: DocumentFacts | None) -> None:
        """The text of `document` as its analysis extracted it, or why there is none."""
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
        self.show_pages(pages, truncated=bool(facts and facts.text_truncated), empty_note=note)

    def show_pages(self, pages: Sequence[PageText], *, truncated: bool, empty_note: str) -> None:
        """Lay out the pages' text under page headings; `empty_note` when there is none."""
        self.clear()
        self._pages = tuple(pages)
        self._legend.setVisible(self.has_text())
        if not self.has_text():
            self._editor.setPlaceholderText(empty_note)
            self._summary.setText(empty_note if self._pages else "")
            return
        heading = QTextCharFormat()
        heading.setForeground(_HEADING_INK)
        heading.setFontWeight(QFont.Weight.Bold)
        body = QTextCharFormat()
        quiet = QTextCharFormat()
        quiet.setForeground(_HEADING_INK)
        quiet.setFontItalic(True)
        cursor = QTextCursor(self._editor.document())
        cursor.beginEditBlock()
        total = len(self._pages)
        for index, page in enumerate(self._pages):
            if index:
                cursor.insertBlock()
            cursor.insertText(self.tr("Page {0} of {1}").format(page.number, total), heading)
            cursor.insertBlock()
            self._starts[page.number] = cursor.position()
            self._positions[page.number] = _Utf16Positions(page.text)
            if page.text.strip():
                cursor.insertText(page.text, body)  # plain text: no markup is interpreted
            else:
                cursor.insertText(self.tr("(no text on this page)"), quiet)
            cursor.insertBlock()
        if truncated:
            cursor.insertBlock()
            cursor.insertText(self.tr("… the rest of the text was not extracted (limit)"), quiet)
        cursor.endEditBlock()
        self._editor.moveCursor(QTextCursor.MoveOperation.Start)
        self._summary.setText(self.tr("Highlighting what the declaration states…"))

    def show_highlights(
        self,
        per_page: Sequence[tuple[TextMatch, ...]],
        *,
        failed: Collection[tuple[int, int, int]] = (),
    ) -> None:
        """Colour the matches (`per_page[i]` belongs to the i-th page given to `show_pages`);
        a match over a `failed` span ((page, start, end) a failed check cited) is red too."""
        self._matches = tuple(per_page)
        cursor = QTextCursor(self._editor.document())
        cursor.beginEditBlock()
        found = contradictions = skipped = 0
        for page, matches in zip(self._pages, per_page, strict=False):
            for match in matches:
                if found >= MAX_HIGHLIGHTS:
                    skipped += 1
                    continue
                if not self._select(cursor, page.number, match.start, match.end):
                    continue
                contradicts = match.agrees is False or any(
                    number == page.number and start < match.end and match.start < end
                    for number, start, end in failed
                )
                cursor.mergeCharFormat(self._format(match, contradicts=contradicts))
                found += 1
                contradictions += contradicts
        cursor.endEditBlock()
        if contradictions:
            summary = self.tr("{0} details found, {1} of them contradicting the declaration (red).")
            text = summary.format(found, contradictions)
        elif found:
            text = self.tr("{0} details found; none contradicts the declaration.").format(found)
        else:
            text = self.tr("Nothing from the declaration was found in this text.")
        if skipped:
            text += " " + self.tr("{0} more were not highlighted (limit).").format(skipped)
        self._summary.setText(text)

    def show_highlight_failure(self) -> None:
        self._summary.setText(
            self.tr("The text could not be searched for the declaration's details.")
        )

    def summary(self) -> str:
        """The line above the text: what was found, or why nothing is highlighted."""
        return self._summary.text()

    def has_text(self) -> bool:
        return any(page.text.strip() for page in self._pages)

    def matches(self) -> tuple[tuple[TextMatch, ...], ...]:
        return self._matches

    def select_span(self, page: int, span: tuple[int, int]) -> bool:
        """Select `facts.pages[page - 1].text[start:end]` and scroll to it."""
        cursor = QTextCursor(self._editor.document())
        if not self._select(cursor, page, *span):
            return False
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()
        return True

    def selected_text(self) -> str:
        # QTextCursor uses U+2029 between blocks; the extracted text has newlines there.
        return self._editor.textCursor().selectedText().replace("\u2029", "\n")

    def reveal_page(self, page: int) -> None:
        """Scroll so that `page`'s heading is at the top (keeps any selection)."""
        start = self._starts.get(page)
        if start is None:
            return
        block = self._editor.document().findBlock(start).previous()
        bar = self._editor.verticalScrollBar()
        bar.setValue(min(block.firstLineNumber(), bar.maximum()))

    # -- internals ---------------------------------------------------------------------------

    def _select(self, cursor: QTextCursor, page: int, start: int, end: int) -> bool:
        text = next((p.text for p in self._pages if p.number == page), None)
        if text is None or not 0 <= start < end <= len(text):
            log.debug("span %d..%d is not on page %d", start, end, page)
            return False
        offset, units = self._starts[page], self._positions[page]
        cursor.setPosition(offset + units(start))
        cursor.setPosition(offset + units(end), QTextCursor.MoveMode.KeepAnchor)
        return True

    def _format(self, match: TextMatch, *, contradicts: bool) -> QTextCharFormat:
        labels = {
            MatchKind.HOLDER_NAME: self.tr("Holder's name"),
            MatchKind.OTHER_NAME: self.tr("Another person's name"),
            MatchKind.DOCUMENT_NUMBER: self.tr("Travel document number"),
            MatchKind.OTHER_NUMBER: self.tr("Another document number"),
            MatchKind.DATE: self.tr("Date"),
            MatchKind.RESULT: self.tr("Test result"),
        }
        verdicts = {
            True: self.tr("Agrees with the declaration"),
            False: self.tr("Contradicts the declaration"),
            None: self.tr("Nothing declared to compare with"),
        }
        fmt = QTextCharFormat()
        if contradicts:
            fmt.setBackground(CONTRADICTION)
            fmt.setForeground(_CONTRADICTION_INK)
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(_CONTRADICTION_INK)
        else:
            fmt.setBackground(COLOURS[match.kind])
        # `meaning` quotes the document (e.g. a number read from it): escaped in the tooltip.
        verdict = verdicts[match.agrees]
        if contradicts and match.agrees is not False:
            verdict = self.tr("A check failed on it")
        fmt.setToolTip(plain_tooltip(labels[match.kind], match.meaning, verdict))
        return fmt
