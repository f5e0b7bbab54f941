"""A clean log of 10,000 entries, fetched by an auditor workstation, verifies.

The chain starts with real activity through the API; the rest is appended in
the server's own database with the server's own `append_entry` (the code every
route uses), as claims and releases of the real cases: making 10,000 entries
through HTTP would take over a minute on this machine.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from review.audit import fetch_and_verify
from server.audit import append_entry
from server.db import open_database
from tests.integration.conftest import StartCentral
from tests.support.audit_scene import record_activity
from workstation.client import CentralClient
from workstation.domain import AuditAction
from workstation.protocol import CaseChanges
from workstation.store import Store

ENTRIES = 10_000


def test_a_clean_log_of_ten_thousand_entries_verifies(
    start_central: StartCentral, tmp_path: Path
) -> None:
    server = start_central()
    mission = server.missions[0]
    record_activity(server, mission)
    officer = server.user("officer", mission).username
    auditor = server.user("auditor", mission)
    cases = CaseChanges.model_validate_json(
        server.sign_in("auditor", mission).get("/cases/changes").content
    ).cases
    database = open_database(server.database_url)
    try:
        with database.writer(changes_cases=False) as session:
            head = append_entry(
                session,
                mission=mission,
                actor=officer,
                role="officer",
                action=AuditAction.CLAIMED,
                at=datetime.now(UTC),
            ).seq
            for index in range(ENTRIES - head):
                claim = index % 2 == 0
                append_entry(
                    session,
                    mission=mission,
                    actor=officer,
                    role="officer",
                    action=AuditAction.CLAIMED if claim else AuditAction.RELEASED,
                    at=datetime.now(UTC),
                    case_id=cases[index % len(cases)].case_id,
                    details={"lease_seconds": 900, "renewed": False}
                    if claim
                    else {"officer": officer},
                )
    finally:
        database.dispose()
    store = Store.open(f"sqlite:///{tmp_path / 'auditor.sqlite3'}")
    client = CentralClient(server.url)
    try:
        client.login(auditor.username, auditor.password)
        report = fetch_and_verify(client, store, full=True)
    finally:
        client.close()
        store.close()
    assert report.ok, report.summary()
    assert report.entries >= ENTRIES and report.compared_with_server
    assert report.last_checkpoint is not None and report.last_checkpoint.seq == report.head_seq
    assert f"{report.entries} entries, head hash {report.head_hash}" in report.summary()
