"""Integration fixtures: the real reference server on loopback, on a fresh database.

`start_central(seed=0, extra_args=())` starts `python -m server serve` on an
ephemeral port with demo users and stops it at teardown. Every test that uses
it runs on SQLite, and also on PostgreSQL when `CW_TEST_POSTGRES_URL` names a
server (e.g. `postgresql+psycopg://postgres@127.0.0.1:5432/postgres`): each
server then gets its own `cw_<random>` database, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.audit_scene import Scene, ServerDatabase, record_activity
from tests.support.central import CentralServer

POSTGRES_URL_VARIABLE = "CW_TEST_POSTGRES_URL"

StartCentral = Callable[..., CentralServer]


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def central_database(request: pytest.FixtureRequest) -> str:
    """Which database the server under test runs on."""
    kind: str = request.param
    if kind == "postgres" and not os.environ.get(POSTGRES_URL_VARIABLE):
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set (no PostgreSQL server to test against)")
    return kind


class _PostgresDatabases:
    """Creates `cw_<random>` databases on the test server and drops them afterwards."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = make_url(admin_url)
        self.created: list[str] = []

    def create(self) -> str:
        name = f"cw_{secrets.token_hex(6)}"
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        self.created.append(name)
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                for name in self.created:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            engine.dispose()


@pytest.fixture
def start_central(tmp_path: Path, central_database: str) -> Iterator[StartCentral]:
    servers: list[CentralServer] = []
    postgres = (
        _PostgresDatabases(os.environ[POSTGRES_URL_VARIABLE])
        if central_database == "postgres"
        else None
    )

    def start(*, seed: int = 0, extra_args: Sequence[str] = ()) -> CentralServer:
        if postgres is not None:
            url = postgres.create()
        else:
            url = f"sqlite:///{tmp_path / f'central-{len(servers)}.sqlite3'}"
        server = CentralServer(database_url=url, workdir=tmp_path, seed=seed, extra_args=extra_args)
        servers.append(server)
        return server.start()

    try:
        yield start
    finally:
        for server in servers:
            server.stop()
        if postgres is not None:
            postgres.drop_all()


@pytest.fixture
def scene(start_central: StartCentral, tmp_path: Path) -> Iterator[Scene]:
    """A mission with recorded activity, and the server's database open for tampering."""
    server = start_central()
    mission = server.missions[0]
    record_activity(server, mission)
    database = ServerDatabase(server, mission)
    yield Scene(server, mission, database, tmp_path)
    database.close()
