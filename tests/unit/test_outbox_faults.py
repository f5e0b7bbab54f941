"""An unexpected fault while delivering an outbox entry is recorded on the entry, then raised.

The client turns every transport failure into a `CentralError` (see
tests/integration/test_connection_cuts.py); anything else is a fault in the
workstation. It must still leave a trace on the entry it was delivering.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from workstation.client import CentralClient
from workstation.domain import DecisionOutcome, ReasonCode, Role
from workstation.protocol import DecisionRecord, DecisionRequest, UserInfo
from workstation.store import Store
from workstation.sync import SyncEngine


class FaultyClient(CentralClient):
    """A signed-in client whose decision delivery fails with a fault that is not the network's."""

    def decide(self, case_id: UUID, key: UUID, decision: DecisionRequest) -> DecisionRecord:
        raise RuntimeError("a fault in the workstation")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'workstation.sqlite3'}")
    yield opened
    opened.close()


def test_an_unexpected_fault_is_recorded_on_the_entry_before_it_surfaces(store: Store) -> None:
    client = FaultyClient("http://127.0.0.1:9")
    client.user = UserInfo(
        username="officer1", display_name="Officer", role=Role.OFFICER, mission="GBR-LON"
    )
    engine = SyncEngine(client, store)
    decision = DecisionRequest(
        outcome=DecisionOutcome.APPROVE,
        reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
        decided_at=datetime.now(UTC),
    )
    entry = engine.outbox.record_decision(case_id=uuid4(), actor="officer1", decision=decision)
    with pytest.raises(RuntimeError):
        engine.deliver_outbox()
    (pending,) = engine.outbox.pending()
    assert (pending.entry_id, pending.attempts) == (entry, 1)
    client.close()
