"""The officer's day, driven through the real main window against the real reference server."""

from __future__ import annotations

from uuid import UUID

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from server.demodata import DemoFault
from server.harness import ReferenceServerProcess
from tests.support.officer_ui import (
    answer_next_question,
    claim,
    demo_faults,
    find_case,
    open_and_assess,
    open_window,
)
from tests.support.screenshots import save_screenshot
from tests.ui.conftest import MISSION, OpenServices
from ui.officer.decision_panel import DecisionPanel
from ui.officer.workspace import ReviewWorkspace
from ui.shell.signin_dialog import SignInDialog
from workstation.domain import CaseStatus, DecisionOutcome
from workstation.queue import QueueFilter, queue_ids

TIMEOUT = 30_000


def test_sign_in_says_plainly_what_is_wrong(qtbot: QtBot, central: ReferenceServerProcess) -> None:
    from ui.common.operations import ErrorRoute, Pools

    pools = Pools()
    dialog = SignInDialog(server_url=central.url, pools=pools, errors_route=ErrorRoute())
    qtbot.addWidget(dialog)
    officer = central.user("officer", MISSION)
    dialog.user.setText(officer.username)
    dialog.password.setText("not the password")
    dialog.show()
    save_screenshot(dialog, "signin")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "Wrong user name or password" in dialog.message.text(), timeout=TIMEOUT)
    dialog.server.setText("http://127.0.0.1:9")  # nothing listens there
    dialog.password.setText(officer.password)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "cannot be reached" in dialog.message.text(), timeout=TIMEOUT)
    dialog.server.setText(central.url)
    with qtbot.waitSignal(dialog.accepted, timeout=TIMEOUT):
        dialog.buttons.accepted.emit()
    assert dialog.client is not None and dialog.client.user is not None
    assert dialog.password.text() == "", "the password does not stay in the widget"
    dialog.client.close()
    pools.wait()


def test_officer_works_through_the_queue(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    services = open_signed_in("officer")
    window = open_window(qtbot, services)
    workspace = window.workspace
    assert isinstance(workspace, ReviewWorkspace)
    assert workspace.queue.model.rowCount() > 10
    save_screenshot(window, "queue")

    # Next case: the server picks and claims it; the window opens it with its documents.
    workspace.next_action.trigger()
    qtbot.waitUntil(lambda: workspace.current_case is not None, timeout=TIMEOUT)
    taken = workspace.current_case
    assert taken is not None and taken.claim is not None
    assert taken.claim.officer == services.user.username
    qtbot.waitUntil(lambda: workspace.checks.topLevelItemCount() >= 5, timeout=TIMEOUT)

    # A faulty case shows a failing check, and its PDF report opens in the inspector.
    faults = demo_faults(central)
    early = find_case(services, lambda _n, f: f is DemoFault.SAMPLE_TOO_EARLY, faults)
    # The page renders beside the declaration; the picture is taken once it is painted.
    with qtbot.waitSignal(workspace.inspector.first_page_rendered, timeout=TIMEOUT):
        checks = open_and_assess(qtbot, workspace, early)
    verdicts = {checks.topLevelItem(i).text(0) for i in range(checks.topLevelItemCount())}
    assert any(v.startswith("✗") and "window" in v for v in verdicts), verdicts
    save_screenshot(window, "case_view")
    save_screenshot(window, "inspector")

    # Reject without a note is refused and nothing is recorded.
    claim(qtbot, workspace)
    workspace.decision.choose(DecisionOutcome.REJECT)
    workspace.decision.confirm_button.click()
    assert "note" in workspace.decision.message.text()
    assert services.outbox.counts().pending == 0

    # Approve a clean case with a note: it leaves the queue and reaches the server.
    clean = find_case(services, lambda _n, f: f is None, faults)
    open_and_assess(qtbot, workspace, clean)
    claim(qtbot, workspace)
    workspace.decision.choose(DecisionOutcome.APPROVE)
    workspace.decision.note.setPlainText("Report and declaration agree.")
    seen: list[str] = []
    answer_next_question(seen, QMessageBox.StandardButton.Yes)
    workspace.decision.confirm_button.click()
    qtbot.waitUntil(lambda: services.outbox.counts().delivered == 1, timeout=TIMEOUT)
    assert clean not in queue_ids(services.store, QueueFilter())
    record = services.client.case(UUID(clean))
    assert record.status is CaseStatus.APPROVED
    assert record.decision is not None and record.decision.note == "Report and declaration agree."
    assert record.content.holder.name.latin in seen[0], "the confirmation names the traveller"
    assert workspace.queue.model.row_of(clean) == -1


def test_decision_waits_for_the_server_and_is_delivered_after_restart(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    # The other officer: the first holds the claims of the test above (at most 3 at once).
    services = open_signed_in(username=central.usernames("officer", MISSION)[1])
    window = open_window(qtbot, services)
    workspace = window.workspace
    assert isinstance(workspace, ReviewWorkspace)
    clean = find_case(services, lambda _n, f: f is None, demo_faults(central))
    open_and_assess(qtbot, workspace, clean)
    claim(qtbot, workspace)

    central.stop()
    workspace.decision.choose(DecisionOutcome.APPROVE)
    answer_next_question([], QMessageBox.StandardButton.Yes)
    workspace.decision.confirm_button.click()
    qtbot.waitUntil(lambda: services.outbox.counts().pending == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "Offline" in window.status.connection.text(), timeout=TIMEOUT)
    assert "1 waiting" in window.status.outbox.text()
    assert workspace.queue.model.row_of(clean) == -1, "the decided case left the queue"

    central.restart()
    with qtbot.waitSignal(window.sync.finished, timeout=TIMEOUT):
        window.sync.sync_now()
    qtbot.waitUntil(lambda: services.outbox.counts().delivered == 1, timeout=TIMEOUT)
    assert "Online" in window.status.connection.text()
    assert services.client.case(UUID(clean)).status is CaseStatus.APPROVED


@pytest.mark.parametrize("role", ["clerk", "auditor"])
def test_roles_without_decision_rights_see_no_decision_controls(
    qtbot: QtBot, open_signed_in: OpenServices, role: str
) -> None:
    window = open_window(qtbot, open_signed_in(role))
    assert window.findChildren(DecisionPanel) == []
    assert not isinstance(window.workspace, ReviewWorkspace)
    names = {action.objectName() for action in window.findChildren(QAction)}
    assert "syncAction" in names and "nextCaseAction" not in names
    assert window.services.user.role == role
