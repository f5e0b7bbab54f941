"""Deterministic demo declarations: realistic travellers, lab reports, and faults to catch.

Seven cases in every 28 carry one fault each, one of each kind, in shuffled
positions: a quarter of all cases are faulty and any 200 consecutive cases hold
every kind at least seven times. Some consistent cases are re-declarations of
an earlier trip with a newer test (at most two per trip). With a fixed seed and
reference time the output is the same, byte for byte, on every run; the first
N cases do not depend on how many are asked for.
"""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from server.demodata.evidence import PhotoUse, ReportEdit, ReportPlan, ScanPlan, build_uploads
from server.demodata.missions import MissionPolicy, mission_policies
from server.demodata.people import altered_number, other_name
from server.demodata.places import HostCountry, host_country
from server.demodata.reports import LabReport, measure_text, result_text, when
from server.demodata.travellers import Traveller, make_traveller, weighted
from server.demodata.trips import (
    choose_departure,
    make_history,
    make_itinerary,
    make_test,
    make_vaccinations,
    moment_between,
    plan_visits,
    redeclared_visit,
)
from server.demodata.wording import ReportLayout, layout_for
from workstation.domain import MAX_REDECLARATIONS, TestKind, TestResult
from workstation.protocol import (
    DeclarationContent,
    DeclarationSubmission,
    HealthHistory,
    Laboratory,
    LabTest,
)

log = logging.getLogger(__name__)


class DemoFault(StrEnum):
    WRONG_NAME = "wrong_name"  # report shows another name than declared
    WRONG_DOCUMENT_NUMBER = "wrong_document_number"  # report shows another passport/permit number
    SAMPLE_TOO_EARLY = "sample_too_early"  # a sample taken > the mission window before departure
    POSITIVE_RESULT = "positive_result"  # NAAT or IgM positive (declared and in the report)
    MISSING_ANTIBODY_TEST = "missing_antibody_test"  # no IgM test declared, no antibody report
    UNKNOWN_LAB = "unknown_lab"  # lab not on the mission's approved list
    PDF_EDITED = "pdf_edited"  # report altered after creation (an incremental update)


@dataclass(frozen=True)
class DemoDeclaration:
    submission: DeclarationSubmission  # submission.supersedes is always None
    files: dict[str, bytes]  # filename -> bytes, one per submission.documents entry
    fault: DemoFault | None  # None: a consistent case that should pass every check
    supersedes_index: int | None  # generation index of the declaration this one re-declares


BLOCK: Final = 28  # cases per fault block: one of each of the 7 faults, 21 consistent
REDECLARE_SHARE: Final = 0.075  # of consistent cases: about 5 % of all
PHOTO_SHARE: Final = 0.16  # PDF_EDITED cases carry none: about 15 % overall
SCAN_SHARE: Final = 0.05
_MISSION_WEIGHTS: Final = {"GBR-LON": 4, "DEU-BER": 3, "JPN-TYO": 3}
_EDITORS: Final = (
    "Adobe Acrobat Pro DC 21.7.20099",
    "PDF-XChange Editor 9.4.363.0",
    "Foxit PDF Editor 12.0.1",
    "iLovePDF",
)
_KINDS: Final = (TestKind.NAAT, TestKind.IGM_ANTIBODY, TestKind.IGG_ANTIBODY)
#: The photographed printouts (`photos`) know the NAAT and IgM layouts; IgG reports stay PDFs.
_PHOTOGRAPHED: Final = frozenset({TestKind.NAAT, TestKind.IGM_ANTIBODY})
_OPEN_TRIPS: Final = 400  # recent trips that may still be re-declared


def generate(
    *,
    count: int = 200,
    seed: int = 1,
    reference_time: datetime | None = None,
    missions: Sequence[str] | None = None,
) -> Iterator[DemoDeclaration]:
    """`count` declarations (re-declarations included) for `missions` (default: all)."""
    if count < 0:
        raise ValueError("count must not be negative")
    reference = _reference(reference_time)
    policies = _chosen(missions)
    return _Batch(seed=seed, reference=reference, policies=policies).declarations(count)


def _reference(reference_time: datetime | None) -> datetime:
    if reference_time is None:
        return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    if reference_time.utcoffset() is None:
        raise ValueError("reference_time must be timezone-aware")
    return reference_time.astimezone(UTC)


def _chosen(missions: Sequence[str] | None) -> list[MissionPolicy]:
    policies = mission_policies()
    if missions is None:
        return list(policies.values())
    if isinstance(missions, str):
        raise TypeError("missions is a sequence of mission codes, not one string")
    unknown = sorted(set(missions) - set(policies))
    if unknown or not missions:
        raise ValueError(f"unknown or no demo missions {unknown}; known: {sorted(policies)}")
    return [policies[code] for code in dict.fromkeys(missions)]


def fault_block(seed: int, block: int) -> list[DemoFault | None]:
    """Where the faults fall in one block of `BLOCK` cases."""
    slots: list[DemoFault | None] = [*DemoFault, *([None] * (BLOCK - len(DemoFault)))]
    random.Random(f"demodata-faults:{seed}:{block}").shuffle(slots)  # noqa: S311 (demo data)
    return slots


@dataclass
class _Trip:
    """A traveller's trip that may be re-declared, and its latest declaration."""

    index: int
    policy: MissionPolicy
    host: HostCountry
    traveller: Traveller
    content: DeclarationContent
    departure: datetime
    latest_sample: datetime
    faulty: bool
    redeclarations: int = 0


class _Batch:
    def __init__(self, *, seed: int, reference: datetime, policies: list[MissionPolicy]) -> None:
        self.seed = seed
        self.reference = reference
        self.policies = policies
        # A string seed is hashed with SHA-512: stable across runs and Python versions.
        self.rng = random.Random(f"demodata:{seed}")  # noqa: S311 (demo data, not secrets)
        self.used_numbers: set[str] = set()
        self.trips: list[_Trip] = []

    def declarations(self, count: int) -> Iterator[DemoDeclaration]:
        schedule: list[DemoFault | None] = []
        for index in range(count):
            if index % BLOCK == 0:
                schedule = fault_block(self.seed, index // BLOCK)
            fault = schedule[index % BLOCK]
            declaration = None
            if fault is None and self.rng.random() < REDECLARE_SHARE:
                declaration = self._redeclaration(index)
            yield declaration or self._declaration(index, fault)

    # ---------------------------------------------------------------------------------------

    def _policy_for(self, fault: DemoFault | None) -> tuple[MissionPolicy, DemoFault | None]:
        """A mission for the case, one where its fault is a fault at all."""
        policies = self.policies
        if fault is DemoFault.MISSING_ANTIBODY_TEST:
            policies = [p for p in policies if any(k.is_antibody for k in p.required)]
            if not policies:
                log.warning("no chosen mission requires an antibody test: nothing can be missing")
                policies, fault = self.policies, None
        table = tuple((p, _MISSION_WEIGHTS.get(p.mission, 3)) for p in policies)
        return weighted(self.rng, table), fault

    def _lab(
        self, policy: MissionPolicy, host: HostCountry, city: str, *, unknown: bool
    ) -> Laboratory:
        rng = self.rng
        if unknown:
            labs = [lab for lab in host.unapproved_labs if not policy.approves(lab)]
            return rng.choice(
                labs
                or [Laboratory(name=f"{city} Rapid Test Centre", city=city, country=host.alpha2)]
            )
        local = [lab for lab in policy.labs if lab.city == city]
        if local and rng.random() < 0.75:
            return rng.choice(local)
        return rng.choice(policy.labs)

    def _declaration(self, index: int, fault: DemoFault | None) -> DemoDeclaration:
        rng = self.rng
        policy, fault = self._policy_for(fault)
        host = host_country(policy.country_alpha3)
        traveller = make_traveller(
            rng, host, reference=self.reference, used_numbers=self.used_numbers
        )
        kinds = [k for k in _KINDS if k in policy.required or k is TestKind.NAAT]
        if fault is DemoFault.MISSING_ANTIBODY_TEST:
            kinds = [TestKind.NAAT]
        too_early = fault is DemoFault.SAMPLE_TOO_EARLY
        visits = plan_visits(rng, kinds, window_hours=policy.window_hours, too_early=too_early)
        route = rng.choice(host.routes)
        departure = choose_departure(rng, route, reference=self.reference, visits=visits)
        unknown = fault is DemoFault.UNKNOWN_LAB
        city = traveller.residence.city
        first_lab = self._lab(policy, host, city, unknown=unknown)
        positive = rng.choice(kinds) if fault is DemoFault.POSITIVE_RESULT else None
        groups: list[list[LabTest]] = []  # the tests of each visit to a lab
        for number, visit in enumerate(visits):
            lab = (
                first_lab
                if number == 0 or unknown
                else self._lab(policy, host, city, unknown=False)
            )
            groups.append(
                [
                    make_test(
                        kind,
                        visit,
                        departure,
                        lab,
                        TestResult.POSITIVE if kind is positive else TestResult.NEGATIVE,
                    )
                    for kind in visit.kinds
                ]
            )
        content = DeclarationContent(
            holder=traveller.holder,
            travel_document=traveller.travel_document,
            residence=traveller.residence,
            employer=traveller.employer,
            identity_category=traveller.identity_category,
            itinerary=make_itinerary(route, departure),
            tests=[test for group in groups for test in group],
            vaccinations=make_vaccinations(
                rng,
                chinese_citizen=traveller.nationality.chinese_citizen,
                host_country=host.alpha2,
                reference=self.reference,
            ),
            history=make_history(rng, labs=policy.labs, reference=self.reference),
            declarant=traveller.declarant,
        )
        plans = self._report_plans(
            traveller,
            groups,
            fault,
            departure=departure,
            window_hours=policy.window_hours,
        )
        declaration = self._finish(index, policy, traveller, content, plans, fault, None)
        self._remember(
            _Trip(
                index,
                policy,
                host,
                traveller,
                content,
                departure,
                max(t.sample_collected_at for t in content.tests),
                fault is not None,
            )
        )
        return declaration

    def _report_plans(
        self,
        traveller: Traveller,
        groups: list[list[LabTest]],
        fault: DemoFault | None,
        *,
        departure: datetime,
        window_hours: int,
    ) -> list[ReportPlan]:
        """A report per visit (combined) or per test, as printed: faults change what is printed."""
        rng = self.rng
        holder, document = traveller.holder, traveller.travel_document
        patient = holder.name
        if fault is DemoFault.WRONG_NAME:
            patient = other_name(rng, traveller.nationality, holder.sex, holder.name)
        number = document.number
        if fault is DemoFault.WRONG_DOCUMENT_NUMBER:
            number = altered_number(rng, number)
        reports: list[LabReport] = []
        for tests in groups:
            split = len(tests) > 1 and rng.random() < 0.25
            for printed in [[t] for t in tests] if split else [tests]:
                report_number = _report_number(rng, printed)
                while any(r.report_number == report_number for r in reports):
                    report_number = _report_number(rng, printed)  # the file names must differ
                report = LabReport(
                    laboratory=printed[0].laboratory,
                    report_number=report_number,
                    patient=patient,
                    date_of_birth=holder.date_of_birth,
                    sex=holder.sex,
                    document_number=number,
                    tests=tuple(printed),
                    layout=layout_for(report_number),  # from the number: no draw of `rng`
                )
                reports.append(report)
        plans = [ReportPlan(report) for report in reports]
        if fault is DemoFault.PDF_EDITED:
            plans[0] = self._forged(reports[0], departure=departure, window_hours=window_hours)
        elif rng.random() < PHOTO_SHARE and (
            photographable := [
                i
                for i, plan in enumerate(plans)
                if {t.kind for t in plan.report.tests} <= _PHOTOGRAPHED
            ]
        ):
            # choice() draws like randrange(len(plans)) did: missions without IgG are unchanged.
            which = rng.choice(photographable)
            instead = fault is None and rng.random() < 1 / 3
            plans[which] = ReportPlan(
                plans[which].report, PhotoUse.INSTEAD if instead else PhotoUse.ALSO
            )
        return plans

    def _forged(self, declared: LabReport, *, departure: datetime, window_hours: int) -> ReportPlan:
        """The lab printed something worse (positive, or too early) and the traveller edited it."""
        rng = self.rng
        truth = list(declared.tests)
        replacements: dict[str, str] = {}
        if rng.random() < 0.5:
            # The first report always starts with the NAAT: the result a forger would change.
            truth[0] = declared.tests[0].model_copy(update={"result": TestResult.POSITIVE})
            replacements[result_text(truth[0])] = result_text(declared.tests[0])
            number = declared.report_number
            replacements[measure_text(truth[0], number)] = measure_text(declared.tests[0], number)
        else:
            # Whole days earlier, enough to fall outside the window; the edit moves the dates.
            lead = departure - declared.tests[0].sample_collected_at
            shift = timedelta(days=(window_hours * 3600 - lead.total_seconds()) // 86400 + 1)
            for position, test in enumerate(declared.tests):
                issued = test.result_issued_at or test.sample_collected_at
                truth[position] = test.model_copy(
                    update={
                        "sample_collected_at": test.sample_collected_at - shift,
                        "result_issued_at": issued - shift,
                    }
                )
                replacements[when(test.sample_collected_at - shift)] = when(
                    test.sample_collected_at
                )
                replacements[when(issued - shift)] = when(issued)
        # The forger edits printed ASCII values (the English layout's); see `edit_lab_report`.
        original = dataclasses.replace(declared, tests=tuple(truth), layout=ReportLayout.ENGLISH)
        # Edited some time after the lab's report, and before the traveller declared.
        lag = min(timedelta(hours=1), (self.reference - original.issued_at) / 2)
        edited_at = moment_between(rng, original.issued_at + lag, self.reference)
        edit = ReportEdit(replacements, edited_at, rng.choice(_EDITORS))
        return ReportPlan(original, edit=edit)

    def _finish(
        self,
        index: int,
        policy: MissionPolicy,
        traveller: Traveller,
        content: DeclarationContent,
        plans: list[ReportPlan],
        fault: DemoFault | None,
        supersedes: int | None,
    ) -> DemoDeclaration:
        scan = None
        document = traveller.travel_document
        if document.type.is_passport and self.rng.random() < SCAN_SHARE:
            scan = ScanPlan(traveller.holder, document, traveller.nationality.mrz_code)
        uploads = build_uploads(self.rng, plans, scan=scan, reference=self.reference)
        submission = DeclarationSubmission(
            mission=policy.mission, content=content, documents=uploads.documents
        )
        return DemoDeclaration(submission, uploads.files, fault, supersedes)

    def _remember(self, trip: _Trip) -> None:
        self.trips.append(trip)
        if len(self.trips) > _OPEN_TRIPS:
            del self.trips[0]

    def _redeclaration(self, index: int) -> DemoDeclaration | None:
        """The same traveller and trip again, with a newer test (often after a rejected one)."""
        rng = self.rng
        open_trips = [t for t in self.trips if t.redeclarations < MAX_REDECLARATIONS]
        if not open_trips:
            return None
        for _ in range(4):
            faulty = [t for t in open_trips if t.faulty]
            trip = rng.choice(faulty if faulty and rng.random() < 0.5 else open_trips)
            kinds = [k for k in _KINDS if k in trip.policy.required or k is TestKind.NAAT]
            visit = redeclared_visit(
                rng,
                kinds,
                departure=trip.departure,
                reference=self.reference,
                window_hours=trip.policy.window_hours,
                previous_sample=trip.latest_sample,
            )
            if visit is not None:
                break
        else:
            return None
        lab = self._lab(trip.policy, trip.host, trip.traveller.residence.city, unknown=False)
        tests = [make_test(k, visit, trip.departure, lab, TestResult.NEGATIVE) for k in visit.kinds]
        earlier = [*trip.content.history.previous_tests, *trip.content.tests][-20:]
        history = HealthHistory(previous_tests=earlier, diagnoses=trip.content.history.diagnoses)
        content = trip.content.model_copy(update={"tests": tests, "history": history})
        plans = self._report_plans(
            trip.traveller,
            [tests],
            None,
            departure=trip.departure,
            window_hours=trip.policy.window_hours,
        )
        declaration = self._finish(
            index, trip.policy, trip.traveller, content, plans, None, trip.index
        )
        trip.index, trip.content, trip.faulty = index, content, False
        trip.latest_sample = tests[0].sample_collected_at
        trip.redeclarations += 1
        return declaration


def _report_number(rng: random.Random, tests: Sequence[LabTest]) -> str:
    lab = tests[0].laboratory.name
    initials = "".join(word[0] for word in lab.split() if word[0].isupper())[:4] or "LAB"
    issued = max(t.result_issued_at or t.sample_collected_at for t in tests)
    return f"{initials}-{issued:%y%m%d}-{rng.randrange(10**5):05d}"
