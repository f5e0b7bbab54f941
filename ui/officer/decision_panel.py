"""Approve, reject or request materials: reason codes, two notes, a confirmation naming the
traveller.

Two notes for two audiences: the message to the traveller (required to reject or request
materials; the mission's standard phrases to pick from) and the justification for the record,
which the traveller never sees. Approving over a failed check is an exception: the officer
ticks each failed check they overrule and justifies it, and the confirmation says so in red.

The panel only builds a valid `DecisionRequest` and emits it; the workspace
commits it to the outbox. Validation is the protocol's own (a reject or a
request without a note is refused here exactly as the server would).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from review.checks import CheckResult, Verdict
from review.policy import MissionPolicy
from ui.common.labels import check_label, document_type_label, outcome_label, reason_label
from ui.officer.exception_box import ExceptionBox, confirm_exception
from workstation.domain import REASONS_FOR, CountersignVerdict, DecisionOutcome, ReasonCode
from workstation.protocol import CaseRecord, CheckOutcomeSummary, DecisionRequest, ExceptionRules

log = logging.getLogger(__name__)

SHORTCUTS = {
    DecisionOutcome.APPROVE: "Ctrl+1",
    DecisionOutcome.REJECT: "Ctrl+2",
    DecisionOutcome.REQUEST_INFO: "Ctrl+3",
}


class DecisionPanel(QWidget):
    decided = Signal(object)  # DecisionRequest, confirmed by the officer
    claim_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, confirm: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("decisionPanel")
        self._confirm = confirm
        self._record: CaseRecord | None = None
        self._results: tuple[CheckResult, ...] = ()
        self._document_hashes: list[str] = []
        self._rules = ExceptionRules()
        self._policy: MissionPolicy | None = None
        #: A decision the officer undid, back in the form until they change or record it.
        self._restored: DecisionRequest | None = None

        self.outcomes = QButtonGroup(self)
        buttons = QHBoxLayout()
        for outcome in DecisionOutcome:
            button = QPushButton(f"{outcome_label(outcome)}  ({SHORTCUTS[outcome]})")
            button.setObjectName(f"outcome_{outcome.value}")
            button.setCheckable(True)
            self.outcomes.addButton(button)
            button.setProperty("outcome", outcome.value)
            buttons.addWidget(button)
            QShortcut(QKeySequence(SHORTCUTS[outcome]), self, button.click)
        self.outcomes.buttonToggled.connect(self._on_outcome_toggled)

        self.reasons = QListWidget()
        self.reasons.setObjectName("reasonCodes")
        self.reasons.setMaximumHeight(76)  # two rows of reasons; more scroll
        self.reasons.setFlow(QListWidget.Flow.LeftToRight)  # reason codes wrap in rows
        self.reasons.setWrapping(True)
        self.reasons.setSpacing(2)
        self.exception = ExceptionBox()
        # What was missing is said again at the next try: an old complaint would mislead.
        self.exception.checks.itemChanged.connect(self._on_edited)
        self.note = QPlainTextEdit()  # the message to the traveller
        self.note.setObjectName("decisionNote")
        self.note.setPlaceholderText(
            self.tr(
                "Message to the traveller, in plain words (required to reject or request materials)"
            )
        )
        self.note.setMaximumHeight(70)
        self.note.setTabChangesFocus(True)  # Tab goes on to the next control, as elsewhere
        self.phrases = QComboBox()
        self.phrases.setObjectName("travellerPhrases")
        self.phrases.activated.connect(self._on_phrase_chosen)
        self.justification = QPlainTextEdit()
        self.justification.setObjectName("decisionJustification")
        self.justification.setPlaceholderText(
            self.tr(
                "Justification for the record (never shown to the traveller; required to "
                "overrule a failed check)"
            )
        )
        self.justification.setMaximumHeight(70)
        self.justification.setTabChangesFocus(True)
        self.justification.textChanged.connect(self._on_edited)
        self.message = QLabel()
        self.message.setObjectName("decisionMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.claim_button = QPushButton(self.tr("Claim this case"))
        self.claim_button.setObjectName("claimButton")
        self.claim_button.clicked.connect(self.claim_requested)
        self.confirm_button = QPushButton(self.tr("Record decision  (Ctrl+Enter)"))
        self.confirm_button.setObjectName("confirmDecision")
        self.confirm_button.clicked.connect(self._on_confirm)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._on_confirm)

        actions = QHBoxLayout()
        actions.addWidget(self.message, 1)
        actions.addWidget(self.claim_button)
        actions.addWidget(self.confirm_button)
        to_traveller = QVBoxLayout()
        to_traveller.addWidget(self.phrases)
        to_traveller.addWidget(self.note)
        for_record = QVBoxLayout()
        record_title = QLabel(self.tr("For the record only:"))
        for_record.addWidget(record_title)
        for_record.addWidget(self.justification)
        notes = QHBoxLayout()
        notes.addLayout(to_traveller, 1)
        notes.addLayout(for_record, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.reasons)
        layout.addWidget(self.exception)
        layout.addLayout(notes)
        layout.addLayout(actions)
        self.show_case(None)

    # -- public ---------------------------------------------------------------------------------

    def set_policy(self, policy: MissionPolicy) -> None:
        """The mission's exception rules and its standard phrases to the traveller."""
        self._policy = policy
        self._rules = policy.exceptions
        self._fill_phrases()

    def show_case(
        self,
        record: CaseRecord | None,
        *,
        claimed_by_me: bool = False,
        results: Sequence[CheckResult] = (),
        document_hashes: Iterable[str] = (),
    ) -> None:
        self._record = record
        self._results = tuple(results)
        self._document_hashes = list(document_hashes)
        self._restored = None
        self.note.clear()
        self.justification.clear()
        self.exception.show_failures([], self._rules)
        self.message.clear()
        self.outcomes.setExclusive(False)
        for button in self.outcomes.buttons():
            button.setChecked(False)
        self.outcomes.setExclusive(True)
        self.reasons.clear()
        self.reasons.hide()  # shown with the reasons of the outcome chosen: no empty box
        decidable = record is not None and record.status.is_open and claimed_by_me
        for widget in (
            *self.outcomes.buttons(),
            self.reasons,
            self.note,
            self.phrases,
            self.justification,
            self.confirm_button,
        ):
            widget.setEnabled(decidable)
        self.claim_button.setVisible(record is not None and record.status.is_open)
        self.claim_button.setEnabled(record is not None and not claimed_by_me)
        if record is not None and not claimed_by_me and record.status.is_open:
            self.message.setText(self.tr("Claim the case to decide it."))
        self._show_send_back(record)
        self._fill_phrases()

    def _show_send_back(self, record: CaseRecord | None) -> None:
        """A supervisor sent the officer's exception back: say who and why."""
        decision = record.decision if record is not None else None
        answer = decision.countersignature if decision is not None else None
        if record is None or answer is None or answer.verdict is not CountersignVerdict.SEND_BACK:
            return
        if not record.status.is_open:
            return
        self.message.setText(
            self.tr("Your exception was sent back by {0}: {1}").format(
                answer.supervisor, answer.note
            )
        )

    def focus_chain(self) -> list[QWidget]:
        """The panel's stops for Tab, in the order a decision is made."""
        return [
            *self.outcomes.buttons(),
            self.reasons,
            self.phrases,
            self.note,
            self.justification,
            self.claim_button,
            self.confirm_button,
        ]

    def update_results(
        self, results: Sequence[CheckResult], document_hashes: Iterable[str]
    ) -> None:
        """Checks finished after the case was shown (documents analysed)."""
        self._results = tuple(results)
        self._document_hashes = list(document_hashes)
        checked = self.outcomes.checkedButton()
        if checked is not None:
            self._fill_reasons(DecisionOutcome(checked.property("outcome")))
            self._show_exception(DecisionOutcome(checked.property("outcome")))
            if self._restored is not None:
                self._tick_restored(self._restored)

    def restore(self, request: DecisionRequest) -> None:
        """Fill the form with a decision the officer undid, to change or record again: the
        outcome, the reasons, both notes and the overruled checks as they were."""
        self.choose(request.outcome)  # fills the reasons and the exception box of that outcome
        self.note.setPlainText(request.note)
        self.justification.setPlainText(request.justification)
        self._tick_restored(request)
        self._restored = request

    def _tick_restored(self, request: DecisionRequest) -> None:
        checked = self.outcomes.checkedButton()
        if checked is None or checked.property("outcome") != request.outcome.value:
            return  # the officer chose another outcome since: its own suggestions stand
        for item in self._items():
            chosen = item.data(Qt.ItemDataRole.UserRole) in request.reason_codes
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        for check in request.overruled_checks:
            self.exception.tick(check)

    def choose(self, outcome: DecisionOutcome) -> None:
        for button in self.outcomes.buttons():
            if button.property("outcome") == outcome.value:
                button.setChecked(True)

    def missing(self) -> list[str]:
        """What the officer still has to fill in, in words (empty when complete)."""
        checked = self.outcomes.checkedButton()
        if checked is None:
            return [self.tr("Choose approve, reject or request materials.")]
        problems = []
        if not self._chosen_reasons():
            problems.append(self.tr("Tick at least one reason."))
        outcome = DecisionOutcome(checked.property("outcome"))
        if outcome.needs_note and not self.note.toPlainText().strip():
            problems.append(self.tr("Write a note: the traveller must be told why."))
        if outcome is DecisionOutcome.APPROVE and self._failed():
            problems += self._exception_problems()
        return problems

    def _failed(self) -> list[CheckResult]:
        return [r for r in self._results if r.verdict is Verdict.FAIL]

    def _exception_problems(self) -> list[str]:
        forbidden = self._rules.forbidden(self._summaries())
        if forbidden:
            names = ", ".join(check_label(c) for c in sorted(forbidden))
            return [
                self.tr(
                    "The mission's policy does not allow overruling: {0}. Reject or request "
                    "materials instead."
                ).format(names)
            ]
        problems = []
        unticked = [r.check for r in self._failed() if r.check not in self.exception.overruled()]
        if unticked:
            problems.append(
                self.tr("Approving over failed checks is an exception: tick each one you overrule.")
            )
        if not self.justification.toPlainText().strip():
            problems.append(self.tr("Write the justification for the record."))
        if ReasonCode.OFFICER_JUDGEMENT not in self._chosen_reasons():
            problems.append(self.tr("An exception is the officer's judgement: tick that reason."))
        return problems

    def _summaries(self) -> list[CheckOutcomeSummary]:
        """What the decision records of each check, with the reasons it found (the server
        applies the mission's rules to them)."""
        return [
            result.to_summary().model_copy(update={"reasons": list(result.reasons)})
            for result in self._results
        ]

    def _chosen_reasons(self) -> list[ReasonCode]:
        return [
            ReasonCode(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def build_request(self) -> DecisionRequest:
        """The decision as filled in (the protocol validates it: `ValidationError`)."""
        checked = self.outcomes.checkedButton()
        if checked is None:
            raise ValueError(self.tr("Choose approve, reject or request materials."))
        reasons = self._chosen_reasons()
        outcome = DecisionOutcome(checked.property("outcome"))
        return DecisionRequest(
            outcome=outcome,
            reason_codes=reasons,
            note=self.note.toPlainText(),
            decided_at=datetime.now(UTC),
            checks=self._summaries(),
            document_sha256=self._document_hashes,
            justification=self.justification.toPlainText(),
            overruled_checks=(
                sorted(self.exception.overruled()) if outcome is DecisionOutcome.APPROVE else []
            ),
        )

    # -- slots ----------------------------------------------------------------------------------

    def _items(self) -> list[QListWidgetItem]:
        return [self.reasons.item(row) for row in range(self.reasons.count())]

    def _on_outcome_toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:
            outcome = DecisionOutcome(button.property("outcome"))
            self._fill_reasons(outcome)
            self._show_exception(outcome)
            self._fill_phrases()
            if outcome.needs_note and self.note.isEnabled():
                # The traveller must be told why: the cursor goes where that is written.
                self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_edited(self, *_args: object) -> None:
        if self.confirm_button.isEnabled():
            self.message.clear()

    def _show_exception(self, outcome: DecisionOutcome) -> None:
        failed = self._failed() if outcome is DecisionOutcome.APPROVE else []
        self.exception.show_failures(failed, self._rules)

    def _fill_phrases(self) -> None:
        checked = self.outcomes.checkedButton()
        outcome = DecisionOutcome(checked.property("outcome")) if checked else None
        phrases = self._policy.phrases_for(outcome) if self._policy and outcome else ()
        self.phrases.clear()
        self.phrases.addItem(self.tr("Insert one of the mission's standard phrases…"))
        for text in phrases:
            self.phrases.addItem(text, text)
        self.phrases.setVisible(bool(phrases))

    def _on_phrase_chosen(self, index: int) -> None:
        text = self.phrases.itemData(index)
        if not text:
            return
        current = self.note.toPlainText().rstrip()
        self.note.setPlainText(f"{current}\n{text}" if current else str(text))
        self.phrases.setCurrentIndex(0)

    def _fill_reasons(self, outcome: DecisionOutcome) -> None:
        suggested = {r for result in self._results for r in result.reasons}
        if outcome is DecisionOutcome.APPROVE:
            clean = all(r.verdict is Verdict.PASS for r in self._results)
            # Over a warning the judgement is suggested; over a failure it is an exception,
            # ticked by the officer or not at all.
            suggested = set()
            if clean:
                suggested = {ReasonCode.ALL_CHECKS_PASSED}
            elif not self._failed():
                suggested = {ReasonCode.OFFICER_JUDGEMENT}
        self.reasons.clear()
        for reason in sorted(REASONS_FOR[outcome], key=lambda r: list(ReasonCode).index(r)):
            item = QListWidgetItem(reason_label(reason))
            item.setData(Qt.ItemDataRole.UserRole, reason.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if reason in suggested else Qt.CheckState.Unchecked
            )
            self.reasons.addItem(item)
        self.reasons.setVisible(self.reasons.count() > 0)

    def _on_confirm(self) -> None:
        if self._record is None or not self.confirm_button.isEnabled():
            return
        problems = self.missing()
        if problems:
            self.message.setText(" ".join(problems))
            return
        try:
            request = self.build_request()
        except ValidationError as exc:
            self.message.setText(
                self.tr("The decision is incomplete: {0}").format(
                    " ".join(str(e["msg"]) for e in exc.errors())
                )
            )
            return
        if self._confirm and not self._confirmed(request):
            return
        self.message.clear()
        self.decided.emit(request)

    def _confirmed(self, request: DecisionRequest) -> bool:
        assert self._record is not None
        if request.is_exception:
            return confirm_exception(
                self,
                self._record,
                self._failed(),
                countersignature=self._rules.countersignature,
            )
        content = self._record.content
        question = self.tr("{0} the declaration of {1} ({2} {3})?").format(
            outcome_label(request.outcome),
            f"{content.holder.name.latin} {content.holder.name.chinese or ''}".strip(),
            document_type_label(content.travel_document.type),
            content.travel_document.number,
        )
        box = QMessageBox(self)
        box.setObjectName("confirmDecisionBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Confirm decision"))
        box.setTextFormat(Qt.TextFormat.PlainText)  # the name came from the traveller
        box.setText(question)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        # The buttons name what they do; Enter keeps reviewing, the decision needs a choice.
        box.button(QMessageBox.StandardButton.Yes).setText(
            self.tr("{0} {1}").format(outcome_label(request.outcome), content.holder.name.latin)
        )
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep reviewing"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
