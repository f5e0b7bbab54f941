"""Every outbox kind fits the store's `outbox.kind` column (PostgreSQL refuses a longer one)."""

from __future__ import annotations

from sqlalchemy import String

from workstation.models import OutboxEntry
from workstation.outbox import OutboxKind


def test_every_outbox_kind_fits_its_column() -> None:
    column = OutboxEntry.__table__.c.kind
    assert isinstance(column.type, String) and column.type.length is not None
    too_long = [kind.value for kind in OutboxKind if len(kind.value) > column.type.length]
    assert too_long == []
