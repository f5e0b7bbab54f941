"""The facts the sandboxed analysis found about one document, with warning signs marked.

Values such as the producer or an attachment's name come from the document, so every
value is a plain-text label. First comes where the document states each declared field
(`show_declared`), each with a button that shows it on the page (`field_requested`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Final

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from review.analysis.facts import PDF, DocumentFacts
from review.marks import Mark, Tone
from review.matching import DeclaredField
from ui.common.labels import document_kind_label
from ui.common.plain import plain_label
from workstation.protocol import DocumentRef

log = logging.getLogger(__name__)

_STYLE: Final = """
QLabel[flag="warning"] { color: #b00020; font-weight: bold; }
QLabel[flag="quiet"] { color: #5f6368; }
QLabel[role="section"] { font-weight: bold; padding-top: 8px; }
QLabel[tone="contradicts"] { color: #b3261e; font-weight: bold; }
QLabel[tone="agrees"] { color: #1b7f3b; }
QLabel[tone="found"] { color: #8a5a00; }
"""
#: Characters of the document's words quoted beside a declared field.
_QUOTED = 60


class _ShowButton(QPushButton):
    """A button that Enter presses too (outside a dialog only Space does)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.animateClick()
            event.accept()
            return
        super().keyPressEvent(event)


class FactsPanel(QWidget):
    #: The officer asked where the document states a declared field (a `DeclaredField`).
    field_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Values wrap to the panel's width rather than scroll sideways.
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._rows: list[tuple[str, str, bool]] = []
        self._form = QFormLayout()
        self._declared_holder = QVBoxLayout()
        self._declared: list[tuple[DeclaredField, Mark | None]] = []
        self._buttons: dict[DeclaredField, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scroll)
        self.clear()

    # -- public API -------------------------------------------------------------------------

    def clear(self) -> None:
        self._rows = []
        self._scroll.setWidget(self._new_form())  # deletes the previous document's rows

    def show_declared(self, places: Sequence[tuple[DeclaredField, Mark | None]]) -> None:
        """Where the document states each declared field (None: not found in it)."""
        self._declared = list(places)
        self._buttons = {}
        while self._declared_holder.count():
            item = self._declared_holder.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if not any(mark is not None for _, mark in places):
            return
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(10, 6, 10, 0)
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 1)
        title = plain_label(self.tr("The declaration in this document"))
        title.setProperty("role", "section")
        grid.addWidget(title, 0, 0, 1, 3)
        for row, (field, mark) in enumerate(places, start=1):
            name = plain_label(self._field_name(field))
            name.setProperty("flag", "quiet")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, row, 0)
            said = plain_label(self._said(mark))
            said.setWordWrap(True)
            said.setProperty("tone", mark.tone.value if mark is not None else "")
            grid.addWidget(said, row, 1)
            if mark is not None:
                button = _ShowButton(self.tr("Show on page {0}").format(mark.page))
                button.setAccessibleName(
                    self.tr("Show where the document states: {0}").format(self._field_name(field))
                )
                button.clicked.connect(lambda _=False, f=field: self.field_requested.emit(f))
                grid.addWidget(button, row, 2)
                self._buttons[field] = button
        self._declared_holder.addWidget(box)

    def declared(self) -> list[tuple[DeclaredField, Mark | None]]:
        return list(self._declared)

    def show_button(self, field: DeclaredField) -> QPushButton | None:
        """The button that shows where `field` is stated (None when it is not found)."""
        return self._buttons.get(field)

    def show_facts(self, ref: DocumentRef, facts: DocumentFacts | None) -> None:
        self._rows = []
        content = self._new_form()
        self._fill(ref, facts)
        # Installed when complete, so it appears whole (rows added to a shown widget would
        # only show after the event loop runs).
        self._scroll.setWidget(content)

    def _fill(self, ref: DocumentRef, facts: DocumentFacts | None) -> None:
        self._section(self.tr("File"))
        self._row(self.tr("File name"), ref.filename)
        self._row(self.tr("Kind"), document_kind_label(ref.kind))
        if facts is None:
            self._row(self.tr("SHA-256"), ref.sha256, mono=True)
            self._row(self.tr("Size"), self._size(ref.size))
            self._row(self.tr("Analysis"), self.tr("Not analysed yet"), quiet=True)
            return
        self._row(self.tr("SHA-256"), facts.sha256, mono=True)
        self._row(self.tr("Size"), self._size(facts.size))
        uploaded, read_as = ref.media_type, facts.media_type or self.tr("not recognised")
        if read_as == uploaded:
            self._row(self.tr("Media type"), read_as)
        else:
            self._row(
                self.tr("Media type"),
                self.tr("{0} (uploaded as {1})").format(read_as, uploaded),
                warning=True,
            )
        self._problems(facts)  # first: what is wrong comes before what is merely so
        if facts.error is not None:
            return  # what an unreadable file's metadata would say is unknown, not "No"
        if facts.media_type == PDF:
            self._pdf(facts)
        if facts.image is not None:
            self._image(facts)

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) as shown, for the lead's reports and for tests."""
        return [(label, value) for label, value, _ in self._rows]

    def warnings(self) -> list[tuple[str, str]]:
        """The rows marked as warning signs."""
        return [(label, value) for label, value, warning in self._rows if warning]

    def value(self, label: str) -> str | None:
        return next((value for name, value, _ in self._rows if name == label), None)

    # -- sections ----------------------------------------------------------------------------

    def _pdf(self, facts: DocumentFacts) -> None:
        self._section(self.tr("PDF"))
        self._row(self.tr("Pages"), self._count(facts.page_count))
        self._row(self.tr("Producer"), facts.producer or self.tr("not stated"))
        self._row(self.tr("Creator"), facts.creator or self.tr("not stated"))
        self._row(self.tr("Created"), self._moment(facts.created_at))
        self._row(self.tr("Modified"), self._moment(facts.modified_at))
        edited = facts.edited_after_creation
        self._row(self.tr("Edited after creation"), self._yes_no(edited), warning=edited)
        self._row(self.tr("Revisions"), self._count(facts.revisions))
        updates = facts.incremental_updates
        self._row(self.tr("Incremental updates"), self._count(updates), warning=updates > 0)
        self._listing(self.tr("JavaScript"), facts.scripts)
        self._listing(self.tr("Attachments"), facts.attachments)
        self._row(self.tr("Encrypted"), self._yes_no(facts.encrypted), warning=facts.encrypted)

    def _image(self, facts: DocumentFacts) -> None:
        image = facts.image
        assert image is not None
        self._section(self.tr("Image"))
        self._row(self.tr("Format"), image.format)
        self._row(self.tr("Pixel size"), self.tr("{0} × {1}").format(image.width, image.height))
        self._row(self.tr("Camera"), image.camera or self.tr("not stated"))
        taken = (
            self.tr("{0} (camera clock, no time zone)").format(self._moment(image.taken_at))
            if image.taken_at is not None and image.taken_at.tzinfo is None
            else self._moment(image.taken_at)
        )
        self._row(self.tr("Date taken"), taken)
        self._row(self.tr("Software"), image.software or self.tr("not stated"))

    def _problems(self, facts: DocumentFacts) -> None:
        if not (facts.error or facts.problems or facts.text_truncated or facts.parser_warnings):
            return
        self._section(self.tr("Problems"))
        if facts.error:
            self._row(self.tr("Unreadable"), facts.error, warning=True)
        for problem in facts.problems:
            self._row(self.tr("Damage"), problem, warning=True)
        if facts.text_truncated:
            self._row(self.tr("Text"), self.tr("Only part of the text was extracted (limit)."))
        for message in facts.parser_warnings:
            self._row(self.tr("Parser"), message, quiet=True)

    # -- rows --------------------------------------------------------------------------------

    def _new_form(self) -> QWidget:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self._declared_holder = QVBoxLayout()
        self._declared, self._buttons = [], {}
        column.addLayout(self._declared_holder)
        self._form = QFormLayout()
        column.addLayout(self._form)
        column.addStretch(1)
        self._form.setContentsMargins(10, 6, 10, 10)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._form.setHorizontalSpacing(12)
        return content

    def _section(self, title: str) -> None:
        label = plain_label(title)
        label.setProperty("role", "section")
        self._form.addRow(label)

    def _row(
        self,
        label: str,
        value: str,
        *,
        warning: bool = False,
        quiet: bool = False,
        mono: bool = False,
    ) -> None:
        shown = plain_label()
        shown.setText(("⚠ " if warning else "") + value)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if warning:
            shown.setProperty("flag", "warning")
        elif quiet:
            shown.setProperty("flag", "quiet")
        if mono:
            shown.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            shown.setWordWrap(False)
            # 64 hex digits do not fit a narrow panel: break them into two lines of 32.
            shown.setText(value[:32] + "\n" + value[32:] if len(value) == 64 else value)
        name = plain_label(label)
        name.setProperty("flag", "quiet")
        self._form.addRow(name, shown)
        self._rows.append((label, value, warning))

    def _listing(self, label: str, entries: Sequence[str]) -> None:
        if entries:
            self._row(label, "\n".join(entries), warning=True)
        else:
            self._row(label, self.tr("none found"))

    # -- formatting --------------------------------------------------------------------------

    def _field_name(self, field: DeclaredField) -> str:
        names = {
            DeclaredField.HOLDER_NAME: self.tr("Holder's name"),
            DeclaredField.DOCUMENT_NUMBER: self.tr("Travel document no."),
            DeclaredField.DATE_OF_BIRTH: self.tr("Date of birth"),
            DeclaredField.SAMPLE_TIME: self.tr("Sample time"),
            DeclaredField.RESULT: self.tr("Test result"),
        }
        return names[field]

    def _said(self, mark: Mark | None) -> str:
        if mark is None:
            return self.tr("not found in this document")
        quoted = " ".join(mark.text.split())
        if len(quoted) > _QUOTED:
            quoted = quoted[: _QUOTED - 1] + "…"
        verdict = {
            Tone.AGREES: self.tr("✓ agrees"),
            Tone.FOUND: self.tr("found"),
            Tone.CONTRADICTS: self.tr("✗ contradicts"),
        }[mark.tone]
        said = self.tr("“{0}”, {1}").format(quoted, verdict)
        if mark.uncertain:
            said = self.tr("{0} (unsure OCR reading)").format(said)
        return said

    def _yes_no(self, flag: bool) -> str:
        return self.tr("Yes") if flag else self.tr("No")

    def _count(self, count: int | None) -> str:
        return self.tr("unknown") if count is None else QLocale().toString(count)

    def _size(self, size: int) -> str:
        locale = QLocale()
        return self.tr("{0} ({1} bytes)").format(
            locale.formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat),
            locale.toString(size),
        )

    def _moment(self, moment: datetime | None) -> str:
        if moment is None:
            return self.tr("not stated")
        if moment.tzinfo is None:
            return moment.strftime("%Y-%m-%d %H:%M:%S")
        offset = moment.utcoffset()
        if offset is not None and not offset:
            return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
        return moment.strftime("%Y-%m-%d %H:%M:%S %z")
