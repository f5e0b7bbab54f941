"""The supervisor's countersignature queue: exceptions on the left; the chosen one, its
declaration, and countersign or send back (with a note to the officer) on the right.

Four eyes: the supervisor reads what the officer overruled and why, then signs (the
certificate is issued) or sends the case back to that officer. The answer is committed to
the outbox first (verdict and note, in one transaction), then delivered under its
idempotency key: a dead network or a crash loses nothing, and a delivery made twice is
recorded once. Until the server has it, the exception stays listed as answered and is not
offered again; a final refusal (another supervisor answered, the officer decided again, the
supervisor's own exception) puts it back in the queue with the server's reason.
"""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime
from uuid import UUID

from pydantic import ValidationError
from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common.case_view import CaseView
from ui.common.formatting import local_time
from ui.common.labels import check_label, outcome_label, reason_label
from ui.common.operations import Lane, Operation
from ui.common.services import Services
from ui.common.sync_controller import SyncController
from ui.supervisor.exceptions_model import FAILED_RED, ExceptionColumn, ExceptionsModel
from workstation.domain import CountersignVerdict
from workstation.outbox import OutboxState
from workstation.protocol import CaseRecord, CountersignRequest

log = logging.getLogger(__name__)


class CountersignWorkspace(QWidget):
    #: A short message for the status bar.
    notice = Signal(str)
    #: An answer was committed to the outbox (its entry id); its delivery follows.
    answered = Signal(object)

    def __init__(
        self,
        services: Services,
        sync: SyncController,
        parent: QWidget | None = None,
        *,
        confirm: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("countersignWorkspace")
        self._services = services
        self._sync = sync
        self._confirm = confirm
        self._current: CaseRecord | None = None

        self.model = ExceptionsModel(services.store, services.outbox)
        self.table = QTableView()
        self.table.setObjectName("exceptionsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (
            ExceptionColumn.DECIDED,
            ExceptionColumn.HOLDER,
            ExceptionColumn.OFFICER,
            ExceptionColumn.ANSWER,
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(ExceptionColumn.OVERRULED, 200)
        header.setSectionResizeMode(ExceptionColumn.JUSTIFICATION, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        self.count.setObjectName("exceptionsCount")

        self.exception = QLabel()
        self.exception.setObjectName("exceptionDetails")
        self.exception.setTextFormat(Qt.TextFormat.RichText)  # every outside text is escaped
        self.exception.setWordWrap(True)
        self.exception.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.case_view = CaseView()
        self.note = QPlainTextEdit()
        self.note.setObjectName("countersignNote")
        self.note.setPlaceholderText(self.tr("Note to the officer (required to send back)"))
        self.note.setMaximumHeight(64)
        self.message = QLabel()
        self.message.setObjectName("countersignMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.countersign_button = QPushButton(self.tr("Countersign"))
        self.countersign_button.setObjectName("countersignButton")
        self.countersign_button.clicked.connect(self._on_countersign)
        self.send_back_button = QPushButton(self.tr("Send back to the officer"))
        self.send_back_button.setObjectName("sendBackButton")
        self.send_back_button.clicked.connect(self._on_send_back)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Exceptions waiting for your countersignature"))
        title.setStyleSheet("font-weight: bold;")
        left_layout.addWidget(title)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        actions = QHBoxLayout()
        actions.addWidget(self.message, 1)
        actions.addWidget(self.send_back_button)
        actions.addWidget(self.countersign_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.exception)
        right_layout.addWidget(self.case_view, 1)
        right_layout.addWidget(self.note)
        right_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([640, 720])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        services.changes.cases_changed.connect(self._on_cases_changed)
        # A delivery (or a refusal) changes what is pending.
        services.changes.outbox_changed.connect(self.reload)
        self.reload()

    # -- the queue ------------------------------------------------------------------------------

    @property
    def current_case(self) -> CaseRecord | None:
        return self._current

    def reload(self) -> None:
        current = str(self._current.case_id) if self._current else None
        note = self.note.toPlainText()  # a reload must not wipe what the supervisor is writing
        self.model.reload()
        count = self.tr("{0} waiting").format(self.model.open_count)
        if self.model.pending_count:
            count += self.tr(", {0} answered and waiting in the outbox").format(
                self.model.pending_count
            )
        self.count.setText(count)
        row = self.model.row_of(current) if current else -1
        if row < 0:
            row = self.model.first_open_row()
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)  # the reset cleared the selection: this shows the row
            still = self._current is not None and str(self._current.case_id) == current
            if still and self.note.isEnabled() and note:
                self.note.setPlainText(note)
        else:
            self._show(None)

    def select_case(self, case_id: str) -> bool:
        row = self.model.row_of(case_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _on_cases_changed(self, _case_ids: object) -> None:
        self.reload()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._show(self.model.record(rows[0].row()) if rows else None)

    def _show(self, record: CaseRecord | None) -> None:
        self._current = record
        self.note.clear()
        self.message.clear()
        for widget in (self.note, self.countersign_button, self.send_back_button):
            widget.setEnabled(record is not None)
        if record is None or record.decision is None:
            self.exception.setText(html.escape(self.tr("No exception is waiting.")))
            self.case_view.show_nothing()
            return
        self.case_view.show_case(record)
        self.exception.setText(self._details(record))
        found = self.model.row(self.model.row_of(str(record.case_id)))
        if found is not None and found.pending and found.answer is not None:
            # Answered here: not offered again while the answer is on its way.
            for widget in (self.note, self.countersign_button, self.send_back_button):
                widget.setEnabled(False)
            answer = found.answer
            signed = answer.request.verdict is CountersignVerdict.COUNTERSIGN
            if answer.state is OutboxState.PENDING:
                text = (
                    self.tr(
                        "Countersigned by {0}; waiting in the outbox, delivered as soon as the "
                        "server can be reached."
                    )
                    if signed
                    else self.tr(
                        "Sent back by {0}; waiting in the outbox, delivered as soon as the "
                        "server can be reached."
                    )
                )
            else:
                text = (
                    self.tr(
                        "Countersigned by {0}; delivered, the case is updated at the next sync."
                    )
                    if signed
                    else self.tr(
                        "Sent back by {0}; delivered, the case is updated at the next sync."
                    )
                )
            self.message.setText(text.format(answer.actor))
            if answer.request.note:
                self.note.setPlainText(answer.request.note)
            return
        if record.decision.officer == self._services.user.username:
            # Four eyes: the server refuses it too; say so before the supervisor tries.
            for widget in (self.note, self.countersign_button, self.send_back_button):
                widget.setEnabled(False)
            self.message.setText(
                self.tr("This is your own exception: another supervisor countersigns it.")
            )
            return
        refusal = found.refusal if found is not None else None
        if refusal is not None and refusal.actor == self._services.user.username:
            self.message.setText(
                self.tr("The server refused your answer: {0}").format(refusal.reason)
            )

    def _details(self, record: CaseRecord) -> str:
        decision = record.decision
        assert decision is not None
        e = html.escape
        overruled = "".join(
            f'<li style="color:{FAILED_RED}">{e(check_label(c))}</li>'
            for c in decision.overruled_checks
        )
        reasons = ", ".join(reason_label(r) for r in decision.reason_codes)
        # Translated first: lupdate does not read tr() calls inside f-strings.
        heading = self.tr("{0} by {1} on {2}").format(
            outcome_label(decision.outcome), decision.officer, local_time(decision.decided_at)
        )
        overrules = self.tr("Failed checks the officer overrules:")
        justification = self.tr("Justification (for the record):")
        to_traveller = self.tr("Message to the traveller:")
        reasons_title = self.tr("Reasons:")
        rows = [
            f"<p><b>{e(heading)}</b></p>",
            f"<p>{e(overrules)}</p><ul>{overruled}</ul>",
            f"<p><b>{e(justification)}</b> {e(decision.justification)}</p>",
            f"<p><b>{e(to_traveller)}</b> {e(decision.note or '—')}</p>",
            f"<p><b>{e(reasons_title)}</b> {e(reasons)}</p>",
        ]
        return "".join(rows)

    # -- answering ------------------------------------------------------------------------------

    def _on_countersign(self) -> None:
        self._answer(CountersignVerdict.COUNTERSIGN)

    def _on_send_back(self) -> None:
        self._answer(CountersignVerdict.SEND_BACK)

    def _answer(self, verdict: CountersignVerdict) -> None:
        record = self._current
        if record is None or record.decision is None:
            return
        note = self.note.toPlainText()
        if verdict is CountersignVerdict.SEND_BACK and not note.strip():
            self.message.setText(self.tr("Write a note: the officer must be told why."))
            return
        try:
            request = CountersignRequest(
                verdict=verdict,
                decision_key=record.decision.idempotency_key,
                note=note,
                decided_at=datetime.now(UTC),
            )
        except ValidationError as exc:
            self.message.setText(
                self.tr("The note cannot be recorded: {0}").format(exc.errors()[0]["msg"])
            )
            return
        if self._confirm and not self._confirmed(record, verdict):
            return
        services = self._services
        supervisor = services.user.username

        def commit() -> UUID:
            return services.outbox.record_countersignature(
                case_id=record.case_id, actor=supervisor, request=request
            )

        for widget in (self.note, self.countersign_button, self.send_back_button):
            widget.setEnabled(False)
        (
            Operation(self, commit, pools=services.pools, errors=services.errors,
                      title=self.tr("Recording the countersignature"), lane=Lane.WRITE)
            .on_success(lambda entry_id: self._after_answer(record, verdict, entry_id))
            .on_failure(self._on_answer_failed)
            .run_in_background()
        )  # fmt: skip

    def _confirmed(self, record: CaseRecord, verdict: CountersignVerdict) -> bool:
        name = record.content.holder.name.latin
        question = (
            self.tr("Countersign the exception for {0}? The certificate is issued.")
            if verdict is CountersignVerdict.COUNTERSIGN
            else self.tr("Send the exception for {0} back to the officer?")
        ).format(name)
        box = QMessageBox(self)
        box.setObjectName("confirmCountersignBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Confirm"))
        box.setTextFormat(Qt.TextFormat.PlainText)  # the name came from the traveller
        box.setText(question)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _after_answer(
        self, record: CaseRecord, verdict: CountersignVerdict, entry_id: UUID
    ) -> None:
        name = record.content.holder.name.latin
        if verdict is CountersignVerdict.SEND_BACK:
            self.notice.emit(
                self.tr("Sending back the exception for {0} recorded; it is being sent.").format(
                    name
                )
            )
        else:
            self.notice.emit(
                self.tr(
                    "Countersignature for {0} recorded; it is being sent (the certificate is "
                    "issued when the server has it)."
                ).format(name)
            )
        if self._current is not None and self._current.case_id == record.case_id:
            self._current = None  # the next open exception is shown
            self.note.clear()
        changes = self._services.changes
        changes.outbox_changed.emit()
        changes.cases_changed.emit({str(record.case_id)})
        self.answered.emit(entry_id)
        self._sync.deliver_now()

    def _on_answer_failed(self, _error: Exception) -> bool:
        # Nothing was recorded (the store refused the write): the answer can be given again.
        self._show(self._current)
        return False  # the error route shows why
