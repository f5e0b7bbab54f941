"""The officer's queue shows urgency and fits the screen: time to departure ("departed" in
red), the server's order by default, the figures in view, columns that fit at 1366 px and
that the officer chooses (remembered), and the claim limit, against the real server."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from server.harness import ReferenceServerProcess
from tests.support.officer_ui import open_window
from tests.support.screenshots import save_screenshot
from tests.ui.conftest import OpenServices
from ui.common.queue_model import DEPARTED_COLOUR, SORT_VALUE_ROLE
from ui.common.queue_view import EVERY, QueueView, columns_key
from ui.officer.workspace import ReviewWorkspace
from ui.shell.main_window import MainWindow
from workstation.client import CentralClient
from workstation.domain import CaseStatus, QueueOrder
from workstation.protocol import CaseRecord
from workstation.queue import QueueColumn, queue_rows
from workstation.store import QUEUE_ORDER

TIMEOUT = 30_000
#: A mission of the demo whose queue goes by departure (the others are first come first served).
DEPARTURE_MISSION = "DEU-BER"


def review_workspace(window: MainWindow) -> ReviewWorkspace:
    workspace = window.workspace
    assert isinstance(workspace, ReviewWorkspace)
    return workspace


def show_every_case(qtbot: QtBot, queue: QueueView) -> None:
    with qtbot.waitSignal(queue.model.modelReset, timeout=TIMEOUT):
        queue.status_filter.setCurrentIndex(queue.status_filter.findData(EVERY))


def visible_columns(queue: QueueView) -> list[QueueColumn]:
    return [c for i, c in enumerate(queue.model.columns) if not queue.table.isColumnHidden(i)]


def test_departure_shows_the_time_left_and_departed_in_red(
    qtbot: QtBot, open_signed_in: OpenServices
) -> None:
    window = open_window(qtbot, open_signed_in("officer"))
    queue = review_workspace(window).queue
    show_every_case(qtbot, queue)
    model, position = queue.model, queue.model.columns.index(QueueColumn.DEPARTURE)
    now = model.clock()
    departed = waiting = 0
    for row in range(model.rowCount()):
        index = model.index(row, position)
        departure = model.data(index, SORT_VALUE_ROLE)
        assert isinstance(departure, datetime)
        text, brush = model.data(index), model.data(index, Qt.ItemDataRole.ForegroundRole)
        if departure <= now:
            departed += 1
            assert text == "departed"
            assert isinstance(brush, QBrush) and brush.color().name() == DEPARTED_COLOUR
        else:
            waiting += 1
            assert text.startswith("in ") and brush is None, text
    assert departed and waiting, "the demo has flights gone and flights to come"

    # The clock is injected: a moment before a flight, its time left; after it, departed.
    row = next(
        r for r in range(model.rowCount()) if model.data(model.index(r, position)) != "departed"
    )
    departure = model.data(model.index(row, position), SORT_VALUE_ROLE)
    model.clock = lambda: departure - timedelta(hours=2, minutes=5)
    assert model.data(model.index(row, position)) == "in 2 h 5 min"
    model.clock = lambda: departure - timedelta(days=3, hours=1, minutes=30)
    assert model.data(model.index(row, position)) == "in 3 d 1 h"
    model.clock = lambda: departure + timedelta(minutes=1)
    assert model.data(model.index(row, position)) == "departed"


def test_the_default_order_is_the_order_the_server_hands_cases_out(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    officers = central.usernames("officer", DEPARTURE_MISSION)
    services = open_signed_in(username=officers[0])
    window = open_window(qtbot, services)
    assert services.store.get_state(QUEUE_ORDER) == QueueOrder.DEPARTURE.value
    queue = review_workspace(window).queue
    header = queue.table.horizontalHeader()
    assert header.sortIndicatorSection() == -1, "no column sort: the server's order"
    ids = [queue.model.case_id(r) for r in range(queue.model.rowCount())]
    rows = queue_rows(services.store, [i for i in ids if i])
    waiting = [i for i in ids if i and rows[i].status is CaseStatus.SUBMITTED]
    departures = [rows[i].departure_at for i in waiting]
    assert departures == sorted(departures) and len(set(departures)) > 3

    # Sorted by a column, then back to the server's order (the header menu's entry).
    holder = queue.model.columns.index(QueueColumn.HOLDER)
    with qtbot.waitSignal(queue.model.modelReset, timeout=TIMEOUT):
        queue.table.sortByColumn(holder, Qt.SortOrder.AscendingOrder)
    assert [queue.model.case_id(r) for r in range(queue.model.rowCount())] != ids
    with qtbot.waitSignal(queue.model.modelReset, timeout=TIMEOUT):
        queue.show_server_order()
    assert header.sortIndicatorSection() == -1
    assert [queue.model.case_id(r) for r in range(queue.model.rowCount())] == ids

    # Clicking a header: ascending, descending, then the server's order again.
    where = QPoint(header.sectionViewportPosition(holder) + 10, 5)
    for expected in (holder, holder, -1):
        with qtbot.waitSignal(queue.model.modelReset, timeout=TIMEOUT):
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
        assert header.sortIndicatorSection() == expected
    assert [queue.model.case_id(r) for r in range(queue.model.rowCount())] == ids

    # What the server hands out, claim after claim (three people, three claims each).
    handed_out: list[str] = []
    for name in [*officers, *central.usernames("supervisor", DEPARTURE_MISSION)]:
        user = central.users[name]
        client = CentralClient(central.url)
        client.login(user.username, user.password)
        for _ in range(3):
            record = client.next_case()
            assert isinstance(record, CaseRecord)
            handed_out.append(str(record.case_id))
        client.logout()
        client.close()
    assert handed_out == waiting[: len(handed_out)]


def test_counts_and_the_claim_limit(qtbot: QtBot, open_signed_in: OpenServices) -> None:
    services = open_signed_in("officer")
    window = open_window(qtbot, services)
    workspace = review_workspace(window)
    queue = workspace.queue
    limit = services.policy.max_claims
    assert limit == 3

    def expected() -> tuple[int, int, int, int]:
        cases = services.client.changes(since=0, limit=5000).cases
        me = services.user.username
        waiting = sum(1 for c in cases if c.status is CaseStatus.SUBMITTED)
        mine = sum(1 for c in cases if c.claim is not None and c.claim.officer == me)
        countersign = sum(1 for c in cases if c.status is CaseStatus.AWAITING_COUNTERSIGNATURE)
        ids = [queue.model.case_id(r) for r in range(queue.model.rowCount())]
        rows = queue_rows(services.store, [i for i in ids if i])
        failures = sum(1 for r in rows.values() if r.check_verdict == "fail")
        return waiting, failures, mine, countersign

    waiting, failures, mine, countersign = expected()
    assert mine == 0 and waiting > limit and failures > 0
    assert queue.counts.isVisible()
    assert queue.counts.text() == (
        f"Waiting {waiting} · with failures {failures} · claimed by me 0 of {limit} · "
        f"exceptions awaiting countersignature {countersign}"
    )

    for claimed in range(1, limit + 1):
        with qtbot.waitSignal(queue.model.modelReset, timeout=TIMEOUT):
            workspace.next_case()
        qtbot.waitUntil(lambda: workspace.next_action.isEnabled(), timeout=TIMEOUT)
        assert queue.figures is not None and queue.figures.claimed_by_me == claimed
    waiting, failures, mine, countersign = expected()
    assert mine == limit and queue.figures is not None
    assert (queue.figures.waiting, queue.figures.claimed_by_me) == (waiting, limit)
    assert f"claimed by me {limit} of {limit}, the most allowed" in queue.counts.text()

    # One more is refused by the server, and the window says why.
    with qtbot.waitSignal(services.errors.failed, timeout=TIMEOUT) as refused:
        workspace.next_case()
    _title, message = refused.args
    assert f"you already hold {limit} cases" in message
    assert "decide or release one of them before claiming another" in message
    qtbot.waitUntil(
        lambda: any(
            box.isVisible() and "you already hold" in box.text()
            for box in window.findChildren(QMessageBox)
        ),
        timeout=TIMEOUT,
    )
    assert workspace.next_action.isEnabled(), "the officer can try again after deciding"
    assert expected()[2] == limit, "nothing more was claimed"


def test_columns_fit_at_1366_and_the_officers_choice_is_remembered(
    qtbot: QtBot, open_signed_in: OpenServices
) -> None:
    services = open_signed_in("officer")
    window = open_window(qtbot, services)
    window.resize(1366, 768)
    queue = review_workspace(window).queue
    qtbot.waitUntil(lambda: queue.table.viewport().width() < 700, timeout=TIMEOUT)
    qtbot.wait(50)  # the resize reached the queue's columns

    def check_fit() -> None:
        shown = visible_columns(queue)
        widths = [queue.table.columnWidth(queue.model.columns.index(c)) for c in shown]
        assert sum(widths) <= queue.table.viewport().width(), "no column runs off the edge"
        # The most useful columns stay; the least useful go first.
        order = list(queue.model.columns)
        assert shown == [c for c in order if c in queue.chosen][: len(shown)]
        metrics = queue.table.fontMetrics()
        for row in range(min(queue.model.rowCount(), 30)):
            for column in shown[:-1]:
                position = order.index(column)
                text = queue.model.data(queue.model.index(row, position))
                assert metrics.horizontalAdvance(text) < queue.table.columnWidth(position), text

    assert QueueColumn.HOLDER in visible_columns(queue)
    # Who and how urgent: at 1366 px the page keeps its readable width and the rest gives
    # way (the checks are beside the document once a case is open).
    assert visible_columns(queue)[:2] == [QueueColumn.HOLDER, QueueColumn.DEPARTURE]
    assert QueueColumn.SUBMITTED in queue.crowded_out
    check_fit()
    save_screenshot(window, "officer_queue_1366")

    window.resize(1920, 1080)  # the officer's splitter keeps the list's width; still fits
    qtbot.waitUntil(lambda: window.width() == 1920, timeout=TIMEOUT)
    qtbot.wait(50)
    check_fit()

    # The officer hides the Status column from the Columns menu; it stays hidden next time.
    queue._fill_columns_menu()
    status = next(a for a in queue.columns_menu.actions() if a.data() == QueueColumn.STATUS.value)
    status.trigger()
    assert QueueColumn.STATUS not in visible_columns(queue)
    assert "status" not in str(QSettings().value(columns_key("officer"))).split(",")
    again = QueueView(services.store)
    qtbot.addWidget(again)
    assert QueueColumn.STATUS not in again.chosen
    assert again.table.isColumnHidden(again.model.columns.index(QueueColumn.STATUS))
    queue.reset_columns()
    assert QueueColumn.STATUS in queue.chosen and QSettings().value(columns_key("officer")) is None
