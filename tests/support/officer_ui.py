"""Helpers for driving the officer's main window in GUI tests: opening and activating it,
reading a case view's groups, picking demo declarations (and open cases) by what they
contain, and claiming and assessing a case in the review workspace."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFormLayout, QGroupBox, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from server.demodata import DemoDeclaration, DemoFault, generate
from server.harness import ReferenceServerProcess
from tests.ui.conftest import MISSION, SEED
from ui.common.queue_model import COLUMNS, QueueModel
from ui.common.queue_view import QueueView
from ui.common.services import Services
from ui.officer.checks_panel import ChecksPanel
from ui.officer.workspace import ReviewWorkspace
from ui.shell.main_window import MainWindow
from workstation.domain import CaseStatus
from workstation.models import CaseRow
from workstation.queue import QueueColumn

TIMEOUT = 30_000


def open_window(qtbot: QtBot, services: Services) -> MainWindow:
    """The main window, shown, after its first sync (the periodic sync is an hour away)."""
    window = MainWindow(services, sync_interval_ms=3_600_000)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sync.finished, timeout=TIMEOUT):
        window.show()
    return window


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Make `window` the active window, as window-wide keyboard shortcuts require."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)


def only_group(parent: QWidget, name: str) -> QGroupBox:
    """The one live group box called `name` (widgets of an earlier case are deleted first)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    boxes = parent.findChildren(QGroupBox, name)
    assert len(boxes) == 1, f"{len(boxes)} groups called {name!r}"
    return boxes[0]


def form_rows(box: QGroupBox) -> list[tuple[str, str]]:
    """(label, value) of each row of a group laid out as a form, in order."""
    form = box.layout()
    assert isinstance(form, QFormLayout)
    rows = []
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label = label_item.widget() if label_item is not None else None
        value = field_item.widget() if field_item is not None else None
        assert isinstance(label, QLabel) and value is not None
        rows.append((label.text(), _shown_text(value)))
    return rows


def _shown_text(value: QWidget) -> str:
    """A value's text: one label, or a cell of labels (a test's result, time and lab)."""
    if isinstance(value, QLabel):
        return value.text()
    parts = value.findChildren(QLabel)
    assert parts, f"a form value without text: {value!r}"
    return ", ".join(part.text() for part in parts)


@dataclass(frozen=True)
class DemoChain:
    """A trip's declarations in order: the first declaration, then each re-declaration."""

    versions: list[DemoDeclaration]

    @property
    def latest(self) -> DemoDeclaration:
        return self.versions[-1]

    @property
    def document_number(self) -> str:
        return self.latest.submission.content.travel_document.number


def demo_declarations(server: ReferenceServerProcess, count: int) -> list[DemoDeclaration]:
    """What the server was seeded with (`count` is the seed count the server was started with)."""
    return list(
        generate(count=count, seed=server.seed_value, reference_time=server.seed_reference_time)
    )


def redeclared_chains(declarations: list[DemoDeclaration], mission: str) -> list[DemoChain]:
    """Every re-declared trip of `mission`, each followed to its latest version."""
    superseded = {d.supersedes_index for d in declarations if d.supersedes_index is not None}
    chains = []
    for index, declaration in enumerate(declarations):
        if index in superseded or declaration.supersedes_index is None:
            continue
        if declaration.submission.mission != mission:
            continue
        versions = [declaration]
        while versions[0].supersedes_index is not None:
            versions.insert(0, declarations[versions[0].supersedes_index])
        chains.append(DemoChain(versions))
    return chains


def answer_next_question(seen: list[str], button: QMessageBox.StandardButton) -> None:
    """Answer the next modal question box (e.g. the decision confirmation), keeping its text."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, answer)


@contextmanager
def declining_questions() -> Iterator[list[str]]:
    """While inside, any modal question box is answered No at once and its text kept, so a
    question that should not have been asked fails the test instead of blocking it."""
    asked: list[str] = []

    def decline() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(QMessageBox.StandardButton.No).click()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(decline)
    timer.start()
    try:
        yield asked
    finally:
        timer.stop()


# -- picking demo cases by their fault, and working one in the review workspace ----------------


def demo_faults(server: ReferenceServerProcess) -> dict[str, DemoFault | None]:
    """Travel document number -> the fault of the trip's first declaration (version 0)."""
    faults: dict[str, DemoFault | None] = {}
    for d in generate(
        count=SEED, seed=server.seed_value, reference_time=server.seed_reference_time
    ):
        if d.submission.mission == MISSION:
            faults.setdefault(d.submission.content.travel_document.number, d.fault)
    return faults


def find_case(services: Services, wanted: Callable[[str, DemoFault | None], bool],
              faults: dict[str, DemoFault | None]) -> str:  # fmt: skip
    """An open case of the mission whose demo fault satisfies `wanted`, not yet taken."""
    with services.store.reader() as session:
        rows = session.query(CaseRow).filter(CaseRow.status == CaseStatus.SUBMITTED.value)
        for row in rows.order_by(CaseRow.submitted_at.desc()):
            if row.version == 0 and wanted(row.document_number, faults.get(row.document_number)):
                return row.case_id
    raise AssertionError("no such demo case")


def open_and_assess(qtbot: QtBot, workspace: ReviewWorkspace, case_id: str) -> ChecksPanel:
    assert workspace.queue.select_case(case_id)
    qtbot.waitUntil(
        lambda: workspace.checks.topLevelItemCount() >= 5, timeout=TIMEOUT
    )  # the checks ran on the fetched documents
    return workspace.checks


def claim(qtbot: QtBot, workspace: ReviewWorkspace) -> None:
    workspace.decision.claim_button.click()
    qtbot.waitUntil(lambda: workspace.decision.confirm_button.isEnabled(), timeout=TIMEOUT)


# -- the queue ----------------------------------------------------------------------------------

HOLDER = COLUMNS.index(QueueColumn.HOLDER)
REDECLARATIONS = COLUMNS.index(QueueColumn.REDECLARATIONS)


def review_workspace(window: MainWindow) -> ReviewWorkspace:
    workspace = window.workspace
    assert isinstance(workspace, ReviewWorkspace)
    return workspace


def column(model: QueueModel, position: int, role: int = Qt.ItemDataRole.DisplayRole) -> list[str]:
    return [model.data(model.index(row, position), role) for row in range(model.rowCount())]


def show_statuses(qtbot: QtBot, queue: QueueView, choice: str) -> None:
    """Choose an entry of the status filter (its data: OPEN, EVERY or a status value)."""
    index = queue.status_filter.findData(choice)
    assert index >= 0, choice
    if index == queue.status_filter.currentIndex():
        return
    with qtbot.waitSignal(queue.model.modelReset, timeout=TIMEOUT):
        queue.status_filter.setCurrentIndex(index)


def type_search(qtbot: QtBot, queue: QueueView, text: str) -> None:
    """Type into the search field; the queue re-reads once the officer pauses."""
    before = column(queue.model, HOLDER)
    with qtbot.waitSignal(queue.model.modelReset, timeout=TIMEOUT):
        qtbot.keyClicks(queue.search, text)
        assert column(queue.model, HOLDER) == before, "the queue waits for a pause in typing"
    assert queue.search.text() == text
