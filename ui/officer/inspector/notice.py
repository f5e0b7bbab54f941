"""What the inspector shows in place of a document it will not or cannot display."""

from __future__ import annotations

import logging
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from review.analysis.admission import Admission, Refusal
from ui.common.plain import plain_label

log = logging.getLogger(__name__)


class Severity(Enum):
    INFO = "info"
    ERROR = "error"


_ICONS = {
    Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
    Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


class DocumentNotice(QWidget):
    """An icon, a title in our words and details that may quote the analysis (plain text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentNotice")
        self.setAutoFillBackground(True)
        self._icon = plain_label(parent=self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title = plain_label(parent=self)
        self._details = plain_label(parent=self)
        for label in (self._title, self._details):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self._title.setFont(font)
        self._details.setMaximumWidth(560)
        self._details.setObjectName("documentNoticeDetails")
        details_row = QHBoxLayout()  # centred, yet as wide as it may be, so it wraps sensibly
        details_row.addStretch(1)
        details_row.addWidget(self._details, 100)
        details_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(12)
        layout.addStretch(2)
        layout.addWidget(self._icon)
        layout.addWidget(self._title)
        layout.addLayout(details_row)
        layout.addStretch(3)
        self.severity = Severity.INFO

    def show_notice(self, title: str, details: str = "", *, severity: Severity) -> None:
        self.severity = severity
        icon = self.style().standardIcon(_ICONS[severity])
        self._icon.setPixmap(icon.pixmap(48, 48))
        self._title.setText(title)
        self._details.setText(details)
        self._details.setVisible(bool(details))

    @property
    def title(self) -> str:
        return self._title.text()

    @property
    def details(self) -> str:
        return self._details.text()

    def show_refusal(self, admission: Admission) -> None:
        """Why a document is not shown; the analysis's own words follow as bullets."""
        titles = {
            Refusal.NOT_DOWNLOADED: self.tr("Not downloaded yet"),
            Refusal.NOT_ANALYSED: self.tr("Not checked yet"),
            Refusal.MISMATCH: self.tr("The analysis does not match this file"),
            Refusal.UNREADABLE: self.tr("This document cannot be shown"),
            Refusal.DAMAGED: self.tr("This document is damaged"),
            Refusal.TOO_LARGE: self.tr("This document is too large to show"),
            Refusal.UNSUPPORTED: self.tr("Unsupported file type"),
        }
        explanations = {
            Refusal.NOT_DOWNLOADED: self.tr(
                "The file has not been fetched from the central server yet; it appears here "
                "after the next sync."
            ),
            Refusal.NOT_ANALYSED: self.tr(
                "Documents are shown only after the safety analysis has read them."
            ),
            Refusal.MISMATCH: self.tr(
                "The analysis describes other bytes than the stored file, so the file is not "
                "shown. Sync again to fetch it anew."
            ),
            Refusal.UNREADABLE: self.tr("The analysis could not read the file:"),
            Refusal.DAMAGED: self.tr(
                "The file is not shown because the analysis found damage in its structure:"
            ),
            Refusal.TOO_LARGE: self.tr(
                "It is beyond the limits on pages, size or pixels for documents."
            ),
            Refusal.UNSUPPORTED: self.tr("Only PDF, JPEG and PNG files are shown."),
        }
        refusal = admission.refusal or Refusal.UNSUPPORTED
        waiting = refusal in (Refusal.NOT_DOWNLOADED, Refusal.NOT_ANALYSED)
        self.show_notice(
            titles[refusal],
            "\n".join([explanations[refusal], *("• " + d for d in admission.details)]),
            severity=Severity.INFO if waiting else Severity.ERROR,
        )


class NoticeLine(QLabel):
    """One line under the document's header saying what the inspector could not show (e.g.
    a declared fact no document states); hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorNoticeLine")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setContentsMargins(6, 0, 6, 0)
        self.setStyleSheet("color: #8a5a00;")
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def said(self) -> str:
        return self.text() if not self.isHidden() else ""
