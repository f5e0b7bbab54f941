"""Handing a certificate PDF to a `QPrinter`: the one module of `printing/` that uses Qt.

Pages are rendered with QtPdf to images at the printer's resolution (at most
300 dpi, where one QR module is about ten pixels) and painted onto the printer
losslessly: at their true size when the paper is the page's size, else scaled
to fit; in bands cut along blank paper, so the GUI thread never waits long for
Python's GIL. Qt allows a `QPainter` on a `QPrinter` in any one thread
("Painting in Threads", https://doc.qt.io/qt-6/threads-modules.html), so a
whole batch is rendered and painted on a worker thread: whoever calls
`PdfPrinter.begin()` must make every later call from the same thread, and nobody
else may touch the `QPrinter` until `end()` returned.
"""

from __future__ import annotations

import itertools
import logging
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

log = logging.getLogger(__name__)

PRINT_DPI: Final = 300
POINTS_PER_INCH: Final = 72.0
#: Our certificates have one page; a batch PDF one per certificate. Anything longer is refused.
MAX_PAGES: Final = 500


class PrintError(Exception):
    """The printer or the PDF could not be used; the message says why in plain words."""


def render_pages(
    pdf: bytes, *, dpi: float, first: int = 0, count: int | None = None
) -> list[QImage]:
    """Pages of `pdf` as opaque RGB images at `dpi` (any thread; QtPdf serialises PDFium)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)
        if document.status() is not QPdfDocument.Status.Ready:
            raise PrintError(f"the certificate PDF cannot be read ({document.error().name})")
        pages = document.pageCount()
        if pages > MAX_PAGES:
            raise PrintError(f"the PDF has {pages} pages; at most {MAX_PAGES} are printed")
        last = pages if count is None else min(pages, first + count)
        return [_render(document, page, dpi) for page in range(first, last)]
    finally:
        document.close()
        buffer.close()


def _render(document: QPdfDocument, page: int, dpi: float) -> QImage:
    points = document.pagePointSize(page)
    size = QSize(
        max(1, round(points.width() * dpi / POINTS_PER_INCH)),
        max(1, round(points.height() * dpi / POINTS_PER_INCH)),
    )
    rendered = document.render(page, size)
    if rendered.isNull():
        raise PrintError(f"page {page + 1} of the certificate PDF could not be rendered")
    # QtPdf leaves the paper transparent. Flattened onto white and without an alpha channel,
    # Qt's PDF and print engines embed the page about twice as fast (no soft mask).
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


def bands(image: QImage, *, rows: int) -> list[tuple[int, int]]:
    """Row ranges of about `rows` rows, cut along blank paper where there is some near.

    A viewer or driver places each band on whole pixels by itself; a cut through a line of
    text can then show as a seam, a cut through white paper cannot.
    """
    bits = image.constBits()
    stride = image.bytesPerLine()
    white = b"\xff" * (image.width() * 4)  # Format_RGB32, as `render_pages` makes it

    def blank(row: int) -> bool:
        return image.format() is QImage.Format.Format_RGB32 and (
            bits[row * stride : row * stride + len(white)] == white
        )

    cuts = [0]
    while image.height() - cuts[-1] > rows:
        nominal = cuts[-1] + rows
        # Up to twice as long, so a band can hold all of a QR code rather than cut through it.
        window = range(cuts[-1] + rows // 2, min(cuts[-1] + 2 * rows, image.height()))
        nearby = sorted(window, key=lambda row: abs(row - nominal))
        # White a little above and below too, where a viewer may shift a band's edge.
        clear = (row for row in nearby if all(blank(r) for r in range(row - 3, row + 3)))
        cuts.append(next(clear, nominal))
    cuts.append(image.height())
    return list(itertools.pairwise(cuts))


def fit_rect(image: QSize | QSizeF, page: QRectF) -> QRectF:
    """The largest rectangle with the image's proportions, centred on `page`."""
    scale = min(page.width() / image.width(), page.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF(
        page.x() + (page.width() - width) / 2,
        page.y() + (page.height() - height) / 2,
        width,
        height,
    )


class PdfPrinter:
    """Paints PDFs onto one `QPrinter`, page after page, as one print job."""

    def __init__(self, printer: QPrinter, *, dpi: int = PRINT_DPI) -> None:
        self._printer = printer
        self._dpi = min(dpi, max(printer.resolution(), 72))
        self._painter = QPainter()
        self._pages = 0

    @property
    def copies(self) -> int:
        """How many copies of each page end up on paper."""
        return max(1, self._printer.copyCount())

    @property
    def pages(self) -> int:
        """Sheets painted so far (copies the printer makes itself not counted)."""
        return self._pages

    def begin(self) -> None:
        # Full page: we place the rendered page on the paper ourselves, margins included.
        self._printer.setFullPage(True)
        if not self._painter.begin(self._printer):
            raise PrintError(self._describe("could not be opened"))
        # Otherwise Qt's PDF engine may store the page as JPEG: blurred text, ringing around
        # the QR modules, and (for our pages) a larger file than the lossless one.
        self._painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
        log.info(
            "print job started on %s at %d dpi",
            self._printer.printerName() or self._printer.outputFileName() or "the printer",
            self._dpi,
        )

    def print_pdf(self, pdf: bytes) -> int:
        """Paint every page of `pdf`; returns its page count. Raises `PrintError`."""
        if not self._painter.isActive():
            raise PrintError("the print job has not been started")
        images = render_pages(pdf, dpi=self._dpi)
        # A printer that cannot make copies itself (PDF output, some drivers) gets them painted.
        repeats = 1 if self._printer.supportsMultipleCopies() else self.copies
        for _copy in range(repeats):
            for image in images:
                if self._pages and not self._printer.newPage():
                    raise PrintError(self._describe("refused a new page"))
                self._paint(image, self._place(image))
                self._pages += 1
        return len(images)

    def _place(self, image: QImage) -> QRectF:
        """Where the page goes: at its true size when the paper is the PDF's (A4 on A4), so
        every image row lands on exact device pixels; else scaled to fit the paper."""
        paper = self._printer.paperRect(QPrinter.Unit.DevicePixel)
        factor = self._printer.resolution() / self._dpi
        natural = QRectF(paper.x(), paper.y(), image.width() * factor, image.height() * factor)
        # The page rounded to whole pixels differs from the paper by up to a pixel.
        if (
            abs(natural.width() - paper.width()) <= factor
            and abs(natural.height() - paper.height()) <= factor
        ):
            return natural
        return fit_rect(image.size(), paper)

    def _paint(self, image: QImage, target: QRectF) -> None:
        # In bands: Qt's PDF and print engines compress an image inside drawImage() while
        # holding Python's GIL, about 200 ms for a 300 dpi page, which would stall the GUI
        # thread that long; a band (two inches, or a whole QR code) takes 20 to 60 ms.
        scale = target.height() / image.height()
        for top, bottom in bands(image, rows=2 * self._dpi):
            self._painter.drawImage(
                QRectF(
                    target.x(), target.y() + top * scale, target.width(), (bottom - top) * scale
                ),
                image,
                QRectF(0, top, image.width(), bottom - top),
            )

    def end(self) -> None:
        """Finish the job: the printer (or file) receives it now. Raises `PrintError`."""
        if self._painter.isActive() and not self._painter.end():
            raise PrintError(self._describe("did not accept the print job"))
        log.info("print job finished: %d sheet(s)", self._pages)

    def _describe(self, problem: str) -> str:
        if self._printer.outputFormat() is QPrinter.OutputFormat.PdfFormat:
            return f"the PDF file {self._printer.outputFileName()} {problem}"
        return f"the printer {self._printer.printerName() or ''} {problem}".replace("  ", " ")
