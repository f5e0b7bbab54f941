"""Validation of a DCC payload against the EU DCC JSON schema (shipped in `printing/dcc/`).

The schema is self-contained and not recursive, so its local `$ref`s are resolved
once at load time. Verification throughput matters at borders, so the yes/no answer
comes from jsonschema-rs (compiled, about a hundred times faster); only a payload it
refuses goes through `jsonschema`, whose errors we turn into plain words. Both read
the same inlined schema; a test keeps them in agreement over the public test vectors.
`jsonschema` (and its schema self-check) is imported only when a payload fails: a
valid certificate never pays for it.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import jsonschema_rs

from printing.failures import CertificateError, Failure

if TYPE_CHECKING:
    import jsonschema

log = logging.getLogger(__name__)

DCC_DIR: Final = Path(__file__).resolve().parent / "dcc"
SCHEMA_FILE: Final = DCC_DIR / "DCC.combined-schema.json"
#: The DCC schema version we issue: the widest-understood 1.3 release (we use nothing newer).
DCC_VERSION: Final = "1.3.0"
_MAX_REPORTED: Final = 3
_MAX_MESSAGE: Final = 120


def _inline_refs(node: Any, definitions: Mapping[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].removeprefix("#/$defs/")
            siblings = {k: _inline_refs(v, definitions) for k, v in node.items() if k != "$ref"}
            return {**_inline_refs(definitions[name], definitions), **siblings}
        return {k: _inline_refs(v, definitions) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, definitions) for v in node]
    return node


@functools.cache
def _inlined_schema() -> dict[str, Any]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    inlined: dict[str, Any] = _inline_refs(schema, schema.get("$defs", {}))
    return inlined


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(_inlined_schema())
    return jsonschema.Draft202012Validator(_inlined_schema())


@functools.cache
def _fast_validator() -> jsonschema_rs.Draft202012Validator:
    # jsonschema-rs refuses a schema it cannot compile, so a broken file never validates.
    return jsonschema_rs.Draft202012Validator(_inlined_schema())


def passes_schema(dcc: Mapping[str, Any]) -> bool:
    """The compiled validator's verdict on `dcc` (plain JSON values only)."""
    try:
        return bool(_fast_validator().is_valid(dcc))
    except ValueError:  # a value JSON cannot hold; the explaining validator says which
        return False


def schema_problems(dcc: Mapping[str, Any]) -> list[str]:
    """Plain-words problems of a DCC payload; empty when it is valid."""
    problems = []
    declared = dcc.get("ver")
    if isinstance(declared, str) and not _schema_we_have(declared):
        # Checking a payload against a schema of another major version says nothing.
        shown = declared[:20].encode("unicode_escape").decode("ascii")
        problems.append(
            f"it declares schema version {shown!r}; this verifier has the schema of "
            f"version {DCC_VERSION}, which validates the 1.x versions"
        )
    groups = [g for g in ("v", "t", "r") if g in dcc]
    if len(groups) != 1:
        problems.append(f"it must hold exactly one of v, t, r; it holds {groups or 'none'}")
    elif passes_schema(dcc):
        return problems
    for error in sorted(_validator().iter_errors(dcc), key=lambda e: list(e.absolute_path)):
        where = _path(error.absolute_path)
        if not where and error.validator == "oneOf" and len(groups) != 1:
            continue  # said above, in plainer words
        problems.append(f"{where or 'the payload'}: {_message(error)}")
    if not problems:  # the two validators disagree: refuse, never let a payload through
        log.error("jsonschema accepts a payload jsonschema-rs refuses; treating it as invalid")
        problems.append("the payload: fails the schema")
    return problems


def _schema_we_have(declared: str) -> bool:
    """1.x payloads are checked against our 1.3 schema (minor versions only relax or add;
    the EU test data's 1.0 and 1.2 payloads are all judged as their files expect)."""
    major, _, rest = declared.partition(".")
    return major == DCC_VERSION.partition(".")[0] and bool(rest)


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "anyOf" and error.absolute_path and error.absolute_path[-1] == "nam":
        return "it needs a standardised surname (fnt) or forename (gnt)"
    if len(error.message) > _MAX_MESSAGE:
        # jsonschema quotes the whole instance; keep personal data out of long messages.
        return f"fails the schema's {error.validator!r} rule"
    return str(error.message)


def check_schema(dcc: Mapping[str, Any]) -> None:
    """Raise `CertificateError(SCHEMA)` unless `dcc` is a valid EU DCC payload."""
    problems = schema_problems(dcc)
    if problems:
        shown = "; ".join(problems[:_MAX_REPORTED])
        more = (
            f" (and {len(problems) - _MAX_REPORTED} more)" if len(problems) > _MAX_REPORTED else ""
        )
        raise CertificateError(Failure.SCHEMA, shown + more)


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
