"""The printed QR code survives real paper: error correction level Q, and large enough to scan.

Measured on the page as printed (the PDF rendered at 300 dpi, read by zxing-cpp),
not taken from the constants that drew it.
"""

from __future__ import annotations

import math
import random
import string
from typing import Final

import pypdfium2
import pytest
import zxingcpp

from printing.certificate_pdf import certificate_pdf
from printing.issuance import IssuedCertificate, issue
from printing.keys import DocumentSigner
from printing.qr import qr_matrix
from tests.support.approved_cases import approved_case
from workstation.protocol import CaseRecord

RENDER_DPI: Final = 300
CM_PER_INCH: Final = 2.54
#: The symbol (without its quiet zone) is at least this wide on paper.
MIN_SYMBOL_CM: Final = 6.0
#: At least 3 pixels per module in a 150 dpi scan (the verifier's first render), and half
#: again the 0.33 mm usually quoted for phone cameras, for worn or folded paper.
MIN_MODULE_MM: Final = 0.5


def longest_name(seed: int) -> str:
    """Eight random words of 9 letters (79 characters): zlib cannot shrink it, the code grows."""
    letters = random.Random(seed).choices(string.ascii_lowercase, k=72)
    return " ".join("".join(letters[i : i + 9]).capitalize() for i in range(0, 72, 9))


CASES: Final[dict[str, CaseRecord]] = {
    "usual": approved_case(),
    "longest names": approved_case(family=longest_name(1), given=longest_name(2)),
}


def printed_code(certificate: IssuedCertificate) -> zxingcpp.Barcode:
    document = pypdfium2.PdfDocument(certificate_pdf(certificate))
    try:
        picture = document[0].render(scale=RENDER_DPI / 72, grayscale=True).to_pil()
    finally:
        document.close()
    qr_only = zxingcpp.BarcodeFormats([zxingcpp.BarcodeFormat.QRCode])
    (code,) = zxingcpp.read_barcodes(picture, formats=qr_only)
    assert code.text == certificate.hc1
    return code


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_printed_code_has_error_correction_q(case: CaseRecord, signer: DocumentSigner) -> None:
    assert printed_code(issue(case, signer)).ec_level == "Q"


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_printed_code_is_large_enough(case: CaseRecord, signer: DocumentSigner) -> None:
    certificate = issue(case, signer)
    corners = printed_code(certificate).position
    # The symbol is upright on the page: its side is the distance between adjacent corners.
    sides_px = [
        math.dist((a.x, a.y), (b.x, b.y))
        for a, b in [
            (corners.top_left, corners.top_right),
            (corners.top_right, corners.bottom_right),
            (corners.bottom_right, corners.bottom_left),
            (corners.bottom_left, corners.top_left),
        ]
    ]
    side_cm = min(sides_px) / RENDER_DPI * CM_PER_INCH
    module_mm = side_cm * 10 / qr_matrix(certificate.hc1).size
    assert side_cm >= MIN_SYMBOL_CM, f"{side_cm:.2f} cm"
    assert module_mm >= MIN_MODULE_MM, f"{module_mm:.2f} mm"
