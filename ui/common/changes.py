"""One place that announces what changed, so each view refreshes only what it shows."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeHub(QObject):
    #: Cases whose local record changed (ids as strings); an empty set means "many, reload".
    cases_changed = Signal(object)
    #: A decision or print was committed to, or delivered from, the outbox.
    outbox_changed = Signal()
    #: The central server answered (True) or could not be reached (False).
    connection_changed = Signal(bool)
    #: A sync finished: (pulled cases, delivered entries).
    synced = Signal(int, int)
