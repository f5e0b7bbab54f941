"""The review workspace's layout memory and its visible keyboard focus.

Splitter sizes are the officer's own arrangement of the screen: they are remembered in
`QSettings` (the house keeps only window geometry and language there) per splitter name.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

log = logging.getLogger(__name__)

#: A clear ring around whatever has the keyboard focus (views, editors, lists, buttons).
FOCUS_STYLE: Final = """
QAbstractItemView:focus, QPlainTextEdit:focus, QAbstractScrollArea:focus,
QComboBox:focus, QSpinBox:focus {
    border: 2px solid #1a5fb4;
}
QPushButton:focus {
    outline: none;
    border: 2px solid #1a5fb4;
    border-radius: 4px;
    padding: 0px;  /* the ring takes no room from the text the layout made space for */
    background-color: #e7effa;
}
QPushButton:focus:checked {
    background-color: #b8cff0;
}
"""


def splitter_key(prefix: str, splitter: QSplitter) -> str:
    return f"{prefix}/{splitter.objectName()}"


def remember_splitters(prefix: str, splitters: Sequence[QSplitter]) -> bool:
    """Restore each splitter's remembered sizes and remember them again whenever moved.

    True if any was restored (the officer arranged the screen before).
    """
    settings = QSettings()
    restored = False
    for splitter in splitters:
        key = splitter_key(prefix, splitter)
        state = settings.value(key)
        if isinstance(state, QByteArray):
            if splitter.restoreState(state):
                restored = True
            else:
                log.info("remembered sizes of %s do not fit; using the defaults", key)

        def save(_pos: int, _index: int, splitter: QSplitter = splitter, key: str = key) -> None:
            QSettings().setValue(key, splitter.saveState())

        splitter.splitterMoved.connect(save)
    return restored
