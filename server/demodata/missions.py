"""Demo missions and their policies, read from `resources/demo/policies/<MISSION>.toml`.

The review checks read the same files, so the generator takes its approved
laboratories and test window from here: a lab the generator calls unknown is
really absent from the mission's list, and a consistent case really uses a
listed one.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

import resources
from workstation.domain import QueueOrder, TestKind
from workstation.protocol import Laboratory

log = logging.getLogger(__name__)

POLICY_DIRECTORY = resources.path("demo", "policies")

_MISSION_CODE = re.compile(r"^[A-Z]{3}(-[A-Z]{2,4})?$")


class PolicyError(ValueError):
    """A mission policy file is missing a field or holds a value of the wrong kind."""


@dataclass(frozen=True)
class DemoMission:
    code: str
    name: str
    queue_order: QueueOrder


@dataclass(frozen=True)
class MissionPolicy:
    """What a mission asks of a declaration: recent tests of the required kinds at listed labs."""

    mission: str
    name: str
    queue_order: QueueOrder
    window_hours: int
    required: frozenset[TestKind]
    labs: tuple[Laboratory, ...]

    @property
    def country_alpha3(self) -> str:
        """The mission's host country as its code begins (ISO 3166-1 alpha-3)."""
        return self.mission[:3]

    def approves(self, lab: Laboratory) -> bool:
        return any(_same_lab(lab, listed) for listed in self.labs)

    def as_mission(self) -> DemoMission:
        return DemoMission(code=self.mission, name=self.name, queue_order=self.queue_order)


def _same_lab(a: Laboratory, b: Laboratory) -> bool:
    return a.name.casefold() == b.name.casefold() and a.country == b.country


def load_policy(path: Path) -> MissionPolicy:
    """Read and validate one policy file; a bad file is a `PolicyError` naming the file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return _policy_from(raw)
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise PolicyError(f"{path.name}: {exc}") from exc


def _policy_from(raw: dict[str, Any]) -> MissionPolicy:
    mission = str(raw["mission"])
    if not _MISSION_CODE.match(mission):
        raise ValueError(f"mission code {mission!r} is not like 'GBR-LON'")
    tests = raw["tests"]
    window_hours = tests["window_hours"]
    if not isinstance(window_hours, int) or not 1 <= window_hours <= 24 * 14:
        raise ValueError(
            f"tests.window_hours must be a whole number of hours, not {window_hours!r}"
        )
    try:
        labs = tuple(Laboratory.model_validate(lab) for lab in raw["labs"])
    except ValidationError as exc:
        raise ValueError(f"a [[labs]] entry is invalid: {exc}") from exc
    if not labs:
        raise ValueError("no approved [[labs]]")
    return MissionPolicy(
        mission=mission,
        name=str(raw["name"]),
        queue_order=QueueOrder(raw["queue_order"]),
        window_hours=window_hours,
        required=frozenset(TestKind(kind) for kind in tests["required"]),
        labs=labs,
    )


def mission_policies(directory: Path | None = None) -> dict[str, MissionPolicy]:
    """Every policy in `directory` (default: the packaged demo policies), by mission code."""
    return dict(_policies_in(directory or POLICY_DIRECTORY))


@cache
def _policies_in(directory: Path) -> tuple[tuple[str, MissionPolicy], ...]:
    # Read once per process: the generator asks for the policies on every call.
    policies = [load_policy(path) for path in sorted(directory.glob("*.toml"))]
    for path, policy in zip(sorted(directory.glob("*.toml")), policies, strict=True):
        if path.stem != policy.mission:
            raise PolicyError(f"{path.name}: holds mission {policy.mission!r}, not {path.stem!r}")
    log.debug("loaded %d mission policies from %s", len(policies), directory)
    return tuple((policy.mission, policy) for policy in policies)


def demo_missions() -> list[DemoMission]:
    """The demo missions, in code order, as the server seeds them."""
    return [policy.as_mission() for policy in mission_policies().values()]
