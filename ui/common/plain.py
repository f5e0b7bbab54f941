"""Widgets and tooltips that never interpret markup.

Text from travellers, their documents and officers' notes is shown exactly as written.
Qt renders anything that *looks* like HTML in a QLabel (AutoText) and in every tooltip,
so such text reaches the screen only through these helpers.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

log = logging.getLogger(__name__)


def plain_label(text: str = "", *, parent: QWidget | None = None) -> QLabel:
    """A QLabel fixed to plain text."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def plain_tooltip(*lines: str) -> str:
    """A tooltip that shows `lines` literally, one per line."""
    return "<p style='white-space:pre-wrap'>" + "<br>".join(html.escape(x) for x in lines) + "</p>"
