"""New cases are checked as their page is stored, with the verdicts a later check would give."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from review.analysis.analyser import DocumentAnalyser
from review.assessment import CaseAssessor
from review.policy import packaged_policy
from tests.support.central import CentralServer
from workstation.cases import load_records
from workstation.client import CentralClient
from workstation.models import CaseRow
from workstation.protocol import CaseRecord
from workstation.store import CURSOR, Store
from workstation.sync import SyncEngine

MISSION = "GBR-LON"
StartCentral = Callable[..., CentralServer]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'workstation.sqlite3'}")
    yield opened
    opened.close()


def signed_in(server: CentralServer) -> CentralClient:
    user = server.user("officer", MISSION)
    client = CentralClient(server.url)
    client.login(user.username, user.password)
    return client


def stored_verdicts(store: Store) -> dict[str, str | None]:
    with store.reader() as session:
        return {
            case_id: verdict
            for case_id, verdict in session.execute(select(CaseRow.case_id, CaseRow.check_verdict))
        }


def test_new_cases_carry_the_verdict_the_checks_give_when_read_back(
    start_central: StartCentral, store: Store
) -> None:
    server = start_central(seed=40)
    assessor = CaseAssessor(store, DocumentAnalyser(), packaged_policy(MISSION))
    engine = SyncEngine(signed_in(server), store, page_size=10, check=assessor.declaration_verdict)
    pulled = engine.pull()
    verdicts = stored_verdicts(store)
    assert pulled.pages >= 2 and pulled.checked == pulled.new == len(verdicts)
    assert None not in verdicts.values()
    # The same checks on the records as stored: the queue's column says the same.
    again = {
        str(record.case_id): assessor.declaration_verdict(record)
        for record in load_records(store, list(verdicts))
    }
    assert again == verdicts
    assert assessor.assess_declarations() == 0, "nothing is left unchecked"


def test_a_check_that_fails_leaves_its_case_for_later_and_the_pull_goes_on(
    start_central: StartCentral, store: Store
) -> None:
    server = start_central(seed=30)
    failed: list[str] = []

    def check(record: CaseRecord) -> str:
        if not failed:
            failed.append(str(record.case_id))
            raise ValueError("a fault in a check")
        return "pass"

    pulled = SyncEngine(signed_in(server), store, page_size=10, check=check).pull()
    verdicts = stored_verdicts(store)
    assert pulled.new == len(verdicts) and pulled.checked == pulled.new - 1
    assert [case for case, verdict in verdicts.items() if verdict is None] == failed
    assert int(store.get_state(CURSOR)) == pulled.cursor
