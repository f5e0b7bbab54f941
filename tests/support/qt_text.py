"""What Qt actually puts on screen for a piece of text."""

from __future__ import annotations

from PySide6.QtGui import Qt, QTextDocument


def shown(tooltip: str) -> str:
    """The text Qt puts on screen for `tooltip` (tooltips are rich text when they look like it)."""
    if not Qt.mightBeRichText(tooltip):
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()
