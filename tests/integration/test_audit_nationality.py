"""The history's nationality filter works from the log itself, not from the cases held here.

`audit verify` fetches the log without syncing cases, and retention purges closed
cases: the nationality of an entry must come from the submission or
re-declaration entry that opened its case (the server writes the holder's
nationality into its hashed details), fetched in the same page or earlier.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from review.audit import fetch_and_verify
from review.audit.export import iter_history
from review.audit.queries.history import AuditColumn, AuditRow, HistoryOrder, plan_history
from review.audit.queries.terms import AuditFilter, filter_choices
from tests.integration.conftest import StartCentral
from tests.support.central import CentralServer
from tests.support.declarations import Upload, build_declaration, decision_body, submit
from workstation.__main__ import main
from workstation.audit_log import fetch_audit_log
from workstation.client import CentralClient
from workstation.domain import AuditAction, DecisionOutcome
from workstation.models import AuditEntryRow, CaseRow
from workstation.protocol import CaseRecord, SubmissionReceipt
from workstation.store import Store

OPENING = frozenset({AuditAction.SUBMITTED, AuditAction.REDECLARED})


def declared(mission: str, family: str, nationality: str) -> Upload:
    upload = build_declaration(mission=mission, family=family)
    return with_nationality(upload, nationality)


def with_nationality(upload: Upload, nationality: str) -> Upload:
    content = upload.submission.content
    holder = content.holder.model_copy(update={"nationality": nationality})
    changed = content.model_copy(update={"holder": holder})
    submission = upload.submission.model_copy(update={"content": changed})
    return Upload(submission=submission, files=upload.files)


def submitted(server: CentralServer, upload: Upload, token: str | None = None) -> SubmissionReceipt:
    reply = submit(server.url, upload, traveller_token=token)
    assert reply.status_code == 201, reply.text
    return SubmissionReceipt.model_validate_json(reply.content)


def decide(server: CentralServer, mission: str, case_id: uuid.UUID) -> None:
    officer = server.sign_in("officer", mission)
    path = f"/cases/{case_id}"
    case = CaseRecord.model_validate_json(officer.post(f"{path}/claim", json={}).content)
    document = case.documents[0]
    assert officer.get(f"{path}/documents/{document.document_id}").status_code == 200
    body = decision_body(DecisionOutcome.REJECT, note="No.", document_sha256=(document.sha256,))
    assert officer.put(f"{path}/decisions/{uuid.uuid4()}", json=body).status_code == 201


def filtered(store: Store, nationality: str) -> list[AuditRow]:
    """What the history shows with only the nationality filter set, oldest first."""
    plan = plan_history(
        store, AuditFilter(nationality=nationality), HistoryOrder(AuditColumn.SEQ, False)
    )
    return list(iter_history(store, plan))


def case_seqs(store: Store, *case_ids: uuid.UUID) -> list[int]:
    with store.reader() as session:
        return list(
            session.scalars(
                select(AuditEntryRow.seq)
                .where(AuditEntryRow.case_id.in_([str(c) for c in case_ids]))
                .order_by(AuditEntryRow.seq)
            )
        )


def test_entries_fetched_without_the_cases_are_found_by_the_holder_s_nationality(
    start_central: StartCentral, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_central()
    mission = server.missions[0]
    british = submitted(server, declared(mission, "Smith", "GB"))
    french_upload = declared(mission, "Dupont", "FR")
    french = submitted(server, french_upload)
    chinese = submitted(server, declared(mission, "Wang", "CN"))
    decide(server, mission, chinese.case_id)

    # `audit verify` fetches (and verifies) the log into a fresh store; no case is synced.
    auditor = server.user("auditor", mission)
    database = f"sqlite:///{tmp_path / 'auditor.sqlite3'}"
    monkeypatch.setenv("CW_CONFIG", str(tmp_path / "no-settings.toml"))
    monkeypatch.setenv("CW_PASSWORD", auditor.password)
    command = ["audit", "verify", "--server", server.url, "--user", auditor.username]
    assert main([*command, "--database-url", database]) == 0

    # Later: the British case is decided, the French one re-declared with a corrected
    # nationality. Fetched two entries a page, the British case's later entries come in pages
    # without its submission (that is in the local audit table already).
    decide(server, mission, british.case_id)
    upload = with_nationality(french_upload.redeclared(french.case_id), "DE")
    german = submitted(server, upload, french.traveller_token)

    store = Store.open(database)
    client = CentralClient(server.url)
    try:
        client.login(auditor.username, auditor.password)
        fetch_audit_log(client, store, page_size=2)
        with store.reader() as session:
            assert session.execute(select(func.count()).select_from(CaseRow)).scalar_one() == 0

        # What the server wrote, hashed with the rest of the entry.
        page = client.audit(after=0, limit=1000)
        opening = {e.case_id: e for e in page.entries if e.action in OPENING}
        assert opening[british.case_id].details["nationality"] == "GB"
        assert opening[german.case_id].details["nationality"] == "DE"
        assert opening[german.case_id].action is AuditAction.REDECLARED

        assert set(filter_choices(store).nationalities) == {"CN", "DE", "FR", "GB"}
        for nationality, cases in (
            ("GB", [british.case_id]),
            ("FR", [french.case_id]),
            ("DE", [german.case_id]),
            ("CN", [chinese.case_id]),
        ):
            found = [row.seq for row in filtered(store, nationality)]
            assert found == case_seqs(store, *cases), nationality
        british_actions = {row.action for row in filtered(store, "GB")}
        assert british_actions >= {"submitted", "claimed", "document_viewed", "decided"}
        assert {row.action for row in filtered(store, "FR")} == {"submitted", "superseded"}

        # The nationality is the workstation's own column: the chain still verifies.
        report = fetch_and_verify(client, store, full=True)
        assert report.ok, report.summary()
    finally:
        client.close()
        store.close()
