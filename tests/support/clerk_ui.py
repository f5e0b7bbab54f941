"""Helpers for the print and verify GUI tests: fresh approved (and revoked) cases on the real
server, a clerk's print workspace with an unlocked key, and the server's print audit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from printing.keys import DocumentSigner, KeyStore
from printing.trustlist import TrustList
from server.harness import ReferenceServerProcess
from tests.support.declarations import Upload, build_declaration, submit
from tests.ui.conftest import MISSION, OpenServices
from ui.clerk.workspace import PrintWorkspace
from ui.common.services import Services
from ui.common.sync_controller import SyncController
from workstation.client import CentralClient
from workstation.config import Settings
from workstation.domain import AuditAction, DecisionOutcome, ReasonCode
from workstation.protocol import AuditEntry, DecisionRequest, SubmissionReceipt

PASSPHRASE = "correct horse battery staple"
#: The real default (600,000) is proven in tests/unit/printing/test_keys.py; here it only costs.
TEST_KDF_ROUNDS = 10_000
TIMEOUT = 60_000
#: (family, given, Chinese): holders for the fresh declarations.
HOLDERS = [
    ("Zhang", "Wei", "张伟"),
    ("Wang", "Fang", "王芳"),
    ("Li", "Na", "李娜"),
    ("Liu", "Yang", "刘洋"),
    ("Chen", "Jing", "陈静"),
    ("Yang", "Lei", "杨磊"),
    ("Zhao", "Min", "赵敏"),
    ("Huang", "Li", "黄丽"),
    ("Zhou", "Jie", "周杰"),
    ("Sun", "Hao", "孙浩"),
]


@dataclass(frozen=True)
class ApprovedCase:
    case_id: str
    certificate_id: str
    holder: str
    upload: Upload
    traveller_token: str


def submit_and_approve(central: ReferenceServerProcess, count: int) -> list[ApprovedCase]:
    """`count` fresh declarations (Chinese names too), approved by an officer."""
    officer_user = central.user("officer", MISSION)
    officer = CentralClient(central.url)
    officer.login(officer_user.username, officer_user.password)
    approved = []
    try:
        for index in range(count):
            family, given, chinese = HOLDERS[index % len(HOLDERS)]
            upload = build_declaration(mission=MISSION, family=family, given=given)
            content = upload.submission.content
            holder = content.holder.model_copy(
                update={"name": content.holder.name.model_copy(update={"chinese": chinese})}
            )
            submission = upload.submission.model_copy(
                update={"content": content.model_copy(update={"holder": holder})}
            )
            upload = Upload(submission=submission, files=upload.files)
            reply = submit(central.url, upload)
            assert reply.status_code == 201, reply.text
            receipt = SubmissionReceipt.model_validate_json(reply.content)
            officer.claim(receipt.case_id)
            record = officer.decide(
                receipt.case_id,
                uuid.uuid4(),
                DecisionRequest(
                    outcome=DecisionOutcome.APPROVE,
                    reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
                    note="approved for the print tests",
                    decided_at=datetime.now(UTC),
                ),
            )
            assert record.outcome is DecisionOutcome.APPROVE
            case = officer.case(receipt.case_id)
            assert case.certificate is not None
            approved.append(
                ApprovedCase(
                    case_id=str(receipt.case_id),
                    certificate_id=case.certificate.certificate_id,
                    holder=f"{family} {given}",
                    upload=upload,
                    traveller_token=receipt.traveller_token,
                )
            )
    finally:
        officer.logout()
        officer.close()
    return approved


def redeclare(central: ReferenceServerProcess, case: ApprovedCase) -> None:
    """The traveller re-declares: the approved case's certificate is revoked."""
    again = case.upload.redeclared(uuid.UUID(case.case_id))
    reply = submit(central.url, again, traveller_token=case.traveller_token)
    assert reply.status_code == 201, reply.text
    assert SubmissionReceipt.model_validate_json(reply.content).revoked_certificate == (
        case.certificate_id
    )


@dataclass
class Clerk:
    services: Services
    sync: SyncController
    workspace: PrintWorkspace
    signer: DocumentSigner
    trust: TrustList


def mission_keys(settings: Settings) -> KeyStore:
    """The mission's key store where the workstation looks for it, with a demo signer."""
    store = KeyStore(settings.effective_keys_dir, kdf_rounds=TEST_KDF_ROUNDS)
    if not store.signers():
        store.init_demo(mission=MISSION, passphrase=PASSPHRASE)
    return store


def open_clerk(
    qtbot: QtBot, open_signed_in: OpenServices, settings: Settings, *, unlocked: bool = True
) -> Clerk:
    services = open_signed_in("clerk")
    services.sync.pull()
    keys = mission_keys(settings)
    signer = keys.signer(PASSPHRASE)
    sync = SyncController(services, interval_ms=3_600_000)
    workspace = PrintWorkspace(services, sync, signer=signer if unlocked else None)
    qtbot.addWidget(workspace)
    workspace.resize(1400, 860)
    return Clerk(services, sync, workspace, signer, keys.trust_list())


def print_audit(central: ReferenceServerProcess) -> list[AuditEntry]:
    """PRINTED and REPRINTED entries of the server's audit log (read as the auditor)."""
    auditor_user = central.user("auditor", MISSION)
    auditor = CentralClient(central.url)
    auditor.login(auditor_user.username, auditor_user.password)
    entries: list[AuditEntry] = []
    try:
        while True:
            page = auditor.audit(after=entries[-1].seq if entries else 0)
            entries += page.entries
            if not page.has_more:
                break
    finally:
        auditor.logout()
        auditor.close()
    return [e for e in entries if e.action in (AuditAction.PRINTED, AuditAction.REPRINTED)]


def pdf_pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]
