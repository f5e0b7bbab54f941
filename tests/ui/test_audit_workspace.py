"""The auditor's day, through the real main window against the real reference server:
sign in, the log syncs and verifies, filter the history, read a case's timeline, export
CSV and PDF, look at the charts; and nowhere a claim, decision or print control."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from review.audit.queries.history import AuditRow
from review.audit.queries.timeline import DocumentVerdict
from server.harness import ReferenceServerProcess
from tests.support.audit_story import HOSTILE_NOTE, NOTE_WORD, AuditStory, make_story
from tests.support.clerk_ui import pdf_text
from tests.support.screenshots import save_screenshot
from tests.ui.conftest import MISSION, OpenServices
from ui.auditor.workspace import AuditWorkspace
from ui.clerk.workspace import PrintWorkspace
from ui.common.plain import plain_tooltip
from ui.common.services import Services
from ui.common.sync_controller import SyncController
from ui.officer.decision_panel import DecisionPanel
from ui.officer.workspace import ReviewWorkspace
from ui.shell.i18n import install_language
from ui.shell.main_window import MainWindow
from workstation.audit_log import fetch_audit_log
from workstation.domain import AuditAction
from workstation.models import AuditEntryRow, CaseRow

TIMEOUT = 60_000


@pytest.fixture(scope="module")
def story(central: ReferenceServerProcess) -> AuditStory:
    return make_story(central)


def open_auditor_window(qtbot: QtBot, services: Services) -> tuple[MainWindow, AuditWorkspace]:
    window = MainWindow(services, sync_interval_ms=3_600_000)
    qtbot.addWidget(window)
    workspace = window.workspace
    assert isinstance(workspace, AuditWorkspace)
    with qtbot.waitSignal(workspace.audit_synced, timeout=TIMEOUT):
        window.show()
    qtbot.waitUntil(lambda: workspace.banner.report is not None, timeout=TIMEOUT)
    return window, workspace


def wait_counted(qtbot: QtBot, workspace: AuditWorkspace) -> int:
    model = workspace.history.model
    qtbot.waitUntil(lambda: model.total is not None, timeout=TIMEOUT)
    assert model.total is not None
    return model.total


def all_rows(workspace: AuditWorkspace) -> list[AuditRow]:
    model = workspace.history.model
    rows = (model.entry(row) for row in range(model.rowCount()))
    return [row for row in rows if row is not None]


def tree_item(tree: QTreeWidget, row: int) -> QTreeWidgetItem:
    item = tree.topLevelItem(row)
    assert item is not None
    return item


def child_texts(item: QTreeWidgetItem) -> dict[str, str]:
    children = (item.child(i) for i in range(item.childCount()))
    return {child.text(1): child.text(2) for child in children if child is not None}


@pytest.fixture
def auditor(
    qtbot: QtBot, open_signed_in: OpenServices, story: AuditStory
) -> Iterator[tuple[MainWindow, AuditWorkspace]]:
    window, workspace = open_auditor_window(qtbot, open_signed_in("auditor"))
    yield window, workspace
    window.services.pools.wait()


def test_an_auditor_filters_the_history_reads_a_timeline_and_exports_it(
    qtbot: QtBot, auditor: tuple[MainWindow, AuditWorkspace], story: AuditStory, tmp_path: Path
) -> None:
    window, workspace = auditor
    services = window.services
    banner = workspace.banner
    assert banner.report is not None and banner.report.ok, banner.detail.text()
    assert banner.title.text().startswith("✓ Audit log verified")
    with services.store.reader() as session:
        stored = session.execute(select(func.count()).select_from(AuditEntryRow)).scalar_one()
    assert stored == banner.report.entries > 20
    history = workspace.history
    assert wait_counted(qtbot, workspace) == stored
    assert history.count.text() == f"{stored:,} entries"
    newest = history.model.entry(0)
    assert newest is not None and newest.seq == banner.report.head_seq, "newest entry first"

    # What did the officer decide? Only their decisions, the story's two among them.
    history.filters.choose(actor=story.officer, action=AuditAction.DECIDED.value)
    decided = wait_counted(qtbot, workspace)
    rows = all_rows(workspace)
    assert len(rows) == decided >= 2
    assert all(r.actor == story.officer and r.action == "decided" for r in rows)
    assert {story.printed_case, story.rejected_case} <= {r.case_id for r in rows}
    window.resize(1500, 900)

    # Text in notes: a substring, whatever its case; the note stays plain text.
    history.filters.choose(text=NOTE_WORD.upper()[:7])
    assert wait_counted(qtbot, workspace) == 1
    hit = history.model.entry(0)
    assert hit is not None and hit.case_id == story.rejected_case and hit.note == HOSTILE_NOTE
    tooltip = history.model.data(history.model.index(0, 7), 3)  # ToolTipRole
    assert "<b>" not in tooltip and "&lt;b&gt;" in tooltip

    # The printed case's timeline: every step with who and when; documents hash-checked.
    history.filters.choose(action=AuditAction.REPRINTED.value)
    assert wait_counted(qtbot, workspace) >= 1
    reprints = [r.case_id for r in all_rows(workspace)]
    history.table.selectRow(reprints.index(story.printed_case))
    assert history.timeline_button.isEnabled()
    timeline = workspace.timeline
    with qtbot.waitSignal(timeline.documents_checked, timeout=TIMEOUT):
        history.timeline_button.click()
    assert workspace.tabs.currentWidget() is timeline
    assert timeline.timeline is not None
    assert timeline.timeline.case_ids == (story.printed_case, story.redeclared_case)
    actions = [s.action for s in timeline.timeline.steps]
    for expected in (
        "submitted",
        "claimed",
        "document_viewed",
        "decided",
        "printed",
        "reprinted",
        "redeclared",
        "revoked",
    ):
        assert expected in actions, (expected, actions)
    assert actions.index("decided") < actions.index("printed") < actions.index("revoked")
    assert [c.verdict for c in timeline.checks] == [DocumentVerdict.MATCHES]
    assert len(timeline.checks[0].documents) == 2
    steps = timeline.steps
    shown = [tree_item(steps, i).text(2) for i in range(steps.topLevelItemCount())]
    assert "Decided" in shown and "Reprinted" in shown
    details = child_texts(tree_item(steps, actions.index("decided")))
    assert details["Reasons"] == "All checks passed"
    assert "samples 30 h" in details["Note"]
    assert details["Certificate"] == story.certificate_id
    assert "Check shown" in details
    assert tree_item(timeline.documents, 0).text(1) == "✓ matches"
    save_screenshot(window, "audit_timeline")

    # Exports of what the filter shows: every officer's entries.
    workspace.tabs.setCurrentWidget(history)
    history.filters.choose(actor=story.officer)
    expected_rows = wait_counted(qtbot, workspace)
    with qtbot.waitSignal(workspace.exporter.exported, timeout=TIMEOUT) as csv_done:
        workspace.exporter.export_csv(tmp_path / "history.csv")
    assert csv_done.args == [str(tmp_path / "history.csv"), expected_rows]
    with (tmp_path / "history.csv").open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.DictReader(stream))
    assert len(table) == expected_rows
    assert {r["actor"] for r in table} == {story.officer}
    assert [int(r["seq"]) for r in table] == sorted((int(r["seq"]) for r in table), reverse=True)
    hostile = next(r for r in table if r["case_id"] == story.rejected_case)
    assert hostile["note"] == "'" + HOSTILE_NOTE, "a formula is not run by a spreadsheet"
    with qtbot.waitSignal(workspace.exporter.exported, timeout=TIMEOUT):
        workspace.exporter.export_pdf(tmp_path / "history.pdf")
    pages = pdf_text(tmp_path / "history.pdf")
    assert f"Audit history — {MISSION}" in pages[0]
    assert "Audit log verified" in pages[0]
    assert any("核酸报告超过48小时" in page for page in pages), "Chinese notes print"
    assert any(story.rejected_case[:8] in page for page in pages)

    # Charts of the same filter: the officer's decisions by outcome.
    charts = workspace.charts
    with qtbot.waitSignal(charts.drawn, timeout=TIMEOUT):
        workspace.tabs.setCurrentWidget(charts)
    assert charts.figures is not None
    workload = {w.officer: w.counts for w in charts.figures.workload}
    assert set(workload) == {story.officer}
    assert workload[story.officer]["approve"] >= 1 and workload[story.officer]["reject"] >= 1
    assert charts.figures.median_per_day, "the decisions' submissions are in the log"


def test_the_auditor_window_offers_no_claim_decision_or_print(
    auditor: tuple[MainWindow, AuditWorkspace],
) -> None:
    window, _workspace = auditor
    assert window.findChildren(DecisionPanel) == []
    assert window.findChildren(ReviewWorkspace) == []
    assert window.findChildren(PrintWorkspace) == []
    actions = {a.objectName() for a in window.findChildren(QAction)}
    assert not actions & {"nextCaseAction", "releaseCaseAction", "printAction"}
    words = ("claim", "decide", "approve", "reject", "print", "release")
    labels = [b.text().lower() for b in window.findChildren(QAbstractButton)]
    labels += [a.text().lower() for a in window.findChildren(QAction)]
    assert not [label for label in labels if any(w in label for w in words)], labels


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The UI language for widgets created in the test (English again afterwards)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_language(app, request.param)
    yield request.param
    install_language(app, "en")


#: What the banner says of a changed entry, in each language (the verifier's English: tooltip).
TAMPERED = {
    "en": ("✗ TAMPERED at entry #{0}: changed",
           "The content of entry {0} is not what was recorded: it was changed."),
    "zh_CN": ("✗ 第 {0} 条记录遭篡改：被修改", "第 {0} 条记录的内容与记录时不符：已被修改。"),
}  # fmt: skip


def test_a_note_changed_in_the_store_turns_the_banner_red_at_that_entry(
    qtbot: QtBot, open_signed_in: OpenServices, story: AuditStory, language: str
) -> None:
    services = open_signed_in("auditor")
    services.sync.pull()
    fetch_audit_log(services.client, services.store)
    sync = SyncController(services, interval_ms=3_600_000)
    workspace = AuditWorkspace(services, sync)
    qtbot.addWidget(workspace)
    workspace.resize(1400, 800)
    banner = workspace.banner
    with qtbot.waitSignal(banner.checked, timeout=TIMEOUT):
        banner.check()
    assert banner.report is not None and banner.report.ok
    assert banner.detail.toolTip() == ""
    with services.store.session() as session:
        seq = session.execute(
            select(AuditEntryRow.seq).where(
                AuditEntryRow.case_id == story.rejected_case, AuditEntryRow.action == "decided"
            )
        ).scalar_one()
        session.execute(
            update(AuditEntryRow).where(AuditEntryRow.seq == seq).values(note=HOSTILE_NOTE + ".")
        )
    with qtbot.waitSignal(banner.checked, timeout=TIMEOUT):
        banner.recheck.click()
    report = banner.report
    assert report is not None and report.problem is not None
    title, detail = TAMPERED[language]
    assert banner.title.text() == title.format(seq)
    assert banner.detail.text() == detail.format(seq)
    assert banner.property("integrity") == "tampered"
    # The verifier's own sentence (English) is the tooltip, shown literally.
    english = report.problem.detail
    assert f"entry {seq} no longer matches its hash" in english
    assert banner.detail.toolTip() == plain_tooltip(english)
    assert banner.summary_text().endswith(f"({english})"), "the PDF report keeps the evidence"
    workspace.history.reload()
    save_screenshot(workspace, f"audit_integrity_tampered_{language}")


def test_the_history_of_a_log_fetched_without_its_cases_filters_by_nationality(
    qtbot: QtBot, open_signed_in: OpenServices, story: AuditStory
) -> None:
    services = open_signed_in("auditor")
    fetch_audit_log(services.client, services.store)  # as `audit verify` does: no case synced
    with services.store.reader() as session:
        assert session.execute(select(func.count()).select_from(CaseRow)).scalar_one() == 0
        logged = session.execute(
            select(AuditEntryRow.case_id, func.count())
            .where(AuditEntryRow.case_id.is_not(None))
            .group_by(AuditEntryRow.case_id)
        ).all()
    holders: dict[str, str] = {}  # case id -> the holder's nationality, as the server has it
    since, more = 0, True
    while more:
        page = services.client.changes(since=since)
        holders.update({str(c.case_id): c.content.holder.nationality for c in page.cases})
        since, more = page.cursor, page.has_more
    entries_of: dict[str, int] = {}
    for case_id, count in logged:
        nationality = holders[str(case_id)]
        entries_of[nationality] = entries_of.get(nationality, 0) + count
    assert len(entries_of) >= 3, entries_of

    workspace = AuditWorkspace(services, SyncController(services, interval_ms=3_600_000))
    qtbot.addWidget(workspace)
    workspace.resize(1500, 900)
    filters = workspace.history.filters
    combo = filters.nationality
    offered = {combo.itemData(i) for i in range(1, combo.count())}
    assert offered == set(entries_of)
    for nationality, count in sorted(entries_of.items(), key=lambda pair: pair[1])[:3]:
        filters.choose(nationality=nationality)
        assert wait_counted(qtbot, workspace) == count, nationality
        rows = all_rows(workspace)
        assert rows and {holders[str(r.case_id)] for r in rows} == {nationality}

    # One mission only (the server serves the signed-in user's): shown, not offered.
    assert filters.mission.isHidden()
    assert not filters.mission_label.isHidden()
    assert filters.mission_label.text() == f"Mission: {MISSION}"
    assert filters.current_filter().mission == ""


def test_a_supervisor_reviews_countersigns_and_audits_in_tabs(
    qtbot: QtBot, open_signed_in: OpenServices, story: AuditStory
) -> None:
    services = open_signed_in("supervisor")
    window = MainWindow(services, sync_interval_ms=3_600_000)
    qtbot.addWidget(window)
    tabs = window.workspace
    assert isinstance(tabs, QTabWidget)
    rooms = [type(tabs.widget(i)).__name__ for i in range(tabs.count())]
    assert rooms == ["ReviewWorkspace", "CountersignWorkspace", "AuditWorkspace"], rooms
    review, audit = tabs.widget(0), tabs.widget(tabs.count() - 1)
    assert isinstance(review, ReviewWorkspace) and isinstance(audit, AuditWorkspace)
    with qtbot.waitSignal(audit.audit_synced, timeout=TIMEOUT):
        window.show()
    names = {a.objectName() for a in window.findChildren(QAction)}
    assert "nextCaseAction" in names, "the supervisor still reviews"
    assert wait_counted(qtbot, audit) > 0
    window.services.pools.wait()
