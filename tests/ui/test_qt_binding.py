"""The Qt binding itself must not leak: a leak of references to None aborts Python 3.11."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def test_void_qt_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(1000):
        widget.update()
    # A few references may come and go with the interpreter's own work; 1000 would be the leak.
    assert sys.getrefcount(None) - before < 50
