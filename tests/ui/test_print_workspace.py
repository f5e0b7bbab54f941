"""The clerk's print workspace against the real reference server: batches, cancel, reprints,
revoked certificates, offline prints, the passphrase, and what the paper looks like."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from printing.failures import Failure
from printing.keys import KeyStore
from printing.print_records import MAX_COPIES
from printing.verify import verify
from server.harness import ReferenceServerProcess
from tests.support.clerk_ui import (
    PASSPHRASE,
    TEST_KDF_ROUNDS,
    TIMEOUT,
    ApprovedCase,
    Clerk,
    open_clerk,
    pdf_pages,
    pdf_text,
    print_audit,
    redeclare,
    submit_and_approve,
)
from tests.support.screenshots import SCREENSHOTS, save_screenshot
from tests.ui.conftest import MISSION, OpenServices
from ui.clerk.print_job import BatchOutcome
from ui.clerk.qtprint import render_pages
from ui.clerk.signing import PassphraseDialog, SigningSession, with_signer
from ui.common.operations import ErrorRoute, Pools
from workstation.config import Settings
from workstation.domain import AuditAction
from workstation.models import OutboxEntry
from workstation.outbox import OutboxKind
from workstation.protocol import PrintRequest


@pytest.fixture(scope="module")
def approved(central: ReferenceServerProcess) -> list[ApprovedCase]:
    """Ten approved cases; the last one is then re-declared, so its certificate is revoked."""
    cases = submit_and_approve(central, 10)
    redeclare(central, cases[-1])
    return cases


@pytest.fixture
def clerk(qtbot: QtBot, open_signed_in: OpenServices, settings: Settings) -> Clerk:
    return open_clerk(qtbot, open_signed_in, settings)


def pdf_printer(path: Path) -> QPrinter:
    """Qt's own PDF printer: the same code path as a system printer, with a file to check."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def run_batch(qtbot: QtBot, clerk: Clerk, start: object) -> BatchOutcome:
    with qtbot.waitSignal(clerk.workspace.batch_finished, timeout=TIMEOUT) as blocker:
        assert callable(start) and start()
    outcome = blocker.args[0]
    assert isinstance(outcome, BatchOutcome)
    return outcome


def recorded_prints(clerk: Clerk) -> list[PrintRequest]:
    """Every print in the clerk's outbox (pending or delivered), oldest first."""
    with clerk.services.store.reader() as session:
        payloads = session.scalars(
            select(OutboxEntry.payload_json)
            .where(OutboxEntry.kind == OutboxKind.PRINT.value)
            .order_by(OutboxEntry.created_at)
        ).all()
    return [PrintRequest.model_validate_json(payload) for payload in payloads]


def wait_delivered(qtbot: QtBot, clerk: Clerk, count: int) -> None:
    qtbot.waitUntil(lambda: clerk.services.outbox.counts().delivered == count, timeout=TIMEOUT)


def test_a_batch_prints_one_verifiable_page_per_certificate_and_reaches_the_audit_log(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase], central: ReferenceServerProcess,
    tmp_path: Path,
) -> None:  # fmt: skip
    batch = approved[:3]
    clerk.workspace.select_cases([c.case_id for c in batch])
    assert clerk.workspace.print_action.isEnabled()
    clerk.services.changes.cases_changed.emit(set())  # a sync pulled something
    assert clerk.workspace.selected_ids() == [c.case_id for c in batch]  # selection kept
    out = tmp_path / "batch.pdf"
    outcome = run_batch(
        qtbot, clerk, lambda: clerk.workspace.print_to(pdf_printer(out), signer=clerk.signer)
    )
    assert not outcome.cancelled and not outcome.error and len(outcome.printed) == 3

    assert pdf_pages(out) == 3
    results = verify([out], clerk.trust)
    assert [r.valid for r in results] == [True, True, True], [r.problems for r in results]
    assert [r.source for r in results] == [f"{out}#page={n}" for n in (1, 2, 3)]
    printed_ids = [r.claims.dcc["t"][0]["ci"] for r in results if r.claims]
    assert printed_ids == [c.certificate_id for c in batch]

    wait_delivered(qtbot, clerk, 3)
    audit = {e.details["certificate_sha256"]: e for e in print_audit(central)}
    for printed in outcome.printed:
        entry = audit[printed.issued.sha256]
        assert entry.action is AuditAction.PRINTED
        assert entry.actor == clerk.services.user.username
        assert entry.details["certificate_id"] == printed.issued.certificate_id
        assert entry.details["kid"] == printed.issued.kid
        assert entry.details["copies"] == 1

    # What a person looks at: the first printed page, as the printer received it.
    (page,) = render_pages(out.read_bytes(), dpi=100, count=1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert page.save(str(SCREENSHOTS / "printed_certificate_page.png"))


def test_save_as_pdf_then_print_again_is_a_reprint_marked_and_recorded(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase], central: ReferenceServerProcess,
    tmp_path: Path,
) -> None:  # fmt: skip
    case = approved[3]
    clerk.workspace.select_cases([case.case_id])
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    run_batch(qtbot, clerk, lambda: clerk.workspace.save_pdf_to(first, signer=clerk.signer))
    assert "REPRINT" not in pdf_text(first)[0]
    assert "printed before" in clerk.workspace.summary.text()
    outcome = run_batch(
        qtbot, clerk, lambda: clerk.workspace.save_pdf_to(second, signer=clerk.signer)
    )
    (reprinted,) = outcome.printed
    assert reprinted.issued.reprint
    assert "REPRINT" in pdf_text(second)[0] and "补发件" in pdf_text(second)[0]
    assert all(r.valid for r in verify([second], clerk.trust))

    wait_delivered(qtbot, clerk, 2)
    audit = {e.details["certificate_sha256"]: e for e in print_audit(central)}
    assert audit[reprinted.issued.sha256].action is AuditAction.REPRINTED
    assert audit[reprinted.issued.sha256].details["certificate_id"] == case.certificate_id


def test_a_certificate_printed_on_another_workstation_prints_here_as_a_reprint(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase], central: ReferenceServerProcess,
    tmp_path: Path,
) -> None:  # fmt: skip
    case = approved[4]
    elsewhere = central.sign_in("clerk", MISSION)  # another clerk's workstation, same server
    recorded = elsewhere.put(
        f"/prints/{uuid.uuid4()}",
        json={
            "certificate_id": case.certificate_id,
            "case_id": case.case_id,
            "copies": 1,
            "reprint": False,
            "printed_at": datetime.now(UTC).isoformat(),
            "certificate_sha256": "e" * 64,
            "kid": "0123456789abcdef",
        },
    )
    assert recorded.status_code == 201, recorded.text
    clerk.services.sync.pull()  # this workstation learns of it through the feed
    clerk.workspace.select_cases([case.case_id])
    assert "printed before" in clerk.workspace.summary.text()
    out = tmp_path / "here.pdf"
    (printed,) = run_batch(
        qtbot, clerk, lambda: clerk.workspace.save_pdf_to(out, signer=clerk.signer)
    ).printed
    assert printed.issued.reprint and "REPRINT" in pdf_text(out)[0]
    wait_delivered(qtbot, clerk, 1)
    audit = {e.details["certificate_sha256"]: e for e in print_audit(central)}
    entry = audit[printed.issued.sha256]
    assert entry.action is AuditAction.REPRINTED and entry.details["paper_marked_reprint"] is True


def test_cancelling_stops_after_the_current_certificate_and_records_only_what_printed(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase], tmp_path: Path
) -> None:
    batch = approved[:8]
    clerk.workspace.select_cases([c.case_id for c in batch])
    out = tmp_path / "cancelled.pdf"

    def press_cancel(done: int, _total: int, _holder: str) -> None:
        progress = clerk.workspace.progress
        if done == 1 and progress is not None and not progress.cancelled:
            (button,) = progress.dialog.findChildren(QPushButton)
            button.click()

    def start() -> bool:
        started = clerk.workspace.print_to(pdf_printer(out), signer=clerk.signer)
        assert clerk.workspace.job is not None
        clerk.workspace.job.progress.connect(press_cancel)
        return started

    outcome = run_batch(qtbot, clerk, start)
    assert outcome.cancelled
    assert 1 <= len(outcome.printed) < len(batch)
    assert pdf_pages(out) == len(outcome.printed)
    on_paper = [r.claims.dcc["t"][0]["ci"] for r in verify([out], clerk.trust) if r.claims]
    recorded = [p.certificate_id for p in recorded_prints(clerk)]
    assert on_paper == recorded == [c.certificate_id for c in batch[: len(outcome.printed)]]
    assert clerk.workspace.print_action.isEnabled()  # ready for the next batch


def test_copies_the_printer_cannot_make_are_painted_and_recorded(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase], tmp_path: Path
) -> None:
    clerk.workspace.select_cases([approved[6].case_id])
    too_many = pdf_printer(tmp_path / "too-many.pdf")
    too_many.setCopyCount(MAX_COPIES + 1)
    with qtbot.waitSignal(clerk.services.errors.failed, timeout=TIMEOUT) as refused:
        assert not clerk.workspace.print_to(too_many, signer=clerk.signer)
    assert str(MAX_COPIES) in refused.args[1]
    assert not (tmp_path / "too-many.pdf").exists() and not recorded_prints(clerk)

    out = tmp_path / "two-copies.pdf"
    printer = pdf_printer(out)
    printer.setCopyCount(2)
    outcome = run_batch(
        qtbot, clerk, lambda: clerk.workspace.print_to(printer, signer=clerk.signer)
    )
    assert pdf_pages(out) == 2  # Qt's PDF output makes no copies itself
    assert [r.valid for r in verify([out], clerk.trust)] == [True, True]
    (request,) = recorded_prints(clerk)
    assert request.copies == 2 and request.certificate_sha256 == outcome.printed[0].issued.sha256


def test_a_pdf_that_cannot_be_written_prints_nothing_and_records_nothing(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase], tmp_path: Path
) -> None:
    clerk.workspace.select_cases([approved[7].case_id])
    folder = tmp_path / "out"
    occupied = folder / "certificates.pdf"
    occupied.mkdir(parents=True)  # a folder where the file should go: the final rename fails
    with qtbot.waitSignal(clerk.services.errors.failed, timeout=TIMEOUT) as reported:
        outcome = run_batch(
            qtbot, clerk, lambda: clerk.workspace.save_pdf_to(occupied, signer=clerk.signer)
        )
    assert outcome.printed == () and "cannot write" in outcome.error
    assert "cannot write" in reported.args[1]
    assert not recorded_prints(clerk)
    assert [p.name for p in folder.iterdir()] == ["certificates.pdf"]  # no half-written file


def test_a_revoked_certificate_cannot_be_printed_and_the_clerk_is_told_why(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase], tmp_path: Path
) -> None:
    revoked, fine = approved[-1], approved[4]
    clerk.workspace.select_cases([revoked.case_id])
    assert not clerk.workspace.print_action.isEnabled()
    assert not clerk.workspace.save_action.isEnabled()
    assert "revoked" in clerk.workspace.summary.text()
    qtbot.waitUntil(lambda: "re-declared" in clerk.workspace.preview.message.text())
    assert clerk.workspace.preview.image is None
    assert not clerk.workspace.save_pdf_to(tmp_path / "never.pdf", signer=clerk.signer)

    clerk.workspace.select_cases([revoked.case_id, fine.case_id])
    assert "1 can be printed" in clerk.workspace.summary.text()
    out = tmp_path / "mixed.pdf"
    outcome = run_batch(qtbot, clerk, lambda: clerk.workspace.save_pdf_to(out, signer=clerk.signer))
    assert [p.issued.certificate_id for p in outcome.printed] == [fine.certificate_id]
    assert pdf_pages(out) == 1


def test_the_preview_shows_the_page_marked_and_signed_with_a_key_nobody_trusts(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase]
) -> None:
    with qtbot.waitSignal(clerk.workspace.preview.rendered, timeout=TIMEOUT):
        clerk.workspace.select_cases([approved[0].case_id])
    image = clerk.workspace.preview.image
    assert image is not None and image.width() > 800
    clerk.workspace.show()
    save_screenshot(clerk.workspace, "print_workspace")
    preview = SCREENSHOTS / "certificate_preview.png"
    assert image.save(str(preview))
    (result,) = verify([preview], clerk.trust)
    assert result.decoded and not result.valid
    assert [p.failure for p in result.problems] == [Failure.UNKNOWN_KID]  # in no trust list


def test_a_locked_key_asks_for_the_passphrase_and_a_wrong_one_is_said_so(
    qtbot: QtBot, settings: Settings
) -> None:
    keys = KeyStore(settings.effective_keys_dir, kdf_rounds=TEST_KDF_ROUNDS)
    keys.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    session, pools, errors = SigningSession(keys), Pools(), ErrorRoute()
    unlocked: list[object] = []
    parent = QPushButton()
    qtbot.addWidget(parent)
    with_signer(session, unlocked.append, pools=pools, errors=errors, parent=parent)
    dialog = parent.findChild(PassphraseDialog)
    assert isinstance(dialog, PassphraseDialog)
    dialog.passphrase.setText("not the passphrase")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(dialog.problem.isVisible, timeout=TIMEOUT)
    assert "wrong" in dialog.problem.text() and not unlocked
    assert dialog.passphrase.text() == ""  # nothing typed stays on screen
    save_screenshot(dialog, "passphrase_dialog")
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=TIMEOUT):
        dialog.buttons.accepted.emit()
    assert len(unlocked) == 1 and session.signer() is unlocked[0]
    with_signer(session, unlocked.append, pools=pools, errors=errors, parent=parent)
    assert len(unlocked) == 2  # once per session: no second question
    assert pools.wait()


def test_a_print_made_offline_waits_in_the_outbox_and_is_delivered_after_the_restart(
    qtbot: QtBot, clerk: Clerk, approved: list[ApprovedCase], central: ReferenceServerProcess,
    tmp_path: Path,
) -> None:  # fmt: skip
    case = approved[5]
    clerk.workspace.select_cases([case.case_id])
    central.stop()
    try:
        with qtbot.waitSignal(
            clerk.services.changes.connection_changed, timeout=TIMEOUT
        ) as offline:
            outcome = run_batch(
                qtbot,
                clerk,
                lambda: clerk.workspace.save_pdf_to(tmp_path / "offline.pdf", signer=clerk.signer),
            )
        assert offline.args == [False]
        (printed,) = outcome.printed
        assert [p.certificate_id for p in recorded_prints(clerk)] == [case.certificate_id]
    finally:
        central.restart()
    clerk_user = central.user("clerk", "GBR-LON")
    clerk.services.client.login(
        clerk_user.username, clerk_user.password
    )  # sessions end with the server
    clerk.sync.deliver_now()
    wait_delivered(qtbot, clerk, 1)
    audit = {e.details["certificate_sha256"]: e for e in print_audit(central)}
    assert audit[printed.issued.sha256].details["certificate_id"] == case.certificate_id
