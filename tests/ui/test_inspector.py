"""The document inspector with real demo documents and real facts from the sandboxed analyser."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextCursor, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QGraphicsView, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from review.analysis.analyser import DocumentAnalyser
from review.checks import Source, run_checks
from review.matching import MatchKind
from review.policy import packaged_policy
from server.demodata import DemoDeclaration, DemoFault
from tests.support.inspection import (
    inspected_case,
    pick,
    report_pdf,
    show,
    single_document,
)
from ui.common.labels import document_kind_label
from ui.common.operations import ErrorRoute, Pools
from ui.officer.inspector import DocumentInspector
from ui.officer.inspector.text_panel import COLOURS
from ui.shell.app import _register_cjk_font
from workstation.cases import StoredDocument

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _wheel(view: QAbstractScrollArea, notches: int, *, ctrl: bool) -> None:
    """Turn the mouse wheel over the middle of `view`, as a mouse would."""
    viewport = view.viewport()
    where = QPointF(viewport.rect().center())
    modifiers = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    event = QWheelEvent(
        where,
        viewport.mapToGlobal(where),
        QPoint(),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def _wait_for_highlights(qtbot: QtBot, inspector: DocumentInspector) -> None:
    qtbot.waitUntil(lambda: bool(inspector.text_panel.matches()), timeout=5000)


def test_a_pdf_report_shows_page_one_and_the_holders_name_highlighted(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    case = inspected_case(pick(declarations, None, "pdf"), analyser).leading("application/pdf")
    show(qtbot, inspector, case)
    document = case.documents[0]

    assert inspector.shown_part() is inspector.pdf_viewer
    assert inspector.pdf_viewer.current_page() == 1
    assert inspector.pdf_viewer.page_count() == 1
    assert inspector.selector.currentText() == (
        f"{document_kind_label(document.ref.kind)} · {document.ref.filename}"
    )
    assert inspector.facts_panel.value("SHA-256") == document.ref.sha256
    assert inspector.facts_panel.value("Producer")  # the lab system's name
    assert inspector.warning_signs() == ""

    _wait_for_highlights(qtbot, inspector)
    (matches,) = inspector.text_panel.matches()
    names = [m for m in matches if m.kind is MatchKind.HOLDER_NAME]
    assert names and all(m.agrees for m in names)
    assert not [m for m in matches if m.agrees is False]
    name = names[0]
    assert name.text.casefold() == case.content.holder.name.latin.casefold()
    # The name's characters carry the holder colour and a tooltip saying what it is.
    page_text = case.facts[document.ref.document_id].pages[0].text
    assert inspector.text_panel.select_span(1, (name.start, name.end))
    assert inspector.text_panel.selected_text() == page_text[name.start : name.end]
    cursor = QTextCursor(inspector.text_panel.editor.textCursor())
    cursor.setPosition(cursor.selectionEnd())
    assert cursor.charFormat().background().color() == COLOURS[MatchKind.HOLDER_NAME]
    assert "Holder&#x27;s name" in cursor.charFormat().toolTip()


def test_pages_and_zoom_follow_the_buttons_and_the_keyboard(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    content = pick(declarations, None, "pdf").submission.content
    case = single_document(report_pdf(content, pages=5), content, analyser)
    show(qtbot, inspector, case)
    viewer = inspector.pdf_viewer
    assert (viewer.page_count(), viewer.current_page()) == (5, 1)
    assert not viewer.previous_action.isEnabled()

    viewer.next_action.trigger()
    assert viewer.current_page() == 2
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    assert viewer.current_page() == 3
    qtbot.keyClick(viewer, Qt.Key.Key_PageUp)
    assert viewer.current_page() == 2
    viewer.go_to_page(5)
    assert viewer.current_page() == 5 and not viewer.next_action.isEnabled()
    viewer.go_to_page(99)  # clamped
    assert viewer.current_page() == 5

    assert viewer.fit_width_action.isChecked()
    fitted = viewer.zoom_percent()
    qtbot.keyClick(viewer, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_percent() > fitted and not viewer.fit_width_action.isChecked()
    zoomed = viewer.zoom_percent()
    qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_percent() < zoomed
    viewer.fit_page_action.trigger()
    assert viewer.fit_page_action.isChecked()
    assert viewer.zoom_percent() < fitted  # a whole A4 page is narrower than the view
    qtbot.keyClick(viewer, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.fit_width_action.isChecked() and viewer.zoom_percent() == fitted

    view = viewer.page_view
    _wheel(view, -1, ctrl=False)  # a plain turn scrolls the page
    assert viewer.zoom_percent() == fitted
    _wheel(view, 1, ctrl=True)
    assert viewer.zoom_percent() > fitted
    _wheel(view, -1, ctrl=True)
    assert viewer.zoom_percent() <= fitted


def test_an_edited_pdf_shows_its_incremental_update_as_a_warning_sign(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    case = inspected_case(pick(declarations, DemoFault.PDF_EDITED, "pdf"), analyser)
    case = case.leading("application/pdf")
    show(qtbot, inspector, case)  # still shown: an edit is a warning sign, not damage
    panel = inspector.facts_panel
    assert panel.value("Incremental updates") == "1"
    assert panel.value("Revisions") == "2"
    assert ("Edited after creation", "Yes") in panel.warnings()
    assert ("Incremental updates", "1") in panel.warnings()
    signs = inspector.warning_signs()
    assert "edited after creation" in signs and "incremental updates: 1" in signs


def test_a_photo_shows_and_rotates_and_zooms(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    case = inspected_case(pick(declarations, None, "jpg"), analyser).leading("image/jpeg")
    show(qtbot, inspector, case)
    viewer = inspector.image_viewer
    assert inspector.shown_part() is viewer and viewer.has_image()
    assert inspector.facts_panel.value("Format") == "JPEG"
    assert inspector.facts_panel.value("Camera")  # the demo photos carry EXIF
    # The photo's text as OCR read it (review/analysis/ocr.py), matched like a PDF's.
    assert case.content.holder.name.latin in inspector.text_panel.editor.toPlainText()

    fitted = viewer.zoom_percent()
    viewer.rotate_right()
    assert viewer.rotation == 90
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    assert viewer.rotation == 180
    qtbot.keyClick(viewer, Qt.Key.Key_L)
    qtbot.keyClick(viewer, Qt.Key.Key_L)
    assert viewer.rotation == 0
    viewer.zoom_in()
    assert viewer.zoom_percent() > fitted and not viewer.fit_action.isChecked()
    qtbot.keyClick(viewer, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.fit_action.isChecked() and viewer.zoom_percent() == fitted

    view = viewer.findChild(QGraphicsView)
    _wheel(view, 1, ctrl=False)
    assert viewer.zoom_percent() == fitted
    _wheel(view, -1, ctrl=True)
    assert viewer.zoom_percent() < fitted and not viewer.fit_action.isChecked()


def test_a_photo_decoded_late_does_not_replace_the_document_chosen_since(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    case = inspected_case(pick(declarations, None, "jpg", "pdf"), analyser)
    photo = next(i for i, d in enumerate(case.documents) if d.ref.media_type == "image/jpeg")
    report = next(i for i, d in enumerate(case.documents) if d.ref.media_type == "application/pdf")
    inspector.show_case(case.documents, case.facts, case.content)
    inspector.selector.setCurrentIndex(photo)  # the photo starts decoding ...
    with qtbot.waitSignal(inspector.first_page_rendered, timeout=5000):
        inspector.selector.setCurrentIndex(report)  # ... and the officer moves on
    qtbot.wait(50)  # let any late decoding result arrive
    assert inspector.shown_part() is inspector.pdf_viewer
    assert inspector.current_document() == case.documents[report].ref.document_id


def test_evidence_from_the_identity_check_selects_its_text(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    inspected = inspected_case(pick(declarations, DemoFault.WRONG_NAME, "pdf"), analyser)
    assert inspected.case is not None
    results = run_checks(inspected.case, inspected.facts, packaged_policy(inspected.case.mission))
    evidence = next(
        e
        for result in results
        if result.check == "identity_in_report"
        for e in result.evidence
        if e.source is Source.DOCUMENT and e.span is not None
    )
    assert evidence.document_id is not None and evidence.page is not None
    assert evidence.span is not None
    with qtbot.waitSignal(inspector.first_page_rendered, timeout=5000):
        inspector.show_case(inspected.documents, inspected.facts, inspected.content)
    inspector.facts_panel.setFocus()

    assert inspector.show_evidence(evidence.document_id, evidence.page, evidence.span)
    start, end = evidence.span
    expected = inspected.facts[evidence.document_id].pages[evidence.page - 1].text[start:end]
    assert inspector.text_panel.selected_text() == expected
    assert inspector.text_panel.isVisible()  # the Text tab was brought forward
    assert inspector.pdf_viewer.current_page() == evidence.page
    _wait_for_highlights(qtbot, inspector)
    contradictions = [
        m for page in inspector.text_panel.matches() for m in page if m.agrees is False
    ]
    assert any(m.kind is MatchKind.OTHER_NAME for m in contradictions)


def test_a_document_not_downloaded_yet_is_shown_once_it_arrives(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    case = inspected_case(pick(declarations, None, "pdf"), analyser).leading("application/pdf")
    arrived = case.documents[0]
    waiting = StoredDocument(ref=arrived.ref, content=None)
    inspector.show_case([waiting], {}, case.content)
    assert inspector.shown_part() is inspector.notice
    assert inspector.notice.title == "Not downloaded yet"
    assert inspector.selector.currentText().endswith("(not downloaded yet)")

    # Downloaded and analysed, the case comes back (what the officer's workspace does then).
    with qtbot.waitSignal(inspector.first_page_rendered, timeout=5000):
        inspector.show_case([arrived], case.facts, case.content)
    assert inspector.shown_part() is inspector.pdf_viewer
    assert not inspector.selector.currentText().endswith("(not downloaded yet)")


def test_the_chosen_document_stays_chosen_when_the_case_comes_back_analysed(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    case = inspected_case(pick(declarations, None, "jpg", "pdf"), analyser)
    case = case.leading("image/jpeg")
    inspector.show_case(case.documents, {}, case.content)  # as opened, before the analysis
    assert inspector.notice.title == "Not checked yet"
    inspector.selector.setCurrentIndex(1)
    chosen = case.documents[1].ref.document_id
    with qtbot.waitSignal(inspector.first_page_rendered, timeout=5000) as shown:
        inspector.show_case(case.documents, case.facts, case.content)  # analysed
    assert shown.args == [chosen] and inspector.current_document() == chosen


def test_a_case_opened_in_a_hidden_tab_paints_its_first_page_when_the_tab_is_shown(
    qtbot: QtBot,
    pools: Pools,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    # As in the review workspace: the inspector sits behind the Declaration tab.
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "Declaration")
    inspector = DocumentInspector(pools=pools, errors=ErrorRoute())
    tabs.addTab(inspector, "Documents")
    tabs.resize(1000, 700)
    tabs.show()
    qtbot.waitExposed(tabs)
    case = inspected_case(pick(declarations, None, "pdf"), analyser).leading("application/pdf")
    with qtbot.assertNotEmitted(inspector.first_page_rendered, wait=100):
        inspector.show_case(case.documents, case.facts, case.content)
    with qtbot.waitSignal(inspector.first_page_rendered, timeout=5000):
        tabs.setCurrentWidget(inspector)
    page = inspector.pdf_viewer.grab().toImage()
    # The white page is there (the view's background is dark grey; the page fills the width,
    # its coloured letterhead at the top) ...
    lower = [
        page.pixelColor(x, y).lightness()
        for x in range(0, page.width(), 8)
        for y in range(page.height() // 2, page.height(), 8)
    ]
    assert sum(light > 200 for light in lower) > len(lower) // 2
    assert any(  # ... with the report's ink on it
        page.pixelColor(x, y).lightness() < 128
        for x in range(0, page.width(), 4)
        for y in range(60, page.height() // 2, 4)
    )


def test_screenshots_of_a_report_its_facts_a_photo_and_a_damaged_file(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    _register_cjk_font(app)  # Chinese names render as in the application
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tabs = inspector.findChild(QTabWidget)
    assert tabs is not None

    edited = inspected_case(pick(declarations, DemoFault.PDF_EDITED, "pdf"), analyser)
    show(qtbot, inspector, edited.leading("application/pdf"))
    _wait_for_highlights(qtbot, inspector)
    _save(inspector, "inspector_pdf.png")
    tabs.setCurrentWidget(inspector.facts_panel)
    _save(inspector, "inspector_pdf_facts.png")
    tabs.setCurrentWidget(inspector.text_panel)

    wrong_name = inspected_case(pick(declarations, DemoFault.WRONG_NAME, "pdf"), analyser)
    show(qtbot, inspector, wrong_name.leading("application/pdf"))
    _wait_for_highlights(qtbot, inspector)
    _save(inspector, "inspector_contradiction.png")

    photo = inspected_case(pick(declarations, None, "jpg"), analyser)
    show(qtbot, inspector, photo.leading("image/jpeg"))
    assert tabs.currentWidget() is inspector.text_panel  # OCR read the photo's text
    _save(inspector, "inspector_photo.png")

    clean = inspected_case(pick(declarations, None, "pdf"), analyser).leading("application/pdf")
    report = clean.documents[0].content
    assert report is not None
    damaged = single_document(report[: len(report) // 2], clean.content, analyser)
    inspector.show_case(damaged.documents, damaged.facts, damaged.content)
    assert inspector.shown_part() is inspector.notice
    _save(inspector, "inspector_damaged.png")


def _save(inspector: DocumentInspector, name: str) -> None:
    path = SCREENSHOTS / name
    assert inspector.grab().save(str(path))
    assert path.stat().st_size > 10_000
