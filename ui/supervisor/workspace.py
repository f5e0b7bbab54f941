"""The supervisor's countersignature queue: exceptions on the left; the chosen one, its
declaration, and countersign or send back (with a note to the officer) on the right.

Four eyes: the supervisor reads what the officer overruled and why, then signs (the
certificate is issued) or sends the case back to that officer. The answer goes to the
server at once; the server refuses a supervisor's own exception.
"""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime
from uuid import uuid4

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
from workstation.cases import upsert_records
from workstation.countersignatures import send_countersignature
from workstation.domain import CountersignVerdict
from workstation.protocol import CaseRecord, CountersignRequest

log = logging.getLogger(__name__)


class CountersignWorkspace(QWidget):
    #: A short message for the status bar.
    notice = Signal(str)
    #: The server recorded an answer (the case as it is now).
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

        self.model = ExceptionsModel(services.store)
        self.table = QTableView()
        self.table.setObjectName("exceptionsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (ExceptionColumn.DECIDED, ExceptionColumn.HOLDER, ExceptionColumn.OFFICER):
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
        self.reload()

    # -- the queue ------------------------------------------------------------------------------

    @property
    def current_case(self) -> CaseRecord | None:
        return self._current

    def reload(self) -> None:
        current = str(self._current.case_id) if self._current else None
        self.model.reload()
        self.count.setText(self.tr("{0} waiting").format(self.model.rowCount()))
        row = self.model.row_of(current) if current else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
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
        if record.decision.officer == self._services.user.username:
            # Four eyes: the server refuses it too; say so before the supervisor tries.
            for widget in (self.note, self.countersign_button, self.send_back_button):
                widget.setEnabled(False)
            self.message.setText(
                self.tr("This is your own exception: another supervisor countersigns it.")
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
        if self._confirm and not self._confirmed(record, verdict):
            return
        request = CountersignRequest(
            verdict=verdict,
            decision_key=record.decision.idempotency_key,
            note=note,
            decided_at=datetime.now(UTC),
        )
        services = self._services
        key = uuid4()

        def send() -> CaseRecord:
            answered = send_countersignature(services.client, record.case_id, key, request)
            with services.store.session() as session:
                upsert_records(session, [answered], synced_at=datetime.now(UTC))
            return answered

        for button in (self.countersign_button, self.send_back_button):
            button.setEnabled(False)
        (
            Operation(self, send, pools=services.pools, errors=services.errors,
                      title=self.tr("Countersignature"), lane=Lane.WRITE)
            .on_success(self._after_answer)
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

    def _after_answer(self, record: CaseRecord) -> None:
        name = record.content.holder.name.latin
        answer = record.decision.countersignature if record.decision else None
        if answer is not None and answer.verdict is CountersignVerdict.SEND_BACK:
            self.notice.emit(self.tr("Exception for {0} sent back to the officer.").format(name))
        else:
            self.notice.emit(
                self.tr("Exception for {0} countersigned; the certificate is issued.").format(name)
            )
        self._current = None
        self._services.changes.cases_changed.emit({str(record.case_id)})
        self.answered.emit(record)

    def _on_answer_failed(self, _error: Exception) -> bool:
        self._show(self._current)
        return False  # the error route shows why
