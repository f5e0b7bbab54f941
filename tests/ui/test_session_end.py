"""Ending a session through the real shell and main window, against the real reference server:
signing out or closing the window locks the signing key, deletes the window, asks for a
sign-in again, and never loses a print record, even with a batch on the printer."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from printing.verify import verify
from server.harness import ReferenceServerProcess
from tests.support.clerk_ui import (
    PASSPHRASE,
    ApprovedCase,
    mission_keys,
    pdf_pages,
    print_audit,
    submit_and_approve,
)
from tests.support.screenshots import save_screenshot
from tests.support.session_ui import (
    TIMEOUT,
    flush_deleted,
    opened_window,
    pdf_printer,
    running_shell,
    sign_in_from_dialog,
    sign_out,
    stored_prints,
)
from tests.ui.conftest import MISSION
from ui.auditor.workspace import AuditWorkspace
from ui.clerk.workspace import PrintWorkspace
from ui.shell.main_window import MainWindow
from ui.shell.signin_dialog import SignInDialog
from workstation.config import Settings
from workstation.outbox import OutboxState

BATCH = 8


@pytest.fixture(scope="module")
def approved(central: ReferenceServerProcess) -> list[ApprovedCase]:
    return submit_and_approve(central, BATCH)


def print_workspace(window: MainWindow) -> PrintWorkspace:
    workspace = window.workspace
    assert isinstance(workspace, PrintWorkspace)
    return workspace


def test_signing_out_locks_the_key_deletes_the_window_and_asks_for_a_sign_in_again(
    qtbot: QtBot, settings: Settings, central: ReferenceServerProcess
) -> None:
    clerk = central.user("clerk", MISSION)
    signer = mission_keys(settings).signer(PASSPHRASE)
    with running_shell(settings, signer=signer) as shell:
        window = opened_window(
            qtbot, shell, lambda: shell.sign_in_with(clerk.username, clerk.password)
        )
        session = print_workspace(window).signing
        assert session.signer() is signer
        gone = weakref.ref(window)
        with qtbot.waitSignal(shell.signing_in, timeout=TIMEOUT) as asked:
            sign_out(window)
        assert session.signer() is None, "the signing key stays unlocked after sign-out"
        flush_deleted()
        assert not shiboken6.isValid(window), "the signed-out user's window lingers"
        del window
        gc.collect()
        assert gone() is None, "something still holds the signed-out user's window"

        dialog = asked.args[0]
        assert isinstance(dialog, SignInDialog) and dialog.isVisible()
        assert dialog.server.text() == central.url
        assert dialog.user.text() == clerk.username and dialog.password.text() == ""
        assert "signed out" in dialog.notice.text()
        save_screenshot(dialog, "signin_after_sign_out")


@pytest.mark.parametrize("how", ["sign out", "close the window"])
def test_ending_the_session_mid_batch_stops_after_the_certificate_on_the_printer_and_keeps_its_record(  # noqa: E501
    qtbot: QtBot, settings: Settings, central: ReferenceServerProcess,
    approved: list[ApprovedCase], tmp_path: Path, how: str,
) -> None:  # fmt: skip
    clerk = central.user("clerk", MISSION)
    keys = mission_keys(settings)
    out = tmp_path / "interrupted.pdf"
    with running_shell(settings, signer=keys.signer(PASSPHRASE)) as shell:
        window = opened_window(
            qtbot, shell, lambda: shell.sign_in_with(clerk.username, clerk.password)
        )
        workspace = print_workspace(window)
        workspace.select_cases([c.case_id for c in approved])
        assert workspace.selected_ids() == [c.case_id for c in approved]
        signer = workspace.signing.signer()
        assert signer is not None

        def end_session(done: int, _total: int, _holder: str) -> None:
            if done == 1 and shell.window is not None:
                if how == "sign out":
                    sign_out(shell.window)
                else:
                    shell.window.close()

        assert workspace.print_to(pdf_printer(out), signer=signer)
        assert workspace.job is not None
        workspace.job.progress.connect(end_session)
        del workspace, window, signer
        with qtbot.waitSignal(shell.signing_in, timeout=TIMEOUT) as asked:
            pass
        # By the time the window has closed, what reached the paper is in the outbox.
        recorded = stored_prints(shell.store)
        on_paper = [
            r.claims.dcc["t"][0]["ci"] for r in verify([out], keys.trust_list()) if r.claims
        ]
        assert 1 <= pdf_pages(out) == len(on_paper) < BATCH
        assert [request.certificate_id for request, _state in recorded] == on_paper
        assert on_paper == [c.certificate_id for c in approved[: len(on_paper)]]
        assert {state for _request, state in recorded} == {OutboxState.PENDING.value}

        # The next session delivers them to the server's audit log.
        sign_in_from_dialog(qtbot, shell, asked.args[0], clerk.password)
        qtbot.waitUntil(
            lambda: {s for _r, s in stored_prints(shell.store)} == {OutboxState.DELIVERED.value},
            timeout=TIMEOUT,
        )
        audited = {e.details["certificate_id"] for e in print_audit(central)}
        assert set(on_paper) <= audited


def test_the_demo_sign_in_lists_every_role_and_signs_in_as_the_one_chosen(
    qtbot: QtBot, settings: Settings, central: ReferenceServerProcess
) -> None:
    from ui.shell.cli import demo_users

    users = tuple(demo_users(central, MISSION))
    assert [u.role for u in users] == ["officer", "officer", "clerk", "auditor", "supervisor"]
    clerk, auditor = central.user("clerk", MISSION), central.user("auditor", MISSION)
    with running_shell(settings, demo_users=users) as shell:
        window = opened_window(
            qtbot, shell, lambda: shell.sign_in_with(clerk.username, clerk.password)
        )
        with qtbot.waitSignal(shell.signing_in, timeout=TIMEOUT) as asked:
            sign_out(window)
        del window
        dialog = asked.args[0]
        assert isinstance(dialog, SignInDialog) and dialog.demo_users is not None
        listed = [dialog.demo_users.item(i).text() for i in range(dialog.demo_users.count())]
        assert len(listed) == len(users)
        assert all(u.username in line for u, line in zip(users, listed, strict=True))
        dialog.resize(1366 // 2, dialog.height())
        save_screenshot(dialog, "demo_signin")

        dialog.demo_users.setCurrentRow(
            users.index(auditor_user := central.users[auditor.username])
        )
        assert dialog.user.text() == auditor_user.username
        assert dialog.password.text() == auditor_user.password
        window = opened_window(qtbot, shell, dialog.buttons.accepted.emit)
        assert window.services.user.role == "auditor"
        assert window.findChild(AuditWorkspace) is not None
