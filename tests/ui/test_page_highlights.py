"""Evidence first, on the page (issue 10 item 3, issue 11 item 4): what a report states is
marked over the page or photo the officer reads, contradictions in red, and a check or a
declared field leads to the place where the document says it.

Real demo documents analysed in the sandbox, real checks; the workspace tests run against
the real reference server."""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable, Iterator

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import Quad
from review.checks import CheckResult, run_checks
from review.marks import Mark, Tone
from review.matching import DeclaredField, MatchKind
from review.policy import packaged_policy
from server.demodata import DemoDeclaration, DemoFault
from server.harness import ReferenceServerProcess
from tests.support.declarations import Upload, build_declaration, manifest_entry, submit
from tests.support.inspection import (
    InspectedCase,
    inspected_case,
    pick,
    report_pdf,
    single_document,
)
from tests.support.officer_ui import open_window
from tests.ui.conftest import MISSION, OpenServices
from ui.officer.checks_panel import RESULT_ROLE
from ui.officer.inspector import DocumentInspector
from ui.officer.inspector.page_marks import FLASH_MS
from ui.officer.workspace import ReviewWorkspace
from workstation.client import CentralClient
from workstation.domain import CaseStatus, DocumentKind

TIMEOUT = 30_000
Tint = Callable[[QColor], bool]


def _green(colour: QColor) -> bool:
    return colour.green() - colour.red() > 15 and colour.green() - colour.blue() > 10


def _red(colour: QColor) -> bool:
    return colour.red() - colour.green() > 40 and colour.red() - colour.blue() > 40


def _share(image: QImage, rect: QRect, wanted: Tint) -> float:
    """The share of `image`'s pixels inside `rect` whose colour is `wanted`."""
    rect = rect.intersected(image.rect())
    if rect.isEmpty():
        return 0.0
    hits = sum(
        wanted(image.pixelColor(x, y))
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    )
    return hits / (rect.width() * rect.height())


def _dark(colour: QColor) -> bool:
    return colour.lightness() < 110


def _checked(case: InspectedCase) -> list[CheckResult]:
    assert case.case is not None
    return run_checks(case.case, case.facts, packaged_policy(case.case.mission))


def _show_checked(qtbot: QtBot, inspector: DocumentInspector, case: InspectedCase) -> None:
    """`show_case` with the checks' results; wait until the page is painted with its marks."""
    with qtbot.waitSignal(inspector.marks_painted, timeout=TIMEOUT) as painted:
        inspector.show_case(case.documents, case.facts, case.content, results=_checked(case))
    assert painted.args == [case.documents[0].ref.document_id]


def _mark(inspector: DocumentInspector, case: InspectedCase, kind: MatchKind) -> Mark:
    marks = inspector.marks(case.documents[0].ref.document_id)
    assert marks is not None
    return next(m for m in marks.all() if m.kind is kind)


def _pdf_pixels(
    qtbot: QtBot, inspector: DocumentInspector, mark: Mark
) -> tuple[QImage, QRect, QRect]:
    """The page view as painted with `mark` in view, where the mark is in it (viewport
    pixels), and where it is on the page's own picture (its pixels)."""
    viewer = inspector.pdf_viewer
    viewer.reveal(mark.page, mark.quads)
    qtbot.wait(FLASH_MS + 100)  # the selection's outline stops blinking
    in_column = viewer.view_rect(mark.page, mark.quads)
    visible = viewer.visible_rect()
    assert visible.contains(in_column), "revealed, the mark is in view"
    in_view = in_column.translated(-visible.topLeft())
    page = viewer.page_rect(mark.page)
    picture = viewer.page_image(mark.page)
    assert picture is not None
    scale = picture.width() / page.width()
    on_picture = QRectF(
        (in_column.left() - page.left()) * scale,
        (in_column.top() - page.top()) * scale,
        in_column.width() * scale,
        in_column.height() * scale,
    ).toAlignedRect()
    return viewer.page_view.viewport().grab().toImage(), in_view, on_picture


def _inside(rect: QRect) -> QRect:
    """`rect` without its outline (the mark's edge and the selection ring)."""
    return rect.adjusted(2, 2, -2, -2)


def test_a_pdf_reports_facts_are_marked_on_the_page_where_it_prints_them(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    case = inspected_case(pick(declarations, None, "pdf"), analyser).leading("application/pdf")
    _show_checked(qtbot, inspector, case)
    number = _mark(inspector, case, MatchKind.DOCUMENT_NUMBER)
    assert number.tone is Tone.AGREES and number.placed
    assert number.text == case.content.travel_document.number

    painted, in_view, on_picture = _pdf_pixels(qtbot, inspector, number)
    picture = inspector.pdf_viewer.page_image(number.page)
    assert picture is not None
    assert _share(picture, on_picture, _dark) > 0.05  # the number's ink is under the mark
    assert _share(painted, _inside(in_view), _green) > 0.5  # tinted green over it
    # Drawn without marks, the same place is not green: the tint is the mark's.
    inspector.pdf_viewer.set_marks(None)
    inspector.pdf_viewer.reveal(1, ())
    inspector.pdf_viewer.reveal(number.page, number.quads)
    qtbot.wait(FLASH_MS + 100)
    bare = inspector.pdf_viewer.page_view.viewport().grab().toImage()
    assert _share(bare, _inside(in_view), _green) < 0.05


def test_a_contradicted_fact_is_red_on_the_page(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    wrong = pick(declarations, DemoFault.WRONG_DOCUMENT_NUMBER, "pdf")
    case = inspected_case(wrong, analyser).leading("application/pdf")
    _show_checked(qtbot, inspector, case)
    other = _mark(inspector, case, MatchKind.OTHER_NUMBER)
    assert other.tone is Tone.CONTRADICTS and other.placed

    painted, in_view, on_picture = _pdf_pixels(qtbot, inspector, other)
    picture = inspector.pdf_viewer.page_image(other.page)
    assert picture is not None
    assert _share(picture, on_picture, _dark) > 0.05
    assert _share(painted, _inside(in_view), _red) > 0.5
    assert _share(painted, _inside(in_view), _green) < 0.05
    # The holder's name beside it still agrees: green, not red.
    name = _mark(inspector, case, MatchKind.HOLDER_NAME)
    painted, in_view, _ = _pdf_pixels(qtbot, inspector, name)
    assert _share(painted, _inside(in_view), _green) > 0.5
    # And the text below the page says the same.
    assert "contradicting the declaration" in inspector.text_panel.summary()


def test_a_photos_facts_are_marked_on_the_photo_where_ocr_read_them(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    case = inspected_case(pick(declarations, None, "jpg"), analyser).leading("image/jpeg")
    _show_checked(qtbot, inspector, case)
    assert inspector.shown_part() is inspector.image_viewer
    viewer = inspector.image_viewer
    marks = inspector.marks(case.documents[0].ref.document_id)
    assert marks is not None
    name = marks.where(DeclaredField.HOLDER_NAME)
    assert name is not None and name.placed and name.tone is Tone.AGREES

    viewer.reveal(name.quads)
    qtbot.wait(FLASH_MS + 100)
    on_picture = viewer.picture_rect(name.quads).toAlignedRect()
    assert _share(viewer.picture(), on_picture, _dark) > 0.03  # the name's ink is under it
    painted = viewer.view.viewport().grab().toImage()
    in_view = viewer.view_rect(name.quads)
    assert painted.rect().contains(in_view)
    assert _share(painted, _inside(in_view), _green) > 0.3
    # Zoomed in, the mark grows with the photo and stays on the name.
    size, zoom = max(in_view.width(), in_view.height()), viewer.zoom_percent()
    for _ in range(3):
        viewer.zoom_in()
    viewer.reveal(name.quads)
    qtbot.wait(FLASH_MS + 100)
    zoomed = viewer.view_rect(name.quads)
    grown = max(zoomed.width(), zoomed.height()) / size
    assert grown == pytest.approx(viewer.zoom_percent() / zoom, rel=0.1) and grown > 1.2
    assert _share(viewer.view.viewport().grab().toImage(), _inside(zoomed), _green) > 0.3


def _portrait(jpeg: bytes) -> bool:
    """A photo of the sheet upright (some demo photos are of a sheet lying sideways)."""
    with Image.open(io.BytesIO(jpeg)) as opened:
        return bool(opened.height > opened.width)


def _as_phone_stores_it(jpeg: bytes) -> bytes:
    """The photo as a phone held sideways stores it: pixels a quarter turn left, and the
    EXIF orientation 6 ("turn a quarter right to view") that the viewer applies."""
    with Image.open(io.BytesIO(jpeg)) as opened:
        stored = opened.convert("RGB").transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    stored.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def test_marks_on_a_photo_stored_sideways_turn_with_it(
    qtbot: QtBot,
    inspector: DocumentInspector,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> None:
    declaration, upright = next(
        (d, data)
        for d in declarations
        if d.fault is None
        for name, data in d.files.items()
        if name.endswith(".jpg") and _portrait(data)
    )
    content = declaration.submission.content
    case = single_document(_as_phone_stores_it(upright), content, analyser, filename="IMG_0001.jpg")
    facts = case.facts[case.documents[0].ref.document_id]
    assert facts.image is not None and facts.image.orientation == 6
    with qtbot.waitSignal(inspector.marks_painted, timeout=TIMEOUT):
        inspector.show_case(case.documents, case.facts, case.content)
    viewer = inspector.image_viewer
    picture = viewer.picture()
    assert picture.width() < picture.height()  # shown upright, as the report was written
    marks = inspector.marks(case.documents[0].ref.document_id)
    name = marks.where(DeclaredField.HOLDER_NAME) if marks is not None else None
    assert name is not None and name.placed
    on_picture = viewer.picture_rect(name.quads)
    assert on_picture.width() > 2 * on_picture.height()  # a line of text, across the page
    assert _share(picture, on_picture.toAlignedRect(), _dark) > 0.03
    viewer.reveal(name.quads)
    qtbot.wait(FLASH_MS + 100)
    in_view = viewer.view_rect(name.quads)
    assert _share(viewer.view.viewport().grab().toImage(), _inside(in_view), _green) > 0.3


# -- in the officer's workspace, against the real reference server ------------------------------

NUMBER_IN_REPORT = "G" + "".join(secrets.choice("0123456789") for _ in range(8))


def _report_saying_it_on_page_three(upload: Upload) -> bytes:
    """The declaration's report, made out to another document number, whose identity page
    comes third (after the method and quality-control pages)."""
    content = upload.submission.content
    other = content.travel_document.model_copy(update={"number": NUMBER_IN_REPORT})
    pdf = report_pdf(content.model_copy(update={"travel_document": other}), pages=3)
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for index in (1, 2, 0):
        writer.add_page(reader.pages[index])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def case_on_page_three(central: ReferenceServerProcess) -> Iterator[str]:
    upload = build_declaration(mission=MISSION, family="Zhang", given="Wei")
    pdf = _report_saying_it_on_page_three(upload)
    manifest = [manifest_entry("report.pdf", pdf, DocumentKind.COMBINED_REPORT)]
    submission = upload.submission.model_copy(update={"documents": manifest})
    reply = submit(central.url, Upload(submission=submission, files={"report.pdf": pdf}))
    reply.raise_for_status()
    yield str(reply.json()["case_id"])
    officer = central.user("officer", MISSION)  # give back anything claimed meanwhile
    client = CentralClient(central.url)
    try:
        client.login(officer.username, officer.password)
        record = client.case(reply.json()["case_id"])
        if record.status is CaseStatus.IN_REVIEW:
            client.release(record.case_id)
    finally:
        client.close()


def _opened(qtbot: QtBot, open_signed_in: OpenServices, case_id: str) -> ReviewWorkspace:
    window = open_window(qtbot, open_signed_in("officer"))
    window.resize(1366, 768)
    workspace = window.workspace
    assert isinstance(workspace, ReviewWorkspace)
    with qtbot.waitSignal(workspace.inspector.marks_painted, timeout=TIMEOUT):
        assert workspace.queue.select_case(case_id)
    qtbot.waitUntil(lambda: workspace.checks.topLevelItemCount() >= 5, timeout=TIMEOUT)
    return workspace


def _check_item(workspace: ReviewWorkspace, check: str) -> QTreeWidgetItem:
    for index in range(workspace.checks.topLevelItemCount()):
        item = workspace.checks.topLevelItem(index)
        result = item.data(0, RESULT_ROLE) if item is not None else None
        if item is not None and isinstance(result, CheckResult) and result.check == check:
            return item
    raise AssertionError(f"no {check} in the checks panel")


def _revealed_number(qtbot: QtBot, workspace: ReviewWorkspace) -> tuple[int, tuple[Quad, ...]]:
    viewer = workspace.inspector.pdf_viewer
    qtbot.waitUntil(lambda: viewer.selected() is not None, timeout=TIMEOUT)
    selected = viewer.selected()
    assert selected is not None
    page, quads = selected
    assert viewer.current_page() == page and quads
    assert viewer.visible_rect().contains(viewer.view_rect(page, quads))
    return page, quads


def test_clicking_a_check_moves_the_view_to_the_page_that_says_it(
    qtbot: QtBot, open_signed_in: OpenServices, case_on_page_three: str
) -> None:
    workspace = _opened(qtbot, open_signed_in, case_on_page_three)
    viewer = workspace.inspector.pdf_viewer
    assert viewer.page_count() == 3 and viewer.current_page() == 1
    item = _check_item(workspace, "identity_in_report")
    workspace.checks.scrollToItem(item)
    rect = workspace.checks.visualItemRect(item)
    assert workspace.checks.viewport().rect().contains(rect.center())
    QTest.mouseClick(
        workspace.checks.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        rect.center(),
    )

    page, quads = _revealed_number(qtbot, workspace)
    assert page == 3
    document_id = workspace.inspector.current_document()
    assert document_id is not None
    marks = workspace.inspector.marks(document_id)
    shown = marks.where(DeclaredField.DOCUMENT_NUMBER) if marks is not None else None
    assert shown is not None and shown.text == NUMBER_IN_REPORT and shown.page == 3
    assert shown.tone is Tone.CONTRADICTS and shown.quads == quads
    assert workspace.inspector.text_panel.selected_text() == NUMBER_IN_REPORT


def test_enter_on_a_check_or_a_declared_field_shows_the_place_too(
    qtbot: QtBot, open_signed_in: OpenServices, case_on_page_three: str
) -> None:
    workspace = _opened(qtbot, open_signed_in, case_on_page_three)
    viewer = workspace.inspector.pdf_viewer
    item = _check_item(workspace, "identity_in_report")
    workspace.checks.setFocus()
    workspace.checks.setCurrentItem(item)
    QTest.keyClick(workspace.checks, Qt.Key.Key_Return)
    assert _revealed_number(qtbot, workspace)[0] == 3

    viewer.reveal(1, ())  # back to the top, nothing selected
    assert viewer.current_page() == 1 and viewer.selected() is None
    facts = workspace.inspector.facts_panel
    button = facts.show_button(DeclaredField.DOCUMENT_NUMBER)
    assert button is not None
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Enter)
    assert _revealed_number(qtbot, workspace)[0] == 3
    declared = dict(facts.declared())
    number = declared[DeclaredField.DOCUMENT_NUMBER]
    assert number is not None and number.text == NUMBER_IN_REPORT
    assert declared[DeclaredField.HOLDER_NAME] is not None
