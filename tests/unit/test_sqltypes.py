"""The column conventions both databases use (the local store and the reference server)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select
from sqlalchemy.exc import StatementError

from server.models import Base as ServerBase
from workstation.models import Base as StoreBase
from workstation.sqltypes import NAMING, UTCDateTime


def _table() -> Table:
    return Table(
        "events",
        MetaData(naming_convention=NAMING),
        Column("id", Integer, primary_key=True),
        Column("at", UTCDateTime),
    )


def test_an_aware_time_comes_back_as_the_same_instant_in_utc() -> None:
    events = _table()
    engine = create_engine("sqlite://")
    events.metadata.create_all(engine)
    beijing = timezone(timedelta(hours=8))
    with engine.begin() as conn:
        conn.execute(insert(events).values(id=1, at=datetime(2026, 3, 1, 9, 30, tzinfo=beijing)))
        at = conn.execute(select(events.c.at)).scalar_one()
    assert at == datetime(2026, 3, 1, 1, 30, tzinfo=UTC)
    assert at.tzinfo is UTC


def test_a_naive_time_is_refused_instead_of_guessed() -> None:
    events = _table()
    engine = create_engine("sqlite://")
    events.metadata.create_all(engine)
    with engine.begin() as conn, pytest.raises(StatementError, match="naive datetime"):
        conn.execute(insert(events).values(id=1, at=datetime(2026, 3, 1, 9, 30)))


def test_both_schemas_name_their_constraints_the_same_way() -> None:
    # Alembic's batch mode on SQLite finds constraints again only by these names.
    assert ServerBase.metadata.naming_convention == StoreBase.metadata.naming_convention
    assert StoreBase.metadata.tables["cases"].primary_key.name == "pk_cases"
    assert ServerBase.metadata.tables["missions"].primary_key.name == "pk_missions"
