"""The officer's workspace: the queue on the left; the document beside the declaration and
its checks; the decision below.

Opening a case shows what the store holds at once, then fetches the documents and runs
the checks in the background, page 1 being drawn (not shown) while the documents are
analysed. Clicking a check, or Enter on it, shows where the documents state what it used,
outlined on the page (`DocumentInspector.show_check`). A decision is held for a few seconds
(undo, Ctrl+Z) and then committed to the outbox (one write at a time); the next
case opens without waiting for the network. Closing the window commits a held decision.

Keyboard: Tab walks queue -> document (choice, page number, page, text) -> declaration
-> checks -> decision (outcome, reasons, phrases, message, justification, record).
Ctrl+N next case, Ctrl+K claim, Ctrl+Shift+K release, Alt+PgDown/PgUp next/previous
document, Ctrl+PgDown/PgUp next/previous page (PgDown/PgUp and Ctrl+plus/minus/0 zoom
with the focus on the page), Ctrl+1/2/3 approve/reject/request materials (the cursor goes
to the message for the traveller), Ctrl+Enter record, Ctrl+Z undo.
"""

from __future__ import annotations

import itertools
import logging
from datetime import UTC, datetime
from uuid import UUID

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from review.assessment import Assessment
from review.checks import CheckResult
from review.matching import DeclaredField
from ui.common.case_view import CaseView, DeclaredFact
from ui.common.operations import Lane, Operation
from ui.common.queue_view import QueueView
from ui.common.services import Services
from ui.common.sync_controller import SyncController
from ui.officer.checks_panel import ChecksPanel
from ui.officer.decision_hold import DecisionHold, HeldDecision
from ui.officer.decision_panel import DecisionPanel
from ui.officer.inspector import DocumentInspector
from ui.officer.layout import FOCUS_STYLE, remember_splitters
from workstation import errors
from workstation.cases import (
    StoredDocument,
    case_documents,
    load_record,
    upsert_records,
    version_history,
)
from workstation.protocol import CaseRecord, DecisionRequest

log = logging.getLogger(__name__)

#: Where the officer's splitter sizes are remembered in `QSettings`.
SPLITTERS_KEY = "officer/workspace/splitters"
CLAIM_KEY = "Ctrl+K"
RELEASE_KEY = "Ctrl+Shift+K"
NEXT_DOCUMENT_KEY = "Alt+PgDown"
PREVIOUS_DOCUMENT_KEY = "Alt+PgUp"
NEXT_PAGE_KEY = "Ctrl+PgDown"
PREVIOUS_PAGE_KEY = "Ctrl+PgUp"
#: Seconds a decision waits, undoable, before it enters the outbox.
UNDO_SECONDS = 5
#: What the documents are searched for, per fact of the case view (a report may print the
#: holder's name in Chinese too; the laboratory is not searched for).
_FIELDS = {
    DeclaredFact.HOLDER_NAME: DeclaredField.HOLDER_NAME,
    DeclaredFact.CHINESE_NAME: DeclaredField.HOLDER_NAME,
    DeclaredFact.DATE_OF_BIRTH: DeclaredField.DATE_OF_BIRTH,
    DeclaredFact.DOCUMENT_NUMBER: DeclaredField.DOCUMENT_NUMBER,
    DeclaredFact.SAMPLE_TIME: DeclaredField.SAMPLE_TIME,
    DeclaredFact.RESULT: DeclaredField.RESULT,
}


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
        self._watched_window: QWidget | None = None
        self._next_request = 0  # which "next case" answer is still wanted

        self.queue = QueueView(
            services.store,
            officer=services.user.username,
            claim_limit=services.policy.max_claims,
        )
        self.case_view = CaseView(evidence_links=True)
        self.inspector = DocumentInspector(pools=services.pools, errors=services.errors)
        self.checks = ChecksPanel()
        self.decision = DecisionPanel()
        self.decision.set_policy(services.policy)
        # Evidence first: the document and the declared facts side by side, the checks under
        # the declaration, the decision below both. No tabs: the officer compares, not flips.
        self.inspector.setObjectName("documentInspector")
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.setObjectName("declarationAndChecks")
        self.side.addWidget(self.case_view)
        self.side.addWidget(self.checks)
        self.evidence = QSplitter(Qt.Orientation.Horizontal)
        self.evidence.setObjectName("documentBesideDeclaration")
        self.evidence.addWidget(self.inspector)
        self.evidence.addWidget(self.side)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setObjectName("evidenceOverDecision")
        self.right.addWidget(self.evidence)
        self.hold = DecisionHold(seconds=UNDO_SECONDS)
        self._undone: HeldDecision | None = None  # back in the form when its case reopens
        decision_area = QWidget()
        decision_column = QVBoxLayout(decision_area)
        decision_column.setContentsMargins(0, 0, 0, 0)
        decision_column.addWidget(self.hold)
        decision_column.addWidget(self.decision)
        self.right.addWidget(decision_area)
        self.main = QSplitter(Qt.Orientation.Horizontal)
        self.main.setObjectName("queueBesideCase")
        self.main.addWidget(self.queue)
        self.main.addWidget(self.right)
        self.right.setStretchFactor(0, 1)
        self.right.setStretchFactor(1, 0)
        self.evidence.setStretchFactor(0, 3)
        self.evidence.setStretchFactor(1, 2)
        self.main.setStretchFactor(0, 0)
        self.main.setStretchFactor(1, 1)
        # The officer's own arrangement if there is one; else proportions of the screen.
        self._needs_default_sizes = not remember_splitters(
            SPLITTERS_KEY,
            [self.main, self.right, self.evidence, self.side, self.inspector.splitter],
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.main)
        self.setStyleSheet(FOCUS_STYLE)

        self.next_action = QAction(self.tr("Next case"), self)
        self.next_action.setObjectName("nextCaseAction")
        self.next_action.setShortcut(QKeySequence("Ctrl+N"))
        self.next_action.setToolTip(self.tr("Claim the next case in the server's order (Ctrl+N)"))
        self.next_action.triggered.connect(self.next_case)
        self.release_action = QAction(self.tr("Release case"), self)
        self.release_action.setObjectName("releaseCaseAction")
        self.release_action.setShortcut(QKeySequence(RELEASE_KEY))
        self.release_action.setToolTip(
            self.tr("Give the case back to the queue ({0})").format(
                QKeySequence(RELEASE_KEY).toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.release_action.triggered.connect(self._on_release)
        self.claim_action = self._shortcut("claimCaseAction", self.tr("Claim case"), CLAIM_KEY)
        self.claim_action.triggered.connect(self._on_claim)
        self.next_document_action = self._shortcut(
            "nextDocumentAction", self.tr("Next document"), NEXT_DOCUMENT_KEY
        )
        self.next_document_action.triggered.connect(lambda: self.inspector.step_document(1))
        self.previous_document_action = self._shortcut(
            "previousDocumentAction", self.tr("Previous document"), PREVIOUS_DOCUMENT_KEY
        )
        self.previous_document_action.triggered.connect(lambda: self.inspector.step_document(-1))
        self.next_page_action = self._shortcut(
            "nextPageAction", self.tr("Next page"), NEXT_PAGE_KEY
        )
        self.next_page_action.triggered.connect(lambda: self.inspector.step_page(1))
        self.previous_page_action = self._shortcut(
            "previousPageAction", self.tr("Previous page"), PREVIOUS_PAGE_KEY
        )
        self.previous_page_action.triggered.connect(lambda: self.inspector.step_page(-1))
        self.addActions([self.next_action, self.release_action])
        self.decision.claim_button.setText(
            self.tr("Claim this case ({0})").format(
                QKeySequence(CLAIM_KEY).toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self._chain_tab_order()

        self.queue.case_selected.connect(self.open_case)
        self.decision.decided.connect(self._on_decided)
        self.hold.expired.connect(self._commit)
        self.hold.undone.connect(self._on_undone)
        self.decision.claim_requested.connect(self._on_claim)
        self.checks.evidence_selected.connect(self._on_evidence_selected)
        self.case_view.fact_requested.connect(self._on_fact_requested)
        self.checks.check_selected.connect(self._on_check_selected)
        services.changes.cases_changed.connect(self._on_cases_changed)
        self.queue.reload()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self._needs_default_sizes and self.isVisible():
            self._needs_default_sizes = False
            self._apply_default_sizes(event.size().width(), event.size().height())

    def _apply_default_sizes(self, width: int, height: int) -> None:
        """Starting proportions: the page gets a readable width even at 1366 px; a 1920 px
        screen widens the page and the declaration, not empty panes."""
        queue = max(260, min(440, width * 21 // 100))
        case = width - queue
        self.main.setSizes([queue, case])
        self.evidence.setSizes([case * 62 // 100, case - case * 62 // 100])
        decision = self.decision.minimumSizeHint().height()
        evidence = max(height - decision, height * 2 // 3)
        self.right.setSizes([evidence, decision])
        # From the sizes asked for, not the splitters' own: before the first layout they are
        # not laid out yet, and a page squeezed to its minimum would stay small.
        self.side.setSizes([evidence * 55 // 100, evidence - evidence * 55 // 100])
        page_and_text = max(evidence - self.inspector.header_height(), 1)
        self.inspector.splitter.setSizes(
            [page_and_text * 3 // 4, page_and_text - page_and_text * 3 // 4]
        )

    def _shortcut(self, name: str, text: str, key: str) -> QAction:
        """A window-wide keyboard action of the workspace, its key named in its tooltip."""
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setToolTip(
            self.tr("{0} ({1})").format(
                text, QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.addAction(action)
        return action

    def _chain_tab_order(self) -> None:
        """Tab walks queue -> document -> declaration -> checks -> decision, as documented."""
        # In a table Tab moves between cells by default, so it never left the queue.
        self.queue.table.setTabKeyNavigation(False)
        chain = [
            self.queue.table,
            *self.inspector.focus_chain(),
            self.case_view,
            self.checks,
            *self.decision.focus_chain(),
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

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
        undone, self._undone = self._undone, None
        if undone is not None and undone.record.case_id == record.case_id:
            self.decision.restore(undone.request)
        self.checks.show_pending(self.tr("Checking the documents…"))
        self.inspector.show_case(case_documents(self._services.store, case_id), {}, record.content)
        services = self._services

        def fetch() -> list[StoredDocument]:
            try:
                services.sync.fetch_documents(record.case_id)
            except errors.CentralError as exc:  # offline: check what is already here
                log.info("documents of %s not fetched: %s", record.case_id, exc)
            return case_documents(services.store, case_id)

        (
            Operation(self, fetch, pools=services.pools, errors=services.errors,
                      title=self.tr("Checking case"))
            .on_success(lambda documents: self._on_fetched(record, documents))
            .run_in_background()
        )  # fmt: skip

    def _on_fetched(self, record: CaseRecord, documents: list[StoredDocument]) -> None:
        """The documents are here: page 1 is drawn while they are analysed and checked."""
        if self._current is None or record.case_id != self._current.case_id:
            return  # the officer moved on
        self.inspector.draw_ahead(documents)
        services = self._services
        (
            Operation(self, lambda: services.assessor.assess(record.case_id),
                      pools=services.pools, errors=services.errors,
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
            list(assessment.documents),
            assessment.facts,
            assessment.record.content,
            results=assessment.results,
        )
        self.decision.update_results(
            assessment.results, [d.ref.sha256 for d in assessment.documents]
        )
        self.queue.model.refresh_cases({str(assessment.record.case_id)})

    # -- claims ---------------------------------------------------------------------------------

    def next_case(self) -> None:
        self.next_action.setEnabled(False)
        services = self._services
        self._next_request += 1
        request = self._next_request
        (
            Operation(self, lambda: self._remember(services.client.next_case()),
                      pools=services.pools, errors=services.errors, title=self.tr("Next case"))
            .on_success(lambda record: self._on_next_case(record, request))
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

    def _on_next_case(self, record: CaseRecord | None, request: int = 0) -> None:
        self.next_action.setEnabled(True)
        if record is None:
            self.notice.emit(self.tr("No case is waiting."))
            return
        self.queue.reload()
        if request and request != self._next_request:
            return  # the officer went back (undo) while the next case was being claimed
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
        """Hold the decision for the undo window and move on to the next case at once."""
        record = self._current
        if record is None:
            return
        earlier = self.hold.hold(HeldDecision(record, request))
        if earlier is not None:
            self._commit(earlier)  # a second decision ends the first one's countdown
        self._current = None
        self.case_view.show_nothing()
        self.decision.show_case(None)
        self.checks.clear()
        self.inspector.clear()
        self.next_case()

    def _commit(self, held: HeldDecision) -> None:
        """The undo window is over: into the outbox (one write at a time), then delivered."""
        services = self._services
        officer = services.user.username

        def commit() -> UUID:
            return services.outbox.record_decision(
                case_id=held.record.case_id, actor=officer, decision=held.request
            )

        (
            Operation(self, commit, pools=services.pools, errors=services.errors,
                      title=self.tr("Recording decision"), lane=Lane.WRITE)
            .on_success(lambda _entry: self._after_decision(held.record, held.request))
            .run_in_background()
        )  # fmt: skip

    def commit_held_now(self) -> None:
        """Closing: the held decision goes into the outbox now, on this thread, so it is
        never lost with the window (the outbox delivers it at the next start)."""
        held = self.hold.release()
        if held is None:
            return
        self._services.outbox.record_decision(
            case_id=held.record.case_id, actor=self._services.user.username, decision=held.request
        )
        log.info("decision on %s recorded at closing, before its undo window ended",
                 held.record.case_id)  # fmt: skip

    def _on_undone(self, held: HeldDecision) -> None:
        self.notice.emit(
            self.tr("Decision for {0} undone; nothing was recorded.").format(
                held.record.content.holder.name.latin
            )
        )
        case_id = str(held.record.case_id)
        self._undone = held
        self._next_request += 1  # the next case claimed meanwhile stays in the queue
        if not self.queue.select_case(case_id):
            self.open_case(case_id)

    def _after_decision(self, record: CaseRecord, request: DecisionRequest) -> None:
        if request.is_exception and self._services.policy.exceptions.countersignature:
            self.notice.emit(
                self.tr(
                    "Exception for {0} recorded; it waits for a supervisor's countersignature."
                ).format(record.content.holder.name.latin)
            )
        else:
            self.notice.emit(
                self.tr("Decision for {0} recorded; it is being sent.").format(
                    record.content.holder.name.latin
                )
            )
        self._services.changes.outbox_changed.emit()
        self._services.changes.cases_changed.emit({str(record.case_id)})
        self._sync.deliver_now()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._needs_default_sizes:
            # A window sized before it is shown gets its resize events while still hidden.
            self._needs_default_sizes = False
            self._apply_default_sizes(self.width(), self.height())
        window = self.window()
        if window is not self and window is not self._watched_window:
            window.installEventFilter(self)
            self._watched_window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Before the window's own closeEvent ends the session and closes the store.
        if watched is self._watched_window and event.type() == QEvent.Type.Close:
            self.commit_held_now()
        return super().eventFilter(watched, event)

    # -- other ----------------------------------------------------------------------------------

    def _on_cases_changed(self, _case_ids: set[str]) -> None:
        self.queue.reload()

    def _on_evidence_selected(self, document_id: UUID, page: int, start: int, end: int) -> None:
        self.inspector.show_evidence(document_id, page or None, (start, end) if end else None)

    def _on_fact_requested(self, fact: object) -> None:
        """A declared fact clicked in the case view: where the documents state it."""
        if not isinstance(fact, DeclaredFact):
            return
        field = _FIELDS.get(fact)
        if field is not None and self.inspector.show_declared_field(field):
            return
        names = {
            DeclaredFact.HOLDER_NAME: self.tr("the holder's name"),
            DeclaredFact.CHINESE_NAME: self.tr("the Chinese name"),
            DeclaredFact.DATE_OF_BIRTH: self.tr("the date of birth"),
            DeclaredFact.DOCUMENT_NUMBER: self.tr("the travel document number"),
            DeclaredFact.SAMPLE_TIME: self.tr("the sample time"),
            DeclaredFact.RESULT: self.tr("the test result"),
            DeclaredFact.LABORATORY: self.tr("the laboratory"),
        }
        if field is None:
            text = self.tr("The documents are not searched for {0}.").format(names[fact])
        else:
            text = self.tr("No document of this case states {0}.").format(names[fact])
        self.inspector.say(text)

    def _on_check_selected(self, result: CheckResult) -> None:
        if not self.inspector.show_check(result):
            self.notice.emit(self.tr("This check used nothing written in the documents."))
