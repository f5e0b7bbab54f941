"""Exceptions in the windows (issue 10): the officer's deliberate, justified exception; the
supervisor's queue that countersigns or sends back; nothing printable until countersigned.

Against the real reference server with its demo data (mission GBR-LON: a positive result or
an edited report may never be overruled; every exception waits for a supervisor).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QTabWidget
from pytestqt.qtbot import QtBot

from review.checks import Verdict, run_checks
from server.demodata import DemoFault
from server.harness import ApiSession, ReferenceServerProcess
from tests.support.clerk_ui import open_clerk
from tests.support.declarations import build_declaration, decision_body, submit
from tests.support.officer_ui import claim, demo_faults, find_case, open_and_assess, open_window
from tests.support.screenshots import save_screenshot
from tests.ui.conftest import MISSION, OpenServices
from ui.officer.decision_panel import DecisionPanel
from ui.officer.exception_box import confirm_exception
from ui.officer.workspace import ReviewWorkspace
from ui.shell.i18n import install_language
from ui.supervisor.workspace import CountersignWorkspace
from workstation.config import Settings
from workstation.domain import CaseStatus, DecisionOutcome, ReasonCode
from workstation.protocol import CaseRecord, SubmissionReceipt

TIMEOUT = 30_000
LAB_FAILED = {
    "check": "approved_lab",
    "verdict": "fail",
    "summary": "Central Test Laboratory is not on the mission's approved list",
    "reasons": ["lab_not_approved"],
}


def _answer_box(
    seen: list[QMessageBox], button: QMessageBox.StandardButton, *, picture: str = ""
) -> None:
    """Answer the next modal message box with `button`, keeping the box as it was asked."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box)
        save_screenshot(box, picture or f"dialog_{box.objectName()}")
        box.button(button).click()

    QTimer.singleShot(0, answer)


def _server_case(server: ReferenceServerProcess, role: str, case_id: str | UUID) -> CaseRecord:
    reply = server.sign_in(role, MISSION).get(f"/cases/{case_id}")
    assert reply.status_code == 200, reply.text
    return CaseRecord.model_validate_json(reply.content)


def test_the_officer_must_overrule_and_justify_an_exception(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    services = open_signed_in(username=central.user("officer", MISSION).username)
    window = open_window(qtbot, services)
    window.resize(1366, 768)
    workspace = window.workspace
    assert isinstance(workspace, ReviewWorkspace)
    panel = workspace.decision
    faults = demo_faults(central)

    # A positive result may not be overruled at this mission: the UI refuses at once.
    positive = find_case(services, lambda _n, f: f is DemoFault.POSITIVE_RESULT, faults)
    open_and_assess(qtbot, workspace, positive)
    claim(qtbot, workspace)
    panel.choose(DecisionOutcome.APPROVE)
    assert not panel.exception.isHidden()
    panel.justification.setPlainText("I trust the traveller.")
    panel.confirm_button.click()
    assert "policy does not allow" in panel.message.text()
    assert services.outbox.counts().pending == 0

    # An unknown laboratory may be overruled, deliberately: nothing is ticked for the officer.
    unknown_lab = find_case(services, lambda _n, f: f is DemoFault.UNKNOWN_LAB, faults)
    open_and_assess(qtbot, workspace, unknown_lab)
    claim(qtbot, workspace)
    panel.choose(DecisionOutcome.APPROVE)
    assert not panel.exception.isHidden()
    assert ReasonCode.OFFICER_JUDGEMENT not in panel._chosen_reasons()
    panel.confirm_button.click()  # approve with nothing ticked and no justification
    refused = panel.message.text()
    assert "tick each one you overrule" in refused and "justification" in refused
    assert services.outbox.counts().pending == 0

    listed = panel.exception.checks
    failed = [str(listed.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(listed.count())]
    assert "approved_lab" in failed
    for check in failed:
        panel.exception.tick(check)
    for row in range(panel.reasons.count()):
        item = panel.reasons.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == ReasonCode.OFFICER_JUDGEMENT.value:
            item.setCheckState(Qt.CheckState.Checked)
    panel.justification.setPlainText("The laboratory was accredited on Monday; list not updated.")
    save_screenshot(window, "exception_decision_panel")

    # The confirmation is not the clean one: failed checks in red, the default is to go back.
    seen: list[QMessageBox] = []
    _answer_box(seen, QMessageBox.StandardButton.No)
    panel.confirm_button.click()
    assert seen and seen[0].objectName() == "confirmExceptionBox"
    assert seen[0].defaultButton() is seen[0].button(QMessageBox.StandardButton.No)
    assert "EXCEPTION" in seen[0].text() and "#b3261e" in seen[0].text()
    assert services.outbox.counts().pending == 0  # going back records nothing

    _answer_box(seen, QMessageBox.StandardButton.Yes)
    panel.confirm_button.click()
    qtbot.waitUntil(lambda: services.outbox.counts().delivered == 1, timeout=TIMEOUT)
    record = _server_case(central, "officer", unknown_lab)
    assert record.status is CaseStatus.AWAITING_COUNTERSIGNATURE
    assert record.certificate is None
    assert record.decision is not None
    assert sorted(record.decision.overruled_checks) == sorted(failed)
    assert "accredited" in record.decision.justification
    # No certificate can be printed: the clerk does not see the case at all.
    clerk = central.sign_in("clerk", MISSION)
    assert clerk.get(f"/cases/{unknown_lab}").status_code == 404


def _exception_through_the_api(
    server: ReferenceServerProcess, role: str = "officer"
) -> tuple[UUID, ApiSession]:
    officer = server.sign_in_as(server.user(role, MISSION).username)
    reply = submit(server.url, build_declaration(mission=MISSION, family="Exceptiona"))
    case_id = SubmissionReceipt.model_validate_json(reply.content).case_id
    assert officer.post(f"/cases/{case_id}/claim", json={}).status_code == 200
    _decide_exception(officer, case_id)
    return case_id, officer


def _decide_exception(officer: ApiSession, case_id: UUID) -> None:
    body = {
        **decision_body(reasons=(ReasonCode.OFFICER_JUDGEMENT,)),
        "checks": [LAB_FAILED],
        "overruled_checks": ["approved_lab"],
        "justification": "Accredited last week.",
        "decided_at": datetime.now(UTC).isoformat(),
    }
    reply = officer.put(f"/cases/{case_id}/decisions/{uuid.uuid4()}", json=body)
    assert reply.status_code == 201, reply.text


def test_the_supervisor_sends_back_then_countersigns(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    case_id, officer = _exception_through_the_api(central)
    services = open_signed_in(username=central.user("supervisor", MISSION).username)
    window = open_window(qtbot, services)
    window.resize(1366, 768)
    tabs = window.workspace
    assert isinstance(tabs, QTabWidget)
    room = window.findChild(CountersignWorkspace)
    assert room is not None
    tabs.setCurrentWidget(room)
    qtbot.waitUntil(lambda: room.model.row_of(str(case_id)) >= 0, timeout=TIMEOUT)
    assert room.select_case(str(case_id))
    assert room.current_case is not None and room.current_case.case_id == case_id
    assert "Accredited last week." in room.exception.text()
    qtbot.wait(600)  # the case view shows its new groups once events run
    save_screenshot(window, "supervisor_queue")

    # Sending back needs a note to the officer.
    room.send_back_button.click()
    assert "note" in room.message.text()
    room.note.setPlainText("Attach the accreditation letter first.")
    seen: list[QMessageBox] = []
    _answer_box(seen, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(room.answered, timeout=TIMEOUT):
        room.send_back_button.click()
    # Committed to the outbox, then delivered.
    qtbot.waitUntil(lambda: services.outbox.counts().delivered == 1, timeout=TIMEOUT)
    back = _server_case(central, "officer", case_id)
    assert back.status is CaseStatus.IN_REVIEW
    assert (
        back.claim is not None and back.claim.officer == central.user("officer", MISSION).username
    )
    assert back.certificate is None
    qtbot.waitUntil(lambda: room.model.row_of(str(case_id)) == -1, timeout=TIMEOUT)
    # The officer's panel says who sent it back and why.
    officer_panel = DecisionPanel(confirm=False)
    qtbot.addWidget(officer_panel)
    officer_panel.show_case(back, claimed_by_me=True)
    assert officer_panel.confirm_button.isEnabled()
    assert "Attach the accreditation letter first." in officer_panel.message.text()

    # The officer makes the exception again; the supervisor countersigns it.
    _decide_exception(officer, case_id)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: room.model.row_of(str(case_id)) >= 0, timeout=TIMEOUT)
    assert room.select_case(str(case_id))
    _answer_box(seen, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(room.answered, timeout=TIMEOUT):
        room.countersign_button.click()
    qtbot.waitUntil(lambda: services.outbox.counts().delivered == 2, timeout=TIMEOUT)
    signed = _server_case(central, "clerk", case_id)  # the clerk sees it now
    assert signed.status is CaseStatus.APPROVED and signed.certificate is not None
    assert signed.decision is not None and signed.decision.countersignature is not None
    assert (
        signed.decision.countersignature.supervisor == central.user("supervisor", MISSION).username
    )


def test_the_clerk_sees_that_a_certificate_came_through_an_exception(
    qtbot: QtBot,
    open_signed_in: OpenServices,
    settings: Settings,
    central: ReferenceServerProcess,
) -> None:
    case_id, _officer = _exception_through_the_api(central)
    supervisor = central.sign_in("supervisor", MISSION)
    decision = _server_case(central, "supervisor", case_id).decision
    assert decision is not None
    signed = supervisor.put(
        f"/cases/{case_id}/countersignatures/{uuid.uuid4()}",
        json={
            "verdict": "countersign",
            "decision_key": str(decision.idempotency_key),
            "decided_at": datetime.now(UTC).isoformat(),
        },
    )
    assert signed.status_code == 201, signed.text
    clerk = open_clerk(qtbot, open_signed_in, settings)
    clerk.workspace.select_cases([str(case_id)])
    qtbot.waitUntil(lambda: bool(clerk.workspace.selected_ids()), timeout=TIMEOUT)
    summary = clerk.workspace.summary.text()
    assert "EXCEPTION" in summary and "Laboratory on the approved list" in summary
    assert central.user("supervisor", MISSION).username in summary


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The UI language for widgets created in the test (English again afterwards)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_language(app, request.param)
    yield request.param
    install_language(app, "en")


def test_pictures_of_the_exception_screens(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess, language: str
) -> None:
    """The exception confirmation, the decision panel and the supervisor's queue at 1366x768."""
    case_id, _officer = _exception_through_the_api(central)
    services = open_signed_in(username=central.user("supervisor", MISSION).username)
    window = open_window(qtbot, services)
    window.resize(1366, 768)
    room = window.findChild(CountersignWorkspace)
    assert room is not None
    tabs = window.workspace
    assert isinstance(tabs, QTabWidget)
    tabs.setCurrentWidget(room)
    qtbot.waitUntil(lambda: room.select_case(str(case_id)), timeout=TIMEOUT)
    qtbot.wait(600)  # the case view shows its new groups once events run
    save_screenshot(window, f"supervisor_queue_{language}")

    record = _server_case(central, "supervisor", case_id)
    results = run_checks(record, {}, services.policy)
    failed = [r for r in results if r.verdict is Verdict.FAIL]
    assert failed
    panel = DecisionPanel(confirm=False)
    qtbot.addWidget(panel)
    panel.set_policy(services.policy)
    # As the officer saw it before deciding: in review, claimed by them.
    in_review = record.model_copy(update={"status": CaseStatus.IN_REVIEW})
    panel.show_case(in_review, claimed_by_me=True, results=results)
    panel.choose(DecisionOutcome.APPROVE)
    panel.resize(1366, 330)
    panel.show()
    assert not panel.exception.isHidden()
    save_screenshot(panel, f"exception_panel_{language}")

    # Rejecting: no exception; the mission's standard phrases for the traveller to pick from.
    panel.choose(DecisionOutcome.REJECT)
    assert panel.exception.isHidden() and not panel.phrases.isHidden()
    phrase = services.policy.phrases_for(DecisionOutcome.REJECT)[0]
    assert panel.phrases.itemData(1) == phrase
    panel.phrases.activated.emit(1)
    assert panel.note.toPlainText() == phrase and panel.phrases.currentIndex() == 0
    panel.justification.setPlainText("Lab unknown to us; traveller told to retest.")
    save_screenshot(panel, f"traveller_message_{language}")
    request = panel.build_request()
    assert request.note == phrase and request.justification.startswith("Lab unknown")

    seen: list[QMessageBox] = []
    _answer_box(seen, QMessageBox.StandardButton.No, picture=f"exception_confirmation_{language}")
    assert not confirm_exception(panel, record, failed, countersignature=True)
    assert seen[0].defaultButton() is seen[0].button(QMessageBox.StandardButton.No)


def test_a_supervisor_is_not_offered_to_countersign_their_own_exception(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    case_id, _supervisor = _exception_through_the_api(central, "supervisor")
    services = open_signed_in(username=central.user("supervisor", MISSION).username)
    window = open_window(qtbot, services)
    room = window.findChild(CountersignWorkspace)
    assert room is not None
    qtbot.waitUntil(lambda: room.select_case(str(case_id)), timeout=TIMEOUT)
    assert not room.countersign_button.isEnabled() and not room.send_back_button.isEnabled()
    assert "your own exception" in room.message.text()
