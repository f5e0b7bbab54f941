"""Personal data retention: `Store.purge_expired` against cases synced from the real server.

Decided cases are forgotten, documents included, once `retention_days` have passed
since they were last synced; a case whose decision still waits in the outbox is
kept whatever its status, and open cases are never purged.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from sqlalchemy import func, select

from tests.integration.conftest import StartCentral
from workstation.client import CentralClient
from workstation.domain import CaseStatus, DecisionOutcome, ReasonCode
from workstation.models import CaseRecordRow, CaseRow, DocumentRow
from workstation.protocol import DecisionRequest
from workstation.store import Store
from workstation.sync import SyncEngine

MISSION = "GBR-LON"
RETENTION_DAYS = 30


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'workstation.sqlite3'}")
    yield opened
    opened.close()


def _decision(outcome: DecisionOutcome) -> DecisionRequest:
    approve = outcome is DecisionOutcome.APPROVE
    return DecisionRequest(
        outcome=outcome,
        reason_codes=[ReasonCode.ALL_CHECKS_PASSED if approve else ReasonCode.TEST_POSITIVE],
        note="" if approve else "the test is positive",
        decided_at=datetime.now(UTC),
    )


def _held(store: Store, case_id: UUID) -> tuple[bool, int]:
    """Whether the store still holds the case (row and record), and how many document bytes."""
    with store.reader() as session:
        case = session.get(CaseRow, str(case_id)) is not None
        record = session.get(CaseRecordRow, str(case_id)) is not None
        assert case == record, "a case row and its record go together"
        documents = session.scalar(
            select(func.count())
            .select_from(DocumentRow)
            .where(DocumentRow.case_id == str(case_id), DocumentRow.content.is_not(None))
        )
    return case, documents or 0


def test_decided_cases_are_forgotten_after_the_retention_period_unless_the_outbox_waits(
    start_central: StartCentral, store: Store
) -> None:
    server = start_central(seed=10)
    me, colleague = server.usernames("officer", MISSION)[:2]
    client = CentralClient(server.url)
    client.login(me, server.users[me].password)
    engine = SyncEngine(client, store)
    try:
        decided, waiting, untouched = (client.next_case() for _ in range(3))
        assert decided is not None and waiting is not None and untouched is not None
        engine.pull()
        for case in (decided, waiting, untouched):
            assert engine.fetch_documents(case.case_id) > 0

        # Decided and delivered: the server has the record, this workstation no longer needs it.
        engine.outbox.record_decision(
            case_id=decided.case_id, actor=me, decision=_decision(DecisionOutcome.APPROVE)
        )
        assert engine.deliver_outbox().delivered == 1
        # Decided here but not delivered, while a colleague decided it on the server: the case is
        # closed locally after the pull, yet the outbox entry still has to be delivered (and
        # refused, so the officer reads why); its case must stay until then.
        engine.outbox.record_decision(
            case_id=waiting.case_id, actor=me, decision=_decision(DecisionOutcome.APPROVE)
        )
        supervisor = server.sign_in("supervisor", MISSION)
        assert supervisor.delete(f"/cases/{waiting.case_id}/claim").status_code == 200
        theirs = CentralClient(server.url)
        try:
            theirs.login(colleague, server.users[colleague].password)
            theirs.claim(waiting.case_id)
            theirs.decide(waiting.case_id, UUID(int=9), _decision(DecisionOutcome.REJECT))
        finally:
            theirs.close()
        engine.pull()
        with store.reader() as session:
            statuses = {
                case_id: status
                for case_id, status in session.execute(select(CaseRow.case_id, CaseRow.status))
            }
        assert statuses[str(decided.case_id)] == CaseStatus.APPROVED.value
        assert statuses[str(waiting.case_id)] == CaseStatus.REJECTED.value
        assert statuses[str(untouched.case_id)] == CaseStatus.IN_REVIEW.value
        assert engine.outbox.counts().pending == 1

        synced = datetime.now(UTC)
        before = synced + timedelta(days=RETENTION_DAYS) - timedelta(hours=1)
        assert store.purge_expired(now=before, retention_days=RETENTION_DAYS) == 0
        assert _held(store, decided.case_id)[0]

        after = synced + timedelta(days=RETENTION_DAYS, hours=1)
        assert store.purge_expired(now=after, retention_days=RETENTION_DAYS) == 1
        assert _held(store, decided.case_id) == (False, 0), "the case and its documents are gone"
        assert _held(store, waiting.case_id)[0], "kept while its decision waits in the outbox"
        assert _held(store, waiting.case_id)[1] > 0
        assert _held(store, untouched.case_id)[0], "an open case is never purged"
        with store.reader() as session:
            orphans = session.scalar(
                select(func.count())
                .select_from(DocumentRow)
                .where(DocumentRow.case_id.not_in(select(CaseRow.case_id)))
            )
        assert orphans == 0

        # Once the server has answered (here: refused), the case is forgotten like any other.
        assert [case for case, _ in engine.deliver_outbox().refused] == [waiting.case_id]
        assert store.purge_expired(now=after, retention_days=RETENTION_DAYS) == 1
        assert _held(store, waiting.case_id) == (False, 0)
        assert _held(store, untouched.case_id)[0]
    finally:
        client.close()
