"""Translated names for what the audit log records, and how the auditor's views show times."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from PySide6.QtCore import QCoreApplication

from review.audit.queries.history import AuditColumn
from ui.common.labels import case_status_label, outcome_label, role_label
from workstation.domain import AuditAction, CaseStatus, DecisionOutcome, Role

#: One colour per decision outcome, the same in the table, the timeline and the charts.
OUTCOME_COLOURS: Final = {
    DecisionOutcome.APPROVE.value: "#1b7f3b",
    DecisionOutcome.REJECT.value: "#b3261e",
    DecisionOutcome.REQUEST_INFO.value: "#a15c00",
}


def action_label(action: str) -> str:
    labels = {
        AuditAction.SIGNED_IN: QCoreApplication.translate("AuditLabels", "Signed in"),
        AuditAction.SIGNED_OUT: QCoreApplication.translate("AuditLabels", "Signed out"),
        AuditAction.SIGN_IN_FAILED: QCoreApplication.translate("AuditLabels", "Sign-in failed"),
        AuditAction.LOCKED_OUT: QCoreApplication.translate("AuditLabels", "Account locked"),
        AuditAction.SUBMITTED: QCoreApplication.translate("AuditLabels", "Submitted"),
        AuditAction.REDECLARED: QCoreApplication.translate("AuditLabels", "Re-declared"),
        AuditAction.SUPERSEDED: QCoreApplication.translate("AuditLabels", "Superseded"),
        AuditAction.CLAIMED: QCoreApplication.translate("AuditLabels", "Claimed"),
        AuditAction.RELEASED: QCoreApplication.translate("AuditLabels", "Released"),
        AuditAction.LEASE_EXPIRED: QCoreApplication.translate("AuditLabels", "Claim expired"),
        AuditAction.DOCUMENT_VIEWED: QCoreApplication.translate("AuditLabels", "Document viewed"),
        AuditAction.DECIDED: QCoreApplication.translate("AuditLabels", "Decided"),
        AuditAction.COUNTERSIGNED: QCoreApplication.translate("AuditLabels", "Countersigned"),
        AuditAction.SENT_BACK: QCoreApplication.translate("AuditLabels", "Sent back to officer"),
        AuditAction.ANSWERED: QCoreApplication.translate("AuditLabels", "Materials sent"),
        AuditAction.PRINTED: QCoreApplication.translate("AuditLabels", "Printed"),
        AuditAction.REPRINTED: QCoreApplication.translate("AuditLabels", "Reprinted"),
        AuditAction.REVOKED: QCoreApplication.translate("AuditLabels", "Certificate revoked"),
    }
    try:
        return labels[AuditAction(action)]
    except ValueError:
        return action


def audit_outcome_label(outcome: str) -> str:
    """A decision's outcome, or the case status an entry left the case in."""
    if not outcome:
        return ""
    try:
        return outcome_label(DecisionOutcome(outcome))
    except ValueError:
        pass
    try:
        return case_status_label(CaseStatus(outcome))
    except ValueError:
        return outcome


def actor_label(actor: str) -> str:
    labels = {
        "traveller": QCoreApplication.translate("AuditLabels", "Traveller"),
        "system": QCoreApplication.translate("AuditLabels", "System"),
    }
    return labels.get(actor, actor)


def role_name(role: str) -> str:
    try:
        return role_label(Role(role))
    except ValueError:
        return actor_label(role)


def column_title(column: AuditColumn) -> str:
    titles = {
        AuditColumn.SEQ: QCoreApplication.translate("AuditLabels", "#"),
        AuditColumn.TIME: QCoreApplication.translate("AuditLabels", "Time"),
        AuditColumn.ACTOR: QCoreApplication.translate("AuditLabels", "Who"),
        AuditColumn.ROLE: QCoreApplication.translate("AuditLabels", "Role"),
        AuditColumn.ACTION: QCoreApplication.translate("AuditLabels", "Action"),
        AuditColumn.CASE: QCoreApplication.translate("AuditLabels", "Case"),
        AuditColumn.OUTCOME: QCoreApplication.translate("AuditLabels", "Outcome"),
        AuditColumn.NOTE: QCoreApplication.translate("AuditLabels", "Note"),
        AuditColumn.NATIONALITY: QCoreApplication.translate("AuditLabels", "Nationality"),
    }
    return titles[column]


def audit_time(moment: datetime) -> str:
    """Local time to the second: the order of events within a minute matters to an auditor."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def short_case(case_id: str | None) -> str:
    return case_id[:8] if case_id else ""
