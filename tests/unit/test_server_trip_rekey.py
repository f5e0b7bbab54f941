"""A database written before trips were keyed on the UTC day gets its keys recomputed once."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select, text, update

from server.db import open_database
from server.intake import submit_declaration
from server.models import CaseRow, SchemaStepRow
from server.seed import ensure_missions
from server.trips import TRIP_KEY_STEP, trip_key
from tests.support.declarations import build_declaration
from workstation.protocol import DeclarationContent


def _old_key(content: DeclarationContent) -> str:
    """The key as the server made it before: the calendar day in the offset as written."""
    document = content.travel_document
    first = min(content.itinerary.flights, key=lambda f: f.departure_time)
    parts = (
        document.type.value,
        document.issuing_country,
        document.number,
        first.number,
        first.departure_time.date().isoformat(),
    )
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def test_old_trip_keys_are_recomputed_once(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    db.create_schema()
    missions = ensure_missions(db, departure_first=None)
    # 05:30 UTC written at -10:00: the old key took the evening before's date.
    departure = (datetime.now(UTC) + timedelta(days=2)).replace(hour=5, minute=30, microsecond=0)
    upload = build_declaration(
        mission=missions[0], departure=departure.astimezone(timezone(timedelta(hours=-10)))
    )
    content = upload.submission.content
    assert _old_key(content) != trip_key(content)
    with db.writer() as session:
        receipt = submit_declaration(
            session, submission=upload.submission, files=upload.files, now=datetime.now(UTC)
        )
    # Make it the database an older server left: its key, and no record of the step.
    with db.writer() as session:
        session.execute(
            update(CaseRow)
            .where(CaseRow.case_id == receipt.case_id)
            .values(trip_key=_old_key(content))
        )
        session.execute(text("DROP TABLE schema_steps"))

    db.create_schema()
    with db.reader() as session:
        stored = session.execute(
            select(CaseRow.trip_key).where(CaseRow.case_id == receipt.case_id)
        ).scalar_one()
        assert stored == trip_key(content)
        assert session.get(SchemaStepRow, TRIP_KEY_STEP) is not None

    # Applied once: a later start does not walk every case again.
    with db.writer() as session:
        session.execute(update(CaseRow).values(trip_key="0" * 64))
    db.create_schema()
    with db.reader() as session:
        assert session.scalars(select(CaseRow.trip_key)).all() == ["0" * 64]
    db.dispose()
