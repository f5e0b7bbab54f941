"""The officer is told when another mission holds a declaration of the same trip."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from review.checks import DECLARATION_CHECKS, CheckResult, Verdict, run_checks
from review.checks.phrases import english
from tests.support.review_demo import DemoCase
from workstation.protocol import SameTripElsewhere


def _trip_check(case: DemoCase, others: list[SameTripElsewhere]) -> CheckResult:
    record = case.case.model_copy(update={"same_trip_elsewhere": others})
    results = run_checks(record, {}, case.policy, checks=DECLARATION_CHECKS)
    return next(r for r in results if r.check == "same_trip_elsewhere")


def test_a_trip_held_only_here_passes(demo_case: Callable[..., DemoCase]) -> None:
    result = _trip_check(demo_case(None), [])
    assert result.verdict is Verdict.PASS
    assert result.summary == "no other mission holds a declaration of this trip"
    assert [english(e.label) for e in result.evidence] == ["trip"]


def test_the_same_trip_at_other_missions_is_a_warning_naming_them(
    demo_case: Callable[..., DemoCase],
) -> None:
    submitted = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
    others = [
        SameTripElsewhere(case_id=uuid.uuid4(), mission="USA-NYC", submitted_at=submitted),
        SameTripElsewhere(case_id=uuid.uuid4(), mission="DEU-BER", submitted_at=submitted),
    ]
    result = _trip_check(demo_case(None), others)
    assert result.verdict is Verdict.WARN
    assert result.summary == (
        "This trip is also declared at DEU-BER and USA-NYC: a possible duplicate"
    )
    assert result.reasons == (), "a warning for the officer to judge, not a reason to reject"
    shown = [english(e.description) for e in result.evidence]
    assert "same trip declared at USA-NYC (declared): submitted 2026-12-05 09:30 UTC" in shown
