"""The workstation's own store (`workstation.store.Store`) on PostgreSQL, not only SQLite.

The central server under test runs on SQLite here; it is the workstation's store that
gets a throwaway `cw_<random>` database on the server named by `CW_TEST_POSTGRES_URL`.
Skipped when that variable is not set, like every other PostgreSQL test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, select

from tests.integration.conftest import POSTGRES_URL_VARIABLE, StartCentral, _PostgresDatabases
from workstation.cases import load_record
from workstation.client import CentralClient
from workstation.models import CaseRow, DocumentRow
from workstation.protocol import CaseRecord
from workstation.store import CURSOR, Store
from workstation.sync import SyncEngine

pytestmark = pytest.mark.postgres

MISSION = "GBR-LON"
SEEDED = 25


@pytest.fixture
def postgres_store_url() -> Iterator[str]:
    admin_url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not admin_url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set (no PostgreSQL server to test against)")
    databases = _PostgresDatabases(admin_url)
    try:
        yield databases.create()
    finally:
        databases.drop_all()


def server_view(client: CentralClient) -> dict[str, CaseRecord]:
    cases: dict[str, CaseRecord] = {}
    cursor = 0
    while True:
        page = client.changes(since=cursor, limit=100)
        cases.update({str(record.case_id): record for record in page.cases})
        cursor = page.cursor
        if not page.has_more:
            return cases


@pytest.mark.parametrize("central_database", ["sqlite"])
def test_store_on_postgres_keeps_a_pulled_queue(
    start_central: StartCentral, postgres_store_url: str
) -> None:
    server = start_central(seed=SEEDED, extra_args=["--seed-missions", MISSION])
    officer = server.user("officer", MISSION)
    client = CentralClient(server.url)
    client.login(officer.username, officer.password)
    store = Store.open(postgres_store_url)
    try:
        assert store.engine.dialect.name == "postgresql"
        tables = set(inspect(store.engine).get_table_names())
        assert {"alembic_version", "cases", "sync_state"} <= tables, tables
        assert store.reset_for_server(server.url, MISSION)

        pulled = SyncEngine(client, store, page_size=10).pull()
        assert (pulled.new, pulled.updated) == (SEEDED, 0) and pulled.pages >= 3

        expected = server_view(client)
        assert len(expected) == SEEDED
        with store.reader() as session:
            assert set(session.scalars(select(CaseRow.case_id))) == set(expected)
            assert session.query(DocumentRow).count() >= SEEDED
        for case_id, record in expected.items():
            assert load_record(store, case_id) == record
    finally:
        store.close()

    # Opened again (migrations already at head), the same rows and cursor are there.
    reopened = Store.open(postgres_store_url)
    try:
        assert reopened.get_state(CURSOR) == str(pulled.cursor)
        again = SyncEngine(client, reopened, page_size=10).pull()
        assert (again.new, again.updated) == (0, 0)
        assert load_record(reopened, next(iter(expected))) is not None
    finally:
        reopened.close()
        client.close()
