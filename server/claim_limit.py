"""How many cases one officer may hold at once: `max_claims` in the mission's policy file.

A limit keeps one person from claiming the whole queue (and letting the leases run out
on cases nobody looks at). The officer's workstation reads the same key
(`review.policy`); the server is where it is enforced. A mission without a policy file,
or whose file does not set it, gets the default.
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache
from pathlib import Path
from typing import Final

import resources

log = logging.getLogger(__name__)

POLICY_DIRECTORY = resources.path("demo", "policies")
#: The same default as `review.policy.DEFAULT_MAX_CLAIMS` (a unit test keeps them equal).
DEFAULT_MAX_CLAIMS: Final = 3
MAX_CLAIMS_CEILING: Final = 100


class ClaimLimitError(ValueError):
    """A policy file's `max_claims` is not a sensible number."""


@cache
def max_claims(mission: str, directory: Path = POLICY_DIRECTORY) -> int:
    """The mission's limit (read once per process; a mission code is `AAA` or `AAA-BB`)."""
    path = directory / f"{mission}.toml"
    if not path.is_file():
        log.info("no policy file for %s: at most %d claims each", mission, DEFAULT_MAX_CLAIMS)
        return DEFAULT_MAX_CLAIMS
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get(
            "max_claims", DEFAULT_MAX_CLAIMS
        )
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ClaimLimitError(f"{path.name}: cannot be read: {exc}") from exc
    # bool is an int in Python; `max_claims = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ClaimLimitError(f"{path.name}: max_claims must be a whole number, not {value!r}")
    if not 1 <= value <= MAX_CLAIMS_CEILING:
        raise ClaimLimitError(
            f"{path.name}: max_claims must be between 1 and {MAX_CLAIMS_CEILING}, not {value}"
        )
    return value
