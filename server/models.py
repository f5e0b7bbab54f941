"""The server's database schema (SQLAlchemy 2 typed ORM; tables made by `create_all`).

A case keeps the validated declaration as JSON text (`content_json`) and its
whole served record (`record_json`, rendered by `server.records` from the
protocol model whenever the case changes), so the feed streams stored text
instead of rebuilding 10,000 models. Secrets are stored only as hashes:
passwords (scrypt), bearer tokens and traveller tokens (SHA-256).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from workstation.sqltypes import NAMING, UTCDateTime


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ChangeCounterRow(Base):
    """The single row holding the global change sequence (see `server.db`)."""

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class SchemaStepRow(Base):
    """A one-off change to stored data that has been applied (see `Database.create_schema`)."""

    __tablename__ = "schema_steps"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MissionRow(Base):
    """A consulate, its queue order, and the head of its own audit chain."""

    __tablename__ = "missions"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    queue_order: Mapped[str] = mapped_column(String(16))
    audit_head_seq: Mapped[int] = mapped_column(Integer, default=0)
    audit_head_hash: Mapped[str] = mapped_column(String(64))


class UserRow(Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(40), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    mission: Mapped[str] = mapped_column(ForeignKey("missions.code"))
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class BearerTokenRow(Base):
    __tablename__ = "bearer_tokens"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("users.username"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CaseRow(Base):
    """One declaration version."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_feed", "mission", "change_seq"),
        Index("ix_cases_queue", "mission", "status", "submitted_at", "intake_seq"),
        Index("ix_cases_departure", "mission", "status", "first_departure", "submitted_at"),
        Index("ix_cases_leases", "status", "claim_expires_at"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    mission: Mapped[str] = mapped_column(ForeignKey("missions.code"))
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    supersedes: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    superseded_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    #: Same travel document and same first flight = same trip (re-declare, do not declare twice).
    trip_key: Mapped[str] = mapped_column(String(64), index=True)
    traveller_token_sha256: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_departure: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The change number taken at intake: a stable tie-break for the queue order.
    intake_seq: Mapped[int] = mapped_column(Integer)
    change_seq: Mapped[int] = mapped_column(Integer, unique=True)
    content_json: Mapped[str] = mapped_column(Text)
    record_json: Mapped[str] = mapped_column(Text)
    claim_officer: Mapped[str | None] = mapped_column(String(40), nullable=True)
    claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: Whose lease expired last, while nobody has claimed since (their late decision still counts).
    lease_expired_from: Mapped[str | None] = mapped_column(String(40), nullable=True)
    decision_key: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    certificate_id: Mapped[str | None] = mapped_column(String(80), nullable=True, unique=True)
    certificate_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    certificate_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: When the certificate was first recorded as printed (by any workstation).
    certificate_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DocumentBlobRow(Base):
    """Document bytes, content-addressed: the same file uploaded twice is stored once."""

    __tablename__ = "document_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class CaseDocumentRow(Base):
    __tablename__ = "case_documents"

    document_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.case_id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("document_blobs.sha256"))
    # Declared so the unit of work inserts the case and the blob before the row that
    # refers to them; never loaded (raise if something tries).
    case: Mapped[CaseRow] = relationship(lazy="raise")
    blob: Mapped[DocumentBlobRow] = relationship(lazy="raise")


class DecisionRow(Base):
    __tablename__ = "decisions"

    idempotency_key: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.case_id"), index=True)
    officer: Mapped[str] = mapped_column(String(40))
    #: The request exactly as validated, to recognise a replay of the same decision.
    request_json: Mapped[str] = mapped_column(Text)
    record_json: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PrintRow(Base):
    __tablename__ = "prints"

    print_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.case_id"), index=True)
    clerk: Mapped[str] = mapped_column(String(40))
    request_json: Mapped[str] = mapped_column(Text)
    record_json: Mapped[str] = mapped_column(Text)


class AuditEntryRow(Base):
    """One entry of a mission's hash chain, stored exactly as served."""

    __tablename__ = "audit_entries"

    mission: Mapped[str] = mapped_column(ForeignKey("missions.code"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_json: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64))


class AuditSigningKeyRow(Base):
    """Public half of a checkpoint signing key (the private half lives only in memory)."""

    __tablename__ = "audit_signing_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditCheckpointRow(Base):
    """A signed statement of a mission's audit head, stored exactly as served."""

    __tablename__ = "audit_checkpoints"

    mission: Mapped[str] = mapped_column(ForeignKey("missions.code"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkpoint_json: Mapped[str] = mapped_column(Text)
