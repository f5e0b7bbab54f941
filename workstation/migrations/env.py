"""Alembic environment: run by `workstation.store.migrate`, never by hand-edited ini files."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from workstation.migrations import include_object
from workstation.models import Base

config = context.config


def run_migrations_online() -> None:
    connection: Connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
