"""Every page of a PDF is accounted for: a batch is never VALID after checking only part of it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from printing.certificate_pdf import certificate_pdf, certificates_pdf
from printing.failures import Failure
from printing.issuance import IssuedCertificate, issue
from printing.keys import DocumentSigner
from printing.scan import MAX_PDF_PAGES
from printing.trustlist import TrustList
from printing.verification import VerificationResult
from printing.verify import ExitCode, exit_code, verify
from tests.support.approved_cases import approved_case


@pytest.fixture(scope="module")
def issued(signer: DocumentSigner) -> IssuedCertificate:
    return issue(approved_case(), signer)


def pdf_of(*parts: bytes | None) -> bytes:
    """The pages of the given PDFs in order; None stands for a blank A4 page."""
    writer = PdfWriter()
    for part in parts:
        if part is None:
            writer.add_blank_page(width=595, height=842)
        else:
            writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def verified(pdf: bytes, tmp_path: Path, trust: TrustList) -> list[VerificationResult]:
    path = tmp_path / "batch.pdf"
    path.write_bytes(pdf)
    return verify([path], trust)


def test_one_certificate_gives_one_result(
    issued: IssuedCertificate, trust: TrustList, tmp_path: Path
) -> None:
    (result,) = verified(certificate_pdf(issued), tmp_path, trust)
    assert result.valid and result.source.endswith("batch.pdf#page=1")
    assert exit_code([result]) is ExitCode.VALID


def test_a_page_without_a_code_cannot_be_read(
    issued: IssuedCertificate, signer: DocumentSigner, trust: TrustList, tmp_path: Path
) -> None:
    second = issue(approved_case(serial=2), signer)
    pdf = pdf_of(certificate_pdf(issued), None, certificate_pdf(second))
    results = verified(pdf, tmp_path, trust)
    assert [r.source.rsplit("#", 1)[1] for r in results] == ["page=1", "page=2", "page=3"]
    assert results[0].valid and results[2].valid
    blank = results[1]
    assert blank.unreadable and blank.problems[0].failure is Failure.QR
    assert "page 2 of 3" in (blank.error or "")
    assert exit_code(results) is ExitCode.UNREADABLE


def test_a_pdf_without_any_code_is_one_unreadable_result(trust: TrustList, tmp_path: Path) -> None:
    (result,) = verified(pdf_of(None, None, None), tmp_path, trust)
    assert result.unreadable and result.source.endswith("batch.pdf")
    assert "searched all 3 pages" in (result.error or "")


def test_pages_beyond_the_limit_are_reported(
    issued: IssuedCertificate, trust: TrustList, tmp_path: Path
) -> None:
    page = certificate_pdf(issued)
    pages = MAX_PDF_PAGES + 5
    results = verified(pdf_of(*[page] * pages), tmp_path, trust)
    assert len(results) == MAX_PDF_PAGES + 1
    assert all(r.valid for r in results[:MAX_PDF_PAGES])
    rest = results[-1]
    assert rest.unreadable and rest.problems[0].failure is Failure.PAGE_LIMIT
    assert rest.source.endswith(f"#page={MAX_PDF_PAGES + 1}-{pages}")
    assert f"only the first {MAX_PDF_PAGES} were checked" in (rest.error or "")
    assert exit_code(results) is ExitCode.UNREADABLE


def test_a_batch_within_the_limit_is_fully_verified(
    signer: DocumentSigner, trust: TrustList, tmp_path: Path
) -> None:
    batch = [issue(approved_case(serial=n), signer) for n in (1, 2, 3)]
    results = verified(certificates_pdf(batch), tmp_path, trust)
    assert len(results) == 3 and all(r.valid for r in results)
    assert exit_code(results) is ExitCode.VALID
