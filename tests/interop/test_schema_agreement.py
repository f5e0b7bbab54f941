"""The compiled schema check agrees with the reference `jsonschema` over the original schemas.

Verification takes its yes/no from jsonschema-rs over the inlined schema of the version a
payload declares (see `printing.schema`). Here every payload of the public DCC test
vectors, and a few thousand damaged copies of them, must get the same verdict from it as
from `jsonschema` reading the untouched shipped release (1.0.0, 1.2.1 or 1.3.x) with its
`$ref`s.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from printing.schema import (
    RELEASES,
    SchemaRelease,
    UnknownSchemaVersion,
    passes_schema,
    release_for,
    schema_problems,
)

VECTORS = Path(__file__).resolve().parent / "testdata" / "dcc"
DAMAGED_COPIES = 40
ODD_VALUES: list[Any] = [None, 1, 1.5, True, [], {}, "", "x" * 81, "2021-13-45", 2**70, -1]


def _payloads() -> list[dict[str, Any]]:
    found = []
    for path in sorted(VECTORS.rglob("*.json")):
        try:
            vector = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(vector, dict) and isinstance(vector.get("JSON"), dict):
            found.append(vector["JSON"])
    return found


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        yield from _places(child, (*path, key))


def _damaged(payload: dict[str, Any], chance: random.Random) -> dict[str, Any]:
    """A copy with one value removed, replaced by an odd one, or a stray key added."""
    copy_ = copy.deepcopy(payload)
    *parents, last = chance.choice(list(_places(copy_)))
    parent: Any = copy_
    for key in parents:
        parent = parent[key]
    match chance.randrange(3):
        case 0:
            del parent[last]
        case 1:
            parent[last] = chance.choice(ODD_VALUES)
        case _:
            if isinstance(parent, dict):
                parent["stray"] = 1
    return copy_


def test_both_validators_give_the_same_verdict_on_every_vector_and_its_damaged_copies() -> None:
    payloads = _payloads()
    assert len(payloads) > 50, "the vendored vectors are missing"
    chance = random.Random(20261123)
    verdicts = {True: 0, False: 0}
    judged_by: set[str] = set()
    for payload in payloads:
        for candidate in [payload] + [_damaged(payload, chance) for _ in range(DAMAGED_COPIES)]:
            try:
                release = release_for(candidate.get("ver"))
            except UnknownSchemaVersion:
                assert passes_schema(candidate) is False
                continue
            expected = _reference(release).is_valid(candidate)
            assert passes_schema(candidate) == expected, json.dumps(candidate)[:400]
            verdicts[expected] += 1
            judged_by.add(release.version)
    assert min(verdicts.values()) > 500  # both verdicts well exercised
    assert judged_by == {r.version for r in RELEASES.values()}  # every shipped release


_REFERENCES: dict[SchemaRelease, jsonschema.Draft202012Validator] = {}


def _reference(release: SchemaRelease) -> jsonschema.Draft202012Validator:
    if release not in _REFERENCES:
        original = json.loads(release.file.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(original)
        _REFERENCES[release] = jsonschema.Draft202012Validator(original)
    return _REFERENCES[release]


@pytest.mark.parametrize("value", [b"bytes", {1: "a key that is not text"}])
def test_a_value_json_cannot_hold_is_refused_not_raised(value: Any) -> None:
    payload = {"ver": "1.3.0", "nam": {"fnt": "DOE"}, "dob": "1990", "t": [value]}
    assert passes_schema(payload) is False
    assert schema_problems(payload)
