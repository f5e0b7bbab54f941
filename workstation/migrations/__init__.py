"""Alembic migrations of the local store (applied by `workstation.store.migrate`)."""

from __future__ import annotations


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the note search (FTS5 tables made by hand in 0004) out of autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith("audit_notes"))
