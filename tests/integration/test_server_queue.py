"""The officers' queue: incremental feed, claims and leases, next case, order, documents."""

from __future__ import annotations

import hashlib
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.integration.conftest import StartCentral
from tests.support.central import ApiSession, CentralServer
from tests.support.declarations import build_declaration, submit
from tests.support.server_clock import MovableServerClock
from workstation.domain import AuditAction, CaseStatus, QueueOrder
from workstation.protocol import AuditPage, CaseChanges, CaseRecord, SubmissionReceipt


def _submit_cases(server: CentralServer, mission: str, count: int) -> list[uuid.UUID]:
    ids = []
    for _ in range(count):
        reply = submit(server.url, build_declaration(mission=mission))
        assert reply.status_code == 201, reply.text
        ids.append(SubmissionReceipt.model_validate_json(reply.content).case_id)
    return ids


def _pull(session: ApiSession, since: int, limit: int = 1000) -> CaseChanges:
    reply = session.get("/cases/changes", params={"since": since, "limit": limit})
    assert reply.status_code == 200, reply.text
    return CaseChanges.model_validate_json(reply.content)


def _record(reply_text: bytes) -> CaseRecord:
    return CaseRecord.model_validate_json(reply_text)


def test_feed_pages_by_cursor_and_a_second_pull_returns_nothing(
    start_central: StartCentral,
) -> None:
    server = start_central(seed=12)
    officer = server.sign_in("officer", server.missions[0])
    seen: dict[uuid.UUID, int] = {}
    cursor, pages = 0, 0
    while True:
        page = _pull(officer, cursor, limit=3)
        pages += 1
        seen.update({c.case_id: c.change_seq for c in page.cases})
        assert all(c.mission == server.missions[0] for c in page.cases)
        cursor = page.cursor
        if not page.has_more:
            break
    assert seen, "the seeded mission has cases"
    assert pages >= 2 or len(seen) <= 3
    again = _pull(officer, cursor)
    assert again.cases == [] and again.cursor == cursor and not again.has_more
    claimed = officer.post("/queue/next", json={})
    assert claimed.status_code == 200
    changed = _pull(officer, cursor)
    assert [c.case_id for c in changed.cases] == [_record(claimed.content).case_id]
    assert changed.cases[0].status is CaseStatus.IN_REVIEW
    assert _pull(officer, changed.cursor).cases == []
    assert officer.get("/cases/changes", params={"limit": 5001}).status_code == 422


def test_a_live_claim_is_exclusive_and_renewable(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    (case_id,) = _submit_cases(server, mission, 1)
    first, second = (server.sign_in_as(u) for u in server.usernames("officer", mission))
    claimed = _record(first.post(f"/cases/{case_id}/claim", json={"lease_seconds": 60}).content)
    assert claimed.status is CaseStatus.IN_REVIEW and claimed.claim is not None
    conflict = second.post(f"/cases/{case_id}/claim", json={})
    assert conflict.status_code == 409
    assert claimed.claim.officer in conflict.json()["message"]
    renewed = _record(first.post(f"/cases/{case_id}/claim", json={"lease_seconds": 600}).content)
    assert renewed.claim is not None and renewed.claim.expires_at > claimed.claim.expires_at
    assert second.delete(f"/cases/{case_id}/claim").status_code == 409
    supervisor = server.sign_in("supervisor", mission)
    released = supervisor.delete(f"/cases/{case_id}/claim")
    assert released.status_code == 200
    assert _record(released.content).status is CaseStatus.SUBMITTED
    assert second.post(f"/cases/{case_id}/claim", json={}).status_code == 200


def test_an_expired_lease_can_be_taken_over(start_central: StartCentral, tmp_path: Path) -> None:
    clock = MovableServerClock(tmp_path / "clock")
    server = start_central(extra_args=clock.serve_args)
    mission = server.missions[0]
    (case_id,) = _submit_cases(server, mission, 1)
    officers = server.usernames("officer", mission)
    first, second = server.sign_in_as(officers[0]), server.sign_in_as(officers[1])
    assert first.post(f"/cases/{case_id}/claim", json={"lease_seconds": 300}).status_code == 200
    clock.advance(timedelta(seconds=299))
    assert second.post(f"/cases/{case_id}/claim", json={}).status_code == 409, "still held"
    clock.advance(timedelta(seconds=2))
    taken = second.post(f"/cases/{case_id}/claim", json={})
    assert taken.status_code == 200
    claim = _record(taken.content).claim
    assert claim is not None and claim.officer == officers[1]
    audit = AuditPage.model_validate_json(server.sign_in("auditor", mission).get("/audit").content)
    expired = [e for e in audit.entries if e.action is AuditAction.LEASE_EXPIRED]
    assert [(e.case_id, e.details["officer"], e.actor) for e in expired] == [
        (case_id, officers[0], "system")
    ]


def test_next_case_is_claimed_atomically_by_concurrent_officers(
    start_central: StartCentral,
) -> None:
    server = start_central()
    mission = server.missions[0]
    submitted = set(_submit_cases(server, mission, 8))
    names = server.usernames("officer", mission) + server.usernames("supervisor", mission)
    officers = [server.sign_in_as(name) for name in names]

    def take_all(session: ApiSession) -> list[uuid.UUID]:
        taken: list[uuid.UUID] = []
        while True:
            reply = session.post("/queue/next", json={"lease_seconds": 300})
            if reply.status_code == 204:
                return taken
            if reply.status_code == 409 and reply.json()["error"] == "claim_limit":
                return taken  # holds the most one may (tests/integration/test_server_claim_limit)
            assert reply.status_code == 200, reply.text
            taken.append(_record(reply.content).case_id)

    with ThreadPoolExecutor(max_workers=len(officers)) as pool:
        results = list(pool.map(take_all, officers))
    everything = [case for taken in results for case in taken]
    assert sorted(everything) == sorted(submitted), "each case handed out exactly once"


def _claim_order(
    server: CentralServer, mission: str, departures_in_days: list[int], *, officer: int = 0
) -> list[int]:
    """Submit one case per departure; the positions in which /queue/next hands them out
    (to the mission's `officer`th officer, who keeps them: at most the claim limit)."""
    now = datetime.now(UTC).replace(microsecond=0)
    ids = []
    for days in departures_in_days:
        upload = build_declaration(mission=mission, departure=now + timedelta(days=days))
        ids.append(
            SubmissionReceipt.model_validate_json(submit(server.url, upload).content).case_id
        )
    officer = server.sign_in_as(server.usernames("officer", mission)[officer])
    handed_out = [_record(officer.post("/queue/next", json={}).content).case_id for _ in ids]
    assert officer.post("/queue/next", json={}).status_code == 204
    return [ids.index(case_id) for case_id in handed_out]


def test_queue_order_is_the_missions_setting(start_central: StartCentral) -> None:
    server = start_central()
    orders = {m: _pull(server.sign_in("auditor", m), 0).order for m in server.missions}
    mission = next(m for m, order in orders.items() if order is QueueOrder.SUBMISSION)
    assert _claim_order(server, mission, [3, 1, 2]) == [0, 1, 2], "first come, first served"
    server.extra_args = ["--order-by-departure", mission]
    server.restart()
    assert _pull(server.sign_in("auditor", mission), 0).order is QueueOrder.DEPARTURE
    assert _claim_order(server, mission, [3, 1, 2], officer=1) == [1, 2, 0], (
        "earliest departure first"
    )


def test_document_download_carries_its_hash(start_central: StartCentral) -> None:
    server = start_central()
    mission = server.missions[0]
    upload = build_declaration(mission=mission, kinds=("pdf", "png"))
    receipt = SubmissionReceipt.model_validate_json(submit(server.url, upload).content)
    auditor = server.sign_in("auditor", mission)
    case = _record(auditor.get(f"/cases/{receipt.case_id}").content)
    for document in case.documents:
        reply = auditor.get(f"/cases/{case.case_id}/documents/{document.document_id}")
        assert reply.status_code == 200
        assert reply.content == upload.files[document.filename]
        assert reply.headers["X-Content-SHA256"] == hashlib.sha256(reply.content).hexdigest()
        assert reply.headers["X-Content-SHA256"] == document.sha256
        assert reply.headers["Content-Type"] == document.media_type
    missing = auditor.get(f"/cases/{case.case_id}/documents/{uuid.uuid4()}")
    assert missing.status_code == 404
    audit = AuditPage.model_validate_json(auditor.get("/audit").content)
    viewed = [e for e in audit.entries if e.action is AuditAction.DOCUMENT_VIEWED]
    assert sorted(str(e.details["sha256"]) for e in viewed) == sorted(
        d.sha256 for d in case.documents
    )


def test_a_pulling_client_misses_no_change_while_officers_work(start_central: StartCentral) -> None:
    """Change numbers become visible in order: pulling by cursor ends with every last change."""
    server = start_central()
    mission = server.missions[0]
    case_ids = _submit_cases(server, mission, 6)
    workers = [server.sign_in_as(name) for name in server.usernames("officer", mission)]
    puller = server.sign_in("auditor", mission)
    deadline = time.monotonic() + 3.0

    def work(session: ApiSession, offset: int) -> int:
        changes = 0
        while time.monotonic() < deadline:
            case_id = case_ids[(changes + offset) % len(case_ids)]
            if session.post(f"/cases/{case_id}/claim", json={}).status_code == 200:
                assert session.delete(f"/cases/{case_id}/claim").status_code == 200
                changes += 2
            else:
                changes += 1
        return changes

    seen: dict[uuid.UUID, int] = {}
    cursor = 0
    with ThreadPoolExecutor(max_workers=len(workers)) as pool:
        running = [pool.submit(work, session, i * 3) for i, session in enumerate(workers)]
        while not all(f.done() for f in running):
            page = _pull(puller, cursor)
            seen.update({c.case_id: c.change_seq for c in page.cases})
            cursor = page.cursor
        assert sum(f.result() for f in running) > 10, "the officers did change cases meanwhile"
    while (page := _pull(puller, cursor)).cases:
        seen.update({c.case_id: c.change_seq for c in page.cases})
        cursor = page.cursor
    everything = _pull(puller, 0)
    assert seen == {c.case_id: c.change_seq for c in everything.cases}
