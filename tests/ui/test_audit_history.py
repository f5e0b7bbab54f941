"""The history browser and the charts over six weeks of a busy mission (a generated, valid
hash chain in the auditor's local store): what the table shows is what the log holds."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from review.audit.queries.history import AuditColumn
from review.audit.queries.terms import FilterChoices
from tests.support.audit_story import busy_mission_log
from tests.support.screenshots import save_screenshot
from tests.ui.conftest import OpenServices
from ui.auditor.filters import AuditFilterBar
from ui.auditor.history_model import COLUMNS
from ui.auditor.workspace import AuditWorkspace
from ui.common.services import Services
from ui.common.sync_controller import SyncController
from workstation.audit_log import store_entries
from workstation.models import AuditEntryRow
from workstation.protocol import AuditEntry

TIMEOUT = 60_000


class Busy(NamedTuple):
    workspace: AuditWorkspace
    entries: list[AuditEntry]
    services: Services


@pytest.fixture
def busy(qtbot: QtBot, open_signed_in: OpenServices) -> Busy:
    """An auditor's workspace over a generated log (no sync: the log is only local)."""
    services = open_signed_in("auditor")
    entries, nationality = busy_mission_log()
    store_entries(services.store, entries)
    with services.store.session() as session:
        session.execute(
            update(AuditEntryRow),
            [{"seq": e.seq, "nationality": nationality[str(e.case_id)]} for e in entries],
        )
    workspace = AuditWorkspace(services, SyncController(services, interval_ms=3_600_000))
    qtbot.addWidget(workspace)
    workspace.resize(1500, 900)
    workspace.show()
    return Busy(workspace, entries, services)


def shown(workspace: AuditWorkspace) -> list[int]:
    model = workspace.history.model
    rows = (model.entry(r) for r in range(model.rowCount()))
    return [row.seq for row in rows if row is not None]


def wait_counted(qtbot: QtBot, workspace: AuditWorkspace) -> int:
    model = workspace.history.model
    qtbot.waitUntil(lambda: model.total is not None, timeout=TIMEOUT)
    return model.total or 0


def test_filters_sorting_and_scrolling_show_exactly_the_log(qtbot: QtBot, busy: Busy) -> None:
    workspace, entries, _services = busy
    history = workspace.history
    with qtbot.waitSignal(workspace.banner.checked, timeout=TIMEOUT):
        workspace.banner.check()
    assert workspace.banner.report is not None and workspace.banner.report.entries == len(entries)
    assert "no signed checkpoint yet" in workspace.banner.detail.text()

    history.reload()
    assert wait_counted(qtbot, workspace) == len(entries)
    assert shown(workspace) == [e.seq for e in reversed(entries)], "every row, newest first"
    # The history's columns (review.audit.columns), headed in the reader's words.
    model = history.model
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headings == [
        "#", "Time", "Who", "Role", "Action", "Case", "Outcome", "Note", "Nationality"
    ]  # fmt: skip

    # Last week's rejections, as the filter bar builds them (local days).
    last_day = entries[-1].at.astimezone().date()
    since = last_day - timedelta(days=6)
    history.filters.choose(outcome="reject")
    history.filters.choose_days(QDate(since.year, since.month, since.day), None)
    wait_counted(qtbot, workspace)
    start = datetime.combine(since, datetime.min.time()).astimezone().astimezone(UTC)
    expected = [e.seq for e in reversed(entries) if e.outcome == "reject" and e.at >= start]
    assert expected and shown(workspace) == expected

    # Sorted by who, then newest first within each person; the header click does it.
    history.filters.clear()
    wait_counted(qtbot, workspace)
    history.table.sortByColumn(COLUMNS.index(AuditColumn.ACTOR), Qt.SortOrder.AscendingOrder)
    wait_counted(qtbot, workspace)
    by_actor = [e.seq for e in sorted(entries, key=lambda e: (e.actor, e.seq))]
    assert shown(workspace) == by_actor
    # Notes are not sortable: the order in force stays.
    history.table.sortByColumn(COLUMNS.index(AuditColumn.NOTE), Qt.SortOrder.AscendingOrder)
    assert history.model.order.column is AuditColumn.ACTOR

    # Far rows first (by offset from the nearer end), then the windows next to them (by key).
    history.table.sortByColumn(COLUMNS.index(AuditColumn.TIME), Qt.SortOrder.DescendingOrder)
    model = history.model
    last = model.rowCount() - 1
    assert model.entry(last) is not None and model.entry(last).seq == 1  # type: ignore[union-attr]
    assert model.entry(last - 250).seq == 251  # type: ignore[union-attr]
    assert model.entry(last // 2).seq == len(entries) - last // 2  # type: ignore[union-attr]

    history.filters.choose(actor="lon.officer3")
    wait_counted(qtbot, workspace)
    save_screenshot(workspace, "audit_history")


def test_new_entries_wait_for_an_auditor_who_is_reading(qtbot: QtBot, busy: Busy) -> None:
    workspace, entries, services = busy
    history, model = workspace.history, workspace.history.model
    history.reload()
    before = wait_counted(qtbot, workspace)
    history.table.selectRow(5)
    newer = continued(entries, 3)
    store_entries(services.store, newer)
    history.entries_arrived(len(newer))
    assert model.rowCount() == before, "the rows do not move under the reader"
    assert history.new_entries.isVisible() and history.new_entries.text() == "Show 3 new entries"
    history.new_entries.click()
    assert wait_counted(qtbot, workspace) == before + 3 and not history.new_entries.isVisible()
    newest = model.entry(0)
    assert newest is not None and newest.seq == newer[-1].seq
    history.entries_arrived(0)  # at the top, nothing selected: shown at once
    assert not history.new_entries.isVisible()


def continued(entries: list[AuditEntry], count: int) -> list[AuditEntry]:
    """`count` more entries chained after `entries`."""
    chain: list[AuditEntry] = []
    for _ in range(count):
        last = (chain or entries)[-1]
        unsigned = last.model_copy(
            update={"seq": last.seq + 1, "at": last.at + timedelta(minutes=1),
                    "prev_hash": last.hash, "note": "", "outcome": ""}
        )  # fmt: skip
        chain.append(unsigned.model_copy(update={"hash": unsigned.computed_hash()}))
    return chain


def test_charts_count_what_the_log_holds(qtbot: QtBot, busy: Busy) -> None:
    workspace, entries, _services = busy
    charts = workspace.charts
    with qtbot.waitSignal(workspace.banner.checked, timeout=TIMEOUT):
        workspace.banner.check()
    with qtbot.waitSignal(charts.drawn, timeout=TIMEOUT):
        workspace.tabs.setCurrentWidget(charts)
    figures = charts.figures
    assert figures is not None
    decided = [e for e in entries if e.action == "decided"]
    per_day = Counter((e.at.date(), e.outcome) for e in decided)
    assert {(d.day, o): n for d in figures.per_day for o, n in d.counts.items()} == per_day
    workload = Counter(e.actor for e in decided)
    assert {w.officer: w.total for w in figures.workload} == workload
    submitted = {e.case_id: e.at for e in entries if e.action == "submitted"}
    busiest_day = max(figures.median_per_day, key=lambda m: m.decisions)
    hours = [
        (e.at - submitted[e.case_id]).total_seconds() / 3600
        for e in decided
        if e.at.date() == busiest_day.day
    ]
    assert busiest_day.median_hours == pytest.approx(statistics.median(hours))
    save_screenshot(workspace, "audit_charts")

    # The charts follow the history's filter: one officer's decisions only.
    with qtbot.waitSignal(charts.drawn, timeout=TIMEOUT):
        workspace.history.filters.choose(actor="lon.officer2")
    assert [w.officer for w in charts.figures.workload] == ["lon.officer2"]  # type: ignore[union-attr]


def missions(*codes: str) -> FilterChoices:
    return FilterChoices(actors=(), actions=(), outcomes=(), nationalities=(), missions=codes)


def test_the_mission_is_a_choice_only_when_the_log_holds_several(qtbot: QtBot) -> None:
    bar = AuditFilterBar()
    qtbot.addWidget(bar)
    bar.set_choices(missions("FRA-PAR", "GBR-LON"))
    assert not bar.mission.isHidden() and bar.mission_label.isHidden()
    with qtbot.waitSignal(bar.filter_changed):
        bar.mission.setCurrentIndex(bar.mission.findData("GBR-LON"))
    assert bar.current_filter().mission == "GBR-LON"

    # What the server serves today: the signed-in user's mission alone.
    bar.set_choices(missions("GBR-LON"))
    assert bar.mission.isHidden() and not bar.mission_label.isHidden()
    assert bar.mission_label.text() == "Mission: GBR-LON"
    assert bar.current_filter().mission == "", "nothing hidden stays chosen"

    bar.set_choices(missions())  # an empty log: no mission to show
    assert bar.mission.isHidden() and bar.mission_label.isHidden()
    bar.set_choices(missions("FRA-PAR", "GBR-LON"))
    assert not bar.mission.isHidden() and bar.mission_label.isHidden()
