"""A decision held back for a few seconds before it enters the outbox, so it can be undone.

    hold = DecisionHold(seconds=5)
    hold.expired.connect(commit)      # the countdown ended: commit it to the outbox now
    hold.undone.connect(reopen)       # the officer took it back: nothing was recorded
    earlier = hold.hold(HeldDecision(record, request))   # a decision still held: commit it

Nothing is lost: a second decision, or closing the window, ends the countdown of the one
held (`release`), and the caller commits it at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.common.labels import outcome_label
from workstation.protocol import CaseRecord, DecisionRequest

log = logging.getLogger(__name__)

UNDO_KEY = "Ctrl+Z"


@dataclass(frozen=True)
class HeldDecision:
    record: CaseRecord
    request: DecisionRequest


class DecisionHold(QFrame):
    expired = Signal(object)  # HeldDecision whose countdown ended
    undone = Signal(object)  # HeldDecision the officer took back

    def __init__(self, *, seconds: int = 5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionHold")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#decisionHold { background-color: #fff4d6; }")
        self.seconds = seconds
        self._held: HeldDecision | None = None
        self._remaining = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

        self.countdown = QLabel(self)
        self.countdown.setObjectName("decisionCountdown")
        self.countdown.setTextFormat(Qt.TextFormat.PlainText)  # the name is the traveller's
        self.countdown.setWordWrap(True)
        shortcut = QKeySequence(UNDO_KEY).toString(QKeySequence.SequenceFormat.NativeText)
        self.undo_button = QPushButton(self.tr("Undo ({0})").format(shortcut), self)
        self.undo_button.setObjectName("undoDecision")
        self.undo_button.clicked.connect(self.undo)
        self.undo_action = QAction(self.tr("Undo the decision"), self)
        self.undo_action.setShortcut(QKeySequence(UNDO_KEY))
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.undo_action.triggered.connect(self.undo)
        self.undo_action.setEnabled(False)
        self.addAction(self.undo_action)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.countdown, 1)
        layout.addWidget(self.undo_button)
        self.hide()

    # -- public ---------------------------------------------------------------------------------

    def held(self) -> HeldDecision | None:
        return self._held

    def remaining(self) -> int:
        """Seconds before the held decision enters the outbox (0 when none is held)."""
        return self._remaining if self._held is not None else 0

    def hold(self, decision: HeldDecision) -> HeldDecision | None:
        """Hold `decision`; the one held before (if any) is returned for committing now."""
        earlier = self.release()
        self._held = decision
        self._remaining = max(0, self.seconds)
        self.undo_action.setEnabled(True)
        self._show_countdown()
        self.show()
        if self._remaining:
            self._timer.start()
        else:
            QTimer.singleShot(0, self.tick)
        return earlier

    def release(self) -> HeldDecision | None:
        """End the countdown without emitting: the caller commits what is returned."""
        held, self._held = self._held, None
        self._timer.stop()
        self.undo_action.setEnabled(False)
        self.hide()
        return held

    def tick(self) -> None:
        """One second passed (the timer calls this; tests may too)."""
        if self._held is None:
            return
        self._remaining -= 1
        if self._remaining > 0:
            self._show_countdown()
            return
        held = self.release()
        self.expired.emit(held)

    def undo(self) -> None:
        held = self.release()
        if held is not None:
            log.info("decision on %s undone before it was recorded", held.record.case_id)
            self.undone.emit(held)

    # -- internals ------------------------------------------------------------------------------

    def _show_countdown(self) -> None:
        assert self._held is not None
        self.countdown.setText(
            self.tr("{0} {1}: recorded in {2} s unless you undo it.").format(
                outcome_label(self._held.request.outcome),
                self._held.record.content.holder.name.latin,
                self._remaining,
            )
        )
