"""Demo declarations as the workstation holds them: the adapter from `server.demodata`.

Turns a `DemoDeclaration` into the `CaseRecord` a server would make of it (no server
needed), with its files and, once analysed, their facts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from review.analysis.facts import DocumentFacts, sniff_media_type
from review.policy import MissionPolicy
from server.demodata import DemoDeclaration, DemoFault
from workstation.domain import CaseStatus
from workstation.protocol import CaseRecord, DocumentRef

#: Fixed, so the demo data (and every verdict on it) is the same on every run.
REFERENCE_TIME = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
DEMO_COUNT = 84  # three blocks of 28: every fault three times


@dataclass(frozen=True)
class DemoCase:
    """A demo declaration as the workstation holds it, with its files and their facts."""

    index: int
    declaration: DemoDeclaration
    case: CaseRecord
    files: dict[UUID, bytes]
    facts: dict[UUID, DocumentFacts]
    policy: MissionPolicy

    @property
    def fault(self) -> DemoFault | None:
        return self.declaration.fault


def as_case(
    declaration: DemoDeclaration, *, version: int = 0
) -> tuple[CaseRecord, dict[UUID, bytes]]:
    """The `CaseRecord` a server would make of a demo declaration (no server needed)."""
    refs: list[DocumentRef] = []
    files: dict[UUID, bytes] = {}
    for entry in declaration.submission.documents:
        data = declaration.files[entry.filename]
        media_type = sniff_media_type(data)
        assert media_type is not None, entry.filename
        ref = DocumentRef(
            document_id=uuid.uuid4(),
            kind=entry.kind,
            filename=entry.filename,
            media_type=media_type,
            size=len(data),
            sha256=entry.sha256,
        )
        refs.append(ref)
        files[ref.document_id] = data
    case = CaseRecord(
        case_id=uuid.uuid4(),
        mission=declaration.submission.mission,
        status=CaseStatus.SUBMITTED,
        version=version,
        submitted_at=REFERENCE_TIME - timedelta(minutes=5),
        change_seq=1,
        content=declaration.submission.content,
        documents=refs,
    )
    return case, files
