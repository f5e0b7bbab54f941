"""The automatic checks of the open case: verdict, one-line summary, and the evidence used."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from review.checks import CheckResult, Evidence, Verdict
from ui.common.check_texts import check_text
from ui.common.labels import check_label
from ui.common.plain import plain_tooltip

EVIDENCE_ROLE: Final = Qt.ItemDataRole.UserRole + 1
_COLOUR: Final = {Verdict.PASS: "#1b7f3b", Verdict.WARN: "#a15c00", Verdict.FAIL: "#b3261e"}
_MARK: Final = {Verdict.PASS: "✓", Verdict.WARN: "!", Verdict.FAIL: "✗"}


class ChecksPanel(QTreeWidget):
    #: The officer clicked evidence found in a document: (document id, page or 0, start, end).
    evidence_selected = Signal(object, int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksPanel")
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Check"), self.tr("Result")])
        self.setColumnWidth(0, 210)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.itemActivated.connect(self._on_item_activated)
        self.itemClicked.connect(self._on_item_activated)

    def show_results(self, results: Sequence[CheckResult]) -> None:
        self.clear()
        for result in results:
            summary = check_text(result.headline or result.summary)
            title = f"{_MARK[result.verdict]}  {check_label(result.check)}"
            top = QTreeWidgetItem([title, summary])
            top.setForeground(0, QBrush(QColor(_COLOUR[result.verdict])))
            top.setToolTip(1, plain_tooltip(summary))
            for evidence in result.evidence:
                described = check_text(evidence.description)
                child = QTreeWidgetItem([check_text(evidence.label), described])
                child.setToolTip(1, plain_tooltip(described))
                child.setData(0, EVIDENCE_ROLE, evidence)
                if evidence.document_id is not None:
                    child.setForeground(1, QBrush(QColor("#1a5fb4")))
                top.addChild(child)
            self.addTopLevelItem(top)
            top.setExpanded(result.verdict is not Verdict.PASS)

    def show_pending(self, message: str) -> None:
        self.clear()
        self.addTopLevelItem(QTreeWidgetItem([message, ""]))

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        evidence = item.data(0, EVIDENCE_ROLE)
        if isinstance(evidence, Evidence) and isinstance(evidence.document_id, UUID):
            start, end = evidence.span or (0, 0)
            self.evidence_selected.emit(evidence.document_id, evidence.page or 0, start, end)
