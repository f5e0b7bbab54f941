"""The audit log's integrity at a glance: a coloured banner, re-checked on demand.

Verification (`review.audit`) runs on a worker thread: the local copy alone, or
fetched afresh and compared with the server's copy. Green says how many
entries were verified, the head hash and the last signed checkpoint; red names
the first entry that does not fit.
"""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from review.audit import ChainProblem, ChainReport, ProblemKind, fetch_and_verify, verify_chain
from ui.auditor.labels import audit_time
from ui.common.operations import Lane, Operation
from ui.common.plain import plain_tooltip
from ui.common.services import Services

log = logging.getLogger(__name__)

_STYLES: Final = {
    "checking": ("#eef2f8", "#5b6b82"),
    "ok": ("#e7f4ea", "#1b7f3b"),
    "tampered": ("#fce8e6", "#b3261e"),
    "unknown": ("#fdf3e1", "#a15c00"),
}


class IntegrityBanner(QFrame):
    #: A verification finished (ChainReport).
    checked = Signal(object)
    #: Entries verified so far, of how many (from the worker thread; Qt queues it).
    progressed = Signal(int, int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("integrityBanner")
        self._services = services
        self._running = False
        self.report: ChainReport | None = None

        self.title = QLabel()
        self.title.setObjectName("integrityTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.detail = QLabel()
        self.detail.setObjectName("integrityDetail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.recheck = QToolButton()
        self.recheck.setObjectName("recheckButton")
        self.recheck.setText(self.tr("Re-check"))
        self.recheck.setToolTip(
            self.tr("Recompute every hash of the local copy and check every signed checkpoint")
        )
        self.recheck.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.against_server = QAction(self.tr("Re-check against the server's copy"), self)
        self.against_server.setObjectName("recheckServerAction")
        menu = QMenu(self)
        menu.addAction(self.against_server)
        self.recheck.setMenu(menu)

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(text, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.recheck)

        self.recheck.clicked.connect(lambda: self.check())
        self.against_server.triggered.connect(lambda: self.check(against_server=True))
        self.progressed.connect(self._on_progress)
        self._show("checking", self.tr("The audit log has not been checked yet"), "")

    @property
    def running(self) -> bool:
        return self._running

    def check(self, *, against_server: bool = False) -> None:
        """Verify off the GUI thread; the banner says what was found."""
        if self._running:
            return
        self._running = True
        self.recheck.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        checking = self.tr("Checking the audit log…")
        self._show("checking", checking, self.detail.text(), self.detail.toolTip())
        services = self._services

        def against() -> ChainReport:
            return fetch_and_verify(
                services.client,
                services.store,
                full=True,
                progress=lambda _stage, done, total: self.progressed.emit(done, total),
                pinned_key_ids=services.settings.audit_key_ids,
            )

        def local() -> ChainReport:
            return verify_chain(
                services.store, progress=lambda done, total: self.progressed.emit(done, total)
            )

        work = against if against_server else local
        lane = Lane.WRITE if against_server else Lane.READ  # against the server it stores entries
        (
            Operation(
                self,
                work,
                pools=services.pools,
                errors=services.errors,
                title=self.tr("Audit log verification"),
                lane=lane,
            )
            .on_success(self._on_checked)
            .on_failure(self._on_failed)
            .run_in_background()
        )

    def note_newer_entries(self, head_seq: int) -> None:
        """Entries were fetched after the last check: say they are not verified yet."""
        report = self.report
        if report is None or self._running or head_seq <= report.head_seq:
            return
        self.detail.setText(
            self._summary(report)
            + "  "
            + self.tr("{0} newer entries are not verified yet.").format(head_seq - report.head_seq)
        )

    def summary_text(self) -> str:
        """The banner in one line (for the PDF report); a problem adds the verifier's words."""
        text = f"{self.title.text()}. {self.detail.text()}".strip(". ")
        report = self.report
        if report is not None and report.problem is not None and not self._running:
            text += f" ({report.problem.detail})"
        return text

    # -- showing --------------------------------------------------------------------------------

    def _show(self, state: str, title: str, detail: str, tooltip: str = "") -> None:
        background, accent = _STYLES[state]
        self.setProperty("integrity", state)
        self.setStyleSheet(
            f"#integrityBanner {{ background: {background}; border: 1px solid {accent};"
            f" border-left: 6px solid {accent}; border-radius: 4px; }}"
            f" #integrityTitle {{ color: {accent}; font-weight: 600; font-size: 11pt; }}"
        )
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setToolTip(tooltip)

    def _kind(self, kind: ProblemKind) -> str:
        labels = {
            ProblemKind.CHANGED: self.tr("changed"),
            ProblemKind.REMOVED: self.tr("removed"),
            ProblemKind.REORDERED: self.tr("out of order"),
            ProblemKind.INSERTED: self.tr("inserted"),
            ProblemKind.FORGED_CHECKPOINT: self.tr("forged checkpoint"),
            ProblemKind.REWRITTEN: self.tr("rewritten after it was signed"),
        }
        return labels[kind]

    def _problem(self, problem: ChainProblem) -> str:
        """What was found, in the auditor's language (the verifier's English is the tooltip)."""
        sentences = {
            ProblemKind.CHANGED: self.tr(
                "The content of entry {0} is not what was recorded: it was changed."
            ),
            ProblemKind.REMOVED: self.tr("Entries are missing from the log at entry {0}."),
            ProblemKind.REORDERED: self.tr(
                "Entry {0} does not stand at its place: entries were moved."
            ),
            ProblemKind.INSERTED: self.tr("Entry {0} is not part of the chain: it was inserted."),
            ProblemKind.FORGED_CHECKPOINT: self.tr(
                "The signed checkpoint for entry {0} is not genuine."
            ),
            ProblemKind.REWRITTEN: self.tr(
                "Entries from entry {0} on were rewritten after the server signed them."
            ),
        }
        return sentences[problem.kind].format(problem.seq)

    def _summary(self, report: ChainReport) -> str:
        if report.entries == 0:
            return self.tr("The audit log is empty.")
        parts = [
            self.tr("{0} entries, head hash {1}… (entry {2})").format(
                f"{report.entries:,}", report.head_hash[:16], report.head_seq
            )
        ]
        checkpoint = report.last_checkpoint
        if checkpoint is not None:
            parts.append(
                self.tr("last signed checkpoint at entry {0}, {1} (key {2})").format(
                    checkpoint.seq, audit_time(checkpoint.signed_at), checkpoint.key_id
                )
            )
        else:
            parts.append(self.tr("no signed checkpoint yet"))
        if report.compared_with_server:
            parts.append(self.tr("the server's copy matches"))
        return " · ".join(parts)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _finish(self) -> None:
        self._running = False
        self.recheck.setEnabled(True)
        self.progress.hide()

    def _on_checked(self, report: ChainReport) -> None:
        self._finish()
        self.report = report
        problem = report.problem
        if problem is None:
            self._show("ok", self.tr("✓ Audit log verified"), self._summary(report))
        else:
            where = self.tr(" (server's copy)") if problem.on_server else ""
            self._show(
                "tampered",
                self.tr("✗ TAMPERED at entry #{0}: {1}{2}").format(
                    problem.seq, self._kind(problem.kind), where
                ),
                self._problem(problem),
                plain_tooltip(problem.detail),
            )
        self.checked.emit(report)

    def _on_failed(self, error: Exception) -> bool:
        self._finish()
        self._show("unknown", self.tr("The audit log could not be checked"), str(error))
        return True  # said in the banner
