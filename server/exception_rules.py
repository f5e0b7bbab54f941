"""Each mission's rules for exceptions, from the `[exceptions]` table of its policy file.

The officer's workstation reads the same table (`review.policy`) to warn before
confirming; the server is where the rules are enforced. A mission without a policy
file, or whose file has no `[exceptions]` table, gets the protocol's defaults: a
positive result may never be overruled and every exception waits for a supervisor.
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache
from pathlib import Path

from pydantic import ValidationError

import resources
from workstation.protocol import ExceptionRules

log = logging.getLogger(__name__)

POLICY_DIRECTORY = resources.path("demo", "policies")


class ExceptionRulesError(ValueError):
    """A policy file's `[exceptions]` table does not say what it must."""


@cache
def exception_rules(mission: str, directory: Path = POLICY_DIRECTORY) -> ExceptionRules:
    """The mission's rules (read once per process; a mission code is `AAA` or `AAA-BB`)."""
    path = directory / f"{mission}.toml"
    if not path.is_file():
        log.info("no policy file for %s: default exception rules", mission)
        return ExceptionRules()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return ExceptionRules.model_validate(raw.get("exceptions", {}))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        # Refuse to guess: a broken rule must not let an exception through.
        raise ExceptionRulesError(f"{path.name}: [exceptions] is not valid: {exc}") from exc
