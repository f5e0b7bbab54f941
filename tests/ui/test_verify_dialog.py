"""Verify a certificate in the app: a printed PDF is valid, a tampered code is not, a revoked
one is recognised from the server's list, and pasted text is never opened as a file."""

from __future__ import annotations

import zlib
from pathlib import Path
from uuid import UUID

import base45
import pytest
from pytestqt.qtbot import QtBot

from printing.certificate_pdf import certificate_pdf
from printing.issuance import issue
from server.harness import ReferenceServerProcess
from tests.support.clerk_ui import (
    PASSPHRASE,
    TIMEOUT,
    ApprovedCase,
    mission_keys,
    redeclare,
    submit_and_approve,
)
from tests.support.screenshots import save_screenshot
from tests.ui.conftest import OpenServices
from ui.clerk.verify_dialog import VerifyDialog, VerifyReport, may_verify
from ui.common.services import Services
from workstation.config import Settings
from workstation.domain import Role


@pytest.fixture(scope="module")
def approved(central: ReferenceServerProcess) -> list[ApprovedCase]:
    """Two approved cases (a test re-declares the second, which revokes its certificate)."""
    return submit_and_approve(central, 2)


def issued_pdf(services: Services, settings: Settings, case_id: str, path: Path) -> str:
    """Sign and write the case's certificate as the print workspace does; returns the HC1."""
    record = services.client.case(UUID(case_id))
    issued = issue(record, mission_keys(settings).signer(PASSPHRASE))
    path.write_bytes(certificate_pdf(issued))
    return issued.hc1


def run(qtbot: QtBot, dialog: VerifyDialog) -> VerifyReport:
    with qtbot.waitSignal(dialog.verified, timeout=TIMEOUT) as blocker:
        dialog.verify_button.click()
    report = blocker.args[0]
    assert isinstance(report, VerifyReport)
    return report


@pytest.fixture
def clerk(open_signed_in: OpenServices) -> Services:
    return open_signed_in("clerk")


@pytest.fixture
def dialog(qtbot: QtBot, clerk: Services) -> VerifyDialog:
    dialog = VerifyDialog(clerk)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_printed_certificate_is_valid_and_a_tampered_code_is_not(
    qtbot: QtBot, dialog: VerifyDialog, clerk: Services, settings: Settings,
    approved: list[ApprovedCase], tmp_path: Path,
) -> None:  # fmt: skip
    pdf = tmp_path / "certificate.pdf"
    hc1 = issued_pdf(clerk, settings, approved[0].case_id, pdf)
    dialog.choose_files([pdf])
    report = run(qtbot, dialog)
    assert report.valid and report.revocations_checked
    assert dialog.verdict.text().startswith("Valid")
    text = dialog.report_view.toPlainText()
    assert "VALID" in text and "NOT VALID" not in text
    assert "Zhang" in text or "ZHANG" in text
    save_screenshot(dialog, "verify_dialog_valid")

    # The holder's name edited inside the signed payload (the code still reads): bad signature.
    cose = zlib.decompress(base45.b45decode(hc1.removeprefix("HC1:")))
    assert b"ZHANG" in cose
    forged = "HC1:" + base45.b45encode(zlib.compress(cose.replace(b"ZHANG", b"ZHENG"))).decode()
    dialog.choose_files([])
    dialog.code.setPlainText(forged)
    report = run(qtbot, dialog)
    (result,) = report.results
    assert result.decoded and result.signature_valid is False and not report.valid
    assert dialog.verdict.text().startswith("NOT VALID")
    assert "signature" in dialog.report_view.toPlainText().lower()
    save_screenshot(dialog, "verify_dialog_tampered")

    # One character changed in the text: the code cannot even be read.
    position = len(hc1) // 2
    damaged = hc1[:position] + ("A" if hc1[position] != "A" else "B") + hc1[position + 1 :]
    dialog.code.setPlainText(damaged)
    report = run(qtbot, dialog)
    assert not report.valid and report.unreadable
    assert dialog.verdict.text().startswith("Not verified")


def test_a_revoked_certificate_is_recognised_from_the_servers_list(
    qtbot: QtBot, dialog: VerifyDialog, clerk: Services, settings: Settings,
    approved: list[ApprovedCase], central: ReferenceServerProcess, tmp_path: Path,
) -> None:  # fmt: skip
    pdf = tmp_path / "soon-revoked.pdf"
    hc1 = issued_pdf(clerk, settings, approved[1].case_id, pdf)
    redeclare(central, approved[1])
    dialog.code.setPlainText(hc1)
    report = run(qtbot, dialog)
    assert not report.valid and report.results[0].revoked is True
    assert "revoked" in dialog.report_view.toPlainText().lower()


def test_pasted_text_is_only_ever_a_code_never_a_file_name(
    qtbot: QtBot, dialog: VerifyDialog, settings: Settings, tmp_path: Path
) -> None:
    mission_keys(settings)
    secret = tmp_path / "secret.txt"
    secret.write_text("HC1:NOT-A-REAL-CODE")
    dialog.code.setPlainText(str(secret))
    report = run(qtbot, dialog)
    (result,) = report.results
    assert result.source == "pasted text" and not result.valid
    assert "NOT-A-REAL-CODE" not in dialog.report_view.toPlainText()


def test_without_a_trust_list_the_dialog_says_so(
    qtbot: QtBot, dialog: VerifyDialog, tmp_path: Path
) -> None:
    dialog.code.setPlainText("HC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDE")
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: dialog.verdict.text().startswith("Cannot verify"), timeout=TIMEOUT)
    assert "no trust list" in dialog.verdict.text()
    assert dialog.verify_button.isEnabled()


def test_clerks_officers_and_supervisors_may_verify_auditors_not() -> None:
    assert [may_verify(role) for role in Role] == [
        role in (Role.CLERK, Role.OFFICER, Role.SUPERVISOR) for role in Role
    ]
