"""`ui.clerk.qtprint`: PDF pages onto a QPrinter, cut into bands that never show a seam."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from printing.certificate_pdf import certificate_pdf, certificates_pdf
from printing.issuance import issue
from printing.keys import DocumentSigner, KeyStore
from printing.trustlist import TrustList
from printing.verify import verify
from tests.support.approved_cases import approved_case
from tests.support.clerk_ui import PASSPHRASE, TEST_KDF_ROUNDS
from ui.clerk.qtprint import PdfPrinter, PrintError, bands, render_pages


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[DocumentSigner, TrustList]:
    store = KeyStore(tmp_path_factory.mktemp("keys"), kdf_rounds=TEST_KDF_ROUNDS)
    store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    return store.signer(PASSPHRASE), store.trust_list()


def pdf_printer(path: Path, page: QPageSize.PageSizeId = QPageSize.PageSizeId.A4) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(page))
    return printer


def test_bands_cover_the_page_and_cut_only_through_blank_paper(
    keys: tuple[DocumentSigner, TrustList],
) -> None:
    (page,) = render_pages(certificate_pdf(issue(approved_case(), keys[0])), dpi=300)
    cuts = bands(page, rows=600)
    assert cuts[0][0] == 0 and cuts[-1][1] == page.height()
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cuts))  # contiguous
    white = page.pixel(0, 0)
    for _top, bottom in cuts[:-1]:
        for row in range(bottom - 3, bottom + 3):
            assert all(page.pixel(x, row) == white for x in range(0, page.width(), 3))
    assert max(bottom - top for top, bottom in cuts) <= 1200


def test_a_batch_on_letter_paper_is_scaled_to_fit_and_still_verifies(
    keys: tuple[DocumentSigner, TrustList], tmp_path: Path
) -> None:
    signer, trust = keys
    batch = certificates_pdf([issue(approved_case(serial=n), signer) for n in (1, 2)])
    out = tmp_path / "letter.pdf"
    printer = PdfPrinter(pdf_printer(out, QPageSize.PageSizeId.Letter))
    printer.begin()
    assert printer.print_pdf(batch) == 2
    printer.end()
    assert printer.pages == 2
    assert [r.valid for r in verify([out], trust)] == [True, True]


def test_what_cannot_be_printed_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PrintError, match="cannot be read"):
        render_pages(b"%PDF-1.7 not really", dpi=72)
    unwritable = PdfPrinter(pdf_printer(tmp_path / "no such folder" / "out.pdf"))
    with pytest.raises(PrintError, match="could not be opened"):
        unwritable.begin()
    with pytest.raises(PrintError, match="not been started"):
        unwritable.print_pdf(b"%PDF-1.7")
