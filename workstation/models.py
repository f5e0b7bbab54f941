"""The local store's schema (SQLAlchemy 2 typed ORM). Alembic migrations follow this file.

The workstation keeps, per case, the server's record as JSON (the single source
of the declaration's shape is `workstation.protocol`) plus the few columns the
queue sorts and filters on. Documents are cached here after a hash check. The
outbox holds every decision, countersignature and print until the server has acknowledged it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from workstation.sqltypes import NAMING, UTCDateTime


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CaseRow(Base):
    """One declaration version as last seen from the server, plus local state."""

    __tablename__ = "cases"

    case_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    mission: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    supersedes: Mapped[str | None] = mapped_column(String(36))
    superseded_by: Mapped[str | None] = mapped_column(String(36))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    departure_at: Mapped[datetime] = mapped_column(UTCDateTime)
    holder_name: Mapped[str] = mapped_column(String(200))
    holder_name_zh: Mapped[str] = mapped_column(String(40), default="")
    nationality: Mapped[str] = mapped_column(String(2))
    document_type: Mapped[str] = mapped_column(String(40))
    document_number: Mapped[str] = mapped_column(String(20))
    #: Lower-cased, accent-free text the queue's search box matches against.
    search_text: Mapped[str] = mapped_column(Text)
    change_seq: Mapped[int] = mapped_column(Integer)
    claim_officer: Mapped[str | None] = mapped_column(String(40))
    claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_outcome: Mapped[str | None] = mapped_column(String(20))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    certificate_id: Mapped[str | None] = mapped_column(String(80))
    certificate_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Worst automatic-check verdict seen for this case ("pass", "warn", "fail"), set by review.
    check_verdict: Mapped[str | None] = mapped_column(String(8))
    #: Outbox entry of a decision (or a supervisor's countersignature) taken here and not yet
    #: acknowledged by the server.
    pending_entry_id: Mapped[str | None] = mapped_column(String(36))
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_cases_status_submitted", "status", "submitted_at"),
        Index("ix_cases_departure", "departure_at"),
        Index("ix_cases_supersedes", "supersedes"),
    )


class CaseRecordRow(Base):
    """The server's `CaseRecord`, verbatim JSON, apart from the queue's narrow columns.

    Kept in its own table so that filtering and sorting the queue scan small rows.
    """

    __tablename__ = "case_records"

    case_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("cases.case_id", ondelete="CASCADE"), primary_key=True
    )
    record_json: Mapped[str] = mapped_column(Text)


class DocumentRow(Base):
    """A case's uploaded document: its reference always, its bytes once fetched and hash-checked."""

    __tablename__ = "documents"

    document_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("cases.case_id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxEntry(Base):
    """A decision, countersignature or print committed here first, then delivered; kept
    afterwards as a receipt."""

    __tablename__ = "outbox"

    #: Also the idempotency key the server deduplicates on.
    entry_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: `workstation.outbox.OutboxKind`: "decision" | "print" | "countersignature" (16 long).
    kind: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    #: Who took the action: a delivery is only ever made in that user's session.
    actor: Mapped[str] = mapped_column(String(40))
    payload_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(12), index=True)  # pending | delivered | refused
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reply_json: Mapped[str | None] = mapped_column(Text)


class SyncStateRow(Base):
    """Small key/value facts about the sync: cursor, server, last success."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntryRow(Base):
    """The mission's audit log as fetched from the server, for auditors.

    Each wire field is kept exactly as received (`at_wire`, `details_json` in canonical
    JSON) so the chain can be recomputed from these columns alone; `at` and `nationality`
    are only for filtering.
    """

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at_wire: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(200))
    mission: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(20), index=True)
    case_id: Mapped[str | None] = mapped_column(String(36), index=True)
    outcome: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    details_json: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    #: The holder's nationality when the case is known here (filtering only; not hashed).
    nationality: Mapped[str | None] = mapped_column(String(2), index=True)

    # Migration 0004; on SQLite it also adds the `audit_notes` full-text table and its triggers.
    __table_args__ = (
        Index("ix_audit_entries_role", "role"),
        Index("ix_audit_entries_outcome", "outcome"),
        Index("ix_audit_entries_mission", "mission"),
        Index("ix_audit_entries_action_actor", "action", "actor"),
    )


class AuditCheckpointRow(Base):
    """A signed log head the server published (verified against `AuditKeyRow`)."""

    __tablename__ = "audit_checkpoints"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    checkpoint_json: Mapped[str] = mapped_column(Text)


class AuditKeyRow(Base):
    """An Ed25519 public key the server signs checkpoints with, pinned when first seen."""

    __tablename__ = "audit_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
