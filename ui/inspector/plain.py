"""Labels that never interpret markup: the inspector shows text from travellers and documents."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

log = logging.getLogger(__name__)


def plain_label(text: str = "", *, parent: QWidget | None = None) -> QLabel:
    """A QLabel fixed to plain text (QLabel's default, AutoText, renders anything that looks
    like HTML)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
