"""A workstation process that dies at a chosen moment of a decision, for crash tests.

    python -m tests.support.outbox_crash SERVER_URL DATABASE_URL USER STAGE

STAGE `committed`: claim the next case, commit an approval to the outbox, then wait to be killed.
STAGE `delivered`: the same, then send it to the server but die before recording the delivery.
The password comes from CW_PASSWORD. The case id is printed once the stage is reached.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime

from workstation.client import CentralClient
from workstation.domain import DecisionOutcome, ReasonCode
from workstation.outbox import Outbox
from workstation.protocol import DecisionRequest
from workstation.store import Store


def main(server_url: str, database_url: str, user: str, stage: str) -> None:
    store = Store.open(database_url)
    client = CentralClient(server_url)
    client.login(user, os.environ["CW_PASSWORD"])
    case = client.next_case()
    assert case is not None, "nothing to claim"
    decision = DecisionRequest(
        outcome=DecisionOutcome.APPROVE,
        reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
        note="crash test",
        decided_at=datetime.now(UTC),
    )
    entry_id = Outbox(store).record_decision(case_id=case.case_id, actor=user, decision=decision)
    if stage == "delivered":
        client.decide(case.case_id, entry_id, decision)
    print(f"{stage} {case.case_id}", flush=True)
    time.sleep(600)  # killed here


if __name__ == "__main__":
    main(*sys.argv[1:5])
