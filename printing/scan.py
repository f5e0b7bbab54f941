"""Finding the certificate codes in what a verifier is handed: a PDF, a scan or photo, or text.

PDF pages are rendered with pypdfium2, pictures opened with Pillow, and the codes
read with zxing-cpp (QR, and Aztec, which HCERT also allows). Every input is
hostile until read: file size, pixel count (Pillow's decompression-bomb guard
plus our own lower limit) and pages are bounded, and each problem becomes a
`CertificateError` (FILE or QR) with a plain message instead of a crash.

A PDF is a batch, one certificate per page, and every page is accounted for: a
page without a readable code, and the pages beyond `MAX_PDF_PAGES`, each become
an `UnreadablePart`, so a verifier never reports a batch as valid after
checking only some of it.

Hostile files (nested forms, compressed-content bombs) can drive PDFium to many
gigabytes, so the verifier never calls this module itself: `printing.scan_process`
runs it in a confined worker process (`printing.scan_worker`).
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Final

import pypdfium2
import zxingcpp
from PIL import Image, UnidentifiedImageError

from printing.boundary import read_bounded
from printing.failures import CertificateError, Failure
from printing.findings import Finding, ScannedCode, UnreadablePart
from printing.hc1 import MAX_HC1_CHARS, PREFIX
from workstation.protocol import MAX_DOCUMENT_BYTES

log = logging.getLogger(__name__)

MAX_INPUT_BYTES: Final = MAX_DOCUMENT_BYTES
#: A 12-megapixel phone photo fits three times over; a bomb does not.
MAX_IMAGE_PIXELS: Final = 40_000_000
MAX_PDF_PAGES: Final = 50
#: A certificate page carries one HC1 code; a picture with hundreds is not a certificate.
MAX_CODES_PER_IMAGE: Final = 8
#: 150 dpi resolves a 7 cm QR code at about 5 pixels per module; 300 dpi is the retry.
PDF_RENDER_DPI: Final = (150, 300)
_FORMATS: Final = zxingcpp.BarcodeFormats(
    [zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.Aztec]
)
#: PDFium is not thread-safe; the app verifies in worker threads, so one PDF at a time.
_PDFIUM: Final = threading.Lock()
_PDF_MAGIC: Final = b"%PDF-"
_IMAGE_MAGIC: Final = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


class _InputError(ValueError):
    pass


def scan_file(path: Path) -> list[Finding]:
    """The codes in a PDF, PNG/JPEG or HC1 text file, or `CertificateError` saying why none."""
    try:
        data = read_bounded(path, limit=MAX_INPUT_BYTES, error=_InputError)
    except _InputError as exc:
        raise CertificateError(Failure.FILE, str(exc)) from None
    return scan_bytes(data, source=str(path))


def scan_bytes(
    data: bytes, *, source: str, progress: Callable[[list[Finding]], None] | None = None
) -> list[Finding]:
    """As `scan_file`; `progress` is told each PDF page's findings as soon as they are known."""
    if data.startswith(_PDF_MAGIC):
        return scan_pdf(data, source=source, progress=progress)
    if data.startswith(_IMAGE_MAGIC):
        return [ScannedCode(source, text) for text in codes_in_picture(data)]
    text = _as_text(data)
    if text is None:
        raise CertificateError(Failure.FILE, "it is not a PDF, PNG, JPEG or HC1 text file")
    return [ScannedCode(source, text)]


def _as_text(data: bytes) -> str | None:
    if len(data) > MAX_HC1_CHARS + len(PREFIX) + 16:
        return None
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() else None


def scan_pdf(
    data: bytes, *, source: str, progress: Callable[[list[Finding]], None] | None = None
) -> list[Finding]:
    """Per page, its codes or why it has none; `CertificateError` if no page has a code."""
    with _PDFIUM:
        return _scan_pdf(data, source=source, progress=progress)


def _scan_pdf(
    data: bytes, *, source: str, progress: Callable[[list[Finding]], None] | None
) -> list[Finding]:
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise CertificateError(Failure.FILE, f"not a readable PDF ({exc})") from None
    try:
        pages = len(document)
        if pages == 0:
            raise CertificateError(Failure.FILE, "the PDF has no pages")
        checked = min(pages, MAX_PDF_PAGES)
        findings: list[Finding] = []
        for index in range(checked):
            page_findings = _page_findings(document, index, pages, source)
            findings += page_findings
            if progress is not None:
                progress(page_findings)
    finally:
        document.close()
    if not any(isinstance(f, ScannedCode) for f in findings):
        raise _nothing_found(findings, checked=checked, pages=pages)
    if checked < pages:
        findings.append(
            UnreadablePart(
                f"{source}#page={checked + 1}-{pages}",
                CertificateError(
                    Failure.PAGE_LIMIT,
                    f"the PDF has {pages} pages and only the first {checked} were checked; "
                    f"verify the rest as separate files of at most {MAX_PDF_PAGES} pages",
                ),
            )
        )
    return findings


def _nothing_found(findings: list[Finding], *, checked: int, pages: int) -> CertificateError:
    """No page has a code: one answer for the whole file rather than one per page."""
    broken = [
        f.problem
        for f in findings
        if isinstance(f, UnreadablePart) and f.problem.failure is not Failure.QR
    ]
    if broken and len(broken) == len(findings):
        return broken[0]  # no page could even be rendered
    if pages == 1:
        searched = "the PDF's one page"
    elif checked < pages:
        searched = f"the first {checked} of the PDF's {pages} pages"
    else:
        searched = f"all {pages} pages of the PDF"
    return CertificateError(Failure.QR, f"searched {searched}")


def _page_findings(
    document: pypdfium2.PdfDocument, index: int, pages: int, source: str
) -> list[Finding]:
    where = f"{source}#page={index + 1}"
    page = document[index]
    try:
        texts = _codes_on_page(page)
    except CertificateError as exc:
        return [UnreadablePart(where, exc)]
    finally:
        page.close()
    if not texts:
        problem = CertificateError(Failure.QR, f"page {index + 1} of {pages} has none")
        return [UnreadablePart(where, problem)]
    return [ScannedCode(where, text) for text in texts]


def _codes_on_page(page: pypdfium2.PdfPage) -> list[str]:
    width, height = page.get_size()  # points (1/72 inch)
    for dpi in PDF_RENDER_DPI:
        scale = dpi / 72
        pixels = width * height * scale * scale
        if pixels > MAX_IMAGE_PIXELS:
            scale *= (MAX_IMAGE_PIXELS / pixels) ** 0.5  # huge pages render at a bounded size
        try:
            image = page.render(scale=scale, grayscale=True).to_pil()
        except pypdfium2.PdfiumError as exc:
            raise CertificateError(Failure.FILE, f"a PDF page cannot be rendered ({exc})") from None
        texts = codes_in_image(image)
        if texts:
            return texts
    return []


def codes_in_picture(data: bytes) -> list[str]:
    """The codes in a PNG or JPEG, or `CertificateError` if it is unreadable or has none."""
    with warnings.catch_warnings():
        # Pillow warns above ~89 Mpx and refuses above twice that; treat both as refusals.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise CertificateError(
                        Failure.FILE,
                        f"the picture is {width}x{height} pixels, more than we accept "
                        f"({MAX_IMAGE_PIXELS:,})",
                    )
                image.load()
                texts = codes_in_image(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise CertificateError(Failure.FILE, "the picture is too large to open") from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise CertificateError(Failure.FILE, f"the picture cannot be read ({exc})") from None
    if not texts:
        raise CertificateError(Failure.QR, "searched the whole picture")
    return texts


def codes_in_image(image: Image.Image) -> list[str]:
    """Texts of the codes in an image, HC1 codes first (a page may carry other codes too)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent pixels would read as black; put the picture on white paper first.
        paper = Image.new("RGBA", image.size, "white")
        paper.alpha_composite(image.convert("RGBA"))
        image = paper
    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    texts = [b.text for b in zxingcpp.read_barcodes(image, formats=_FORMATS) if b.valid]
    hc1 = [t for t in texts if t.startswith(PREFIX)]
    return hc1[:MAX_CODES_PER_IMAGE] or texts[:1]
