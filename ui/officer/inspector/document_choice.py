"""The choice of the case's document shown: its kind and file name, an icon that says
whether it is here and whether its analysis found trouble."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyle, QWidget

from review.analysis.facts import DocumentFacts
from ui.common.labels import document_kind_label
from ui.common.plain import plain_tooltip
from workstation.cases import StoredDocument

log = logging.getLogger(__name__)


class DocumentChoice(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self.setAccessibleName(self.tr("Document"))
        self._ids: list[UUID] = []

    def show_documents(
        self,
        documents: Sequence[StoredDocument],
        facts: Mapping[UUID, DocumentFacts],
        keep: UUID | None,
    ) -> int:
        """List `documents` without a change signal; select `keep` if listed, else the first.
        Returns the index selected (0 when there is none)."""
        self._ids = [d.ref.document_id for d in documents]
        self.blockSignals(True)
        self.clear()
        for index, document in enumerate(documents):
            self.addItem("")
            self._describe(index, document, facts.get(document.ref.document_id))
        chosen = (self.index_of(keep) if keep is not None else None) or 0
        self.setCurrentIndex(chosen if documents else -1)
        self.blockSignals(False)
        self.setEnabled(bool(documents))
        return chosen

    def forget(self) -> None:
        """No documents, no change signal."""
        self._ids = []
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.setEnabled(False)

    def index_of(self, document_id: UUID) -> int | None:
        return next((i for i, listed in enumerate(self._ids) if listed == document_id), None)

    def step(self, step: int) -> None:
        """Select the next (+1) or previous (-1) document, if there is one."""
        index = self.currentIndex() + step
        if 0 <= index < self.count():
            self.setCurrentIndex(index)

    def _describe(self, index: int, document: StoredDocument, facts: DocumentFacts | None) -> None:
        text = self.tr("{0} · {1}").format(
            document_kind_label(document.ref.kind), document.ref.filename
        )
        icon = QStyle.StandardPixmap.SP_FileIcon
        if document.content is None:
            text = self.tr("{0} (not downloaded yet)").format(text)
            icon = QStyle.StandardPixmap.SP_BrowserReload
        elif facts is not None and (facts.error or facts.problems):
            icon = QStyle.StandardPixmap.SP_MessageBoxWarning
        self.setItemText(index, text)
        self.setItemIcon(index, self.style().standardIcon(icon))
        # The file name is the traveller's: escaped, as tooltips are rich text.
        self.setItemData(index, plain_tooltip(text), Qt.ItemDataRole.ToolTipRole)
