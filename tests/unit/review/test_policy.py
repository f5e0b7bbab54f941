"""Mission policy files: the packaged demo policies load, bad files fail with a clear error."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import resources
from review.policy import PolicyError, load_policy, packaged_policy, parse_policy
from server.demodata import mission_policies
from workstation.domain import QueueOrder, TestKind

GOOD = """
mission = "GBR-LON"
name = "Consulate-General of the People's Republic of China in London"
queue_order = "submission"
[tests]
window_hours = 48
required = ["naat", "igm_antibody"]
[[labs]]
name = "Harley Diagnostics Laboratory"
city = "London"
country = "GB"
"""


def test_a_policy_file_is_read_into_typed_values(tmp_path: Path) -> None:
    path = tmp_path / "GBR-LON.toml"
    path.write_text(GOOD, encoding="utf-8")
    policy = load_policy(path)
    assert policy.mission == "GBR-LON"
    assert policy.queue_order is QueueOrder.SUBMISSION
    assert policy.test_window == timedelta(hours=48)
    assert policy.required_tests == (TestKind.NAAT, TestKind.IGM_ANTIBODY)
    assert [(lab.name, lab.city, lab.country) for lab in policy.labs] == [
        ("Harley Diagnostics Laboratory", "London", "GB")
    ]
    with pytest.raises(ValueError, match="frozen"):
        policy.mission = "DEU-BER"  # type: ignore[misc]


@pytest.mark.parametrize("path", sorted(resources.path("demo", "policies").glob("*.toml")))
def test_every_packaged_policy_loads_and_agrees_with_the_demo_generator(path: Path) -> None:
    # The server's demo generator reads the same files with its own loader (the server may
    # not import review/): both must understand them the same way.
    policy = packaged_policy(path.stem)
    theirs = mission_policies()[path.stem]
    assert policy.tests.window_hours == theirs.window_hours
    assert set(policy.required_tests) == set(theirs.required)
    assert {(lab.name, lab.country) for lab in policy.labs} == {
        (lab.name, lab.country) for lab in theirs.labs
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("window_hours = 48", "window_hours = 0"), "tests.window_hours"),
        (("window_hours = 48", 'window_hours = "two days"'), "tests.window_hours"),
        (('"naat", "igm_antibody"', '"naat", "rapid_antigen"'), "tests.required"),
        (('"naat", "igm_antibody"', '"naat", "naat"'), "lists a test more than once"),
        (('"naat", "igm_antibody"', ""), "tests.required"),
        (('queue_order = "submission"', 'queue_order = "random"'), "queue_order"),
        (('mission = "GBR-LON"', 'mission = "../../etc"'), "mission"),
        (('country = "GB"', 'country = "United Kingdom"'), "labs.0.country"),
        (('city = "London"', 'city = "London"\nwebsite = "x"'), "labs.0.website"),
        (("[tests]", "[test]"), "tests"),
        (('mission = "GBR-LON"', "mission = "), "not valid TOML"),
    ],
)
def test_a_bad_policy_names_the_file_and_the_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(PolicyError, match=message) as raised:
        load_policy(path)
    assert str(path) in str(raised.value)


def test_a_policy_without_labs_is_refused() -> None:
    text = GOOD[: GOOD.index("[[labs]]")]
    with pytest.raises(PolicyError, match="labs"):
        parse_policy(text)


def test_a_missing_or_unreadable_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no such policy file"):
        load_policy(tmp_path / "absent.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00mission")
    with pytest.raises(PolicyError, match="not UTF-8"):
        load_policy(binary)


@pytest.mark.parametrize("code", ["../../pyproject", "gbr-lon", "GBR/LON", ""])
def test_packaged_policy_accepts_only_mission_codes(code: str) -> None:
    with pytest.raises(PolicyError, match="is not a mission code"):
        packaged_policy(code)


def test_packaged_policy_for_an_unknown_mission_says_so() -> None:
    with pytest.raises(PolicyError, match="no such policy file"):
        packaged_policy("FRA-PAR")


def test_packaged_policy_is_the_policy_of_the_mission_asked_for() -> None:
    for code in ("GBR-LON", "JPN-TYO", "DEU-BER"):
        policy = packaged_policy(code)
        assert policy.mission == code
        assert policy == load_policy(resources.path("demo", "policies", f"{code}.toml"))
