"""The history's filter bar: who, action, outcome, nationality, mission, dates and note text.

The choices offered are the values the stored log holds. Dates are local days:
"from" is inclusive, "to" includes the whole day. The server serves only the
signed-in user's mission, so the mission is a fixed label unless the log ever
holds several (the filter field stays for that day).
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time
from typing import Final

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from review.audit.queries.terms import AuditFilter, FilterChoices
from ui.auditor.labels import action_label, actor_label, audit_outcome_label

log = logging.getLogger(__name__)

TEXT_DELAY_MS: Final = 250
#: A date edit at this day means "no bound" (shown as "any day").
NO_DATE: Final = QDate(2000, 1, 1)


def _local_midnight_utc(day: QDate) -> datetime:
    """The start of `day` in the local time zone (of that day, for summer time), in UTC."""
    local = datetime.combine(date(day.year(), day.month(), day.day()), time.min).astimezone()
    return local.astimezone(UTC)


class AuditFilterBar(QWidget):
    filter_changed = Signal(object)  # AuditFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditFilterBar")
        self.actor = self._combo("actorFilter", self.tr("Who"))
        self.action = self._combo("actionFilter", self.tr("Action"))
        self.outcome = self._combo("outcomeFilter", self.tr("Outcome"))
        self.nationality = self._combo("nationalityFilter", self.tr("Nationality"))
        self.mission = self._combo("missionFilter", self.tr("Mission"))
        # The server serves only the signed-in user's mission: one mission is shown, not offered.
        self.mission_label = QLabel()
        self.mission_label.setObjectName("missionLabel")
        self.mission_label.setTextFormat(Qt.TextFormat.PlainText)
        self.mission_label.setToolTip(self.tr("The audit log of this mission"))
        self.mission_label.hide()
        self.since = self._date("sinceFilter")
        self.until = self._date("untilFilter")
        self.text = QLineEdit()
        self.text.setObjectName("noteSearch")
        self.text.setPlaceholderText(self.tr("Text in notes…"))
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(180)
        self.exceptions = QCheckBox(self.tr("Exceptions only"))
        self.exceptions.setObjectName("exceptionsFilter")
        self.exceptions.setToolTip(
            self.tr("Approvals over failed checks, their countersignatures and send-backs")
        )
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setToolTip(self.tr("Show the whole history"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.actor, self.action, self.outcome, self.nationality, self.mission):
            layout.addWidget(widget)
        layout.addWidget(self.mission_label)
        layout.addWidget(QLabel(self.tr("From")))
        layout.addWidget(self.since)
        layout.addWidget(QLabel(self.tr("to")))
        layout.addWidget(self.until)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.exceptions)
        layout.addWidget(self.clear_button)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self._on_changed)
        self.text.textChanged.connect(self._text_timer.start)
        for combo in (self.actor, self.action, self.outcome, self.nationality, self.mission):
            combo.currentIndexChanged.connect(self._on_changed)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self._on_changed)
        self.exceptions.toggled.connect(self._on_changed)
        self.clear_button.clicked.connect(self.clear)
        self._quiet = False

    # -- building -------------------------------------------------------------------------------

    def _combo(self, name: str, tooltip: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setToolTip(tooltip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMinimumContentsLength(8)
        return combo

    def _date(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("any day"))
        edit.setDate(NO_DATE)
        return edit

    def set_choices(self, choices: FilterChoices) -> None:
        """Offer what the stored log holds, keeping what is chosen."""
        self._quiet = True
        try:
            self._fill(self.actor, self.tr("Anyone"), [(a, actor_label(a)) for a in choices.actors])
            self._fill(
                self.action, self.tr("Any action"), [(a, action_label(a)) for a in choices.actions]
            )
            self._fill(
                self.outcome,
                self.tr("Any outcome"),
                [(o, audit_outcome_label(o)) for o in choices.outcomes],
            )
            self._fill(
                self.nationality,
                self.tr("Any nationality"),
                [(n, n) for n in choices.nationalities],
            )
            self._fill(self.mission, self.tr("Any mission"), [(m, m) for m in choices.missions])
            self._show_missions(choices.missions)
        finally:
            self._quiet = False

    def _show_missions(self, missions: tuple[str, ...]) -> None:
        """A choice only among several missions: one is shown as a fixed label, none as nothing."""
        several = len(missions) > 1
        self.mission.setVisible(several)
        if several:
            self.mission_label.hide()
            return
        self.mission.setCurrentIndex(0)  # "any mission": nothing hidden can stay chosen
        self.mission_label.setText(self.tr("Mission: {0}").format(missions[0]) if missions else "")
        self.mission_label.setVisible(bool(missions))

    @staticmethod
    def _fill(combo: QComboBox, anything: str, values: list[tuple[str, str]]) -> None:
        chosen = combo.currentData() or ""
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(anything, "")
        for value, label in sorted(values, key=lambda pair: pair[1].casefold()):
            combo.addItem(label, value)
        found = combo.findData(chosen)
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    # -- the filter -----------------------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        since = self.since.date()
        until = self.until.date()
        return AuditFilter(
            actor=self.actor.currentData() or "",
            action=self.action.currentData() or "",
            outcome=self.outcome.currentData() or "",
            nationality=self.nationality.currentData() or "",
            mission=self.mission.currentData() or "",
            since=None if since == NO_DATE else _local_midnight_utc(since),
            until=None if until == NO_DATE else _local_midnight_utc(until.addDays(1)),
            text=self.text.text().strip(),
            exceptions_only=self.exceptions.isChecked(),
        )

    def choose(
        self,
        *,
        actor: str = "",
        action: str = "",
        outcome: str = "",
        nationality: str = "",
        text: str = "",
    ) -> None:
        """Set several filters at once, announcing the result once."""
        self._quiet = True
        try:
            for combo, value in (
                (self.actor, actor),
                (self.action, action),
                (self.outcome, outcome),
                (self.nationality, nationality),
            ):
                combo.setCurrentIndex(max(combo.findData(value), 0))
            self.text.setText(text)
        finally:
            self._quiet = False
        self._text_timer.stop()
        self._on_changed()

    def choose_days(self, since: QDate | None, until: QDate | None) -> None:
        self._quiet = True
        try:
            self.since.setDate(since or NO_DATE)
            self.until.setDate(until or NO_DATE)
        finally:
            self._quiet = False
        self._on_changed()

    def clear(self) -> None:
        self._quiet = True
        try:
            for combo in (self.actor, self.action, self.outcome, self.nationality, self.mission):
                combo.setCurrentIndex(0)
            self.since.setDate(NO_DATE)
            self.until.setDate(NO_DATE)
            self.text.clear()
            self.exceptions.setChecked(False)
        finally:
            self._quiet = False
        self._text_timer.stop()
        self._on_changed()

    def _on_changed(self) -> None:
        if not self._quiet:
            self.filter_changed.emit(self.current_filter())
