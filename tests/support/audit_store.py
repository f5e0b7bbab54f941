"""An auditor's local store filled by hand: a valid audit log entry by entry, and held cases."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

from tests.support.audit_chain import GeneratedChain
from workstation.domain import AuditAction
from workstation.models import CaseRow, DocumentRow
from workstation.protocol import AuditEntry
from workstation.store import Store

MISSION = "GBR-LON"
START = datetime(2026, 3, 1, 8, tzinfo=UTC)


class Log:
    """A valid hash chain (made by the shared builder), entry by entry, minutes apart."""

    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []
        self.at = START
        self._chain = GeneratedChain(MISSION)

    def add(self, actor: str, role: str, action: AuditAction, case: uuid.UUID | None,
            outcome: str = "", note: str = "", minutes: int = 7,
            **details: str | int | bool | list[str]) -> AuditEntry:  # fmt: skip
        self.at += timedelta(minutes=minutes)
        entry = self._chain.append(
            at=self.at, actor=actor, role=role, action=action,
            case_id=str(case) if case else None, outcome=outcome, note=note, details=details,
        )  # fmt: skip
        self.entries.append(entry)
        return entry


def add_case(store: Store, case: uuid.UUID, documents: dict[str, bytes | None]) -> list[str]:
    """A case in the store with documents (name -> bytes, None when not downloaded)."""
    now = datetime.now(UTC)
    with store.session() as session:
        session.add(CaseRow(
            case_id=str(case), mission=MISSION, status="approved", version=0, supersedes=None,
            superseded_by=None, submitted_at=now, departure_at=now, holder_name="ZHANG Wei",
            holder_name_zh="张伟", nationality="CN", document_type="ordinary_passport",
            document_number="E1234567", search_text="zhang wei", change_seq=1, synced_at=now,
        ))  # fmt: skip
        hashes = []
        for position, (name, content) in enumerate(documents.items()):
            sha = hashlib.sha256(content or name.encode()).hexdigest()
            hashes.append(sha)
            session.add(DocumentRow(
                document_id=str(uuid.uuid4()), case_id=str(case), position=position, kind="other",
                filename=name, media_type="application/pdf", size=1, sha256=sha,
                content=content, fetched_at=now if content is not None else None,
            ))  # fmt: skip
    return hashes
