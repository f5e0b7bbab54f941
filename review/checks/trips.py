"""The same trip declared at another mission: a possible duplicate, for the officer to judge.

The server takes in a declaration of a trip (travel document and first flight) that another
mission already holds, rather than refuse it: a refusal would let anyone who knows a
passport number and a flight block the real traveller. It links the cases instead
(`CaseRecord.same_trip_elsewhere`), and this check puts the link in front of the officer.
"""

from __future__ import annotations

import logging
from datetime import UTC

from review.checks.case_file import CaseFile
from review.checks.phrases import AND, Phrase, joined
from review.checks.results import CheckResult, Evidence, Findings, Source, Verdict

log = logging.getLogger(__name__)


def check_same_trip_elsewhere(case_file: CaseFile) -> CheckResult:
    findings = Findings("same_trip_elsewhere")
    content = case_file.case.content
    first = min(content.itinerary.flights, key=lambda flight: flight.departure_time)
    day = first.departure_time.astimezone(UTC).date().isoformat()
    findings.evidence(
        Evidence(
            source=Source.DECLARATION,
            label=Phrase("trip"),
            value=f"{content.travel_document.number}, {first.number} {day} (UTC)",
        )
    )
    others = case_file.case.same_trip_elsewhere
    for other in others:
        submitted = other.submitted_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        findings.evidence(
            Evidence(
                source=Source.DECLARATION,
                label=Phrase("same trip declared at {mission}", mission=other.mission),
                value=Phrase("submitted {when}", when=submitted),
            )
        )
    if others:
        missions = sorted({other.mission for other in others})
        findings.problem(
            Verdict.WARN,
            Phrase(
                "this trip is also declared at {missions}: a possible duplicate",
                missions=joined(AND, list(missions)),
            ),
        )
    return findings.result(Phrase("no other mission holds a declaration of this trip"))
