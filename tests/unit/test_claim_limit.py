"""The claim limit: the server and the workstation read the same `max_claims` of a policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from review.policy import (
    DEFAULT_MAX_CLAIMS,
    MAX_CLAIMS_CEILING,
    PolicyError,
    packaged_policy,
    parse_policy,
)
from server import claim_limit
from server.claim_limit import ClaimLimitError, max_claims

MISSIONS = ("GBR-LON", "DEU-BER", "JPN-TYO")


def test_server_and_workstation_agree_on_the_default_and_each_packaged_policy() -> None:
    assert claim_limit.DEFAULT_MAX_CLAIMS == DEFAULT_MAX_CLAIMS
    assert claim_limit.MAX_CLAIMS_CEILING == MAX_CLAIMS_CEILING
    for mission in MISSIONS:
        assert max_claims(mission) == packaged_policy(mission).max_claims


def test_a_mission_sets_its_own_limit_or_gets_the_default(tmp_path: Path) -> None:
    (tmp_path / "AAA-BB.toml").write_text('mission = "AAA-BB"\nmax_claims = 1\n')
    (tmp_path / "CCC.toml").write_text('mission = "CCC"\n')
    assert max_claims("AAA-BB", tmp_path) == 1
    assert max_claims("CCC", tmp_path) == DEFAULT_MAX_CLAIMS
    assert max_claims("DDD", tmp_path) == DEFAULT_MAX_CLAIMS  # no policy file at all


@pytest.mark.parametrize("value", ["0", "101", "true", '"3"', "2.5"])
def test_a_senseless_limit_is_refused_by_both(tmp_path: Path, value: str) -> None:
    (tmp_path / "EEE.toml").write_text(f"max_claims = {value}\n")
    with pytest.raises(ClaimLimitError, match="max_claims"):
        max_claims("EEE", tmp_path)
    text = (Path(__file__).parents[2] / "resources/demo/policies/GBR-LON.toml").read_text()
    with pytest.raises(PolicyError, match="max_claims"):
        parse_policy(text.replace("max_claims = 3", f"max_claims = {value}"))
