"""Evidence first and keyboard all the way (issue 10, items 3 and 5), in the real main window
against the real reference server: the document beside the declaration at a readable width,
wrapped check texts, remembered splitters, the tab order, the shortcuts, the cursor placed
in the traveller message, and a confirmation whose safe button is the default."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from server.harness import ReferenceServerProcess
from tests.support.inspection import report_pdf, single_document
from tests.support.officer_ui import (
    activate,
    answer_next_question,
    claim,
    demo_faults,
    find_case,
    open_and_assess,
)
from tests.support.officer_ui import open_window as open_main_window
from tests.support.screenshots import save_screenshot
from tests.ui.conftest import MISSION, OpenServices
from ui.common.queue_model import QueueColumn
from ui.common.services import Services
from ui.officer.layout import splitter_key
from ui.officer.workspace import SPLITTERS_KEY, UNDO_SECONDS, ReviewWorkspace
from ui.shell.main_window import MainWindow
from workstation.cases import case_documents
from workstation.client import CentralClient
from workstation.domain import CaseStatus, DecisionOutcome

TIMEOUT = 30_000
LAPTOP = (1366, 768)
DESKTOP = (1920, 1080)


def open_window(qtbot: QtBot, services: Services, size: tuple[int, int]) -> MainWindow:
    window = open_main_window(qtbot, services)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=TIMEOUT)
    return window


def workspace_of(window: MainWindow) -> ReviewWorkspace:
    workspace = window.workspace
    assert isinstance(workspace, ReviewWorkspace)
    return workspace


def open_pdf_case(qtbot: QtBot, workspace: ReviewWorkspace, case_id: str) -> None:
    """Open the case and wait until its first document (a PDF) is painted."""
    with qtbot.waitSignal(workspace.inspector.first_page_rendered, timeout=TIMEOUT):
        open_and_assess(qtbot, workspace, case_id)


def case_with_documents(services: Services, central: ReferenceServerProcess, count: int) -> str:
    """An open clean case whose first document is a PDF and which has `count` documents."""
    faults = demo_faults(central)

    def wanted(number: str, fault: object) -> bool:
        return fault is None and number in suitable

    suitable: set[str] = set()
    with services.store.reader() as session:
        from workstation.models import CaseRow

        for row in session.query(CaseRow):
            documents = case_documents(services.store, row.case_id)
            if len(documents) >= count and documents[0].ref.media_type == "application/pdf":
                suitable.add(row.document_number)
    return find_case(services, wanted, faults)


def wrapped_fully(tree_item: QTreeWidgetItem, column: int, rect: QRect, window: QWidget) -> bool:
    """The item's text, wrapped to its cell, fits the cell's height (nothing cut off)."""
    text = tree_item.text(column)
    metrics = window.fontMetrics()
    needed = metrics.boundingRect(
        QRect(0, 0, rect.width() - 8, 100_000), int(Qt.TextFlag.TextWordWrap), text
    )
    return needed.height() <= rect.height()


@pytest.fixture(autouse=True)
def claims_given_back(central: ReferenceServerProcess) -> Iterator[None]:
    """After each test the officer's claims go back (an officer may hold only a few; the
    workspace claims the next case after every decision)."""
    yield
    officer = central.user("officer", MISSION)
    client = CentralClient(central.url)
    try:
        client.login(officer.username, officer.password)
        since, more = 0, True
        while more:
            page = client.changes(since=since)
            for record in page.cases:
                lease = record.claim
                if (
                    record.status is CaseStatus.IN_REVIEW
                    and lease is not None
                    and lease.officer == officer.username
                ):
                    client.release(record.case_id)
            since, more = page.cursor, page.has_more
    finally:
        client.close()


# -- evidence first -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [LAPTOP, DESKTOP], ids=["1366x768", "1920x1080"])
def test_the_page_is_beside_the_declaration_at_a_readable_width(
    qtbot: QtBot,
    open_signed_in: OpenServices,
    central: ReferenceServerProcess,
    size: tuple[int, int],
) -> None:
    services = open_signed_in()
    window = open_window(qtbot, services, size)
    workspace = workspace_of(window)
    open_pdf_case(qtbot, workspace, case_with_documents(services, central, 1))

    page = workspace.inspector.pdf_viewer.page_view
    assert page.isVisible() and workspace.case_view.isVisible() and workspace.checks.isVisible()
    assert page.width() >= (600 if size == LAPTOP else 900), page.width()
    # Side by side: the declaration starts right of the page, both in view at once.
    page_right = page.mapTo(window, page.rect().topRight()).x()
    declaration_left = workspace.case_view.mapTo(window, workspace.case_view.rect().topLeft()).x()
    assert declaration_left > page_right
    assert workspace.inspector.pdf_viewer.zoom_percent() >= 70

    # Every check name and result wraps in its cell: the whole sentence is shown.
    checks = workspace.checks
    for i in range(checks.topLevelItemCount()):
        item = checks.topLevelItem(i)
        for column in (0, 1):
            rect = checks.visualItemRect(item)
            rect.setWidth(checks.columnWidth(column) - (checks.indentation() if column == 0 else 0))
            assert wrapped_fully(item, column, rect, checks), item.text(column)
    save_screenshot(window, f"review_{size[0]}x{size[1]}")


def test_in_chinese_at_1366_the_page_keeps_its_width(
    qtbot: QtBot,
    open_signed_in: OpenServices,
    central: ReferenceServerProcess,
    chinese: QApplication,
) -> None:
    services = open_signed_in()
    window = open_window(qtbot, services, LAPTOP)
    workspace = workspace_of(window)
    open_pdf_case(qtbot, workspace, case_with_documents(services, central, 1))
    assert workspace.inspector.pdf_viewer.page_view.width() >= 600
    # Who and how urgent stay in view in Chinese too (its longer words once crowded them out).
    shown = [c for i, c in enumerate(workspace.queue.model.columns)
             if not workspace.queue.table.isColumnHidden(i)]  # fmt: skip
    assert shown[:2] == [QueueColumn.HOLDER, QueueColumn.DEPARTURE], shown
    save_screenshot(window, "review_1366x768_zh")
    window.resize(*DESKTOP)
    qtbot.waitUntil(lambda: window.width() == DESKTOP[0], timeout=TIMEOUT)
    save_screenshot(window, "review_1920x1080_zh")


def test_splitter_sizes_are_remembered(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    services = open_signed_in()
    window = open_window(qtbot, services, LAPTOP)
    workspace = workspace_of(window)
    splitter = workspace.main
    before = splitter.sizes()
    splitter.moveSplitter(before[0] + 120, 1)  # as a drag of the handle does
    moved = splitter.sizes()
    assert moved[0] == before[0] + 120
    assert QSettings().value(splitter_key(SPLITTERS_KEY, splitter)) is not None
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it again
    window.close()

    again = workspace_of(open_window(qtbot, open_signed_in(), LAPTOP))
    assert again.main.sizes() == moved


# -- keyboard all the way -----------------------------------------------------------------------


def test_tab_walks_queue_document_checks_decision(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    services = open_signed_in()
    window = open_window(qtbot, services, LAPTOP)
    workspace = workspace_of(window)
    case_id = case_with_documents(services, central, 1)
    open_pdf_case(qtbot, workspace, case_id)
    claim(qtbot, workspace)
    activate(qtbot, window)
    workspace.queue.table.setFocus()
    qtbot.waitUntil(lambda: workspace.queue.table.hasFocus(), timeout=TIMEOUT)

    stops = {
        "queue": workspace.queue.table,
        "document": workspace.inspector.pdf_viewer.page_view,
        "declaration": workspace.case_view,
        "checks": workspace.checks,
        "decision": workspace.decision.outcomes.buttons()[0],
        "message": workspace.decision.note,
        "record": workspace.decision.confirm_button,
    }
    seen: list[str] = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        seen += [name for name, widget in stops.items() if widget is focused]
        if "record" in seen:
            break
    order = list(dict.fromkeys(seen))
    assert order == ["document", "declaration", "checks", "decision", "message", "record"], seen
    save_screenshot(window, "review_focus_on_decision")
    services.client.release(UUID(case_id))  # an officer holds only a few claims at a time


def test_every_shortcut_works(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    services = open_signed_in()
    window = open_window(qtbot, services, LAPTOP)
    workspace = workspace_of(window)
    decision = workspace.decision
    open_pdf_case(qtbot, workspace, case_with_documents(services, central, 2))
    activate(qtbot, window)

    # Claim and release.
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(decision.confirm_button.isEnabled, timeout=TIMEOUT)
    # Each decision; reject and request put the cursor in the message to the traveller.
    for key, outcome in (
        (Qt.Key.Key_2, DecisionOutcome.REJECT),
        (Qt.Key.Key_1, DecisionOutcome.APPROVE),
        (Qt.Key.Key_3, DecisionOutcome.REQUEST_INFO),
    ):
        workspace.checks.setFocus()
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        checked = decision.outcomes.checkedButton()
        assert checked is not None and checked.property("outcome") == outcome.value
        if outcome.needs_note:
            qtbot.waitUntil(decision.note.hasFocus, timeout=TIMEOUT)
        else:
            assert not decision.note.hasFocus()
    qtbot.keyClicks(decision.note, "Please send the report of the test.")
    assert "report" in decision.note.toPlainText()

    # Next and previous document.
    inspector = workspace.inspector
    assert inspector.selector.currentIndex() == 0
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert inspector.selector.currentIndex() == 1
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    assert inspector.selector.currentIndex() == 0

    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_K, control_shift)
    qtbot.waitUntil(lambda: not decision.confirm_button.isEnabled(), timeout=TIMEOUT)
    assert decision.claim_button.isEnabled()


def test_page_and_zoom_shortcuts(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess, analyser: object
) -> None:
    services = open_signed_in()
    window = open_window(qtbot, services, LAPTOP)
    workspace = workspace_of(window)
    case_id = case_with_documents(services, central, 1)
    open_pdf_case(qtbot, workspace, case_id)
    assert workspace.current_case is not None
    # A three-page report of this traveller, shown as the workspace shows any document.
    report = single_document(
        report_pdf(workspace.current_case.content, pages=3),
        workspace.current_case.content,
        analyser,  # type: ignore[arg-type]
    )
    with qtbot.waitSignal(workspace.inspector.first_page_rendered, timeout=TIMEOUT):
        workspace.inspector.show_case(report.documents, report.facts, report.content)
    viewer = workspace.inspector.pdf_viewer
    activate(qtbot, window)

    workspace.checks.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: viewer.current_page() == 2, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: viewer.current_page() == 3, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: viewer.current_page() == 2, timeout=TIMEOUT)

    viewer.page_view.setFocus()
    fitted = viewer.zoom_percent()
    qtbot.keyClick(viewer.page_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_percent() > fitted
    qtbot.keyClick(viewer.page_view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewer.page_view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_percent() < fitted
    qtbot.keyClick(viewer.page_view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_percent() == fitted


def test_the_confirmation_names_the_action_and_defaults_to_keep_reviewing(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    services = open_signed_in()
    window = open_window(qtbot, services, LAPTOP)
    workspace = workspace_of(window)
    open_pdf_case(qtbot, workspace, case_with_documents(services, central, 1))
    claim(qtbot, workspace)
    record = workspace.current_case
    assert record is not None
    workspace.decision.choose(DecisionOutcome.APPROVE)
    seen: dict[str, str] = {}

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            qtbot.wait(20)
            press_enter()
            return
        seen["yes"] = box.button(QMessageBox.StandardButton.Yes).text()
        seen["default"] = box.defaultButton().text()
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter takes the safe way

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, press_enter)
    workspace.decision.confirm_button.click()
    assert seen["yes"] == f"Approve {record.content.holder.name.latin}"
    assert seen["default"] == "Keep reviewing"
    assert services.outbox.counts().pending == 0, "Enter kept reviewing; nothing recorded"
    assert workspace.current_case is record
    services.client.release(record.case_id)


# -- the undo window ----------------------------------------------------------------------------


def approve_confirmed(qtbot: QtBot, workspace: ReviewWorkspace) -> None:
    """Approve the open, claimed case and answer the confirmation with its named button."""
    workspace.decision.choose(DecisionOutcome.APPROVE)
    answer_next_question([], QMessageBox.StandardButton.Yes)
    workspace.decision.confirm_button.click()
    qtbot.waitUntil(lambda: workspace.hold.held() is not None, timeout=TIMEOUT)


def test_undo_within_the_countdown_means_the_decision_never_reaches_the_server(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    services = open_signed_in()
    window = open_window(qtbot, services, LAPTOP)
    workspace = workspace_of(window)
    case_id = case_with_documents(services, central, 1)
    open_pdf_case(qtbot, workspace, case_id)
    claim(qtbot, workspace)
    name = workspace.current_case.content.holder.name.latin if workspace.current_case else ""
    workspace.decision.note.setPlainText("Your certificate is ready to collect.")
    workspace.decision.justification.setPlainText("Report checked against the lab's portal.")
    approve_confirmed(qtbot, workspace)
    held = workspace.hold.held()
    assert held is not None
    reasons = held.request.reason_codes

    hold = workspace.hold
    assert hold.isVisible() and hold.remaining() == UNDO_SECONDS
    assert (
        f"recorded in {UNDO_SECONDS} s" in hold.countdown.text() and name in hold.countdown.text()
    )
    hold.tick()  # a second passes
    assert f"recorded in {UNDO_SECONDS - 1} s" in hold.countdown.text()
    save_screenshot(window, "review_undo_countdown")
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert hold.held() is None and not hold.isVisible()
    qtbot.waitUntil(
        lambda: (
            workspace.current_case is not None and str(workspace.current_case.case_id) == case_id
        ),
        timeout=TIMEOUT,
    )
    # The form is back as the officer filled it, to change or record again.
    decision = workspace.decision
    chosen = decision.outcomes.checkedButton()
    assert chosen is not None and chosen.property("outcome") == DecisionOutcome.APPROVE.value
    assert decision.note.toPlainText() == "Your certificate is ready to collect."
    assert decision.justification.toPlainText() == "Report checked against the lab's portal."
    qtbot.waitUntil(lambda: decision.build_request().reason_codes == reasons, timeout=TIMEOUT)
    for _ in range(UNDO_SECONDS + 1):
        hold.tick()  # the countdown is over: nothing is left to record
    counts = services.outbox.counts()
    assert (counts.pending, counts.delivered) == (0, 0)
    assert services.client.case(UUID(case_id)).status is CaseStatus.IN_REVIEW
    services.client.release(UUID(case_id))


def test_the_decision_enters_the_outbox_when_the_countdown_ends(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    services = open_signed_in()
    window = open_window(qtbot, services, LAPTOP)
    workspace = workspace_of(window)
    case_id = case_with_documents(services, central, 1)
    open_pdf_case(qtbot, workspace, case_id)
    claim(qtbot, workspace)
    approve_confirmed(qtbot, workspace)
    assert services.outbox.counts().pending == 0, "held, not yet in the outbox"
    for _ in range(UNDO_SECONDS):
        workspace.hold.tick()
    qtbot.waitUntil(lambda: services.outbox.counts().delivered == 1, timeout=TIMEOUT)
    assert services.client.case(UUID(case_id)).status is CaseStatus.APPROVED


def test_closing_the_window_during_the_countdown_keeps_the_decision(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    services = open_signed_in()
    window = open_window(qtbot, services, LAPTOP)
    workspace = workspace_of(window)
    case_id = case_with_documents(services, central, 1)
    open_pdf_case(qtbot, workspace, case_id)
    claim(qtbot, workspace)
    approve_confirmed(qtbot, workspace)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it again
    window.close()
    pending = services.outbox.pending()
    assert [str(entry.case_id) for entry in pending] == [case_id]
