"""The demo data generator: valid, deterministic submissions with the faults it promises.

Documents (PDF text, edits, photos, scans) are tested in `test_demodata_documents.py`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from server.demodata import DemoDeclaration, DemoFault, demo_missions, generate, mission_policies
from server.demodata.generator import BLOCK, fault_block
from workstation.domain import (
    MAX_REDECLARATIONS,
    DocumentKind,
    IdentityCategory,
    Sex,
    TestKind,
    TestResult,
    TravelDocumentType,
)
from workstation.protocol import (
    DOCUMENT_MEDIA_TYPES,
    MAX_DOCUMENT_BYTES,
    MAX_DOCUMENTS_PER_DECLARATION,
    DeclarationSubmission,
)

REFERENCE = datetime(2024, 5, 13, 12, 0, tzinfo=UTC)
_MAGIC = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG": "image/png"}


@pytest.fixture(scope="module")
def batch() -> list[DemoDeclaration]:
    return list(generate(count=400, seed=1, reference_time=REFERENCE))


def _media_type(data: bytes) -> str:
    return next(kind for magic, kind in _MAGIC.items() if data.startswith(magic))


def _fingerprint(declarations: list[DemoDeclaration]) -> str:
    digest = hashlib.sha256()
    for d in declarations:
        digest.update(d.submission.model_dump_json().encode())
        digest.update(json.dumps([d.fault, d.supersedes_index]).encode())
        for name, data in d.files.items():
            digest.update(name.encode() + hashlib.sha256(data).digest())
    return digest.hexdigest()


def test_the_demo_missions_come_from_the_policies() -> None:
    missions = demo_missions()
    assert {m.code for m in missions} >= {"GBR-LON", "DEU-BER", "JPN-TYO"}
    policies = mission_policies()
    for mission in missions:
        assert mission.name == policies[mission.code].name
        assert mission.queue_order is policies[mission.code].queue_order
    assert {m.queue_order.value for m in missions} == {"submission", "departure"}


def test_every_submission_validates_and_lists_its_files(batch: list[DemoDeclaration]) -> None:
    for declaration in batch:
        submission = declaration.submission
        again = DeclarationSubmission.model_validate_json(submission.model_dump_json())
        assert again == submission
        assert submission.supersedes is None
        assert 1 <= len(submission.documents) <= MAX_DOCUMENTS_PER_DECLARATION
        assert [entry.filename for entry in submission.documents] == list(declaration.files)
        for entry in submission.documents:
            data = declaration.files[entry.filename]
            assert 0 < len(data) <= MAX_DOCUMENT_BYTES
            assert hashlib.sha256(data).hexdigest() == entry.sha256
            assert _media_type(data) in DOCUMENT_MEDIA_TYPES


def test_same_seed_and_reference_give_the_same_bytes_and_a_longer_run_extends_a_shorter() -> None:
    first = list(generate(count=40, seed=7, reference_time=REFERENCE))
    again = list(generate(count=60, seed=7, reference_time=REFERENCE))
    assert _fingerprint(first) == _fingerprint(again[:40])
    other = list(generate(count=40, seed=8, reference_time=REFERENCE))
    assert _fingerprint(other) != _fingerprint(first)


def test_output_does_not_depend_on_the_process() -> None:
    # String hashing is salted per process: nothing may depend on set or dict-of-str order.
    # Both runs are fresh processes, as the server is: a test process that drew other PDFs
    # with the same TrueType file first makes reportlab embed the CJK subset differently.
    script = (
        "from datetime import UTC, datetime\n"
        "from server.demodata import generate\n"
        "from tests.unit.test_demodata import _fingerprint\n"
        "print(_fingerprint(list(generate(count=30, seed=3,"
        " reference_time=datetime(2024, 5, 13, 12, tzinfo=UTC)))))\n"
    )

    def fingerprint_with(hash_seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        return subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        ).stdout.strip()

    here, there = fingerprint_with("1"), fingerprint_with("12345")
    assert len(here) == 64 and there == here


def test_every_fault_is_in_a_batch_of_200(batch: list[DemoDeclaration]) -> None:
    faults = Counter(d.fault for d in batch[:200])
    for fault in DemoFault:
        assert faults[fault] >= 200 // BLOCK, fault
    assert 0.24 <= sum(n for f, n in faults.items() if f is not None) / 200 <= 0.26


@pytest.mark.parametrize("seed", [2, 99, 12345])
def test_any_seed_puts_every_fault_in_every_block(seed: int) -> None:
    for block in range(10):
        slots = fault_block(seed, block)
        assert len(slots) == BLOCK
        assert Counter(slots) == Counter({**dict.fromkeys(DemoFault, 1), None: BLOCK - 7})
    assert fault_block(seed, 0) != fault_block(seed, 1)


def test_one_mission_only_still_has_every_fault() -> None:
    batch = list(generate(count=56, seed=4, reference_time=REFERENCE, missions=["JPN-TYO"]))
    assert {d.submission.mission for d in batch} == {"JPN-TYO"}
    assert {d.submission.content.residence.country for d in batch} == {"JP"}
    assert {d.fault for d in batch} >= set(DemoFault)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown or no demo missions"):
        generate(missions=["FRA-PAR"])
    with pytest.raises(ValueError, match="timezone-aware"):
        generate(reference_time=datetime(2024, 5, 13, 12))
    with pytest.raises(ValueError, match="negative"):
        generate(count=-1)


def test_the_default_reference_is_the_current_hour() -> None:
    before = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    (declaration,) = generate(count=1, seed=5)
    departure = declaration.submission.content.itinerary.departure_time
    assert before - timedelta(days=2) < departure < before + timedelta(days=5)


def test_faults_are_what_they_say(batch: list[DemoDeclaration]) -> None:
    policies = mission_policies()
    for d in batch:
        content = d.submission.content
        policy = policies[d.submission.mission]
        departure = content.itinerary.departure_time
        window = timedelta(hours=policy.window_hours)
        kinds = {t.kind for t in content.tests}
        approved = all(policy.approves(t.laboratory) for t in content.tests)
        too_early = any(departure - t.sample_collected_at > window for t in content.tests)
        positive = any(t.result is TestResult.POSITIVE for t in content.tests)
        documents = {e.kind for e in d.submission.documents}
        assert not too_early or d.fault is DemoFault.SAMPLE_TOO_EARLY
        assert positive == (d.fault is DemoFault.POSITIVE_RESULT)
        assert approved != (d.fault is DemoFault.UNKNOWN_LAB)
        if d.fault is DemoFault.SAMPLE_TOO_EARLY:
            assert all(departure - t.sample_collected_at > window for t in content.tests)
        if d.fault is DemoFault.MISSING_ANTIBODY_TEST:
            assert kinds == {TestKind.NAAT}
            assert not documents & {DocumentKind.ANTIBODY_REPORT, DocumentKind.COMBINED_REPORT}
        else:
            assert kinds == set(policy.required)
        if d.fault is None:
            # A consistent case: every test inside the window, reported before the reference.
            for test in content.tests:
                assert timedelta(hours=6) <= departure - test.sample_collected_at <= window
                assert test.result_issued_at is not None
                assert test.sample_collected_at < test.result_issued_at < REFERENCE


def test_trips_are_plausible(batch: list[DemoDeclaration]) -> None:
    for d in batch:
        itinerary = d.submission.content.itinerary
        flights = itinerary.flights
        assert REFERENCE - timedelta(hours=24) <= itinerary.departure_time
        assert itinerary.departure_time <= REFERENCE + timedelta(hours=84)
        assert flights[-1].arrival_airport == itinerary.port_of_entry
        assert itinerary.transit_points == [f.arrival_airport for f in flights[:-1]]
        for leg, after in itertools.pairwise(flights):
            assert leg.arrival_airport == after.departure_airport
            assert after.departure_time > leg.departure_time
        assert itinerary.arrival_date >= itinerary.departure_time.date()
        country = {"DEU": "DE", "GBR": "GB", "JPN": "JP"}[d.submission.mission[:3]]
        assert d.submission.content.residence.country == country


def test_redeclarations_point_back_and_stop_at_two(batch: list[DemoDeclaration]) -> None:
    later = [(i, d) for i, d in enumerate(batch) if d.supersedes_index is not None]
    assert 0.02 * len(batch) <= len(later) <= 0.1 * len(batch)
    chain_length: dict[int, int] = {}
    for index, d in later:
        earlier = batch[d.supersedes_index or 0]
        assert d.supersedes_index is not None and d.supersedes_index < index
        assert d.fault is None
        new, old = d.submission.content, earlier.submission.content
        assert new.holder == old.holder and new.travel_document == old.travel_document
        assert new.itinerary == old.itinerary and d.submission.mission == earlier.submission.mission
        newest = max(t.sample_collected_at for t in new.tests)
        assert newest > max(t.sample_collected_at for t in old.tests)
        assert old.tests[0] in new.history.previous_tests
        chain_length[index] = chain_length.get(d.supersedes_index, 0) + 1
        assert chain_length[index] <= MAX_REDECLARATIONS
    superseded = [d.supersedes_index for _, d in later]
    assert len(superseded) == len(set(superseded)), "a declaration was re-declared twice"


def test_the_travellers_are_varied(batch: list[DemoDeclaration]) -> None:
    contents = [d.submission.content for d in batch]
    assert {c.travel_document.type for c in contents} == set(TravelDocumentType)
    assert {c.holder.sex for c in contents} == set(Sex)
    assert {c.identity_category for c in contents} == set(IdentityCategory)
    assert len({c.holder.nationality for c in contents}) >= 8
    latin = " ".join(c.holder.name.latin for c in contents)
    assert any(ch in latin for ch in "üöäéáñłłëç")
    assert any("-" in c.holder.name.latin for c in contents)
    assert any(" " in (c.holder.name.given or "") for c in contents)
    chinese = [c for c in contents if c.holder.name.chinese]
    assert 0.4 <= len(chinese) / len(contents) <= 0.85
    proxies = [c for c in contents if c.declarant is not None]
    assert 0.04 <= len(proxies) / len(contents) <= 0.14
    ages = [(REFERENCE.date() - c.holder.date_of_birth).days / 365.25 for c in contents]
    assert min(ages) < 16 and max(ages) > 70
    products = {v.product for c in contents for v in c.vaccinations}
    assert {"EU/1/20/1528", "BBIBP-CorV", "CoronaVac"} <= products
    assert any(c.itinerary.transit_points for c in contents)
    assert any(c.history.diagnoses for c in contents)
    assert all(c.holder.mobile_phone.startswith("+") for c in contents)
