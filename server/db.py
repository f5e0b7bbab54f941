"""The server's database: engine, sessions, and how writers are serialised.

Every change to a case takes the next value of one global `change_seq`, and a
client that pulls `change_seq > since` must never miss one. That holds only if
change numbers become visible in the order they were taken, so writers that
change cases run one at a time: on SQLite every write transaction starts with
`BEGIN IMMEDIATE` (SQLite has one writer anyway); on PostgreSQL a write
transaction that changes cases first locks the single counter row
(`SELECT ... FOR UPDATE`) and holds it until it commits. Under READ COMMITTED
every statement after that lock sees everything committed before it, so the
service code reasons as if it were alone.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from server.models import Base, ChangeCounterRow, SchemaStepRow
from server.trips import TRIP_KEY_STEP, rekey_trips

log = logging.getLogger(__name__)

_WRITE_OPTION = "cw_write"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _install_sqlite_transactions(engine: Engine) -> None:
    # pysqlite's own transaction handling would start transactions lazily and
    # never IMMEDIATE; take it over (the recipe from SQLAlchemy's SQLite docs).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Database:
    """Owns the engine; hands out read and write sessions (one transaction each)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._readers = sessionmaker(engine, expire_on_commit=False)
        self._writers = sessionmaker(
            engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )

    def create_schema(self) -> None:
        """Tables that are missing, then the data steps a database made earlier still needs.

        There are no migrations here (the server's schema only grows by new tables); a step
        that rewrites stored data runs once and is recorded in `schema_steps`.
        """
        Base.metadata.create_all(self.engine)
        steps = {TRIP_KEY_STEP: rekey_trips}
        with self.writer() as session:
            if session.get(ChangeCounterRow, 1) is None:
                session.add(ChangeCounterRow(id=1, value=0))
            for name, step in steps.items():
                if session.get(SchemaStepRow, name) is None:
                    step(session)
                    session.add(SchemaStepRow(name=name, applied_at=datetime.now(UTC)))

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with self._readers() as session, session.begin():
            yield session

    @contextmanager
    def writer(self, *, changes_cases: bool = True) -> Iterator[Session]:
        """A write transaction, committed on success and rolled back on any exception.

        `changes_cases=False` is for writes that only append to the audit log or
        record a sign-in: they need not wait for the case writers on PostgreSQL.
        """
        with self._writers() as session, session.begin():
            if changes_cases and not self.is_sqlite:
                session.execute(
                    select(ChangeCounterRow.value).where(ChangeCounterRow.id == 1).with_for_update()
                )
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _owner_only_sqlite_file(database: str | None) -> None:
    """Create the database file (and missing folders) owner-only before SQLite does.

    It holds travellers' personal data; SQLite gives its -wal and -shm files the database
    file's mode, so these follow. Folders that already existed are left as they are.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        for folder in reversed(missing):
            folder.mkdir(mode=0o700, exist_ok=True)
            folder.chmod(0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.fchmod(descriptor, 0o600)  # also a file an older version made wider
        finally:
            os.close(descriptor)
    except OSError as exc:  # SQLite then says plainly what is wrong with the file
        log.warning("cannot make the database %s owner-only: %s", path, exc)


def open_database(url: str) -> Database:
    """Connect to `url` (any SQLAlchemy URL; SQLite by default, PostgreSQL with psycopg 3)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _owner_only_sqlite_file(parsed.database)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_size=8,
            max_overflow=16,
        )
        _install_sqlite_transactions(engine)
    else:
        engine = create_engine(url, pool_size=8, max_overflow=16, pool_pre_ping=True)
    log.info("database: %s", parsed.render_as_string(hide_password=True))
    return Database(engine)
