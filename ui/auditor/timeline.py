"""One case's timeline for the auditor: every step with who and when, and the documents checked.

The steps come from the local audit copy (all versions of the declaration);
then the case's documents are fetched if they are not here yet (hash-checked on
download, and audited by the server as viewed) and compared with what each
decision recorded. Everything shown is plain text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Final
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from review.audit.queries.timeline import (
    CaseTimeline,
    DocumentCheck,
    DocumentState,
    DocumentVerdict,
    TimelineStep,
    case_timeline,
    check_documents,
    detail_list,
    detail_text,
    document_names,
)
from ui.auditor.labels import (
    OUTCOME_COLOURS,
    action_label,
    actor_label,
    audit_outcome_label,
    audit_time,
    role_name,
    short_case,
)
from ui.common.labels import check_label, reason_label
from ui.common.operations import Lane, Operation
from ui.common.plain import plain_tooltip
from ui.common.services import Services
from workstation import errors
from workstation.domain import AuditAction
from workstation.models import CaseRow

log = logging.getLogger(__name__)

_VERDICT_COLOURS: Final = {"pass": "#1b7f3b", "warn": "#a15c00", "fail": "#b3261e"}
_MARKS: Final = {"pass": "✓", "warn": "!", "fail": "✗"}
_GOOD, _BAD, _MUTED = "#1b7f3b", "#b3261e", "#5b6b82"
_OPEN_STEPS: Final = frozenset(
    {AuditAction.DECIDED, AuditAction.PRINTED, AuditAction.REPRINTED, AuditAction.REVOKED}
)


def _plain(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class CaseTimelineView(QWidget):
    #: The documents of every decision were compared: list[DocumentCheck].
    documents_checked = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseTimeline")
        self._services = services
        self.timeline: CaseTimeline | None = None
        self.checks: list[DocumentCheck] = []
        self._document_names: dict[str, str] = {}

        self.heading = _plain("", "timelineHeading")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600")
        self.versions = _plain("", "timelineVersions")
        self.documents_box = QGroupBox(self.tr("Documents as they were when decided"))
        self.documents_box.setObjectName("timelineDocuments")
        self.documents = QTreeWidget()
        self.documents.setObjectName("documentChecks")
        self.documents.setHeaderLabels(
            [self.tr("Decision / document"), self.tr("Result"), self.tr("SHA-256 recorded")]
        )
        self.documents.setRootIsDecorated(True)
        self.documents.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.documents.setMaximumHeight(220)
        self.documents.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.documents.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        box = QVBoxLayout(self.documents_box)
        box.addWidget(self.documents)
        self.steps = QTreeWidget()
        self.steps.setObjectName("timelineSteps")
        self.steps.setHeaderLabels(
            [self.tr("Time"), self.tr("Who"), self.tr("What"), self.tr("Outcome")]
        )
        self.steps.setColumnWidth(0, 170)
        self.steps.setColumnWidth(1, 200)
        self.steps.setColumnWidth(2, 600)  # details (hashes, notes) are shown here
        self.steps.setWordWrap(True)
        self.steps.setAlternatingRowColors(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.versions)
        layout.addWidget(self.documents_box)
        layout.addWidget(self.steps, 1)
        self.show_nothing()

    # -- public ---------------------------------------------------------------------------------

    def show_nothing(self) -> None:
        self.timeline = None
        self.heading.setText(self.tr("No case chosen"))
        self.versions.setText(self.tr("Double-click an entry of a case in the history."))
        self.documents.clear()
        self.steps.clear()

    def show_case(self, case_id: str) -> None:
        """Show the case's steps now, then fetch and compare its documents in the background."""
        timeline = case_timeline(self._services.store, case_id)
        self.timeline = timeline
        self.checks = []
        self._heading(case_id, timeline)
        self._document_names = document_names(self._services.store, timeline.case_ids)
        self.steps.clear()
        for step in timeline.steps:
            item = self._step_item(step, focus=case_id)
            self.steps.addTopLevelItem(item)
            # Decisions and prints open with their details (expanding works once in the tree).
            item.setExpanded(step.action in _OPEN_STEPS)
        self.documents.clear()
        decisions = timeline.decisions()
        if not decisions:
            self.documents.addTopLevelItem(QTreeWidgetItem([self.tr("No decision yet"), "", ""]))
            self.documents_checked.emit([])
            return
        self.documents.addTopLevelItem(
            QTreeWidgetItem([self.tr("Checking the documents…"), "", ""])
        )
        self._check_documents(timeline)

    # -- heading and steps ----------------------------------------------------------------------

    def _heading(self, case_id: str, timeline: CaseTimeline) -> None:
        with self._services.store.reader() as session:
            case = session.get(CaseRow, case_id)
            holder = f"{case.holder_name} {case.holder_name_zh}".strip() if case else ""
            nationality = case.nationality if case else ""
        title = self.tr("Case {0}").format(short_case(case_id))
        if holder:
            title += f" — {holder} ({nationality})"
        self.heading.setText(title)
        versions = " → ".join(
            short_case(c) + (self.tr(" (this one)") if c == case_id else "")
            for c in timeline.case_ids
        )
        self.versions.setText(
            self.tr("Case {0} · versions: {1} · {2} steps").format(
                case_id, versions, len(timeline.steps)
            )
        )

    def _step_item(self, step: TimelineStep, *, focus: str) -> QTreeWidgetItem:
        entry = step.entry
        what = action_label(entry.action)
        if entry.case_id and entry.case_id != focus:
            what += self.tr(" (version {0})").format(short_case(entry.case_id))
        who = actor_label(entry.actor)
        if entry.role not in (entry.actor, ""):
            who += f" ({role_name(entry.role)})"
        item = QTreeWidgetItem(
            [audit_time(entry.at), who, what, audit_outcome_label(entry.outcome)]
        )
        item.setToolTip(0, self.tr("Entry #{0}, {1}").format(entry.seq, entry.at.isoformat()))
        colour = OUTCOME_COLOURS.get(entry.outcome)
        if colour:
            item.setForeground(3, QBrush(QColor(colour)))
        if entry.action in (
            AuditAction.DECIDED,
            AuditAction.PRINTED,
            AuditAction.REPRINTED,
            AuditAction.REVOKED,
        ):
            font = QFont(item.font(2))
            font.setBold(True)
            item.setFont(2, font)
        for label, value in self._details(step):
            child = QTreeWidgetItem(["", label, value])
            child.setForeground(1, QBrush(QColor(_MUTED)))
            child.setToolTip(2, plain_tooltip(value))
            item.addChild(child)
        return item

    def _details(self, step: TimelineStep) -> list[tuple[str, str]]:
        details, entry = step.details, step.entry
        lines: list[tuple[str, str]] = []
        if entry.note:
            lines.append((self.tr("Note"), entry.note))
        reasons = detail_list(details, "reason_codes")
        if reasons:
            lines.append((self.tr("Reasons"), "; ".join(self._reason(r) for r in reasons)))
        for shown in detail_list(details, "checks"):
            check, _sep, rest = shown.partition(":")
            verdict, _sep, summary = rest.partition(":")
            mark = _MARKS.get(verdict, "?")
            lines.append(
                (self.tr("Check shown"), f"{mark} {check_label(check)}: {summary}".rstrip(": "))
            )
        hashes = detail_list(details, "document_sha256")
        if hashes:
            lines.append((self.tr("Documents (SHA-256)"), ", ".join(h[:16] + "…" for h in hashes)))
        facts = {
            "certificate_id": self.tr("Certificate"),
            "copies": self.tr("Copies"),
            "certificate_sha256": self.tr("Printed code (SHA-256)"),
            "kid": self.tr("Signing key"),
            "printed_at": self.tr("Printed at (clerk's clock)"),
            "decided_at": self.tr("Decided at (officer's clock)"),
            "sha256": self.tr("Document (SHA-256)"),
            "document_id": self.tr("Document"),
            "officer": self.tr("Officer"),
            "lease_seconds": self.tr("Claim for (seconds)"),
            "supersedes": self.tr("Replaces case"),
            "superseded_by": self.tr("Replaced by case"),
            "version": self.tr("Re-declarations so far"),
        }
        for key, label in facts.items():
            value = detail_text(details, key)
            if key == "document_id" and value in self._document_names:
                value = f"{self._document_names[value]} ({value})"
            if value:
                lines.append((label, value))
        return lines

    @staticmethod
    def _reason(code: str) -> str:
        try:
            return reason_label(code)
        except ValueError:
            return code

    # -- documents ------------------------------------------------------------------------------

    def _check_documents(self, timeline: CaseTimeline) -> None:
        services = self._services
        decided_cases = {d.entry.case_id for d in timeline.decisions() if d.entry.case_id}

        def work() -> list[DocumentCheck]:
            for case_id in sorted(decided_cases):
                try:
                    services.sync.fetch_documents(UUID(case_id))
                except errors.CentralError as exc:  # offline or refused: compare what is here
                    log.info("documents of %s not fetched: %s", case_id, exc)
            return [check_documents(services.store, timeline, d) for d in timeline.decisions()]

        (
            Operation(
                self,
                work,
                pools=services.pools,
                errors=services.errors,
                title=self.tr("Checking the decided documents"),
                lane=Lane.READ,
            )
            .on_success(lambda checks: self._on_checked(timeline, checks))
            .run_in_background()
        )

    def _verdict(self, verdict: DocumentVerdict) -> tuple[str, str]:
        texts = {
            DocumentVerdict.MATCHES: (self.tr("✓ matches"), _GOOD),
            DocumentVerdict.DIFFERS: (self.tr("✗ differs"), _BAD),
            DocumentVerdict.NOT_RECORDED: (self.tr("no document hashes recorded"), _MUTED),
            DocumentVerdict.NOT_FETCHED: (self.tr("not checked: documents not downloaded"), _MUTED),
        }
        return texts[verdict]

    def _state(self, state: DocumentState) -> tuple[str, str]:
        texts = {
            DocumentState.MATCHES: (self.tr("✓ same bytes"), _GOOD),
            DocumentState.ALTERED: (self.tr("✗ bytes differ"), _BAD),
            DocumentState.NOT_STORED: (self.tr("✗ not in the case"), _BAD),
            DocumentState.NOT_RECORDED: (self.tr("✗ not recorded by the decision"), _BAD),
            DocumentState.NOT_FETCHED: (self.tr("not downloaded"), _MUTED),
        }
        return texts[state]

    def _on_checked(self, timeline: CaseTimeline, checks: Sequence[DocumentCheck]) -> None:
        if timeline is not self.timeline:
            return  # another case was opened meanwhile
        self.checks = list(checks)
        self.documents.clear()
        decisions = {d.entry.seq: d for d in timeline.decisions()}
        for check in checks:
            decision = decisions[check.decision_seq].entry
            text, colour = self._verdict(check.verdict)
            top = QTreeWidgetItem(
                [
                    self.tr("Decision #{0}: {1}, {2}").format(
                        decision.seq, audit_outcome_label(decision.outcome), audit_time(decision.at)
                    ),
                    text,
                    "",
                ]
            )
            top.setForeground(1, QBrush(QColor(colour)))
            for document in check.documents:
                state, state_colour = self._state(document.state)
                child = QTreeWidgetItem(
                    [document.filename or self.tr("(unknown document)"), state, document.sha256]
                )
                child.setForeground(1, QBrush(QColor(state_colour)))
                if document.actual_sha256 and document.actual_sha256 != document.sha256:
                    child.setToolTip(
                        2, self.tr("Stored bytes hash to {0}").format(document.actual_sha256)
                    )
                top.addChild(child)
            self.documents.addTopLevelItem(top)
            top.setExpanded(True)
        self.documents_checked.emit(list(checks))
