"""Approve, reject or request materials: reason codes, a note, a confirmation naming the traveller.

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
from ui.common.labels import document_type_label, outcome_label, reason_label
from workstation.domain import REASONS_FOR, DecisionOutcome, ReasonCode
from workstation.protocol import CaseRecord, DecisionRequest

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
        self.reasons.setMaximumHeight(110)
        self.reasons.setFlow(QListWidget.Flow.LeftToRight)  # reason codes wrap in rows
        self.reasons.setWrapping(True)
        self.reasons.setSpacing(2)
        self.note = QPlainTextEdit()
        self.note.setObjectName("decisionNote")
        self.note.setPlaceholderText(
            self.tr("Audit note (required to reject or request materials; the traveller sees it)")
        )
        self.note.setMaximumHeight(70)
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
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.reasons)
        layout.addWidget(self.note)
        layout.addLayout(actions)
        self.show_case(None)

    # -- public ---------------------------------------------------------------------------------

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
        self.note.clear()
        self.message.clear()
        self.outcomes.setExclusive(False)
        for button in self.outcomes.buttons():
            button.setChecked(False)
        self.outcomes.setExclusive(True)
        self.reasons.clear()
        decidable = record is not None and record.status.is_open and claimed_by_me
        for widget in (*self.outcomes.buttons(), self.reasons, self.note, self.confirm_button):
            widget.setEnabled(decidable)
        self.claim_button.setVisible(record is not None and record.status.is_open)
        self.claim_button.setEnabled(record is not None and not claimed_by_me)
        if record is not None and not claimed_by_me and record.status.is_open:
            self.message.setText(self.tr("Claim the case to decide it."))

    def update_results(
        self, results: Sequence[CheckResult], document_hashes: Iterable[str]
    ) -> None:
        """Checks finished after the case was shown (documents analysed)."""
        self._results = tuple(results)
        self._document_hashes = list(document_hashes)
        checked = self.outcomes.checkedButton()
        if checked is not None:
            self._fill_reasons(DecisionOutcome(checked.property("outcome")))

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
        return problems

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
        return DecisionRequest(
            outcome=DecisionOutcome(checked.property("outcome")),
            reason_codes=reasons,
            note=self.note.toPlainText(),
            decided_at=datetime.now(UTC),
            checks=[result.to_summary() for result in self._results],
            document_sha256=self._document_hashes,
        )

    # -- slots ----------------------------------------------------------------------------------

    def _items(self) -> list[QListWidgetItem]:
        return [self.reasons.item(row) for row in range(self.reasons.count())]

    def _on_outcome_toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:
            self._fill_reasons(DecisionOutcome(button.property("outcome")))

    def _fill_reasons(self, outcome: DecisionOutcome) -> None:
        suggested = {r for result in self._results for r in result.reasons}
        if outcome is DecisionOutcome.APPROVE:
            clean = all(r.verdict is Verdict.PASS for r in self._results)
            suggested = {ReasonCode.ALL_CHECKS_PASSED if clean else ReasonCode.OFFICER_JUDGEMENT}
        self.reasons.clear()
        for reason in sorted(REASONS_FOR[outcome], key=lambda r: list(ReasonCode).index(r)):
            item = QListWidgetItem(reason_label(reason))
            item.setData(Qt.ItemDataRole.UserRole, reason.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if reason in suggested else Qt.CheckState.Unchecked
            )
            self.reasons.addItem(item)

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
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
