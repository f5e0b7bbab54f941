"""Hostile documents and hostile text: the inspector says what is wrong and stays usable."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from review.analysis.admission import Refusal, Viewer, admit
from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import PageText
from review.analysis.limits import AnalysisLimits
from review.analysis.page_images import PageRenderer
from review.matching import highlights
from server.demodata import DemoDeclaration
from tests.support import hostile_documents as hostile
from tests.support.declarations import pdf_bytes
from tests.support.inspection import inspected_case, pick, report_pdf, show, single_document
from ui.officer.inspector import DocumentInspector
from ui.officer.inspector.decoding import ImageRefused, decode_image
from ui.officer.inspector.notice import Severity
from ui.officer.inspector.text_panel import MAX_HIGHLIGHTS, TextPanel
from workstation.cases import StoredDocument

ROOT = Path(__file__).resolve().parents[2]
FORM_BOMB = ROOT / "tests" / "corpus" / "hostile" / "pdf-page-two-form-bomb.pdf"


def _corrupt_pdf(report: bytes) -> bytes:
    return b"%PDF-1.7\n" + os.urandom(4096)


def _truncated_pdf(report: bytes) -> bytes:
    return report[: len(report) // 2]


def _bomb_png(report: bytes) -> bytes:
    return hostile.png(30_000, 30_000)  # 900 million pixels in about 100 KB


@pytest.mark.parametrize(
    ("make", "filename", "title"),
    [
        (_corrupt_pdf, "report.pdf", "This document cannot be shown"),
        (_truncated_pdf, "report.pdf", "This document cannot be shown"),
        (_bomb_png, "photo.png", "This document cannot be shown"),
    ],
    ids=["corrupt-pdf", "truncated-pdf", "decompression-bomb-png"],
)
def test_a_hostile_document_shows_an_error_and_the_inspector_stays_usable(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
    make: Callable[[bytes], bytes],
    filename: str,
    title: str,
) -> None:
    good = inspected_case(pick(declarations, None, "pdf"), analyser).leading("application/pdf")
    assert good.documents[0].content is not None
    bad = single_document(
        make(good.documents[0].content), good.content, analyser, filename=filename
    )
    error = bad.facts[bad.documents[0].ref.document_id].error
    assert error is not None

    inspector.show_case(bad.documents, bad.facts, bad.content)  # decided at once, nothing parsed
    assert inspector.shown_part() is inspector.notice
    assert inspector.notice.severity is Severity.ERROR
    assert inspector.notice.title == title
    assert error in inspector.notice.details
    assert ("Unreadable", error) in inspector.facts_panel.warnings()
    assert inspector.pdf_viewer.page_count() == 0 and not inspector.image_viewer.has_image()

    show(qtbot, inspector, good)  # the next case opens as usual
    assert inspector.shown_part() is inspector.pdf_viewer


@pytest.fixture(scope="module")
def renderer() -> Iterator[PageRenderer]:
    with_process = PageRenderer()
    yield with_process
    with_process.close()


def test_the_photo_is_decoded_in_the_sandbox_and_a_bomb_refused_there(
    renderer: PageRenderer,
) -> None:
    # Should bytes ever reach the viewer without a clean analysis, the sandbox refuses them.
    with pytest.raises(ImageRefused, match=r"could not be shown safely.*pixels"):
        decode_image(hostile.png(30_000, 30_000), renderer=renderer)
    photo = hostile.photo(exif={}, sub_ifd={}, size=(64, 48))
    assert decode_image(photo, renderer=renderer).size() == QSize(64, 48)


def test_a_phone_photo_turned_by_its_exif_orientation_is_decoded_upright(
    renderer: PageRenderer,
) -> None:
    image = Image.new("RGB", (400, 300), (200, 180, 150))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view", as phones write it
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    # The analysis reads the stored (landscape) size; the viewer shows it upright.
    shown = decode_image(out.getvalue(), renderer=renderer)
    assert shown.size() == QSize(300, 400)


def _resident_kib() -> int:
    """This process's resident memory now (VmRSS), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


def test_the_page_two_form_bomb_is_drawn_only_in_the_sandbox_and_its_page_refused(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    # Issue 12: page 1 is an ordinary report; page 2 draws a form 16 times, 8 deep.
    content = pick(declarations, None, "pdf").submission.content
    case = single_document(FORM_BOMB.read_bytes(), content, analyser)
    facts = case.facts[case.documents[0].ref.document_id]
    assert facts.error is None and facts.problems == () and facts.page_count == 2  # admitted

    resident = [_resident_kib()]
    started = time.monotonic()
    show(qtbot, inspector, case)
    viewer = inspector.pdf_viewer
    assert inspector.shown_part() is viewer and viewer.page_count() == 2
    first = viewer.page_image(1)
    assert first is not None and first.width() > 1000  # page 1, as the sandbox drew it

    viewer.go_to_page(2)

    def refused() -> bool:
        resident.append(_resident_kib())
        return viewer.page_refusal(2) is not None

    qtbot.waitUntil(refused, timeout=5000)
    elapsed = time.monotonic() - started
    resident.append(_resident_kib())
    growth_mib = (max(resident) - resident[0]) / 1024
    print(f"form bomb: page 2 refused after {elapsed:.2f} s; officer RSS +{growth_mib:.0f} MiB")
    assert elapsed < 5.0
    assert growth_mib < 100, resident  # QtPdf drawing it here passed 4 GB
    reason = viewer.page_refusal(2)
    assert reason is not None and "memory" in reason
    caption = viewer.page_caption(2)
    assert caption.startswith("This page could not be shown safely.") and reason in caption
    assert viewer.page_image(2) is None

    # The rest of the document stays usable.
    viewer.go_to_page(1)
    assert viewer.current_page() == 1 and viewer.page_image(1) is not None
    assert "Quality control" in inspector.text_panel.editor.toPlainText()


def test_the_officers_inspector_does_not_load_qtpdf() -> None:
    # Untrusted PDFs are drawn in the sandbox; QtPdf stays for our own certificates only.
    probe = (
        "import sys, ui.officer.inspector, ui.officer.workspace; "
        "loaded = [m for m in sys.modules if m.startswith('PySide6.QtPdf')]; "
        "sys.exit(1 if loaded else 0)"
    )
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=environment, cwd=ROOT, check=False, timeout=60
    )
    assert done.returncode == 0


def test_a_pdf_with_scripts_and_attachments_is_shown_with_warning_signs(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    content = pick(declarations, None, "pdf").submission.content
    case = single_document(hostile.scripted_pdf(), content, analyser)
    show(qtbot, inspector, case)  # QtPdf runs no JavaScript and opens no attachment
    signs = inspector.warning_signs()
    assert "JavaScript" in signs and "embedded files: 1" in signs
    flagged = dict(inspector.facts_panel.warnings())
    assert "invoice.exe" in flagged["Attachments"]
    assert "run when the document opens" in flagged["JavaScript"]


def _pdf_with_markup() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("<b>HTML</b> <img src=x>"))))
    writer.add_metadata({"/Producer": "<i>Producer</i><img src=x>", "/Creator": "<a href=x>y</a>"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_markup_in_a_document_and_its_file_name_is_shown_literally(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    content = pick(declarations, None, "pdf").submission.content
    case = single_document(_pdf_with_markup(), content, analyser, filename="<b>lab</b>.pdf")
    show(qtbot, inspector, case)

    assert "<b>HTML</b> <img src=x>" in inspector.text_panel.editor.toPlainText()
    assert inspector.facts_panel.value("Producer") == "<i>Producer</i><img src=x>"
    assert inspector.facts_panel.value("File name") == "<b>lab</b>.pdf"
    assert inspector.selector.currentText().endswith("<b>lab</b>.pdf")
    tooltip = inspector.selector.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;lab&lt;/b&gt;" in tooltip and "<b>lab" not in tooltip
    # Every label the inspector shows is plain text, whatever it says.
    labels = inspector.findChildren(QLabel)
    assert labels and all(label.textFormat() is Qt.TextFormat.PlainText for label in labels)


def test_a_text_crafted_to_match_everywhere_is_highlighted_only_up_to_the_limit(
    qtbot: QtBot, declarations: list[DemoDeclaration]
) -> None:
    content = pick(declarations, None, "pdf").submission.content
    line = "Sample collected: 2024-02-29 14:02 UTC Result: Negative / Not detected\n"
    pages = [PageText(number, line * 300) for number in (1, 2)]
    found = tuple(highlights(page.text, content) for page in pages)
    assert sum(map(len, found)) > MAX_HIGHLIGHTS
    panel = TextPanel()
    qtbot.addWidget(panel)
    panel.show_pages(pages, truncated=False, empty_note="")
    panel.show_highlights(found)
    skipped = sum(map(len, found)) - MAX_HIGHLIGHTS
    assert f"{skipped} more were not highlighted (limit)" in panel.summary()


def test_a_document_is_handed_to_a_viewer_only_after_a_clean_analysis(
    declarations: list[DemoDeclaration], analyser: DocumentAnalyser
) -> None:
    case = inspected_case(pick(declarations, None, "pdf", "jpg"), analyser)
    limits = AnalysisLimits()
    report = case.leading("application/pdf").documents[0]
    photo = case.leading("image/jpeg").documents[0]
    report_facts = case.facts[report.ref.document_id]
    photo_facts = case.facts[photo.ref.document_id]

    assert admit(report, report_facts, limits=limits).viewer is Viewer.PDF
    assert admit(photo, photo_facts, limits=limits).viewer is Viewer.IMAGE
    refusals = {
        "not downloaded": admit(
            StoredDocument(ref=report.ref, content=None), report_facts, limits=limits
        ),
        "not analysed": admit(report, None, limits=limits),
        "other bytes": admit(report, photo_facts, limits=limits),
        "damaged": admit(
            report, dataclasses.replace(report_facts, problems=("cut short",)), limits=limits
        ),
        "too many pages": admit(
            report, dataclasses.replace(report_facts, page_count=51), limits=limits
        ),
        "too many pixels": admit(photo, photo_facts, limits=AnalysisLimits(max_pixels=1000)),
        "unknown type": admit(
            report, dataclasses.replace(report_facts, media_type=None), limits=limits
        ),
    }
    assert {name: a.refusal for name, a in refusals.items()} == {
        "not downloaded": Refusal.NOT_DOWNLOADED,
        "not analysed": Refusal.NOT_ANALYSED,
        "other bytes": Refusal.MISMATCH,
        "damaged": Refusal.DAMAGED,
        "too many pages": Refusal.TOO_LARGE,
        "too many pixels": Refusal.TOO_LARGE,
        "unknown type": Refusal.UNSUPPORTED,
    }
    assert all(a.viewer is None for a in refusals.values())


def test_a_long_report_keeps_only_the_pages_near_the_one_read_as_pictures(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    # 40 scanned pages: holding every drawn page would cost the officer's process 440 MB.
    scans = ROOT / "tests" / "corpus" / "hostile" / "ocr-pdf-many-scanned-pages.pdf"
    content = pick(declarations, None, "pdf").submission.content
    case = single_document(scans.read_bytes(), content, analyser)
    show(qtbot, inspector, case)
    viewer = inspector.pdf_viewer
    assert viewer.page_count() == 40
    for page in range(2, 41):
        viewer.go_to_page(page)
        qtbot.waitUntil(lambda: viewer.page_image(viewer.current_page()) is not None, timeout=5000)
    held = [n for n in range(1, 41) if viewer.page_image(n) is not None]
    assert 40 in held and len(held) <= 8 and viewer.page_image(1) is None
    viewer.go_to_page(1)  # drawn again from the renderer's cache
    qtbot.waitUntil(lambda: viewer.page_image(1) is not None, timeout=2000)


def test_leaving_a_page_the_sandbox_is_still_drawing_does_not_hold_up_the_officer(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    content = pick(declarations, None, "pdf").submission.content
    bomb = single_document(FORM_BOMB.read_bytes(), content, analyser)
    other = single_document(report_pdf(content, pages=2), content, analyser)
    show(qtbot, inspector, bomb)
    inspector.pdf_viewer.go_to_page(2)  # the sandbox spends about a second refusing it
    started = time.monotonic()
    inspector.show_case(other.documents, other.facts, other.content)
    assert time.monotonic() - started < 0.3  # the GUI thread did not wait for the sandbox
    qtbot.waitUntil(lambda: inspector.pdf_viewer.page_image(1) is not None, timeout=5000)
