"""The preview of a certificate: the page exactly as it will print, marked as a preview.

The preview is signed with a throw-away key made for this window, never with
the mission's key: a screenshot or photo of the preview must not verify, and
looking at a case must not need the passphrase. The page is drawn by the same
code as the paper (`printing.certificate_pdf`) and rendered with QtPdf, on a
worker thread; only the newest request is shown. Above the page a caption says which
certificate of the selected batch it is, with buttons to step through the batch.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from printing.certificate_pdf import certificate_pdf
from printing.certs import create_csca, create_dsc, new_signing_key
from printing.issuance import issue
from printing.keys import DocumentSigner
from ui.clerk.qtprint import fit_rect, render_pages
from ui.common.operations import ErrorRoute, Operation, Pools
from workstation.protocol import CaseRecord

log = logging.getLogger(__name__)

PREVIEW_DPI = 110


def preview_signer(mission: str) -> DocumentSigner:
    """A signer no verifier trusts: a fresh key under a fresh CA, both forgotten on exit."""
    now = datetime.now(UTC)
    ca_key, key = new_signing_key(), new_signing_key()
    ca = create_csca(key=ca_key, now=now)
    certificate = create_dsc(key=key, mission=mission, csca=ca, csca_key=ca_key, now=now)
    return DocumentSigner.create(private_key=key, certificate=certificate)


class PageView(QWidget):
    """The whole page, scaled to fit, on a grey desk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPage")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, 594)  # A4 proportions

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#6b6b6b"))
        if self.image is not None:
            margin = 12.0
            area = QRectF(self.rect()).adjusted(margin, margin, -margin, -margin)
            target = fit_rect(self.image.size(), area)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)
        painter.end()


@dataclass(frozen=True)
class _Rendered:
    request: int
    image: QImage


class CertificatePreview(QWidget):
    rendered = Signal()  # the newest preview is on screen
    #: The clerk asks for the previous (-1) or next (+1) certificate of the batch.
    step_requested = Signal(int)

    def __init__(
        self, *, mission: str, pools: Pools, errors: ErrorRoute, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("certificatePreview")
        self._mission = mission
        self._pools = pools
        self._errors = errors
        self._signer: DocumentSigner | None = None
        self._signer_lock = threading.Lock()
        self._request = 0
        self.page = PageView()
        self.message = QLabel()
        self.message.setObjectName("previewMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()
        self.caption.setObjectName("previewCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        self.previous_button = QToolButton()
        self.previous_button.setObjectName("previewPrevious")
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setToolTip(self.tr("Previous certificate of the selection"))
        self.previous_button.clicked.connect(lambda: self.step_requested.emit(-1))
        self.next_button = QToolButton()
        self.next_button.setObjectName("previewNext")
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip(self.tr("Next certificate of the selection"))
        self.next_button.clicked.connect(lambda: self.step_requested.emit(1))
        caption_bar = QHBoxLayout()
        caption_bar.addWidget(self.previous_button)
        caption_bar.addWidget(self.caption, 1)
        caption_bar.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(caption_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.page, 1)
        self.show_message(self.tr("Select an approved case to see its certificate."))

    @property
    def image(self) -> QImage | None:
        """The page on screen (with the preview mark), for tests and screenshots."""
        return self.page.image

    def show_message(self, text: str) -> None:
        """Plain text instead of a page (nothing selected, revoked, several selected)."""
        self._request += 1  # a preview still being rendered is no longer wanted
        self._set_caption("", 0)
        self.page.set_image(None)
        self.page.hide()
        self.message.setText(text)
        self.message.show()

    def show_case(
        self, record: CaseRecord, *, reprint: bool, position: int = 1, total: int = 1
    ) -> None:
        """Render `record`'s certificate; it is the `position`th of `total` selected."""
        self._request += 1
        request = self._request
        holder = record.content.holder.name
        name = f"{holder.latin} {holder.chinese or ''}".strip()
        certificate = record.certificate.certificate_id if record.certificate else ""
        if reprint:
            caption = self.tr("Certificate {0} of {1}: {2} (REPRINT)\n{3}")
        else:
            caption = self.tr("Certificate {0} of {1}: {2}\n{3}")
        self._set_caption(caption.format(position, total, name, certificate), total)
        mark = self.tr("PREVIEW · 预览 — not valid")
        self.message.setText(self.tr("Preparing the preview…"))
        self.message.show()

        def work() -> _Rendered:
            exception = record.decision is not None and record.decision.is_exception
            issued = issue(
                record, self._preview_signer(), reprint=reprint, issued_by_exception=exception
            )
            (image,) = render_pages(certificate_pdf(issued), dpi=PREVIEW_DPI, count=1)
            _draw_mark(image, mark)
            return _Rendered(request, image)

        (
            Operation(self, work, pools=self._pools, errors=self._errors, title=self.tr("Preview"))
            .on_success(self._on_rendered)
            .on_failure(self._on_failed)
            .run_in_background()
        )

    def _set_caption(self, text: str, total: int) -> None:
        self.caption.setText(text)
        self.caption.setVisible(bool(text))
        for button in (self.previous_button, self.next_button):
            button.setVisible(total > 1)

    def _preview_signer(self) -> DocumentSigner:
        with self._signer_lock:  # previews render in parallel; one throw-away key is enough
            if self._signer is None:
                self._signer = preview_signer(self._mission)
            return self._signer

    def _on_rendered(self, rendered: _Rendered) -> None:
        if rendered.request != self._request:
            return
        self.page.set_image(rendered.image)
        self.message.hide()
        self.page.show()
        self.rendered.emit()

    def _on_failed(self, error: Exception) -> bool:
        self.show_message(self.tr("No preview: {0}").format(str(error)))
        return True


def _draw_mark(image: QImage, text: str) -> None:
    """A diagonal mark across the page (QPainter on a QImage is fine on a worker thread)."""
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont()
    font.setPixelSize(max(12, image.width() // 14))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(179, 38, 30, 90))
    painter.translate(QPointF(image.width() / 2, image.height() / 2))
    painter.rotate(-35)
    metrics = painter.fontMetrics()
    painter.drawText(QPointF(-metrics.horizontalAdvance(text) / 2, 0), text)
    painter.end()
