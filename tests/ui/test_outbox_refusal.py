"""A decision the server refuses for good: the officer is told who decided instead, the case
comes back to the queue, and a colleague's undelivered decision on this workstation waits."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from server.harness import ReferenceServerProcess
from tests.support.officer_ui import TIMEOUT, open_window
from tests.support.qt_text import shown
from tests.ui.conftest import MISSION, OpenServices
from ui.officer.workspace import ReviewWorkspace
from workstation.domain import DecisionOutcome, ReasonCode
from workstation.protocol import DecisionRequest


def _approval() -> DecisionRequest:
    return DecisionRequest(
        outcome=DecisionOutcome.APPROVE,
        reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
        note="all checks passed",
        decided_at=datetime.now(UTC),
    )


def _warnings(window: QWidget) -> list[str]:
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_a_refused_decision_is_shown_with_who_decided_and_the_case_returns(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    me, colleague = central.usernames("officer", MISSION)[:2]
    services = open_signed_in(username=me)
    window = open_window(qtbot, services)
    workspace = window.findChild(ReviewWorkspace)
    assert isinstance(workspace, ReviewWorkspace)

    # A colleague who used this workstation earlier left a decision in the outbox.
    their_api = central.sign_in_as(colleague)
    their_case = their_api.post("/queue/next", json={"lease_seconds": 900})
    assert their_case.status_code == 200, their_case.text
    their_case_id = UUID(their_case.json()["case_id"])
    services.outbox.record_decision(case_id=their_case_id, actor=colleague, decision=_approval())

    workspace.next_case()
    qtbot.waitUntil(lambda: workspace.current_case is not None, timeout=TIMEOUT)
    case = workspace.current_case
    assert case is not None
    case_id = str(case.case_id)

    # While this officer looks, a supervisor hands the case to the colleague, who rejects it.
    supervisor = central.sign_in("supervisor", MISSION)
    assert supervisor.delete(f"/cases/{case_id}/claim").status_code == 200
    assert their_api.post(f"/cases/{case_id}/claim", json={}).status_code == 200
    rejection = {
        "outcome": "reject",
        "reason_codes": ["test_positive"],
        "note": "the test is positive",
        "decided_at": "2026-03-14T09:20:00+00:00",
    }
    decided = their_api.put(f"/cases/{case_id}/decisions/{UUID(int=5)}", json=rejection)
    assert decided.status_code == 201, decided.text

    with qtbot.waitSignal(window.sync.refused, timeout=TIMEOUT) as refused:
        workspace.decision.decided.emit(_approval())
    message = refused.args[0]
    assert colleague in message and "2026-03-14 09:20 UTC" in message
    assert "already decided" in message
    qtbot.waitUntil(lambda: any(colleague in text for text in _warnings(window)), timeout=TIMEOUT)
    (warning,) = [text for text in _warnings(window) if colleague in text]
    assert "reject" in warning

    # The case is back in the officer's queue; the colleague's entry still waits, unsent.
    qtbot.waitUntil(lambda: workspace.queue.model.row_of(case_id) >= 0, timeout=TIMEOUT)
    counts = services.outbox.counts()
    assert (counts.pending, counts.delivered, counts.refused) == (1, 0, 1)
    assert [entry.actor for entry in services.outbox.pending()] == [colleague]
    status = window.findChild(QLabel, "outboxStatus")
    assert isinstance(status, QLabel)
    qtbot.waitUntil(lambda: "1 refused" in status.text(), timeout=TIMEOUT)
    assert "1 waiting" in status.text()
    # The reason can be read again later, on the outbox in the status bar.
    reread = shown(status.toolTip())
    assert f"case {case_id[:8]}: " in reread and colleague in reread
    assert "already decided" in reread
    still_theirs = their_api.get(f"/cases/{their_case_id}").json()
    assert still_theirs["status"] == "in_review", "not sent with this officer's token"
    for box in window.findChildren(QMessageBox):
        box.close()
