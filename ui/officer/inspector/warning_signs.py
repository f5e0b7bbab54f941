"""A strip above the viewer naming what the analysis found suspicious about the document."""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from review.analysis.facts import DocumentFacts

log = logging.getLogger(__name__)

_STYLE: Final = (
    "QLabel { background: #fdecea; color: #8a1c13; border: 1px solid #f5c2bd; "
    "border-radius: 3px; padding: 4px 8px; }"
)


class WarningSigns(QLabel):
    """Hidden when there is nothing to say; signs are our own words, never document text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorWarnings")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet(_STYLE)
        self.hide()

    def show_signs(self, facts: DocumentFacts | None) -> None:
        self.clear()
        self.hide()
        if facts is None:
            return
        if facts.edited_after_creation:
            self.add_sign(self.tr("edited after creation"))
        if facts.incremental_updates:
            self.add_sign(self.tr("incremental updates: {0}").format(facts.incremental_updates))
        if facts.scripts:
            self.add_sign(self.tr("JavaScript or launch actions"))
        if facts.attachments:
            self.add_sign(self.tr("embedded files: {0}").format(len(facts.attachments)))
        if facts.encrypted:
            self.add_sign(self.tr("encrypted"))

    def add_sign(self, sign: str) -> None:
        existing = self.text()
        self.setText(existing + " · " + sign if existing else self.tr("⚠ Warning signs: ") + sign)
        self.show()
