"""The supervisor's room answers through the outbox (issue 10): with the server down the
countersignature is kept and shown as waiting, not offered again, and delivered when the
server is back; an answer the server refuses comes back to the queue with the reason.

The real reference server (stopped, then started again on its port and database) and the
real window.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTabWidget
from pytestqt.qtbot import QtBot

from server.harness import ApiSession, ReferenceServerProcess
from tests.support.declarations import build_declaration, decision_body, submit
from tests.support.officer_ui import TIMEOUT, answer_next_question, open_window
from tests.ui.conftest import MISSION, OpenServices
from ui.shell.main_window import MainWindow
from ui.supervisor.exceptions_model import ExceptionColumn
from ui.supervisor.workspace import CountersignWorkspace
from workstation.domain import CaseStatus, ReasonCode
from workstation.outbox import OutboxKind
from workstation.protocol import CaseRecord, SubmissionReceipt

LAB_FAILED = {
    "check": "approved_lab",
    "verdict": "fail",
    "summary": "Central Test Laboratory is not on the mission's approved list",
    "reasons": ["lab_not_approved"],
}


def _exception(server: ReferenceServerProcess) -> CaseRecord:
    officer = server.sign_in("officer", MISSION)
    reply = submit(server.url, build_declaration(mission=MISSION, family="Outboxa"))
    case_id = SubmissionReceipt.model_validate_json(reply.content).case_id
    assert officer.post(f"/cases/{case_id}/claim", json={}).status_code == 200
    body = {
        **decision_body(reasons=(ReasonCode.OFFICER_JUDGEMENT,)),
        "checks": [LAB_FAILED],
        "overruled_checks": ["approved_lab"],
        "justification": "Accredited last week.",
    }
    decided = officer.put(f"/cases/{case_id}/decisions/{uuid.uuid4()}", json=body)
    assert decided.status_code == 201, decided.text
    return CaseRecord.model_validate_json(officer.get(f"/cases/{case_id}").content)


def _room(qtbot: QtBot, window: MainWindow, case_id: UUID) -> CountersignWorkspace:
    room = window.findChild(CountersignWorkspace)
    assert room is not None
    tabs = window.workspace
    assert isinstance(tabs, QTabWidget)
    tabs.setCurrentWidget(room)
    qtbot.waitUntil(lambda: room.select_case(str(case_id)), timeout=TIMEOUT)
    return room


def _answer_column(room: CountersignWorkspace, case_id: UUID) -> str:
    row = room.model.row_of(str(case_id))
    assert row >= 0
    return str(room.model.index(row, ExceptionColumn.ANSWER).data(Qt.ItemDataRole.DisplayRole))


def _server_case(api: ApiSession, case_id: UUID) -> CaseRecord:
    reply = api.get(f"/cases/{case_id}")
    assert reply.status_code == 200, reply.text
    return CaseRecord.model_validate_json(reply.content)


def test_a_countersignature_given_offline_waits_in_the_outbox_and_is_delivered(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    record = _exception(central)
    case_id = record.case_id
    supervisor = central.user("supervisor", MISSION).username
    services = open_signed_in(username=supervisor)
    window = open_window(qtbot, services)
    room = _room(qtbot, window, case_id)
    assert room.countersign_button.isEnabled()

    central.stop()
    try:
        room.note.setPlainText("Accreditation letter seen.")
        asked: list[str] = []
        answer_next_question(asked, QMessageBox.StandardButton.Yes)
        with qtbot.waitSignal(room.answered, timeout=TIMEOUT) as answered:
            room.countersign_button.click()
        assert asked and "Countersign" in asked[0]
        entry_id = answered.args[0]
        (entry,) = services.outbox.pending()
        assert (entry.entry_id, entry.kind, entry.case_id) == (
            entry_id,
            OutboxKind.COUNTERSIGNATURE,
            case_id,
        )
        # The delivery that follows finds no server: the answer stays, marked as waiting.
        qtbot.waitUntil(lambda: services.outbox.pending()[0].attempts >= 1, timeout=TIMEOUT)
        assert _answer_column(room, case_id) == "Countersigned, waiting to be delivered"
        assert room.model.row_of(str(case_id)) == room.model.rowCount() - 1  # after open ones
        assert "1 answered and waiting in the outbox" in room.count.text()
        # Not offered again: chosen, it shows the answer given, and nothing can be pressed.
        assert room.select_case(str(case_id))
        assert not room.countersign_button.isEnabled()
        assert not room.send_back_button.isEnabled() and not room.note.isEnabled()
        assert "waiting in the outbox" in room.message.text() and supervisor in room.message.text()
        assert room.note.toPlainText() == "Accreditation letter seen."
    finally:
        central.restart()

    with qtbot.waitSignal(window.sync.finished, timeout=TIMEOUT):
        window.sync.sync_now()
    counts = services.outbox.counts()
    assert (counts.pending, counts.delivered, counts.refused) == (0, 1, 0)
    qtbot.waitUntil(lambda: room.model.row_of(str(case_id)) == -1, timeout=TIMEOUT)
    signed = _server_case(central.sign_in("clerk", MISSION), case_id)  # printable now
    assert signed.status is CaseStatus.APPROVED and signed.certificate is not None
    assert signed.decision is not None and signed.decision.countersignature is not None
    answer = signed.decision.countersignature
    assert (answer.idempotency_key, answer.supervisor, answer.note) == (
        entry_id,
        supervisor,
        "Accreditation letter seen.",
    )


def test_a_refused_countersignature_is_shown_with_the_reason_and_the_case_returns(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    record = _exception(central)
    case_id = record.case_id
    assert record.decision is not None
    supervisor = central.user("supervisor", MISSION).username
    services = open_signed_in(username=supervisor)
    window = open_window(qtbot, services)
    room = _room(qtbot, window, case_id)

    # While the supervisor reads, the exception is sent back from another workstation.
    elsewhere = central.sign_in_as(supervisor).put(
        f"/cases/{case_id}/countersignatures/{uuid.uuid4()}",
        json={
            "verdict": "send_back",
            "decision_key": str(record.decision.idempotency_key),
            "note": "Ask for the letter.",
            "decided_at": datetime.now(UTC).isoformat(),
        },
    )
    assert elsewhere.status_code == 201, elsewhere.text

    asked: list[str] = []
    answer_next_question(asked, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.sync.refused, timeout=TIMEOUT) as refused:
        room.countersign_button.click()
    message = refused.args[0]
    assert "already sent back" in message and supervisor in message
    qtbot.waitUntil(
        lambda: any(
            "already sent back" in box.text()
            for box in window.findChildren(QMessageBox)
            if box.isVisible()
        ),
        timeout=TIMEOUT,
    )
    assert services.outbox.counts().refused == 1
    # Back in the queue (the local copy still waits), with the server's reason.
    qtbot.waitUntil(
        lambda: _answer_column(room, case_id) == "Refused by the server", timeout=TIMEOUT
    )
    assert room.select_case(str(case_id))
    assert "already sent back" in room.message.text()
    assert room.countersign_button.isEnabled()
    # The next sync brings the case as it is: back with its officer, no longer waiting here.
    with qtbot.waitSignal(window.sync.finished, timeout=TIMEOUT):
        window.sync.sync_now()
    qtbot.waitUntil(lambda: room.model.row_of(str(case_id)) == -1, timeout=TIMEOUT)
    for box in window.findChildren(QMessageBox):
        box.close()
