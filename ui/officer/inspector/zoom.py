"""Zoom steps shared by the PDF and image viewers (the familiar browser-like ladder)."""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent

log = logging.getLogger(__name__)

ZOOM_STEPS: Final = (
    0.1,
    0.25,
    0.33,
    0.5,
    0.67,
    0.75,
    0.9,
    1.0,
    1.1,
    1.25,
    1.5,
    1.75,
    2.0,
    2.5,
    3.0,
    4.0,
    5.0,
    8.0,
)
#: A factor within this ratio of a step counts as that step.
_TOLERANCE: Final = 1.01


def next_zoom(current: float) -> float:
    """The first step clearly above `current` (the largest step at most)."""
    return next((step for step in ZOOM_STEPS if step > current * _TOLERANCE), ZOOM_STEPS[-1])


def previous_zoom(current: float) -> float:
    """The last step clearly below `current` (the smallest step at least)."""
    return next(
        (step for step in reversed(ZOOM_STEPS) if step * _TOLERANCE < current), ZOOM_STEPS[0]
    )


def ctrl_wheel_step(event: QWheelEvent) -> int | None:
    """+1 or -1 for a Ctrl+wheel turn (0 for a turn with no vertical part); None without Ctrl.

    A view that gets a step accepts the event and zooms; with None it scrolls as usual.
    """
    if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return None
    delta = event.angleDelta().y()
    return (delta > 0) - (delta < 0)
