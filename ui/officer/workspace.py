"""The officer's workspace: queue on the left; the open case, its documents and checks on the right.

Opening a case shows what the store holds at once, then fetches the documents
and runs the checks in the background. A decision is committed to the outbox
(one write at a time) and the next case opens without waiting for the network.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from review.assessment import Assessment
from ui.common.case_view import CaseView
from ui.common.operations import Lane, Operation
from ui.common.queue_view import QueueView
from ui.common.services import Services
from ui.common.sync_controller import SyncController
from ui.officer.checks_panel import ChecksPanel
from ui.officer.decision_panel import DecisionPanel
from ui.officer.inspector import DocumentInspector
from workstation import errors
from workstation.cases import case_documents, load_record, upsert_records, version_history
from workstation.protocol import CaseRecord, DecisionRequest

log = logging.getLogger(__name__)


class ReviewWorkspace(QWidget):
    #: A short message for the status bar.
    notice = Signal(str)

    def __init__(self, services: Services, sync: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewWorkspace")
        self._services = services
        self._sync = sync
        self._current: CaseRecord | None = None
        self._assessment: Assessment | None = None

        self.queue = QueueView(services.store)
        self.case_view = CaseView()
        self.inspector = DocumentInspector(pools=services.pools, errors=services.errors)
        self.checks = ChecksPanel()
        self.decision = DecisionPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        self.tabs.addTab(self.case_view, self.tr("Declaration"))
        self.tabs.addTab(self.inspector, self.tr("Documents"))

        right = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.tabs)
        top.addWidget(self.checks)
        right.addWidget(top)
        right.addWidget(self.decision)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.queue)
        main.addWidget(right)
        # Starting proportions (the officer can drag): the case gets the most room, the
        # checks enough to read their summaries, the decision panel only what it needs.
        main.setSizes([520, 1080])
        top.setSizes([680, 400])
        right.setSizes([640, 230])
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(main)

        self.next_action = QAction(self.tr("Next case"), self)
        self.next_action.setObjectName("nextCaseAction")
        self.next_action.setShortcut(QKeySequence("Ctrl+N"))
        self.next_action.setToolTip(self.tr("Claim the next case in the server's order (Ctrl+N)"))
        self.next_action.triggered.connect(self.next_case)
        self.release_action = QAction(self.tr("Release case"), self)
        self.release_action.setObjectName("releaseCaseAction")
        self.release_action.triggered.connect(self._on_release)
        self.addActions([self.next_action, self.release_action])

        self.queue.case_selected.connect(self.open_case)
        self.decision.decided.connect(self._on_decided)
        self.decision.claim_requested.connect(self._on_claim)
        self.checks.evidence_selected.connect(self._on_evidence_selected)
        services.changes.cases_changed.connect(self._on_cases_changed)
        self.queue.reload()

    # -- opening a case -------------------------------------------------------------------------

    @property
    def current_case(self) -> CaseRecord | None:
        return self._current

    def _claimed_by_me(self, record: CaseRecord) -> bool:
        claim = record.claim
        return (
            claim is not None
            and claim.officer == self._services.user.username
            and claim.expires_at > datetime.now(UTC)
        )

    def open_case(self, case_id: str) -> None:
        record = load_record(self._services.store, case_id)
        if record is None:
            return
        self._current = record
        self._assessment = None
        self.case_view.show_case(record, version_history(self._services.store, case_id))
        self.decision.show_case(record, claimed_by_me=self._claimed_by_me(record))
        self.checks.show_pending(self.tr("Checking the documents…"))
        self.inspector.show_case(case_documents(self._services.store, case_id), {}, record.content)
        services = self._services

        def assess() -> Assessment:
            try:
                services.sync.fetch_documents(record.case_id)
            except errors.CentralError as exc:  # offline: check what is already here
                log.info("documents of %s not fetched: %s", record.case_id, exc)
            return services.assessor.assess(record.case_id)

        (
            Operation(self, assess, pools=services.pools, errors=services.errors,
                      title=self.tr("Checking case"))
            .on_success(self._on_assessed)
            .run_in_background()
        )  # fmt: skip

    def _on_assessed(self, assessment: Assessment) -> None:
        if self._current is None or assessment.record.case_id != self._current.case_id:
            return  # the officer moved on
        self._assessment = assessment
        self.checks.show_results(assessment.results)
        self.inspector.show_case(
            list(assessment.documents), assessment.facts, assessment.record.content
        )
        self.decision.update_results(
            assessment.results, [d.ref.sha256 for d in assessment.documents]
        )
        self.queue.model.refresh_cases({str(assessment.record.case_id)})

    # -- claims ---------------------------------------------------------------------------------

    def next_case(self) -> None:
        self.next_action.setEnabled(False)
        services = self._services
        (
            Operation(self, lambda: self._remember(services.client.next_case()),
                      pools=services.pools, errors=services.errors, title=self.tr("Next case"))
            .on_success(self._on_next_case)
            .on_failure(self._on_next_failed)
            .run_in_background()
        )  # fmt: skip

    def _remember(self, record: CaseRecord | None) -> CaseRecord | None:
        """Store what the server just said about a case (worker thread)."""
        if record is not None:
            self._store_record(record)
        return record

    def _store_record(self, record: CaseRecord) -> CaseRecord:
        with self._services.store.session() as session:
            upsert_records(session, [record], synced_at=datetime.now(UTC))
        return record

    def _on_next_case(self, record: CaseRecord | None) -> None:
        self.next_action.setEnabled(True)
        if record is None:
            self.notice.emit(self.tr("No case is waiting."))
            return
        self.queue.reload()
        if not self.queue.select_case(str(record.case_id)):
            self.open_case(str(record.case_id))

    def _on_next_failed(self, error: Exception) -> bool:
        self.next_action.setEnabled(True)
        if isinstance(error, errors.Unreachable):
            self.notice.emit(self.tr("Offline: showing the next case in the local queue."))
            self._select_next_local()
            return True
        return False

    def _select_next_local(self) -> None:
        current = self.queue.selected_case()
        row = self.queue.model.row_of(current) + 1 if current else 0
        next_id = self.queue.model.case_id(row) or self.queue.model.case_id(0)
        if next_id:
            self.queue.select_case(next_id)

    def _on_claim(self) -> None:
        self._change_claim(claim=True)

    def _on_release(self) -> None:
        self._change_claim(claim=False)

    def _change_claim(self, *, claim: bool) -> None:
        record = self._current
        if record is None:
            return
        client = self._services.client
        case_id: UUID = record.case_id

        def work() -> CaseRecord:
            return self._store_record(client.claim(case_id) if claim else client.release(case_id))

        (
            Operation(self, work, pools=self._services.pools, errors=self._services.errors,
                      title=self.tr("Claim") if claim else self.tr("Release"))
            .on_success(self._after_claim_change)
            .run_in_background()
        )  # fmt: skip

    def _after_claim_change(self, record: CaseRecord) -> None:
        """Same case, new claim: keep the checks already run, update the decision controls."""
        self.queue.reload()
        if self._current is None or self._current.case_id != record.case_id:
            return
        self._current = record
        assessment = self._assessment
        self.decision.show_case(
            record,
            claimed_by_me=self._claimed_by_me(record),
            results=assessment.results if assessment else (),
            document_hashes=[d.ref.sha256 for d in assessment.documents] if assessment else (),
        )
        self.case_view.show_case(record, version_history(self._services.store, record.case_id))

    # -- deciding -------------------------------------------------------------------------------

    def _on_decided(self, request: DecisionRequest) -> None:
        record = self._current
        if record is None:
            return
        services = self._services
        officer = services.user.username

        def commit() -> UUID:
            return services.outbox.record_decision(
                case_id=record.case_id, actor=officer, decision=request
            )

        (
            Operation(self, commit, pools=services.pools, errors=services.errors,
                      title=self.tr("Recording decision"), lane=Lane.WRITE)
            .on_success(lambda _entry: self._after_decision(record))
            .run_in_background()
        )  # fmt: skip

    def _after_decision(self, record: CaseRecord) -> None:
        self.notice.emit(
            self.tr("Decision for {0} recorded; it is being sent.").format(
                record.content.holder.name.latin
            )
        )
        self._services.changes.outbox_changed.emit()
        self._services.changes.cases_changed.emit({str(record.case_id)})
        self._sync.deliver_now()
        self._current = None
        self.case_view.show_nothing()
        self.decision.show_case(None)
        self.checks.clear()
        self.inspector.clear()
        self.next_case()

    # -- other ----------------------------------------------------------------------------------

    def _on_cases_changed(self, _case_ids: set[str]) -> None:
        self.queue.reload()

    def _on_evidence_selected(self, document_id: UUID, page: int, start: int, end: int) -> None:
        self.tabs.setCurrentWidget(self.inspector)
        self.inspector.show_evidence(document_id, page or None, (start, end) if end else None)
