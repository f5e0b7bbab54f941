"""The local store: opening any SQLAlchemy URL, migrating it, sessions, and small sync facts.

SQLite (the default) runs in WAL mode with foreign keys on, so the GUI can read
while a sync writes, and a crash mid-write leaves the last committed state.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, delete, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workstation.domain import CaseStatus
from workstation.models import (
    AuditCheckpointRow,
    AuditEntryRow,
    AuditKeyRow,
    CaseRow,
    OutboxEntry,
    SyncStateRow,
)
from workstation.private_files import private_sqlite_file

log = logging.getLogger(__name__)

MIGRATIONS: Final = Path(__file__).resolve().parent / "migrations"

#: Sync facts kept in `sync_state`.
CURSOR: Final = "cursor"
SERVER_URL: Final = "server_url"
MISSION: Final = "mission"
LAST_SYNC_AT: Final = "last_sync_at"
QUEUE_ORDER: Final = "queue_order"

#: Alembic runs a migration through module-level state (`alembic.context` is a proxy
#: installed for the duration of `command.upgrade`), so two threads migrating at once
#: clobber each other's (`KeyError: 'config'`). Stores are opened one at a time.
_MIGRATION_LOCK: Final = threading.Lock()


class StoreError(RuntimeError):
    """The local database cannot be opened or migrated; the message says why."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL is durable across app crashes
    cursor.close()


def create_store_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # Owner-only (0600, folders 0700): the store holds travellers' personal data.
        private_sqlite_file(parsed.database)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (Alembic), inside one transaction."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        # SQLite rebuilds a table to alter it; with foreign keys on, dropping the old table
        # would cascade into the rows that point at it. SQLite's own procedure is to switch
        # them off around the change (it only takes effect outside a transaction).
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


class Store:
    """The workstation's database. Create with `Store.open(url)`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Store:
        try:
            engine = create_store_engine(url)
            with _MIGRATION_LOCK:
                migrate(engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the local store {make_url(url)!r}: {exc}") from exc
        log.info("local store ready: %s", make_url(url).render_as_string(hide_password=True))
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    def reader(self) -> Session:
        """A session for reads only (the caller closes it)."""
        return self._sessions()

    # -- sync facts -----------------------------------------------------------------------------

    def get_state(self, key: str, default: str = "") -> str:
        with self.reader() as session:
            row = session.get(SyncStateRow, key)
            return row.value if row else default

    @staticmethod
    def set_state(session: Session, key: str, value: str) -> None:
        session.merge(SyncStateRow(key=key, value=value))

    def reset_for_server(self, server_url: str, mission: str) -> bool:
        """Forget synced cases when the workstation points at another server or mission.

        A cursor only means something on the server that issued it. Pending outbox
        entries are kept: they are delivered (or reported) whatever happens.
        Returns whether anything was reset.
        """
        with self.session() as session:
            known = {
                row.key: row.value
                for row in session.scalars(
                    select(SyncStateRow).where(SyncStateRow.key.in_((SERVER_URL, MISSION)))
                )
            }
            if known.get(SERVER_URL) == server_url and known.get(MISSION) == mission:
                return False
            if known:
                log.info("server or mission changed: the local queue and audit log start again")
                session.execute(delete(CaseRow).where(CaseRow.pending_entry_id.is_(None)))
                for table in (AuditEntryRow, AuditCheckpointRow, AuditKeyRow):
                    session.execute(delete(table))
            self.set_state(session, SERVER_URL, server_url)
            self.set_state(session, MISSION, mission)
            self.set_state(session, CURSOR, "0")
            return True

    # -- personal data retention ----------------------------------------------------------------

    def purge_expired(self, *, now: datetime, retention_days: int) -> int:
        """Forget decided or closed cases older than the retention period. Returns how many.

        The server keeps the record; this workstation needs a case only while it is
        being worked on. A case with an undelivered outbox entry is never purged.
        """
        cutoff = now - timedelta(days=retention_days)
        closed = [s.value for s in CaseStatus if not s.is_open]
        with self.session() as session:
            undelivered = select(OutboxEntry.case_id).where(OutboxEntry.state == "pending")
            result = session.execute(
                delete(CaseRow)
                .where(CaseRow.status.in_(closed))
                .where(CaseRow.synced_at < cutoff)
                .where(CaseRow.pending_entry_id.is_(None))
                .where(CaseRow.case_id.not_in(undelivered))
            )
            purged: int = getattr(result, "rowcount", 0) or 0
        if purged:
            log.info("retention: forgot %d closed cases older than %d days", purged, retention_days)
        return purged
