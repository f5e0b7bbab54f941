"""Every demo case that starts approved is one a clerk can print: its flight had not left
when it was approved, so its certificate can be issued (`printing.issuance.issue`)."""

from __future__ import annotations

from pathlib import Path

from printing.issuance import issue
from printing.keys import KeyStore
from tests.integration.conftest import StartCentral
from workstation.client import CentralClient
from workstation.domain import CaseStatus

PASSPHRASE = "demo print test"


def test_every_approved_demo_case_can_be_issued(
    start_central: StartCentral, tmp_path: Path
) -> None:
    server = start_central(seed=84, extra_args=["--seed-decided", "0.9"])
    for mission in server.missions:
        clerk_user = server.user("clerk", mission)
        clerk = CentralClient(server.url)
        clerk.login(clerk_user.username, clerk_user.password)
        approved = [
            c for c in clerk.changes(since=0, limit=5000).cases if c.status is CaseStatus.APPROVED
        ]
        clerk.logout()
        assert approved, f"the demo approved some cases of {mission}"
        keys = KeyStore(tmp_path / mission, kdf_rounds=10_000)
        keys.init_demo(mission=mission, passphrase=PASSPHRASE)
        signer = keys.signer(PASSPHRASE)
        for case in approved:
            assert case.decision is not None
            first_flight = min(f.departure_time for f in case.content.itinerary.flights)
            assert first_flight > case.decision.decided_at, "approved before the flight left"
            issued = issue(case, signer)  # raises ClaimsError if the certificate is refused
            assert issued.certificate_id == case.certificate.certificate_id  # type: ignore[union-attr]
