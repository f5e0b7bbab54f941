"""The clerk's workspace: approved cases on the left, the certificate's preview on the right.

Select one case or many (Shift/Ctrl), then Print… (system printer) or Save as
PDF… (the signed vector PDF). A batch runs on a worker thread behind a progress
dialog that can be cancelled; what was printed is then committed to the outbox
(one write at a time) and delivered to the server, whose audit log records each
print and reprint. Offline, the records wait in the outbox. Revoked
certificates are never printed, and the clerk is told why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from printing.keys import DocumentSigner, KeyStore
from printing.print_records import (
    MAX_COPIES,
    Unprintable,
    printable,
    printed_certificate_ids,
    unprintable_reason,
)
from ui.clerk.preview import CertificatePreview
from ui.clerk.print_job import (
    BatchOutcome,
    CertificateOutput,
    PdfFileOutput,
    PrinterOutput,
    PrintJob,
    record_on_write_lane,
)
from ui.clerk.print_lists import CLERK_STATUSES, print_figures, print_lists
from ui.clerk.progress import BatchProgress
from ui.clerk.qtprint import PrintError
from ui.clerk.signing import SigningSession, with_signer
from ui.common.formatting import local_time
from ui.common.labels import check_label
from ui.common.operations import Operation
from ui.common.queue_model import CLERK_COLUMNS
from ui.common.queue_view import QueueView
from ui.common.services import Services
from ui.common.sync_controller import SyncController
from workstation.cases import load_records
from workstation.protocol import CaseRecord

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 80


class PrintWorkspace(QWidget):
    #: A short message for the status bar.
    notice = Signal(str)
    #: A batch ended and what it printed is committed to the outbox (BatchOutcome).
    batch_finished = Signal(object)

    def __init__(
        self,
        services: Services,
        sync: SyncController,
        *,
        signer: DocumentSigner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printWorkspace")
        self._services = services
        self._sync = sync
        self.signing = SigningSession(
            KeyStore(services.settings.effective_keys_dir), signer=signer, parent=self
        )
        #: Certificate ids printed here (outbox, and this session's batches not yet recorded).
        self._printed: set[str] = set()
        self._session_printed: set[str] = set()
        self._selection: list[CaseRecord] = []
        self.job: PrintJob | None = None
        self.progress: BatchProgress | None = None
        self._ended = False  # the session ended (sign-out, window closed): nothing more is sent

        # A clerk's list holds decided cases: the officer's checks say nothing to print by.
        self.queue = QueueView(
            services.store,
            statuses=CLERK_STATUSES,
            columns=CLERK_COLUMNS,
            room="clerk",
            views=print_lists(),
        )
        self.queue.set_counts(lambda: print_figures(services.store))
        self.queue.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.preview = CertificatePreview(
            mission=services.user.mission, pools=services.pools, errors=services.errors
        )
        self.summary = QLabel()
        self.summary.setObjectName("printSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)

        self.print_action = QAction(self.tr("Print…"), self)
        self.print_action.setObjectName("printAction")
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_action.triggered.connect(self._on_print)
        self.addAction(self.print_action)  # an action's shortcut works only on a widget
        self.save_action = QAction(self.tr("Save as PDF…"), self)
        self.save_action.setObjectName("savePdfAction")
        self.save_action.triggered.connect(self._on_save_pdf)
        bar = QHBoxLayout()
        for action in (self.print_action, self.save_action):
            button = QPushButton(action.text())
            button.setObjectName(f"{action.objectName()}Button")
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            bar.addWidget(button)
        bar.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.queue)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([800, 540])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._show_preview)
        self.queue.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.queue.model.modelReset.connect(self._on_selection_changed)
        services.changes.cases_changed.connect(self._on_cases_changed)
        services.changes.outbox_changed.connect(self._load_printed)
        services.changes.outbox_changed.connect(self._on_outbox_changed)
        self.preview.step_requested.connect(self._on_preview_step)
        self.queue.reload()
        self._on_selection_changed()
        self._load_printed()

    # -- selection and preview --------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.queue.table.selectionModel().selectedRows())
        return [case_id for row in rows if (case_id := self.queue.model.case_id(row))]

    def select_cases(self, case_ids: list[str]) -> None:
        """Select these cases in the queue (those not in it are left out)."""
        table = self.queue.table
        table.clearSelection()
        mode = table.selectionMode()
        table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        rows = [row for case_id in case_ids if (row := self.queue.model.row_of(case_id)) >= 0]
        for row in rows:
            table.selectRow(row)
        table.setSelectionMode(mode)
        if rows:  # the preview starts at the first certificate of the batch
            table.selectionModel().setCurrentIndex(
                self.queue.model.index(min(rows), 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _on_outbox_changed(self) -> None:
        """A print moves its case from "To print" to "Printed" (or "Reprints")."""
        self._on_cases_changed(None)

    def _on_cases_changed(self, _ids: object) -> None:
        selected = self.selected_ids()
        self.queue.reload()  # keeps one selected case; a clerk's batch selection is kept whole
        self.select_cases(selected)

    def _on_selection_changed(self, *_args: object) -> None:
        ids = self.selected_ids()
        by_id = {str(r.case_id): r for r in load_records(self._services.store, ids)}
        self._selection = [by_id[i] for i in ids if i in by_id]
        ok, refused = printable(self._selection)
        self._update_actions()
        self.summary.setText(self._summary_text(ok, refused))
        self._preview_timer.start()  # once the selection settles (Shift+arrows, select_cases)

    def _show_preview(self) -> None:
        current = self._current_record()
        if current is None:
            self.preview.show_message(self.tr("Select an approved case to see its certificate."))
        elif (reason := unprintable_reason(current)) is not None:
            self.preview.show_message(self._reason_text(current, reason))
        else:
            position = next(
                (i for i, r in enumerate(self._selection) if r.case_id == current.case_id), 0
            )
            self.preview.show_case(
                current,
                reprint=self._printed_before(current),
                position=position + 1,
                total=len(self._selection),
            )

    def _on_preview_step(self, step: int) -> None:
        """Show the previous or next certificate of the selection, keeping the selection."""
        current = self._current_record()
        if current is None or len(self._selection) < 2:
            return
        ids = [str(r.case_id) for r in self._selection]
        wanted = ids[(ids.index(str(current.case_id)) + step) % len(ids)]
        row = self.queue.model.row_of(wanted)
        if row >= 0:
            self.queue.table.selectionModel().setCurrentIndex(
                self.queue.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self._show_preview()

    def _current_record(self) -> CaseRecord | None:
        current = self.queue.model.case_id(self.queue.table.currentIndex().row())
        chosen = [r for r in self._selection if str(r.case_id) == current]
        return chosen[0] if chosen else (self._selection[0] if self._selection else None)

    def _printed_before(self, record: CaseRecord) -> bool:
        """Printed by any workstation (as of the last sync) or here (even offline)."""
        if record.certificate is None:
            return False
        certificate_id = record.certificate.certificate_id
        return (
            record.certificate.printed_at is not None
            or certificate_id in self._printed
            or certificate_id in self._session_printed
        )

    def _summary_text(self, ok: list[CaseRecord], refused: list[CaseRecord]) -> str:
        if not self._selection:
            return self.tr(
                "Select approved cases to print their certificates (Shift or Ctrl for several)."
            )
        lines = [self.tr("{0} selected: {1} can be printed.").format(len(self._selection), len(ok))]
        reprints = sum(1 for r in ok if self._printed_before(r))
        if reprints:
            lines.append(self.tr("{0} printed before: printed again as REPRINT.").format(reprints))
        lines += [self._exception_text(r) for r in ok if r.decision and r.decision.is_exception]
        lines += [self._reason_text(r, unprintable_reason(r)) for r in refused]
        return "\n".join(lines)

    def _exception_text(self, record: CaseRecord) -> str:
        """A certificate that came through an exception says so before it is printed."""
        decision = record.decision
        assert decision is not None
        overruled = ", ".join(check_label(c) for c in decision.overruled_checks)
        answer = decision.countersignature
        if answer is not None:
            return self.tr(
                "⚠ {0}: issued through an EXCEPTION (overruled: {1}), countersigned by {2}."
            ).format(record.content.holder.name.latin, overruled, answer.supervisor)
        return self.tr("⚠ {0}: issued through an EXCEPTION (overruled: {1}).").format(
            record.content.holder.name.latin, overruled
        )

    def _reason_text(self, record: CaseRecord, reason: Unprintable | None) -> str:
        holder = record.content.holder.name.latin
        revoked_at = record.certificate.revoked_at if record.certificate else None
        if reason is Unprintable.REVOKED and revoked_at is not None:
            return self.tr(
                "{0}: not printed. The certificate was revoked on {1} because the traveller "
                "re-declared; a revoked certificate must never be printed."
            ).format(holder, local_time(revoked_at))
        if reason is Unprintable.REVOKED:
            return self.tr(
                "{0}: not printed. The certificate was revoked because the traveller "
                "re-declared; a revoked certificate must never be printed."
            ).format(holder)
        return self.tr(
            "{0}: not printed. The case is not approved, so it has no certificate."
        ).format(holder)

    def _update_actions(self) -> None:
        ok, _refused = printable(self._selection)
        enabled = bool(ok) and self.job is None
        self.print_action.setEnabled(enabled)
        self.save_action.setEnabled(enabled)

    def _load_printed(self) -> None:
        store = self._services.store
        (
            Operation(
                self,
                lambda: printed_certificate_ids(store),
                pools=self._services.pools,
                errors=self._services.errors,
                title=self.tr("Print records"),
            )
            .on_success(self._on_printed_loaded)
            .run_in_background()
        )

    def _on_printed_loaded(self, printed: set[str]) -> None:
        self._printed = printed
        if self._selection:
            ok, refused = printable(self._selection)
            self.summary.setText(self._summary_text(ok, refused))

    # -- printing -------------------------------------------------------------------------------

    def _on_print(self) -> None:
        self._with_signer(self._choose_printer)

    def _on_save_pdf(self) -> None:
        self._with_signer(self._choose_file)

    def _with_signer(self, then: Callable[[DocumentSigner], None]) -> None:
        if not printable(self._selection)[0]:
            return
        services = self._services
        with_signer(self.signing, then, pools=services.pools, errors=services.errors, parent=self)

    def _choose_printer(self, signer: DocumentSigner) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print certificates"))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if accepted:
            self.print_to(printer, signer=signer)

    def _choose_file(self, signer: DocumentSigner) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save certificates as PDF"), "certificates.pdf", self.tr("PDF (*.pdf)")
        )
        if name:
            path = Path(name)
            self.save_pdf_to(
                path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf"), signer=signer
            )

    def print_to(self, printer: QPrinter, *, signer: DocumentSigner) -> bool:
        """Print the selection's printable certificates on `printer` (already set up)."""
        if printer.copyCount() > MAX_COPIES:
            self._services.errors.report(
                self.tr("Print certificates"),
                PrintError(
                    self.tr("At most {0} copies can be printed at a time.").format(MAX_COPIES)
                ),
            )
            return False
        return self._start(PrinterOutput(printer), signer=signer)

    def save_pdf_to(self, path: Path, *, signer: DocumentSigner) -> bool:
        """Save the selection's printable certificates as one PDF (recorded as printed)."""
        return self._start(PdfFileOutput(path), signer=signer)

    def _start(self, output: CertificateOutput, *, signer: DocumentSigner) -> bool:
        cases, _refused = printable(self._selection)
        if not cases or self.job is not None:
            return False
        store, session_printed = self._services.store, set(self._session_printed)
        # Printed anywhere, as the server said at the last sync, or here (outbox, this session).
        printed_elsewhere = {
            r.certificate.certificate_id
            for r in cases
            if r.certificate is not None and r.certificate.printed_at is not None
        }
        job = PrintJob(
            cases=cases,
            signer=signer,
            output=output,
            printed_before=lambda: (
                printed_certificate_ids(store) | session_printed | printed_elsewhere
            ),
            record=lambda printed: record_on_write_lane(self._services, printed),
            parent=self,
        )
        self.job = job
        self.progress = BatchProgress(job, parent=self)
        self._update_actions()
        (
            Operation(
                self,
                job.run,
                pools=self._services.pools,
                errors=self._services.errors,
                title=self.tr("Printing"),
            )
            .on_success(self._on_batch_done)
            .on_failure(self._on_batch_failed)
            .run_in_background()
        )
        return True

    def end_session(self, *, wait_ms: int) -> None:
        """Signing out or closing the window: a batch stops after the certificate on the
        printer and its prints are recorded in the outbox before this returns (at most
        `wait_ms`); then the signing key is forgotten."""
        self._ended = True
        if self.job is not None:
            self.job.cancel()
            if not self._services.pools.wait(wait_ms):
                log.error("the print batch did not finish within %d ms of the sign-out", wait_ms)
        self.signing.lock()

    def _on_batch_done(self, outcome: BatchOutcome) -> None:
        if self._ended:
            # Recorded in the outbox already; the next session delivers it.
            log.info("print batch ended with the session: %d printed", len(outcome.printed))
            return
        self._end_job()
        self._update_actions()
        self._session_printed |= {p.issued.certificate_id for p in outcome.printed}
        self._on_selection_changed()  # the summary and preview now say REPRINT for these
        if outcome.error:
            self._services.errors.report(self.tr("Printing stopped"), PrintError(outcome.error))
        if outcome.skipped:
            skipped = "\n".join(f"{holder}: {why}" for holder, why in outcome.skipped)
            self._services.errors.report(
                self.tr("Some certificates could not be issued"), PrintError(skipped)
            )
        if not outcome.printed:
            self.notice.emit(self.tr("Nothing was printed."))
        elif outcome.recorded:
            self._services.changes.outbox_changed.emit()
            self._sync.deliver_now()
            if outcome.cancelled:
                text = self.tr("Cancelled: {0} of {1} certificates printed and recorded.")
            else:
                text = self.tr("{0} of {1} certificates printed and recorded.")
            self.notice.emit(text.format(len(outcome.printed), outcome.total))
        self.batch_finished.emit(outcome)

    def _end_job(self) -> None:
        if self.progress is not None:
            self.progress.finish()
            self.progress = None
        if self.job is not None:
            self.job.deleteLater()
            self.job = None

    def _on_batch_failed(self, _error: Exception) -> bool:
        if self._ended:
            log.error("the print batch failed as the session ended: %s", _error)
            return True  # the window is gone: nobody to show it to
        self._end_job()
        self._update_actions()
        return False  # shown by the error route
