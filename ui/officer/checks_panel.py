"""The automatic checks of the open case: verdict, one-line summary, and the evidence used.

Names and results wrap inside their column (never elided): the officer reads the whole
sentence in place, without hovering for a tooltip. Clicking a check (or Enter on it) asks
to see where the documents state what it used (`check_selected`); clicking one of its
evidence lines, that line's place (`evidence_selected`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from uuid import UUID

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from review.checks import CheckResult, Evidence, Verdict
from ui.common.check_texts import check_text
from ui.common.labels import check_label
from ui.common.plain import plain_tooltip

EVIDENCE_ROLE: Final = Qt.ItemDataRole.UserRole + 1
RESULT_ROLE: Final = Qt.ItemDataRole.UserRole + 2
_COLOUR: Final = {Verdict.PASS: "#1b7f3b", Verdict.WARN: "#a15c00", Verdict.FAIL: "#b3261e"}
_MARK: Final = {Verdict.PASS: "✓", Verdict.WARN: "!", Verdict.FAIL: "✗"}
_PADDING: Final = 8  # the style's text margins, both sides, and a little air


class _WrappingDelegate(QStyledItemDelegate):
    """Row heights from the text wrapped to its column's width (QTreeView alone elides)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(  # noqa: N802 (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        width = self._tree.columnWidth(index.column())
        if index.column() == 0:
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self._tree.indentation() * (depth + 1)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if width <= _PADDING or not text:
            return hint
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width - _PADDING, 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(hint.width(), max(hint.height(), bounds.height() + _PADDING))


class ChecksPanel(QTreeWidget):
    #: The officer clicked evidence found in a document: (document id, page or 0, start, end).
    evidence_selected = Signal(object, int, int, int)
    #: The officer activated a check: show where the documents state what it used.
    check_selected = Signal(object)  # CheckResult

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksPanel")
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Check"), self.tr("Result")])
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setUniformRowHeights(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(_WrappingDelegate(self))
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._on_column_resized)
        self.setColumnWidth(0, 200)
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
            top.setData(0, RESULT_ROLE, result)
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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        # The check names take about two fifths, the results the rest, wrapped to fit.
        self.setColumnWidth(0, max(140, min(260, event.size().width() * 2 // 5)))
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()

    def show_pending(self, message: str) -> None:
        self.clear()
        self.addTopLevelItem(QTreeWidgetItem([message, ""]))

    def _on_column_resized(self, *_: object) -> None:
        self.scheduleDelayedItemsLayout()  # the wrapped heights depend on the widths

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        evidence = item.data(0, EVIDENCE_ROLE)
        if isinstance(evidence, Evidence) and isinstance(evidence.document_id, UUID):
            start, end = evidence.span or (0, 0)
            self.evidence_selected.emit(evidence.document_id, evidence.page or 0, start, end)
        result = item.data(0, RESULT_ROLE)
        if isinstance(result, CheckResult):
            self.check_selected.emit(result)
