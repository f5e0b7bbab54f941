"""Document facts from real documents: demo lab reports (plain and edited), scripts, photos."""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Callable
from datetime import datetime

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import PDF, DocumentFacts, sniff_media_type
from review.analysis.limits import AnalysisLimits
from review.analysis.pdf_facts import _raw_script_marker
from server.demodata import DemoFault
from tests.support import hostile_documents as hostile
from tests.support.review_demo import DemoCase
from workstation.protocol import MAX_DOCUMENT_BYTES


def _pdfs(case: DemoCase) -> list[tuple[bytes, DocumentFacts]]:
    return [
        (case.files[ref.document_id], case.facts[ref.document_id])
        for ref in case.case.documents
        if ref.media_type == PDF
    ]


def test_limits_default_to_the_protocols_upload_limit() -> None:
    assert AnalysisLimits().max_bytes == MAX_DOCUMENT_BYTES


def test_a_demo_lab_report_gives_its_facts(demo_case: Callable[..., DemoCase]) -> None:
    case = demo_case(None, lambda c: bool(_pdfs(c)))
    data, facts = _pdfs(case)[0]
    holder = case.case.content.holder.name

    assert facts.error is None
    assert facts.sha256 == hashlib.sha256(data).hexdigest()
    assert facts.size == len(data)
    assert facts.media_type == PDF
    assert facts.page_count == 1
    assert facts.producer is not None and "ReportLab" in facts.producer
    assert facts.creator  # the laboratory system
    assert facts.created_at is not None and facts.created_at == facts.modified_at
    assert (facts.revisions, facts.incremental_updates) == (1, 0)
    assert facts.scripts == () and facts.attachments == () and not facts.encrypted
    assert facts.problems == ()
    assert holder.family in facts.pages[0].text
    assert case.case.content.travel_document.number in facts.pages[0].text


def test_an_edited_demo_report_shows_its_incremental_update(
    demo_case: Callable[..., DemoCase],
) -> None:
    case = demo_case(DemoFault.PDF_EDITED)
    edited = [facts for _, facts in _pdfs(case) if facts.incremental_updates]
    assert len(edited) == 1
    facts = edited[0]
    assert facts.error is None
    assert facts.revisions == 2 and facts.incremental_updates == 1
    assert facts.created_at is not None and facts.modified_at is not None
    assert facts.modified_at > facts.created_at
    assert facts.edited_after_creation
    assert facts.producer is not None and "ReportLab" not in facts.producer  # the editor's


def test_javascript_open_actions_and_attachments_are_found(analyser: DocumentAnalyser) -> None:
    facts = analyser.analyse(hostile.scripted_pdf())
    assert facts.error is None
    assert any("run when the document opens" in s for s in facts.scripts)
    assert any("document-level JavaScript" in s for s in facts.scripts)
    assert facts.attachments == ("invoice.exe",)


def _with_stream(content: bytes) -> bytes:
    """A one-page PDF whose page content stream holds `content` as it is (uncompressed)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_script_bytes_inside_a_stream_are_not_a_script(analyser: DocumentAnalyser) -> None:
    # Compressed fonts and images hold any byte sequence; "/JS (" turns up by chance.
    facts = analyser.analyse(_with_stream(b"BT /F1 12 Tf (x) Tj ET % /JS (not a key)\n"))
    assert facts.error is None and facts.scripts == ()


def test_the_raw_script_search_is_one_pass_over_a_hostile_file() -> None:
    # A million stream starts without an end once made this search quadratic (seconds per
    # hundred kilobytes); it must stay one pass, and still see a marker after a body.
    started = time.monotonic()
    assert not _raw_script_marker(b"%PDF-1.4\n" + b"stream\n" * 1_000_000)
    assert time.monotonic() - started < 2.0
    assert _raw_script_marker(b"stream\n/JS (x)\nendstream /JS (y)")
    assert not _raw_script_marker(b"stream\n/JS (x)\nendstream")


def test_a_script_marker_outside_streams_is_still_reported(analyser: DocumentAnalyser) -> None:
    # Outside stream bodies a script key is found: here one in the document's own syntax.
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/JS": "app.alert(1)"})
    out = io.BytesIO()
    writer.write(out)
    facts = analyser.analyse(out.getvalue())
    assert facts.scripts, "a /JS key outside any stream"


def test_a_photo_gives_its_exif_camera_date_and_software(analyser: DocumentAnalyser) -> None:
    data = hostile.photo(
        exif={0x010F: "Canon", 0x0110: "EOS 80D", 0x0131: "GIMP 2.10"},
        sub_ifd={0x9003: "2024:02:29 18:04:05", 0x9011: "+01:00"},
        size=(800, 600),
    )
    facts = analyser.analyse(data)
    assert facts.error is None and facts.media_type == "image/jpeg"
    assert facts.image is not None
    assert (facts.image.format, facts.image.width, facts.image.height) == ("JPEG", 800, 600)
    assert facts.image.camera == "Canon EOS 80D"
    assert facts.image.software == "GIMP 2.10"
    assert facts.image.taken_at == datetime.fromisoformat("2024-02-29T18:04:05+01:00")
    assert facts.pages == () and not facts.has_text


def test_a_demo_photo_of_a_report_is_read(demo_cases: list[DemoCase]) -> None:
    photos = [
        case.facts[ref.document_id]
        for case in demo_cases
        for ref in case.case.documents
        if ref.media_type == "image/jpeg"
    ]
    assert photos, "the demo data should hold photos of reports"
    for facts in photos:
        assert facts.error is None
        assert facts.image is not None and facts.image.format == "JPEG"
        assert facts.image.width > 0 and facts.image.height > 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", PDF),
        (b"junk before the header %PDF-1.4", PDF),
        (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\nrest", "image/png"),
        (b"GIF89a", None),
        (b"", None),
    ],
)
def test_the_media_type_is_sniffed_from_the_bytes(data: bytes, expected: str | None) -> None:
    assert sniff_media_type(data) == expected


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_encrypted_only_against_editing_is_read_and_flagged(
    analyser: DocumentAnalyser,
) -> None:
    facts = analyser.analyse(_encrypted(""))
    assert facts.error is None
    assert facts.encrypted and facts.page_count == 1


def test_a_password_protected_pdf_is_flagged_unreadable(analyser: DocumentAnalyser) -> None:
    facts = analyser.analyse(_encrypted("secret"))
    assert facts.encrypted
    assert facts.error == "the PDF is protected by a password, so its content cannot be read"
