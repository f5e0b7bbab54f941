"""Approving over failed checks: the list of failures to overrule one by one, and the
confirmation that says in red that this is an exception, not a clean approval."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from review.checks import CheckResult
from ui.common.check_texts import check_text
from ui.common.labels import check_label, document_type_label
from workstation.protocol import CaseRecord, ExceptionRules

log = logging.getLogger(__name__)

#: The red of a failed check (the same the checks panel and the timeline use).
FAILED_RED = "#b3261e"


def _failure_text(result: CheckResult) -> str:
    summary = check_text(result.headline) if result.headline is not None else result.summary
    return f"{check_label(result.check)}: {summary}"


class ExceptionBox(QWidget):
    """Shown when the officer approves over failed checks: each must be ticked to overrule it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exceptionBox")
        self.warning = QLabel()
        self.warning.setObjectName("exceptionWarning")
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet(f"color: {FAILED_RED}; font-weight: bold;")
        self.checks = QListWidget()
        self.checks.setObjectName("overruledChecks")
        self.checks.setMaximumHeight(72)
        self.checks.setWordWrap(True)  # a failure's summary is a sentence: read it whole
        self.checks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checks.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.warning)
        layout.addWidget(self.checks)
        self.setVisible(False)

    def show_failures(self, failed: Sequence[CheckResult], rules: ExceptionRules) -> None:
        self.checks.clear()
        self.setVisible(bool(failed))
        if not failed:
            return
        forbidden = rules.forbidden([r.to_summary().model_copy(update={"reasons": list(r.reasons)})
                                     for r in failed])  # fmt: skip
        if forbidden:
            self.warning.setText(
                self.tr(
                    "A failed check here may not be overruled under the mission's policy: "
                    "this case cannot be approved."
                )
            )
        elif rules.countersignature:
            self.warning.setText(
                self.tr(
                    "Approving over failed checks is an exception: tick each failed check you "
                    "overrule and justify it for the record. A supervisor countersigns before "
                    "a certificate is issued."
                )
            )
        else:
            self.warning.setText(
                self.tr(
                    "Approving over failed checks is an exception: tick each failed check you "
                    "overrule and justify it for the record."
                )
            )
        for result in failed:
            text = _failure_text(result)
            if result.check in forbidden:
                text = self.tr("{0} (may not be overruled)").format(text)
            item = QListWidgetItem(self.tr("Overrule: {0}").format(text))
            item.setData(Qt.ItemDataRole.UserRole, result.check)
            item.setForeground(QBrush(QColor(FAILED_RED)))
            if result.check in forbidden:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)  # deliberate: never ticked for them
            self.checks.addItem(item)

    def overruled(self) -> set[str]:
        if self.isHidden():  # not approving over failures: nothing is overruled
            return set()
        return {
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.checks.item(row) for row in range(self.checks.count()))
            if item.checkState() == Qt.CheckState.Checked
        }

    def tick(self, check: str) -> None:
        """Tick `check` as overruled (what the officer does with the mouse or the space bar)."""
        for row in range(self.checks.count()):
            item = self.checks.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == check:
                item.setCheckState(Qt.CheckState.Checked)


def confirm_exception(
    parent: QWidget, record: CaseRecord, failed: Sequence[CheckResult], *, countersignature: bool
) -> bool:
    """Ask, with the failed checks in red; the default answer is to go back, not to approve."""
    content = record.content
    who = html.escape(
        f"{content.holder.name.latin} {content.holder.name.chinese or ''}".strip()
        + f" ({document_type_label(content.travel_document.type)} "
        f"{content.travel_document.number})"
    )
    items = "".join(
        f'<li style="color:{FAILED_RED}">{html.escape(_failure_text(r))}</li>' for r in failed
    )
    after = (
        QCoreApplication.translate(
            "ExceptionBox",
            "It waits for a supervisor's countersignature; no certificate until then.",
        )
        if countersignature
        else QCoreApplication.translate(
            "ExceptionBox",
            "The certificate is issued at once; the exception is kept in the audit log.",
        )
    )
    question = QCoreApplication.translate(
        "ExceptionBox", "Approve the declaration of {0} as an EXCEPTION?"
    )
    overruled = QCoreApplication.translate(
        "ExceptionBox", "These checks FAILED and you overrule them:"
    )
    box = QMessageBox(parent)
    box.setObjectName("confirmExceptionBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("ExceptionBox", "Confirm an exception"))
    box.setTextFormat(Qt.TextFormat.RichText)  # every piece of text from outside is escaped
    # Translated words and escaped data in a little markup: the failed checks in red.
    body = (
        f"<p><b>{html.escape(question).format(who)}</b></p><p>{html.escape(overruled)}</p>"
        f"<ul>{items}</ul><p>{html.escape(after)}</p>"
    )
    box.setText(body)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText(
        QCoreApplication.translate("ExceptionBox", "Approve as exception")
    )
    box.button(QMessageBox.StandardButton.No).setText(
        QCoreApplication.translate("ExceptionBox", "Go back")
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
