"""`serve --seed-decided`: some demo cases start decided, through the real decision service."""

from __future__ import annotations

from collections.abc import Callable

from server.demodata import DemoFault, generate
from tests.support.central import CentralServer
from workstation.client import CentralClient
from workstation.domain import CaseStatus, DecisionOutcome

StartCentral = Callable[..., CentralServer]


def test_a_share_of_demo_cases_is_decided_clean_ones_approved(start_central: StartCentral) -> None:
    server = start_central(seed=84, extra_args=["--seed-decided", "0.5"])
    # A trip's versions share a document number and come in order: (number, version) -> fault.
    versions: dict[str, list[DemoFault | None]] = {}
    for d in generate(count=84, seed=server.seed_value, reference_time=server.seed_reference_time):
        versions.setdefault(d.submission.content.travel_document.number, []).append(d.fault)
    officer = server.user("officer", "GBR-LON")
    client = CentralClient(server.url)
    client.login(officer.username, officer.password)
    cases = client.changes(since=0, limit=5000).cases
    decided = [c for c in cases if c.decision is not None]
    assert decided and any(c.status is CaseStatus.SUBMITTED for c in cases)
    for case in decided:
        assert case.decision is not None and case.decision.officer.endswith(".officer2")
        clean = versions[case.content.travel_document.number][case.version] is None
        expected = DecisionOutcome.APPROVE if clean else DecisionOutcome.REJECT
        assert case.decision.outcome is expected
        assert (case.certificate is not None) == clean

    clerk = server.user("clerk", "GBR-LON")
    clerk_client = CentralClient(server.url)
    clerk_client.login(clerk.username, clerk.password)
    printable = clerk_client.changes(since=0, limit=5000).cases
    assert printable and all(c.status is CaseStatus.APPROVED for c in printable)
