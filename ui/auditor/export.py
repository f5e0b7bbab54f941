"""Export of the filtered history to CSV and PDF: the file is chosen here, written off the GUI."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from review.audit.columns import REPORT_COLUMNS
from review.audit.export import ReportText, write_csv, write_pdf
from review.audit.queries.history import AuditColumn
from review.audit.queries.terms import AuditFilter
from ui.auditor.history_model import AuditHistoryModel
from ui.auditor.labels import (
    action_label,
    actor_label,
    audit_outcome_label,
    audit_time,
    column_title,
    role_name,
)
from ui.common.operations import Lane, Operation
from ui.common.services import Services
from workstation.domain import AuditAction, CaseStatus, DecisionOutcome, Role

log = logging.getLogger(__name__)


class AuditExporter(QObject):
    #: An export finished: (file, entries written).
    exported = Signal(str, int)
    #: An export started (True) or ended either way (False).
    busy = Signal(bool)

    def __init__(
        self,
        services: Services,
        model: AuditHistoryModel,
        *,
        integrity: Callable[[], str],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._model = model
        self._integrity = integrity
        self._window = parent

    # -- asking for a file ----------------------------------------------------------------------

    def _ask(self, title: str, suffix: str, kinds: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        proposed = str(Path(folder) / f"audit-history-{stamp}.{suffix}")
        chosen, _kind = QFileDialog.getSaveFileName(self._window, title, proposed, kinds)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(f".{suffix}")

    def ask_csv(self) -> None:
        path = self._ask(self.tr("Export the history as CSV"), "csv", self.tr("CSV files (*.csv)"))
        if path is not None:
            self.export_csv(path)

    def ask_pdf(self) -> None:
        path = self._ask(
            self.tr("Export the history as a PDF report"), "pdf", self.tr("PDF files (*.pdf)")
        )
        if path is not None:
            self.export_pdf(path)

    # -- writing --------------------------------------------------------------------------------

    def export_csv(self, path: Path) -> None:
        store, audit_filter, order = (
            self._services.store,
            self._model.audit_filter,
            self._model.order,
        )
        self._run(lambda: write_csv(store, audit_filter, order, path), path, self.tr("CSV export"))

    def export_pdf(self, path: Path) -> None:
        store, audit_filter, order = (
            self._services.store,
            self._model.audit_filter,
            self._model.order,
        )
        text = self.report_text()
        total = self._model.total if self._model.total is not None else self._model.rowCount()
        self._run(
            lambda: write_pdf(store, audit_filter, order, path, text=text, total=total),
            path,
            self.tr("PDF export"),
        )

    def _run(self, work: Callable[[], int], path: Path, title: str) -> None:
        self.busy.emit(True)

        def failed(_error: Exception) -> bool:
            self.busy.emit(False)
            return False  # shown by the main window

        (
            Operation(
                self,
                work,
                pools=self._services.pools,
                errors=self._services.errors,
                title=title,
                lane=Lane.READ,
            )
            .on_success(lambda rows: self._on_exported(path, rows))
            .on_failure(failed)
            .run_in_background()
        )

    def _on_exported(self, path: Path, rows: int) -> None:
        self.busy.emit(False)
        self.exported.emit(str(path), rows)

    # -- the report's words ---------------------------------------------------------------------

    def describe_filter(self, audit_filter: AuditFilter) -> str:
        parts: list[str] = []
        if audit_filter.actor:
            parts.append(self.tr("who: {0}").format(actor_label(audit_filter.actor)))
        if audit_filter.action:
            parts.append(self.tr("action: {0}").format(action_label(audit_filter.action)))
        if audit_filter.outcome:
            parts.append(self.tr("outcome: {0}").format(audit_outcome_label(audit_filter.outcome)))
        if audit_filter.nationality:
            parts.append(self.tr("nationality: {0}").format(audit_filter.nationality))
        if audit_filter.mission:
            parts.append(self.tr("mission: {0}").format(audit_filter.mission))
        if audit_filter.since:
            parts.append(self.tr("from {0}").format(audit_time(audit_filter.since)))
        if audit_filter.until:
            parts.append(self.tr("before {0}").format(audit_time(audit_filter.until)))
        if audit_filter.text:
            parts.append(self.tr("notes containing “{0}”").format(audit_filter.text))
        return "; ".join(parts) if parts else self.tr("none: the whole history")

    def report_text(self) -> ReportText:
        user = self._services.user
        order = self._model.order
        direction = self.tr("newest first") if order.descending else self.tr("oldest first")
        if order.column not in (AuditColumn.TIME, AuditColumn.SEQ):
            direction = self.tr("descending") if order.descending else self.tr("ascending")
        headings = {column: column_title(column) for column in REPORT_COLUMNS}
        headings[AuditColumn.TIME] = self.tr("Time (UTC)")
        outcomes = [o.value for o in DecisionOutcome] + [s.value for s in CaseStatus]
        return ReportText(
            title=self.tr("Audit history — {0}").format(user.mission),
            facts=[
                (
                    self.tr("Exported by"),
                    f"{user.display_name} ({user.username}, {role_name(user.role)})",
                ),
                (self.tr("Exported at"), audit_time(datetime.now().astimezone())),
                (self.tr("Filter"), self.describe_filter(self._model.audit_filter)),
                (self.tr("Order"), f"{column_title(order.column)}, {direction}"),
                (
                    self.tr("Entries"),
                    str(
                        self._model.total
                        if self._model.total is not None
                        else self._model.rowCount()
                    ),
                ),
                (self.tr("Integrity"), self._integrity()),
            ],
            headings=headings,
            truncated=self.tr(
                "This report lists the first {0} of {1} entries; the CSV export holds them all."
            ),
            page=self.tr("Page {0}"),
            action_labels={a.value: action_label(a.value) for a in AuditAction},
            outcome_labels={o: audit_outcome_label(o) for o in outcomes},
            role_labels={
                r: role_name(r) for r in [*(r.value for r in Role), "traveller", "system"]
            },
        )
