"""A trip (travel document + first flight on its UTC day) cannot be hijacked or reset.

Declaring someone else's passport and flight at another mission must not block the real
traveller nor tell the submitter that a declaration exists: it is taken in, and both
missions' cases are linked for their officers. Writing the same departure with another UTC
offset is the same trip, so it cannot start a fresh count of re-declarations.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import requests

from review.checks import DECLARATION_CHECKS, Verdict, run_checks
from review.policy import packaged_policy
from tests.integration.conftest import StartCentral
from tests.support.central import CentralServer
from tests.support.declarations import Upload, build_declaration, submit
from workstation.protocol import CaseChanges, CaseRecord, SubmissionReceipt

#: 05:30 UTC: at -10:00 it is the evening before, another calendar date.
DEPARTURE = (datetime.now(UTC) + timedelta(days=2)).replace(
    hour=5, minute=30, second=0, microsecond=0
)


def _receipt(reply: requests.Response) -> SubmissionReceipt:
    assert reply.status_code == 201, reply.text
    return SubmissionReceipt.model_validate_json(reply.content)


def _case(server: CentralServer, mission: str, case_id: uuid.UUID) -> CaseRecord:
    reply = server.sign_in("auditor", mission).get(f"/cases/{case_id}")
    assert reply.status_code == 200, reply.text
    return CaseRecord.model_validate_json(reply.content)


def _declare(mission: str, *, departure: datetime = DEPARTURE, family: str = "Lindqvist") -> Upload:
    return build_declaration(
        mission=mission, family=family, document_number="E24681357", departure=departure
    )


def test_the_same_trip_at_another_mission_is_taken_in_and_flagged(
    start_central: StartCentral,
) -> None:
    server = start_central()
    home, other = server.missions[:2]
    real_reply = submit(server.url, _declare(home))
    real = _receipt(real_reply)
    # Someone who knows the passport number and the flight declares it at another mission:
    # the answer is the one any first declaration gets (nothing to learn from it).
    probe_reply = submit(server.url, _declare(other, family="Impostor"))
    probe = _receipt(probe_reply)
    assert probe_reply.status_code == real_reply.status_code == 201
    assert set(probe_reply.json()) == set(real_reply.json())
    assert (probe.version, probe.status, probe.superseded) == (real.version, real.status, None)
    assert str(real.case_id) not in probe_reply.text, "the other declaration is not revealed"

    # Both missions' officers see the link, and the check puts it in front of them.
    home_case = _case(server, home, real.case_id)
    other_case = _case(server, other, probe.case_id)
    assert [(s.case_id, s.mission) for s in home_case.same_trip_elsewhere] == [
        (probe.case_id, other)
    ]
    assert [(s.case_id, s.mission) for s in other_case.same_trip_elsewhere] == [
        (real.case_id, home)
    ]
    for case in (home_case, other_case):
        results = run_checks(case, {}, packaged_policy(case.mission), checks=DECLARATION_CHECKS)
        flagged = next(r for r in results if r.check == "same_trip_elsewhere")
        assert flagged.verdict is Verdict.WARN
        assert "a possible duplicate" in flagged.summary

    # The home mission's feed carries the linked version (its officer's workstation syncs it).
    feed = CaseChanges.model_validate_json(
        server.sign_in("officer", home).get("/cases/changes").content
    )
    (synced,) = [c for c in feed.cases if c.case_id == real.case_id]
    assert [s.case_id for s in synced.same_trip_elsewhere] == [probe.case_id]

    # The real traveller can still re-declare; the link follows the newest version.
    redeclared = _receipt(
        submit(
            server.url,
            _declare(home).redeclared(real.case_id),
            traveller_token=real.traveller_token,
        )
    )
    assert [s.case_id for s in _case(server, other, probe.case_id).same_trip_elsewhere] == [
        redeclared.case_id
    ]
    assert [s.case_id for s in _case(server, home, redeclared.case_id).same_trip_elsewhere] == [
        probe.case_id
    ]


def test_a_trip_declared_at_one_mission_only_has_no_link(start_central: StartCentral) -> None:
    server = start_central()
    home = server.missions[0]
    receipt = _receipt(submit(server.url, _declare(home)))
    assert _case(server, home, receipt.case_id).same_trip_elsewhere == []
    # Another flight of the same traveller is another trip.
    later = _receipt(
        submit(server.url, _declare(server.missions[1], departure=DEPARTURE + timedelta(days=3)))
    )
    assert _case(server, home, receipt.case_id).same_trip_elsewhere == []
    assert _case(server, server.missions[1], later.case_id).same_trip_elsewhere == []


def test_an_offset_departure_is_the_same_trip(start_central: StartCentral) -> None:
    server = start_central()
    home, other = server.missions[:2]
    first = _receipt(submit(server.url, _declare(home)))
    # 05:30 UTC written as 19:30 the day before at -10:00: another calendar date, same instant.
    shifted = DEPARTURE.astimezone(timezone(timedelta(hours=-10)))
    assert shifted.date() != DEPARTURE.date()
    again = submit(server.url, _declare(home, departure=shifted))
    assert again.status_code == 409, again.text
    assert "re-declare" in again.json()["message"]
    elsewhere = _receipt(submit(server.url, _declare(other, departure=shifted)))
    assert [s.case_id for s in _case(server, home, first.case_id).same_trip_elsewhere] == [
        elsewhere.case_id
    ]


def test_an_offset_departure_does_not_reset_the_redeclaration_count(
    start_central: StartCentral,
) -> None:
    server = start_central()
    home = server.missions[0]
    upload = _declare(home)
    v0 = _receipt(submit(server.url, upload))
    v1 = _receipt(
        submit(server.url, upload.redeclared(v0.case_id), traveller_token=v0.traveller_token)
    )
    v2 = _receipt(
        submit(server.url, upload.redeclared(v1.case_id), traveller_token=v1.traveller_token)
    )
    assert v2.version == 2
    for hours in (-10, +14, -3):
        shifted = DEPARTURE.astimezone(timezone(timedelta(hours=hours)))
        fresh = submit(server.url, _declare(home, departure=shifted))
        assert fresh.status_code == 409, (hours, fresh.text)
