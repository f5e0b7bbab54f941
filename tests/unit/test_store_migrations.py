"""The local store's Alembic migrations: applied on open, and carrying data forward."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from workstation.migrations import include_object
from workstation.models import Base
from workstation.store import MIGRATIONS, Store


def _alembic(engine_url: str, revision: str) -> None:
    engine = create_engine(engine_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_opening_a_store_brings_it_to_the_newest_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    store = Store.open(url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"cases", "case_records", "documents", "outbox", "sync_state"} <= tables
    assert "record_json" not in {c["name"] for c in inspect(store.engine).get_columns("cases")}
    store.close()


def test_records_of_a_0001_store_survive_the_move_to_their_own_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    _alembic(url, "0001")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO cases (case_id, mission, status, version, submitted_at, departure_at,"
                " holder_name, holder_name_zh, nationality, document_type, document_number,"
                " search_text, change_seq, record_json, synced_at) VALUES ('c1', 'GBR-LON',"
                " 'submitted', 0, '2026-11-23 10:00:00', '2026-11-24 10:00:00', 'ZHANG Wei', '',"
                " 'CN', 'ordinary_passport', 'E1234567', 'zhang wei', 1, '{\"kept\": true}',"
                " '2026-11-23 10:00:00')"
            )
        )
    engine.dispose()
    store = Store.open(url)  # applies 0002
    with store.engine.connect() as connection:
        kept = connection.execute(text("SELECT record_json FROM case_records")).scalar_one()
    assert kept == '{"kept": true}'
    store.close()


def test_the_orm_and_the_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    """A model change without its migration (or the reverse) shows up here."""
    store = Store.open(f"sqlite:///{tmp_path / 'compare.sqlite3'}")
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
    store.close()
