"""Validation of a DCC payload against the EU DCC JSON schema of the version it declares.

The official schema releases 1.0.0, 1.2.1 and 1.3.x are shipped in `printing/dcc/`
(`printing/dcc/README.md` says where each comes from). A payload is checked against the
release of the version in its `ver`: 1.0.x against 1.0.0, 1.1.x and 1.2.x against 1.2.1
(1.1 differs from 1.2 only in descriptions), 1.3.x and newer 1.x against 1.3 (minor
releases only relax or add; a newer one's additions are reported). A version of another
major, or none we can read, is a schema failure in plain words: checking a payload
against a schema it does not claim says nothing. Only the schema needed is read, once.

On top of the schema, every version must hold exactly one of the groups v, t, r: one
DCC is one certificate (the 1.3 schema says so with `oneOf`; the EU test data asks it
of 1.2.1 payloads too). Whether the codes are in the EU value sets is a separate
business rule (`printing.value_sets`), not part of this check.

Each schema is self-contained and not recursive, so its local `$ref`s are resolved once
at load time. Verification throughput matters at borders, so the yes/no answer comes
from jsonschema-rs (compiled, about a hundred times faster); only a payload it refuses
goes through `jsonschema`, whose errors we turn into plain words. Both read the same
schema; a test keeps them in agreement over the public test vectors. `jsonschema` (and
its schema self-check) is imported only when a payload fails: a valid certificate never
pays for it.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from printing.failures import CertificateError, Failure

if TYPE_CHECKING:
    import jsonschema
    import jsonschema_rs

log = logging.getLogger(__name__)

DCC_DIR: Final = Path(__file__).resolve().parent / "dcc"
#: The newest release (1.3.x): the one we issue against.
SCHEMA_FILE: Final = DCC_DIR / "DCC.combined-schema.json"
#: The DCC schema version we issue: the widest-understood 1.3 release (we use nothing newer).
DCC_VERSION: Final = "1.3.0"
_MAX_REPORTED: Final = 3
_MAX_MESSAGE: Final = 120
_GROUPS: Final = ("v", "t", "r")


class SchemaRelease(NamedTuple):
    """One official release of the EU DCC schema, shipped in `printing/dcc/`."""

    version: str
    file: Path


#: The releases we ship, by the minor version of 1.x they validate.
RELEASES: Final = {
    0: SchemaRelease("1.0.0", DCC_DIR / "DGC.combined-schema-1.0.0.json"),
    2: SchemaRelease("1.2.1", DCC_DIR / "DCC.combined-schema-1.2.1.json"),
    3: SchemaRelease("1.3.x", SCHEMA_FILE),
}
_NEWEST: Final = max(RELEASES)


class UnknownSchemaVersion(ValueError):
    """The payload declares a version of which no schema is shipped; the message says so."""


def release_for(declared: object) -> SchemaRelease:
    """The schema release that judges a payload declaring `declared` (its `ver`).

    A missing or non-text `ver` is judged by the newest release, whose rules report it.
    Raises `UnknownSchemaVersion` for a version that is not 1.x.
    """
    if not isinstance(declared, str):
        return RELEASES[_NEWEST]
    major, _, rest = declared.partition(".")
    if major != "1" or not rest:
        versions = ", ".join(r.version for r in RELEASES.values())
        raise UnknownSchemaVersion(
            f"it declares schema version {_shown(declared)!r}; this verifier has the EU DCC "
            f"schemas of versions {versions} only"
        )
    minor = rest.partition(".")[0]
    if not (minor.isascii() and minor.isdigit()) or int(minor) >= _NEWEST:
        return RELEASES[_NEWEST]  # newer 1.x, or a malformed one the pattern of `ver` refuses
    return RELEASES[min(m for m in RELEASES if m >= int(minor))]


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
def _inlined_schema(release: SchemaRelease) -> dict[str, Any]:
    schema = json.loads(release.file.read_text(encoding="utf-8"))
    inlined: dict[str, Any] = _inline_refs(schema, schema.get("$defs", {}))
    return inlined


@functools.cache
def _validator(release: SchemaRelease) -> jsonschema.Draft202012Validator:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(_inlined_schema(release))
    return jsonschema.Draft202012Validator(_inlined_schema(release))


@functools.cache
def _fast_validator(release: SchemaRelease) -> jsonschema_rs.Draft202012Validator:
    import jsonschema_rs

    # jsonschema-rs refuses a schema it cannot compile, so a broken file never validates.
    return jsonschema_rs.Draft202012Validator(_inlined_schema(release))


def passes_schema(dcc: Mapping[str, Any]) -> bool:
    """The compiled validator's verdict on `dcc` (plain JSON values only) under the schema
    of the version it declares; False for a version we have no schema of."""
    try:
        release = release_for(dcc.get("ver"))
    except UnknownSchemaVersion:
        return False
    try:
        return bool(_fast_validator(release).is_valid(dcc))
    except ValueError:  # a value JSON cannot hold; the explaining validator says which
        return False


def schema_problems(dcc: Mapping[str, Any]) -> list[str]:
    """Plain-words problems of a DCC payload; empty when it is valid."""
    try:
        release = release_for(dcc.get("ver"))
    except UnknownSchemaVersion as exc:
        return [str(exc)]
    problems = []
    groups = [g for g in _GROUPS if g in dcc]
    if len(groups) != 1:
        problems.append(f"it must hold exactly one of v, t, r; it holds {groups or 'none'}")
    elif passes_schema(dcc):
        return problems
    for error in sorted(_validator(release).iter_errors(dcc), key=lambda e: list(e.absolute_path)):
        where = _path(error.absolute_path)
        if not where and error.validator == "oneOf" and len(groups) != 1:
            continue  # said above, in plainer words
        problems.append(f"{where or 'the payload'}: {_message(error)}")
    if not problems:  # the two validators disagree: refuse, never let a payload through
        log.error("jsonschema accepts a payload jsonschema-rs refuses; treating it as invalid")
        problems.append("the payload: fails the schema")
    if release is RELEASES[_NEWEST] and _newer_than_ours(dcc.get("ver")):
        problems.append(
            f"it declares schema version {_shown(dcc['ver'])!r}, newer than the newest schema "
            f"this verifier has ({release.version}), which judged it"
        )
    return problems


def _shown(declared: str) -> str:
    return declared[:20].encode("unicode_escape").decode("ascii")


def _newer_than_ours(declared: object) -> bool:
    if not isinstance(declared, str):
        return False
    minor = declared.partition(".")[2].partition(".")[0]
    return minor.isascii() and minor.isdigit() and int(minor) > _NEWEST


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
