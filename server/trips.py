"""What makes two declarations the same trip, and the schema step that keys old rows anew.

A trip is a travel document and its first flight: number and the UTC day of the
departure instant. Until this module the day was the calendar day in whatever offset the
traveller wrote, so `-10:00` could make the same departure a new trip and start a new
count of re-declarations. `rekey_trips` recomputes the stored keys of a database written
before; `server.db` runs it once (it is recorded in `schema_steps`).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import CaseRow
from workstation.protocol import DeclarationContent

log = logging.getLogger(__name__)

#: The name `schema_steps` records once the stored trip keys follow `trip_key`.
TRIP_KEY_STEP = "trip_key_utc_day"
_BATCH = 500


def trip_key(content: DeclarationContent) -> str:
    """Same travel document and same first flight (number and UTC day) = the same trip.

    The day is the departure instant's day in UTC: the same departure written with another
    offset (`-10:00` instead of `+00:00`) is the same trip, so it cannot start a new count of
    re-declarations.
    """
    document = content.travel_document
    first = min(content.itinerary.flights, key=lambda f: f.departure_time)
    parts = (
        document.type.value,
        document.issuing_country,
        document.number,
        first.number,
        first.departure_time.astimezone(UTC).date().isoformat(),
    )
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def travel_document_key(content: DeclarationContent) -> str:
    """Who a declaration is for, as the rate of new declarations counts it (a hash)."""
    document = content.travel_document
    parts = (document.type.value, document.issuing_country, document.number)
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def rekey_trips(session: Session) -> int:
    """Recompute every stored trip key with `trip_key`; the number of cases whose key changed."""
    changed = 0
    after = None
    while True:
        query = select(CaseRow.case_id, CaseRow.trip_key, CaseRow.content_json)
        if after is not None:
            query = query.where(CaseRow.case_id > after)
        rows = session.execute(query.order_by(CaseRow.case_id).limit(_BATCH)).all()
        if not rows:
            break
        for case_id, stored, content_json in rows:
            key = trip_key(DeclarationContent.model_validate_json(content_json))
            if key != stored:
                session.execute(
                    update(CaseRow).where(CaseRow.case_id == case_id).values(trip_key=key)
                )
                changed += 1
        after = rows[-1][0]
    if changed:
        log.info("trip keys recomputed on the UTC day of departure: %d case(s) changed", changed)
    return changed
