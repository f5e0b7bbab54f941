"""A demo trip: the flight home, when the tests were taken, vaccinations and test history.

All times are minute-aligned UTC. The schedule is worked backwards from the
reference time so no report is dated after it: a traveller declares only
once the lab has reported, which keeps departures within about a day and a
half after the reference time (a week ahead would need samples not yet taken).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from server.demodata.places import Route
from workstation.domain import TestKind, TestResult
from workstation.protocol import (
    Diagnosis,
    Flight,
    HealthHistory,
    Itinerary,
    Laboratory,
    LabTest,
    Vaccination,
)

log = logging.getLogger(__name__)

HOUR: Final = 60  # minutes
#: China's offset from UTC, for the local arrival date.
_CHINA_OFFSET: Final = timedelta(hours=8)
#: A traveller submits at least this long after the last report arrived.
_SUBMIT_AFTER: Final = timedelta(minutes=30)


@dataclass(frozen=True)
class LabVisit:
    """One visit to a lab: which samples were taken, how long before departure, report delay."""

    kinds: tuple[TestKind, ...]
    lead: timedelta
    turnaround: timedelta


def consistent_lead(rng: random.Random, window_hours: int) -> timedelta:
    """Typically 12 to 40 hours before departure, always well inside the window."""
    high = min(40 * HOUR, (window_hours - 4) * HOUR)
    low = min(12 * HOUR, high - HOUR)
    return timedelta(minutes=rng.randrange(low, high))


def early_lead(rng: random.Random, window_hours: int) -> timedelta:
    """Clearly outside the window: 12 to 32 hours too early (60 to 80 h for a 48 h window)."""
    return timedelta(minutes=rng.randrange((window_hours + 12) * HOUR, (window_hours + 32) * HOUR))


def turnaround(rng: random.Random, kinds: Sequence[TestKind], lead: timedelta) -> timedelta:
    # PCR takes longer than the antibody assay; the report arrives at least 4 h before boarding.
    low, high = (4 * HOUR, 14 * HOUR) if TestKind.NAAT in kinds else (2 * HOUR, 6 * HOUR)
    cap = max(low + 1, min(high, int(lead.total_seconds() // 60) - 4 * HOUR))
    return timedelta(minutes=rng.randrange(low, cap))


def plan_visits(
    rng: random.Random, kinds: Sequence[TestKind], *, window_hours: int, too_early: bool
) -> list[LabVisit]:
    """Usually both samples in one visit (one combined or two reports), else two visits."""
    lead = early_lead if too_early else consistent_lead
    if len(kinds) > 1 and rng.random() < 0.15:
        visits = []
        for kind in kinds:
            visit_lead = lead(rng, window_hours)
            visits.append(LabVisit((kind,), visit_lead, turnaround(rng, (kind,), visit_lead)))
        return visits
    visit_lead = lead(rng, window_hours)
    return [LabVisit(tuple(kinds), visit_lead, turnaround(rng, kinds, visit_lead))]


def choose_departure(
    rng: random.Random, route: Route, *, reference: datetime, visits: Sequence[LabVisit]
) -> datetime:
    """A scheduled departure from a day before `reference` to as late as every report allows."""
    low = reference - timedelta(hours=24)
    high = reference + min(v.lead - v.turnaround for v in visits) - _SUBMIT_AFTER
    high = max(high, low + timedelta(hours=24))
    span = int((high - low).total_seconds() // 60)
    target = low + timedelta(minutes=rng.randrange(span + 1))
    hour, minute = route.departs_utc
    departure = target.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if departure > high:
        departure -= timedelta(days=1)
    elif departure < low:
        departure += timedelta(days=1)
    return departure


def make_itinerary(route: Route, departure: datetime) -> Itinerary:
    flights = [
        Flight(
            number=leg.number,
            departure_airport=leg.origin,
            departure_time=departure + timedelta(minutes=leg.offset_minutes),
            arrival_airport=leg.destination,
        )
        for leg in route.legs
    ]
    arrival = departure + timedelta(minutes=route.duration_minutes)
    return Itinerary(
        flights=flights,
        transit_points=route.transit_points,
        port_of_entry=route.legs[-1].destination,
        arrival_date=(arrival + _CHINA_OFFSET).date(),
    )


def redeclared_visit(
    rng: random.Random,
    kinds: Sequence[TestKind],
    *,
    departure: datetime,
    reference: datetime,
    window_hours: int,
    previous_sample: datetime,
) -> LabVisit | None:
    """A newer visit for the same trip, or None when no newer sample could be reported by now."""
    delay = timedelta(minutes=rng.randrange(3 * HOUR, 8 * HOUR))
    latest_lead = departure - reference + delay + _SUBMIT_AFTER  # report back before `reference`
    low = max(timedelta(hours=6), latest_lead, delay + timedelta(hours=2))
    high = min(departure - previous_sample - timedelta(hours=1), timedelta(hours=window_hours - 4))
    if high <= low:
        return None
    span = int((high - low).total_seconds() // 60)
    lead = low + timedelta(minutes=rng.randrange(span))
    return LabVisit(tuple(kinds), lead, delay)


def make_test(
    kind: TestKind, visit: LabVisit, departure: datetime, lab: Laboratory, result: TestResult
) -> LabTest:
    sample = departure - visit.lead
    return LabTest(
        kind=kind,
        sample_collected_at=sample,
        result=result,
        laboratory=lab,
        result_issued_at=sample + visit.turnaround,
    )


# EU value-set product codes where there is one, WHO-listed Chinese vaccines otherwise.
_MRNA: Final = (
    ("EU/1/20/1528", "BioNTech Manufacturing GmbH"),
    ("EU/1/20/1507", "Moderna Biotech Spain S.L."),
)
_LOCAL: Final = (
    *_MRNA,
    ("EU/1/21/1529", "AstraZeneca AB"),
    ("EU/1/20/1525", "Janssen-Cilag International NV"),
)
_CHINESE: Final = (
    ("BBIBP-CorV", "China National Biotec Group Company Limited"),
    ("CoronaVac", "Sinovac Life Sciences Co., Ltd."),
)


def make_vaccinations(
    rng: random.Random, *, chinese_citizen: bool, host_country: str, reference: datetime
) -> list[Vaccination]:
    if rng.random() < 0.18:
        return []
    in_china = chinese_citizen and rng.random() < 0.35
    product, maker = rng.choice(_CHINESE if in_china else _LOCAL)
    primary = 1 if product == "EU/1/20/1525" else 2
    day = reference.date() - timedelta(days=rng.randrange(420, 1100))
    where = "CN" if in_china else host_country
    doses = []
    for number in range(1, primary + 1):
        doses.append(
            Vaccination(
                product=product,
                manufacturer=maker,
                dose_number=number,
                total_doses=primary,
                date=day,
                country=where,
            )
        )
        day += timedelta(days=rng.randrange(21, 84))
    if rng.random() < 0.55:
        booster, booster_maker = rng.choice(_MRNA)
        day += timedelta(days=rng.randrange(120, 240))
        doses.append(
            Vaccination(
                product=booster,
                manufacturer=booster_maker,
                dose_number=primary + 1,
                total_doses=primary + 1,
                date=day,
                country=host_country,
            )
        )
    return doses


_ILLNESS: Final = (
    "COVID-19, mild; isolated at home",
    "COVID-19, asymptomatic infection",
    "COVID-19, moderate; hospitalised for 6 days",
)


def make_history(
    rng: random.Random, *, labs: Sequence[Laboratory], reference: datetime
) -> HealthHistory:
    """Some earlier negative tests; a few travellers had COVID-19 and recovered."""
    tests: list[LabTest] = []
    diagnoses: list[Diagnosis] = []
    if rng.random() < 0.3:
        for _ in range(rng.randrange(1, 4)):
            sample = reference - timedelta(days=rng.randrange(20, 400), minutes=rng.randrange(1440))
            tests.append(_past_test(rng, sample, labs, TestResult.NEGATIVE))
    if rng.random() < 0.08:
        confirmed = reference - timedelta(days=rng.randrange(60, 700), minutes=rng.randrange(1440))
        recovered = confirmed + timedelta(days=rng.randrange(10, 30))
        tests.append(_past_test(rng, confirmed - timedelta(days=1), labs, TestResult.POSITIVE))
        tests.append(_past_test(rng, recovered - timedelta(days=1), labs, TestResult.NEGATIVE))
        diagnoses.append(
            Diagnosis(
                confirmed_on=confirmed.date(),
                recovered_on=recovered.date(),
                description=rng.choice(_ILLNESS),
            )
        )
    tests.sort(key=lambda t: t.sample_collected_at)
    return HealthHistory(previous_tests=tests, diagnoses=diagnoses)


def _past_test(
    rng: random.Random, sample: datetime, labs: Sequence[Laboratory], result: TestResult
) -> LabTest:
    sample = sample.replace(second=0, microsecond=0)
    return LabTest(
        kind=TestKind.NAAT,
        sample_collected_at=sample,
        result=result,
        laboratory=rng.choice(labs),
        result_issued_at=sample + timedelta(minutes=rng.randrange(4 * HOUR, 30 * HOUR)),
    )


def moment_between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A whole second from `start` up to a minute before `end` (`start` if that is no time)."""
    span = max(1, int((end - start).total_seconds()) - 60)
    return (start + timedelta(seconds=rng.randrange(span))).replace(microsecond=0)
