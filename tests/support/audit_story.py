"""The story the auditor's tests read back: made through the real server API, as the people
who did it (a traveller, an officer, a clerk), before the auditor signs in."""

from __future__ import annotations

import hashlib
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from server.harness import ReferenceServerProcess
from tests.support.audit_chain import GeneratedChain
from tests.support.declarations import build_declaration, submit
from tests.ui.conftest import MISSION
from workstation.client import CentralClient
from workstation.domain import AuditAction, DecisionOutcome, ReasonCode
from workstation.protocol import (
    AuditEntry,
    CheckOutcomeSummary,
    DecisionRequest,
    PrintRequest,
    SubmissionReceipt,
)

#: A rejection note that a spreadsheet would run as a formula, with markup and Chinese in it.
HOSTILE_NOTE = '=HYPERLINK("http://example.invalid","open") <b>核酸报告超过48小时</b> zebrafinch'
NOTE_WORD = "zebrafinch"


@dataclass(frozen=True)
class AuditStory:
    officer: str
    clerk: str
    #: Approved with documents viewed and recorded, printed, reprinted, then re-declared
    #: by the traveller (its certificate revoked): the timeline's richest case.
    printed_case: str
    redeclared_case: str
    certificate_id: str
    rejected_case: str


def _signed_in(central: ReferenceServerProcess, role: str) -> CentralClient:
    user = central.user(role, MISSION)
    client = CentralClient(central.url)
    client.login(user.username, user.password)
    return client


def _submit(central: ReferenceServerProcess, family: str, given: str) -> SubmissionReceipt:
    upload = build_declaration(mission=MISSION, family=family, given=given, kinds=("pdf", "jpg"))
    reply = submit(central.url, upload)
    assert reply.status_code == 201, reply.text
    return SubmissionReceipt.model_validate_json(reply.content)


def make_story(central: ReferenceServerProcess) -> AuditStory:
    officer, clerk = _signed_in(central, "officer"), _signed_in(central, "clerk")
    try:
        upload = build_declaration(
            mission=MISSION, family="Zhou", given="Min", kinds=("pdf", "jpg")
        )
        reply = submit(central.url, upload)
        assert reply.status_code == 201, reply.text
        receipt = SubmissionReceipt.model_validate_json(reply.content)
        case = officer.claim(receipt.case_id)
        for document in case.documents:  # the officer looks at each report: audited as viewed
            officer.document(case.case_id, document.document_id, sha256=document.sha256)
        officer.decide(
            case.case_id,
            uuid.uuid4(),
            DecisionRequest(
                outcome=DecisionOutcome.APPROVE,
                reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
                note="Both reports name the holder; samples 30 h before departure.",
                decided_at=datetime.now(UTC),
                checks=[
                    CheckOutcomeSummary(
                        check="test_window",
                        verdict="pass",
                        summary="both samples 30 h before departure",
                    ),
                    CheckOutcomeSummary(
                        check="approved_lab",
                        verdict="warn",
                        summary="laboratory not on the list; letter attached",
                    ),
                ],
                document_sha256=[d.sha256 for d in case.documents],
            ),
        )
        approved = officer.case(case.case_id)
        assert approved.certificate is not None
        certificate = approved.certificate.certificate_id
        for reprint, copies in ((False, 1), (True, 2)):
            clerk.record_print(
                uuid.uuid4(),
                PrintRequest(
                    certificate_id=certificate,
                    case_id=case.case_id,
                    copies=copies,
                    reprint=reprint,
                    printed_at=datetime.now(UTC),
                    certificate_sha256=hashlib.sha256(f"HC1:{certificate}".encode()).hexdigest(),
                    kid="0123456789abcdef",
                ),
            )
        again = submit(
            central.url, upload.redeclared(case.case_id), traveller_token=receipt.traveller_token
        )
        assert again.status_code == 201, again.text
        redeclared = SubmissionReceipt.model_validate_json(again.content)
        assert redeclared.revoked_certificate == certificate

        rejected = _submit(central, "Qian", "Lei")
        officer.claim(rejected.case_id)
        officer.decide(
            rejected.case_id,
            uuid.uuid4(),
            DecisionRequest(
                outcome=DecisionOutcome.REJECT,
                reason_codes=[ReasonCode.TEST_TOO_OLD],
                note=HOSTILE_NOTE,
                decided_at=datetime.now(UTC),
            ),
        )
        return AuditStory(
            officer=officer.user.username if officer.user else "",
            clerk=clerk.user.username if clerk.user else "",
            printed_case=str(case.case_id),
            redeclared_case=str(redeclared.case_id),
            certificate_id=certificate,
            rejected_case=str(rejected.case_id),
        )
    finally:
        for client in (officer, clerk):
            client.logout()
            client.close()


# -- a busy mission, generated -------------------------------------------------------------------
# Six weeks of eight officers' work: too much to make through the API in a test, so it is
# generated by the one shared builder (tests/support/audit_chain.py).

OFFICERS = tuple(f"lon.officer{n}" for n in range(1, 9))
CLERKS = ("lon.clerk1", "lon.clerk2")
_NATIONALITIES = ("CN",) * 8 + ("GB", "US", "FR", "DE", "HK", "TW", "SG", "MY")
_REJECTIONS = (
    "PCR sample taken {h} hours before departure, outside the 48-hour window",
    "Laboratory {lab} is not on the mission's approved list",
    "核酸检测报告姓名与护照不符",
    "IgM antibody report missing; please upload it",
    "报告日期超过48小时，请重新检测",
    "Result line shows signs of editing (font differs)",
)
_LABS = ("Randox", "Eurofins", "Synlab", "Cignpost", "伦敦华人检测中心")


class _Step(NamedTuple):
    at: datetime
    actor: str
    role: str
    action: AuditAction
    case: uuid.UUID
    outcome: str = ""
    note: str = ""


def _chain(steps: list[_Step]) -> list[AuditEntry]:
    """The steps as a valid hash chain, in time order."""
    chain = GeneratedChain(MISSION)
    return [
        chain.append(
            at=step.at,
            actor=step.actor,
            role=step.role,
            action=step.action,
            case_id=str(step.case),
            outcome=step.outcome,
            note=step.note,
        )
        for step in sorted(steps, key=lambda s: s.at)
    ]


def _note(rnd: random.Random, outcome: str) -> str:
    if outcome == "approve":
        return "" if rnd.random() < 0.6 else "Both reports consistent with the passport."
    return rnd.choice(_REJECTIONS).format(h=rnd.randint(49, 90), lab=rnd.choice(_LABS))


def busy_mission_log(
    *, days: int = 42, cases_per_day: int = 45, seed: int = 5, end: datetime | None = None
) -> tuple[list[AuditEntry], dict[str, str]]:
    """A valid hash chain of a mission's ordinary weeks, and each case's nationality."""
    rnd = random.Random(seed)
    end = end or datetime.now(UTC).replace(microsecond=0)
    start = end - timedelta(days=days)
    steps: list[_Step] = []
    nationality: dict[str, str] = {}
    for day in range(days):
        for _ in range(rnd.randint(cases_per_day // 2, cases_per_day)):
            case = uuid.UUID(int=rnd.getrandbits(128), version=4)
            nationality[str(case)] = rnd.choice(_NATIONALITIES)
            submitted = start + timedelta(days=day, minutes=rnd.randint(6 * 60, 22 * 60))
            officer = rnd.choice(OFFICERS[: 4 + day % 5])
            claimed = submitted + timedelta(minutes=rnd.randint(20, 60 * (6 + day % 7)))
            decided = claimed + timedelta(minutes=rnd.randint(3, 25))
            if decided >= end:
                continue
            roll = rnd.random()
            outcome = "approve" if roll < 0.72 else "reject" if roll < 0.9 else "request_info"
            steps += [
                _Step(
                    submitted, "traveller", "traveller", AuditAction.SUBMITTED, case, "submitted"
                ),
                _Step(claimed, officer, "officer", AuditAction.CLAIMED, case, "in_review"),
                _Step(
                    claimed + timedelta(minutes=1),
                    officer,
                    "officer",
                    AuditAction.DOCUMENT_VIEWED,
                    case,
                ),
                _Step(
                    decided,
                    officer,
                    "officer",
                    AuditAction.DECIDED,
                    case,
                    outcome,
                    _note(rnd, outcome),
                ),
            ]
            printed = decided + timedelta(minutes=rnd.randint(30, 300))
            if outcome == "approve" and rnd.random() < 0.3 and printed < end:
                steps.append(_Step(printed, rnd.choice(CLERKS), "clerk", AuditAction.PRINTED, case))
    return _chain(steps), nationality
