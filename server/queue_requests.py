"""Request ids of `POST /queue/next`, so a repeated request replays its claim.

Claiming the next case is not idempotent by itself: when the answer is lost
after the server claimed a case, asking again would claim a second one while
the officer never learns of the first until its lease expires. The client sends
a request id (`NEXT_CASE_KEY_HEADER`); the claim is stored under (user, id) in
the same transaction as the claim itself, and the same user asking again with
the same id gets that case back instead of a new one.

The row lives here, beside the only code that uses it, and is created by
`create_all` like every other table (this module is imported by `server.cases`).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import Index, String, Uuid, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from server.models import Base
from workstation.sqltypes import UTCDateTime

#: How long a request id is remembered; a client repeats a lost request within seconds or
#: at the officer's next "Next case", long before this.
REQUEST_ID_RETENTION: Final = timedelta(days=1)


class NextCaseRequestRow(Base):
    """Which case a user's `POST /queue/next` with a given request id claimed."""

    __tablename__ = "next_case_requests"
    __table_args__ = (Index("ix_next_case_requests_created_at", "created_at"),)

    username: Mapped[str] = mapped_column(String(40), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


def claimed_before(session: Session, username: str, request_id: str) -> uuid.UUID | None:
    """The case this user's request `request_id` claimed, if it was already answered."""
    return session.execute(
        select(NextCaseRequestRow.case_id).where(
            NextCaseRequestRow.username == username,
            NextCaseRequestRow.request_id == request_id,
        )
    ).scalar_one_or_none()


def remember_claim(
    session: Session, username: str, request_id: str, case_id: uuid.UUID, *, now: datetime
) -> None:
    """Store the claim under its request id (in the claim's transaction); forget old ids."""
    session.execute(
        delete(NextCaseRequestRow).where(NextCaseRequestRow.created_at < now - REQUEST_ID_RETENTION)
    )
    session.add(
        NextCaseRequestRow(
            username=username, request_id=request_id, case_id=case_id, created_at=now
        )
    )
