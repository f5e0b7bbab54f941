"""A mission's review policy: test window, required tests, approved labs, queue order.

Each mission configures these in a TOML file; the automatic checks read them from here
and hard-code none of them.
"""

from __future__ import annotations

import logging
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Final

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    TypeAdapter,
    ValidationError,
    field_validator,
)

import resources
from workstation.domain import MAX_REDECLARATIONS, DecisionOutcome, QueueOrder, TestKind
from workstation.protocol import (
    CountryCode,
    ExceptionRules,
    LongText,
    MissionCode,
    RequiredText,
    ShortText,
)

log = logging.getLogger(__name__)

#: The claim limit when a policy file does not set one (the server's default too).
DEFAULT_MAX_CLAIMS: Final = 3
MAX_CLAIMS_CEILING: Final = 100

_MISSION_CODE: Final = TypeAdapter(MissionCode)
_MAX_POLICY_BYTES: Final = 1024 * 1024


class PolicyError(ValueError):
    """A policy file is missing or does not say what a policy must say."""


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApprovedLab(_Policy):
    name: RequiredText
    city: ShortText = ""
    country: CountryCode


class TestRules(_Policy):
    __test__ = False  # not a pytest test class

    window_hours: Annotated[int, Field(ge=1, le=24 * 14)]
    required: Annotated[tuple[TestKind, ...], Field(min_length=1)]

    @field_validator("required")
    @classmethod
    def _no_repeats(cls, kinds: tuple[TestKind, ...]) -> tuple[TestKind, ...]:
        if len(set(kinds)) != len(kinds):
            raise ValueError("lists a test more than once")
        return kinds


class TravellerPhrase(_Policy):
    """One of the mission's standard sentences to the traveller, for the outcomes it suits."""

    outcomes: Annotated[tuple[DecisionOutcome, ...], Field(min_length=1)]
    text: Annotated[LongText, Field(min_length=1)]


class MissionPolicy(_Policy):
    """What one mission requires of a declaration (the TOML file, validated)."""

    mission: MissionCode
    name: RequiredText
    #: The full name in Chinese and the place of issue (English, Chinese), for the certificate.
    name_zh: ShortText = ""
    place: ShortText = ""
    place_zh: ShortText = ""
    queue_order: QueueOrder
    tests: TestRules
    labs: Annotated[tuple[ApprovedLab, ...], Field(min_length=1)]
    #: Re-declarations per trip the mission accepts; never more than the server allows.
    max_redeclarations: Annotated[int, Field(ge=0, le=MAX_REDECLARATIONS)] = MAX_REDECLARATIONS
    #: Cases one officer may hold (claimed) at once, so nobody takes the whole queue; the
    #: server reads the same key and refuses the claim beyond it.
    max_claims: Annotated[StrictInt, Field(ge=1, le=MAX_CLAIMS_CEILING)] = DEFAULT_MAX_CLAIMS
    #: Which failed checks may be overruled, and whether a supervisor countersigns (the server
    #: reads the same table and enforces it).
    exceptions: ExceptionRules = ExceptionRules()
    #: Standard phrases for the message to the traveller, in plain words.
    phrases: tuple[TravellerPhrase, ...] = ()

    def phrases_for(self, outcome: DecisionOutcome) -> tuple[str, ...]:
        return tuple(p.text for p in self.phrases if outcome in p.outcomes)

    @property
    def test_window(self) -> timedelta:
        """How long before the first departure a sample may be taken."""
        return timedelta(hours=self.tests.window_hours)

    @property
    def required_tests(self) -> tuple[TestKind, ...]:
        return self.tests.required


def parse_policy(text: str, *, source: str = "policy") -> MissionPolicy:
    """The policy in TOML `text`; `PolicyError` names `source` and the faulty field."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML: {exc}") from None
    try:
        return MissionPolicy.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'file'}: {error['msg']}"
            for error in exc.errors()
        )
        raise PolicyError(f"{source}: {problems}") from None


def load_policy(path: Path | str) -> MissionPolicy:
    """Read and validate a mission policy file."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > _MAX_POLICY_BYTES:
            raise PolicyError(f"{file}: {size} bytes is too large for a policy file")
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{file}: no such policy file") from None
    except UnicodeDecodeError:
        raise PolicyError(f"{file}: not UTF-8 text") from None
    except OSError as exc:
        raise PolicyError(f"{file}: cannot be read ({exc.strerror or exc})") from None
    policy = parse_policy(text, source=str(file))
    log.debug("loaded policy of %s from %s", policy.mission, file)
    return policy


def packaged_policy(mission_code: str) -> MissionPolicy:
    """The demo policy shipped in `resources/demo/policies/<code>.toml`."""
    try:
        _MISSION_CODE.validate_python(mission_code)  # also keeps the name inside the folder
    except ValidationError:
        raise PolicyError(f"{mission_code!r} is not a mission code") from None
    policy = load_policy(resources.path("demo", "policies", f"{mission_code}.toml"))
    if policy.mission != mission_code:
        raise PolicyError(
            f"the packaged policy {mission_code}.toml is for mission {policy.mission}"
        )
    return policy
