"""The sync engine against the real reference server and a real SQLite store."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from tests.support.central import CentralServer
from tests.support.tamper_proxy import TamperProxy
from workstation import errors
from workstation.cases import load_record
from workstation.client import CentralClient
from workstation.domain import AuditAction, CaseStatus, DecisionOutcome, ReasonCode
from workstation.models import DocumentRow
from workstation.protocol import DecisionRequest
from workstation.store import CURSOR, Store
from workstation.sync import SyncEngine

MISSION = "GBR-LON"
StartCentral = Callable[..., CentralServer]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'workstation.sqlite3'}")
    yield opened
    opened.close()


def signed_in(server: CentralServer, role: str = "officer", *, url: str = "") -> CentralClient:
    user = server.user(role, MISSION)
    client = CentralClient(url or server.url)
    client.login(user.username, user.password)
    return client


def approval(note: str = "all checks passed") -> DecisionRequest:
    return DecisionRequest(
        outcome=DecisionOutcome.APPROVE,
        reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
        note=note,
        decided_at=datetime.now(UTC),
    )


def decided_entries(server: CentralServer, case_id: UUID) -> int:
    auditor = signed_in(server, "auditor")
    entries, after = [], 0
    while True:
        page = auditor.audit(after=after)
        entries += page.entries
        if not page.has_more:
            break
        after = page.entries[-1].seq
    return sum(1 for e in entries if e.case_id == case_id and e.action is AuditAction.DECIDED)


def test_first_pull_then_nothing_new(start_central: StartCentral, store: Store) -> None:
    server = start_central(seed=40)
    engine = SyncEngine(signed_in(server), store, page_size=10)
    seen: list[int] = []
    first = engine.pull(progress=lambda p: seen.append(p.pulled))
    assert first.new > 0 and first.pages >= 2 and seen == sorted(seen)
    with store.reader() as session:
        assert session.query(DocumentRow).count() > 0, "document references come with the cases"
    second = engine.pull()
    assert (second.new, second.updated) == (0, 0)
    assert second.cursor == first.cursor


def test_only_what_changed_comes_back(start_central: StartCentral, store: Store) -> None:
    server = start_central(seed=20)
    engine = SyncEngine(signed_in(server), store)
    engine.pull()
    other = signed_in(server)
    claimed = other.next_case()
    assert claimed is not None
    again = engine.pull()
    assert (again.new, again.updated) == (0, 1)
    record = load_record(store, claimed.case_id)
    assert record is not None and record.status is CaseStatus.IN_REVIEW


def test_sync_downloads_the_documents_of_held_cases_only(
    start_central: StartCentral, store: Store
) -> None:
    server = start_central(seed=10)
    client = signed_in(server)
    engine = SyncEngine(client, store)
    held = client.next_case()
    assert held is not None
    _, pull = engine.sync()
    with store.reader() as session:
        stored = {
            (row.case_id, row.content is not None) for row in session.query(DocumentRow).all()
        }
    downloaded = {case_id for case_id, here in stored if here}
    assert downloaded == {str(held.case_id)}, "only the claimed case's documents, all of them"
    assert pull.documents == sum(1 for case_id, _ in stored if case_id == str(held.case_id)) > 0
    assert engine.sync()[1].documents == 0  # already here


def test_decision_waits_in_outbox_while_server_is_down(
    start_central: StartCentral, store: Store
) -> None:
    server = start_central(seed=10)
    client = signed_in(server)
    engine = SyncEngine(client, store)
    engine.pull()
    case = client.next_case()
    assert case is not None
    officer = server.user("officer", MISSION)
    engine.outbox.record_decision(case_id=case.case_id, actor=officer.username, decision=approval())
    server.stop()
    summary = engine.deliver_outbox()
    assert (summary.delivered, summary.waiting) == (0, 1)
    assert "cannot be reached" in summary.error
    assert engine.outbox.counts().pending == 1
    server.restart()
    client.login(officer.username, officer.password)  # the old session ended with the server
    assert engine.deliver_outbox().delivered == 1
    assert client.case(case.case_id).status is CaseStatus.APPROVED
    assert decided_entries(server, case.case_id) == 1
    assert engine.outbox.counts().pending == 0


def test_a_garbled_receipt_keeps_the_decision_pending_until_a_clean_one_arrives(
    start_central: StartCentral, store: Store
) -> None:
    server = start_central(seed=10)
    with TamperProxy(server.url) as proxy:
        client = signed_in(server, url=proxy.url)
        engine = SyncEngine(client, store)
        engine.pull()
        case = client.next_case()
        assert case is not None
        officer = server.user("officer", MISSION)
        engine.outbox.record_decision(
            case_id=case.case_id, actor=officer.username, decision=approval()
        )
        proxy.rewrite = lambda path, body: b'{"garbled": true}' if "/decisions/" in path else body
        summary = engine.deliver_outbox()
        assert (summary.delivered, summary.refused, summary.waiting) == (0, [], 1)
        assert "does not follow the protocol" in summary.error
        assert engine.outbox.counts().pending == 1  # the server stored it; we could not tell

        proxy.rewrite = lambda _path, body: body
        assert engine.deliver_outbox().delivered == 1
    assert engine.outbox.counts().pending == 0
    assert decided_entries(server, case.case_id) == 1  # sent twice, stored once


@pytest.mark.parametrize("stage", ["committed", "delivered"])
def test_decision_survives_a_killed_workstation(
    start_central: StartCentral, tmp_path: Path, stage: str
) -> None:
    """Killed after the local commit, or after delivery but before the receipt: exactly once."""
    server = start_central(seed=10)
    officer = server.user("officer", MISSION)
    database = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    Store.open(database).close()
    command = [sys.executable, "-m", "tests.support.outbox_crash"]
    child = subprocess.Popen(
        [*command, server.url, database, officer.username, stage],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2],
        env={**os.environ, "CW_PASSWORD": officer.password},
    )  # fmt: skip
    assert child.stdout is not None
    reached, case_text = child.stdout.readline().split()
    assert reached == stage
    child.send_signal(signal.SIGKILL)
    child.wait()

    store = Store.open(database)
    engine = SyncEngine(signed_in(server), store)
    assert engine.outbox.counts().pending == 1
    assert engine.deliver_outbox().delivered == 1
    case_id = UUID(case_text)
    assert engine.client.case(case_id).status is CaseStatus.APPROVED
    assert decided_entries(server, case_id) == 1
    store.close()


def test_document_with_wrong_hash_is_refused(start_central: StartCentral, store: Store) -> None:
    server = start_central(seed=5)
    if not server.database_url.startswith("sqlite"):
        pytest.skip("tampering is done on the SQLite file")
    engine = SyncEngine(signed_in(server), store)
    engine.pull()
    with store.reader() as session:
        document = session.query(DocumentRow).order_by(DocumentRow.case_id).first()
        assert document is not None
        case_id, sha256 = UUID(document.case_id), document.sha256
    # Flip one byte of what the server holds for this document (what a corrupted disk does).
    central_db = sqlite3.connect(server.database_url.removeprefix("sqlite:///"))
    (content,) = central_db.execute(
        "SELECT content FROM document_blobs WHERE sha256 = ?", (sha256,)
    ).fetchone()
    corrupted = bytes([content[0] ^ 0xFF]) + content[1:]
    central_db.execute(
        "UPDATE document_blobs SET content = ? WHERE sha256 = ?", (corrupted, sha256)
    )
    central_db.commit()
    central_db.close()
    with pytest.raises(errors.DocumentIntegrityError, match="does not match"):
        engine.fetch_documents(case_id)
    with store.reader() as session:
        stored = session.get(DocumentRow, document.document_id)
        assert stored is not None and stored.fetched_at is None and stored.content is None


def test_malformed_reply_changes_nothing(start_central: StartCentral, store: Store) -> None:
    server = start_central(seed=5)
    with TamperProxy(server.url) as proxy:
        engine = SyncEngine(signed_in(server, url=proxy.url), store)

        def break_a_status(path: str, body: bytes) -> bytes:
            if "/cases/changes" not in path:
                return body
            page = json.loads(body)
            page["cases"][0]["status"] = "lost"
            return json.dumps(page).encode()

        proxy.rewrite = break_a_status
        with pytest.raises(errors.MalformedReply, match="status"):
            engine.pull()
        assert store.get_state(CURSOR, "0") == "0"
        with store.reader() as session:
            assert session.query(DocumentRow).count() == 0

        proxy.rewrite = lambda _path, _body: b"<html>gateway error</html>"
        with pytest.raises(errors.MalformedReply):
            engine.pull()

        proxy.rewrite = lambda _path, body: body
        assert engine.pull().new > 0
