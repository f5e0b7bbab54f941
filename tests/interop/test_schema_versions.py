"""A payload is judged by the schema release of the version it declares (printing.schema).

The shipped releases are the official files; which one judges a payload follows from its
`ver`, only that one is read, and a version of another major is a plain schema failure.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from printing import schema
from printing.schema import (
    RELEASES,
    UnknownSchemaVersion,
    passes_schema,
    release_for,
    schema_problems,
)

VECTORS = Path(__file__).resolve().parent / "testdata" / "dcc"
TEST_ENTRY = {
    "tg": "840539006",
    "tt": "LP6464-4",
    "nm": "Roche LightCycler qPCR",
    "sc": "2021-05-03T10:27:15Z",
    "tr": "260415000",
    "tc": "Test centre",
    "co": "AT",
    "is": "Ministry of Health, Austria",
    "ci": "URN:UVCI:01:AT:B5921A35D6A0D696421B3E2462178297#I",
}


def _payload(ver: str, dob: str) -> dict[str, Any]:
    return {"ver": ver, "nam": {"fnt": "MUSTERFRAU"}, "dob": dob, "t": [dict(TEST_ENTRY)]}


@pytest.mark.parametrize(
    ("declared", "release"),
    [
        ("1.0.0", "1.0.0"),
        ("1.0.4", "1.0.0"),
        ("1.1.0", "1.2.1"),
        ("1.2.1", "1.2.1"),
        ("1.3.0", "1.3.x"),
        ("1.3.2", "1.3.x"),
        ("1.4.0", "1.3.x"),
        ("1.x.0", "1.3.x"),
        (None, "1.3.x"),
        (130, "1.3.x"),
    ],
)
def test_each_version_is_judged_by_its_release(declared: object, release: str) -> None:
    assert release_for(declared).version == release


@pytest.mark.parametrize("declared", ["2.0.0", "0.9.0", "10.3.0", "", "1", "abc", "١.3.0"])
def test_another_major_version_is_a_plain_schema_failure(declared: str) -> None:
    with pytest.raises(UnknownSchemaVersion):
        release_for(declared)
    payload = _payload(declared, "1990-01-01")
    assert passes_schema(payload) is False
    (problem,) = schema_problems(payload)
    assert problem.startswith("it declares schema version")
    assert "1.0.0, 1.2.1, 1.3.x" in problem


def test_the_shipped_files_are_the_releases_they_claim_and_valid_schemas() -> None:
    for release in RELEASES.values():
        document = json.loads(release.file.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(document)
        stated = document["$comment"].removeprefix("Schema version ")
        assert stated.startswith(release.version.removesuffix("x")), release


@pytest.mark.parametrize(
    ("dob", "valid_in"),
    [
        # 1.0.0 wants a full date (its pattern is not anchored, so a time may follow);
        # 1.2.1 allows a year or year-month and nothing after; 1.3 also allows "".
        ("1978-01-26", {"1.0.0", "1.2.1", "1.3.0"}),
        ("1978-01-26T00:00:00", {"1.0.0"}),
        ("1978", {"1.2.1", "1.3.0"}),
        ("", {"1.3.0"}),
    ],
)
def test_the_same_payload_gets_the_verdict_of_its_declared_version(
    dob: str, valid_in: set[str]
) -> None:
    for declared in ("1.0.0", "1.2.1", "1.3.0"):
        payload = _payload(declared, dob)
        assert passes_schema(payload) is (declared in valid_in), (declared, dob)
        assert (schema_problems(payload) == []) is (declared in valid_in), (declared, dob)


def test_only_the_release_needed_is_read() -> None:
    schema._inlined_schema.cache_clear()
    schema._fast_validator.cache_clear()
    assert schema_problems(_payload("1.2.1", "1978")) == []
    assert schema._inlined_schema.cache_info().currsize == 1
    assert schema_problems(_payload("1.2.1", "1979")) == []
    assert schema._inlined_schema.cache_info().currsize == 1  # read once, then cached
    assert schema_problems(_payload("1.0.0", "1978-01-26")) == []
    assert schema._inlined_schema.cache_info().currsize == 2


def test_a_newer_minor_version_failing_says_it_is_newer_than_our_schemas() -> None:
    payload = _payload("1.4.0", "1978")
    assert schema_problems(payload) == []  # what 1.3 accepts passes
    payload["t"][0]["sc"] = 5
    problems = schema_problems(payload)
    assert any("newer than the newest schema" in p for p in problems)


def test_several_groups_fail_whatever_the_version() -> None:
    # The EU vector common/DGC2 (1.2.1) expects it; the 1.0.0 and 1.2.1 schemas alone allow it.
    for declared in ("1.0.0", "1.2.1", "1.3.0"):
        payload = _payload(declared, "1978-01-26")
        payload["r"] = [
            {
                "tg": "840539006",
                "fr": "2021-02-20",
                "co": "AT",
                "is": "Ministry of Health, Austria",
                "df": "2021-04-04",
                "du": "2021-10-04",
                "ci": "URN:UVCI:01:AT:858CC18CFCF5965EF82F60E493349AA5#K",
            }
        ]
        problems = schema_problems(payload)
        assert problems[0] == "it must hold exactly one of v, t, r; it holds ['t', 'r']", declared


@pytest.mark.parametrize("name", ["BG/2DCode/raw/1.json", "BG/2DCode/raw/2.json"])
def test_the_old_bg_files_fail_only_for_their_null_groups(name: str) -> None:
    # test_dcc_vectors skips their schema checks for this reason alone: without the nulls
    # they are valid under the release they declare.
    payload = json.loads((VECTORS / name).read_text(encoding="utf-8"))["JSON"]
    assert payload["ver"] == "1.0.0"
    assert schema_problems(payload)
    cleaned = copy.deepcopy({k: v for k, v in payload.items() if v is not None})
    assert schema_problems(cleaned) == []
