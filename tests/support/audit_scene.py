"""A mission with real audit activity on the reference server, and its database to tamper with.

`record_activity` runs submissions, claims, document views, decisions with notes
and a print; `ServerDatabase` edits the server's tables behind its back, as
someone with access to them would; `Scene` (the `scene` fixture in
tests/integration/conftest.py) holds both and verifies from a fresh auditor
workstation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from review.audit import ChainReport, fetch_and_verify
from tests.support.central import CentralServer
from tests.support.declarations import build_declaration, decision_body, submit
from workstation.client import CentralClient
from workstation.domain import AuditAction, DecisionOutcome
from workstation.protocol import AuditCheckpoint, AuditEntry, CaseRecord, SubmissionReceipt
from workstation.store import Store

NOTE = "Sample taken 72 h before departure; 请补充材料"


def record_activity(server: CentralServer, mission: str) -> None:
    """Three cases: approved and printed, asked for more, rejected (each claimed, viewed)."""
    officer = server.sign_in("officer", mission)
    clerk = server.sign_in("clerk", mission)
    outcomes = [
        (DecisionOutcome.APPROVE, ""),
        (DecisionOutcome.REQUEST_INFO, NOTE),
        (DecisionOutcome.REJECT, "Positive result on the NAAT report"),
    ]
    for index, (outcome, note) in enumerate(outcomes):
        upload = build_declaration(mission=mission, family=["Wang", "Li", "Zhang"][index])
        receipt = SubmissionReceipt.model_validate_json(submit(server.url, upload).content)
        path = f"/cases/{receipt.case_id}"
        case = CaseRecord.model_validate_json(officer.post(f"{path}/claim", json={}).content)
        document = case.documents[0]
        assert officer.get(f"{path}/documents/{document.document_id}").status_code == 200
        body = decision_body(outcome, note=note, document_sha256=(document.sha256,))
        assert officer.put(f"{path}/decisions/{uuid.uuid4()}", json=body).status_code == 201
    approved = CaseRecord.model_validate(
        next(c for c in officer.get("/cases/changes").json()["cases"] if c["status"] == "approved")
    )
    assert approved.certificate is not None
    printed = clerk.put(
        f"/prints/{uuid.uuid4()}",
        json={
            "certificate_id": approved.certificate.certificate_id,
            "case_id": str(approved.case_id),
            "printed_at": datetime.now(UTC).isoformat(),
            "certificate_sha256": "ab" * 32,
            "kid": "0123456789abcdef",
        },
    )
    assert printed.status_code in (200, 201), printed.text


class ServerDatabase:
    """The reference server's own tables, edited behind its back."""

    def __init__(self, server: CentralServer, mission: str) -> None:
        self.engine: Engine = create_engine(server.database_url)
        self.mission = mission

    def close(self) -> None:
        self.engine.dispose()

    def entries(self) -> dict[int, AuditEntry]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT seq, entry_json FROM audit_entries WHERE mission = :m ORDER BY seq"),
                {"m": self.mission},
            ).all()
        return {seq: AuditEntry.model_validate_json(body) for seq, body in rows}

    def first(self, action: AuditAction, *, with_note: bool = False) -> AuditEntry:
        return next(
            e
            for e in self.entries().values()
            if e.action is action and (e.note if with_note else True)
        )

    def raw(self, seq: int) -> str:
        with self.engine.connect() as connection:
            return str(
                connection.execute(
                    text("SELECT entry_json FROM audit_entries WHERE mission = :m AND seq = :s"),
                    {"m": self.mission, "s": seq},
                ).scalar_one()
            )

    def write(self, row_seq: int, body: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                text("UPDATE audit_entries SET entry_json = :j WHERE mission = :m AND seq = :s"),
                {"j": body, "m": self.mission, "s": row_seq},
            )

    def delete(self, seq: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                text("DELETE FROM audit_entries WHERE mission = :m AND seq = :s"),
                {"m": self.mission, "s": seq},
            )

    def make_room(self, at: int) -> None:
        """Move the rows from `at` on one place up (their content untouched), and the head."""
        with self.engine.begin() as connection:
            for statement in (
                "UPDATE audit_entries SET seq = -(seq + 1) WHERE mission = :m AND seq >= :s",
                "UPDATE audit_entries SET seq = -seq WHERE mission = :m AND seq < 0",
                "UPDATE missions SET audit_head_seq = audit_head_seq + 1 WHERE code = :m",
            ):
                connection.execute(text(statement), {"m": self.mission, "s": at})

    def add(self, row_seq: int, entry: AuditEntry) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO audit_entries (mission, seq, entry_json, hash) "
                    "VALUES (:m, :s, :j, :h)"
                ),
                {"m": self.mission, "s": row_seq, "j": entry.model_dump_json(), "h": entry.hash},
            )

    def checkpoints(self) -> dict[int, AuditCheckpoint]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT seq, checkpoint_json FROM audit_checkpoints WHERE mission = :m"),
                {"m": self.mission},
            ).all()
        return {seq: AuditCheckpoint.model_validate_json(body) for seq, body in rows}

    def replace_checkpoint(self, checkpoint: AuditCheckpoint) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE audit_checkpoints SET checkpoint_json = :j "
                    "WHERE mission = :m AND seq = :s"
                ),
                {"j": checkpoint.model_dump_json(), "m": self.mission, "s": checkpoint.seq},
            )


def rehashed(entry: AuditEntry, **changes: object) -> AuditEntry:
    changed = entry.model_copy(update=changes)
    return changed.model_copy(update={"hash": changed.computed_hash()})


@dataclass
class Scene:
    server: CentralServer
    mission: str
    database: ServerDatabase
    tmp_path: Path

    def auditor_client(self) -> CentralClient:
        auditor = self.server.user("auditor", self.mission)
        client = CentralClient(self.server.url)
        client.login(auditor.username, auditor.password)
        return client

    def verify_fresh(self, name: str = "fresh") -> ChainReport:
        """A new auditor workstation: fetch everything, verify."""
        store = Store.open(f"sqlite:///{self.tmp_path / f'{name}.sqlite3'}")
        client = self.auditor_client()
        try:
            return fetch_and_verify(client, store)
        finally:
            client.close()
            store.close()
