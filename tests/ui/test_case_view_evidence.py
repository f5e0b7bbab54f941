"""Evidence first from the declaration (issue 10): a declared fact in the case view leads
to where the uploaded report states it, by mouse or keyboard; a fact no document states is
said so in the inspector's notice line. The real reference server, real sandboxed analysis."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from review.matching import DeclaredField
from tests.ui.conftest import OpenServices
from tests.ui.test_page_highlights import (
    NUMBER_IN_REPORT,
    _opened,
    _revealed_number,
    case_on_page_three,  # noqa: F401 (the fixture)
)
from ui.common.case_view import DeclaredFact
from ui.officer.workspace import ReviewWorkspace


def _number_link_shows_page_three(qtbot: QtBot, workspace: ReviewWorkspace) -> None:
    page, quads = _revealed_number(qtbot, workspace)
    assert page == 3
    document_id = workspace.inspector.current_document()
    assert document_id is not None
    marks = workspace.inspector.marks(document_id)
    mark = marks.where(DeclaredField.DOCUMENT_NUMBER) if marks is not None else None
    assert mark is not None and mark.text == NUMBER_IN_REPORT and mark.quads == quads
    assert workspace.inspector.notice_line() == ""


def test_clicking_or_entering_the_document_number_shows_it_on_the_page(
    qtbot: QtBot,
    open_signed_in: OpenServices,
    case_on_page_three: str,  # noqa: F811 (the fixture)
) -> None:
    workspace = _opened(qtbot, open_signed_in, case_on_page_three)
    viewer = workspace.inspector.pdf_viewer
    assert viewer.current_page() == 1 and viewer.selected() is None
    (link,) = workspace.case_view.fact_links(DeclaredFact.DOCUMENT_NUMBER)
    workspace.case_view.ensureWidgetVisible(link)
    QTest.mouseClick(link, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     link.rect().center())  # fmt: skip
    _number_link_shows_page_three(qtbot, workspace)

    viewer.reveal(1, ())  # back to the top, nothing selected
    assert viewer.current_page() == 1 and viewer.selected() is None
    link.setFocus()
    QTest.keyClick(link, Qt.Key.Key_Return)
    _number_link_shows_page_three(qtbot, workspace)

    viewer.reveal(1, ())
    QTest.keyClick(link, Qt.Key.Key_Space)
    _number_link_shows_page_three(qtbot, workspace)


def test_a_fact_the_documents_do_not_state_is_said_so(
    qtbot: QtBot,
    open_signed_in: OpenServices,
    case_on_page_three: str,  # noqa: F811 (the fixture)
) -> None:
    workspace = _opened(qtbot, open_signed_in, case_on_page_three)
    viewer = workspace.inspector.pdf_viewer
    links = workspace.case_view.fact_links(DeclaredFact.LABORATORY)
    assert links
    links[0].setFocus()
    QTest.keyClick(links[0], Qt.Key.Key_Enter)
    assert "laboratory" in workspace.inspector.notice_line()
    line = workspace.inspector.findChild(QLabel, "inspectorNoticeLine")
    assert isinstance(line, QLabel) and line.isVisible() and "laboratory" in line.text()
    assert viewer.current_page() == 1 and viewer.selected() is None
    # A fact that is found clears the line again.
    (number,) = workspace.case_view.fact_links(DeclaredFact.DOCUMENT_NUMBER)
    number.setFocus()
    QTest.keyClick(number, Qt.Key.Key_Return)
    _number_link_shows_page_three(qtbot, workspace)


def test_tab_reaches_the_declared_facts(
    qtbot: QtBot,
    open_signed_in: OpenServices,
    case_on_page_three: str,  # noqa: F811 (the fixture)
) -> None:
    workspace = _opened(qtbot, open_signed_in, case_on_page_three)
    (holder,) = workspace.case_view.fact_links(DeclaredFact.HOLDER_NAME)
    holder.setFocus()
    qtbot.waitUntil(holder.hasFocus)
    reached = []
    for _ in range(6):
        QTest.keyClick(workspace.window().focusWidget(), Qt.Key.Key_Tab)
        reached.append(workspace.window().focusWidget())
    assert workspace.case_view.fact_links(DeclaredFact.DOCUMENT_NUMBER)[0] in reached
    assert workspace.case_view.fact_links(DeclaredFact.DATE_OF_BIRTH)[0] in reached
