"""What changed between two versions of a declaration (a re-declaration and the one before)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from review.checks.phrases import PATH, Phrase, Text, english, joined
from workstation.protocol import DeclarationContent


@dataclass(frozen=True)
class FieldChange:
    path: tuple[str | int, ...]  # e.g. ("tests", 0, "sample_collected_at")
    before: str  # "" when the field was absent
    after: str

    @property
    def wording(self) -> Text:
        """The field's path in words; list positions (data) count from 1 for people."""
        parts = [str(p + 1) if isinstance(p, int) else field_name(p) for p in self.path]
        return joined(PATH, parts)

    @property
    def label(self) -> str:
        """`tests › 1 › sample collected at`"""
        return english(self.wording)


def field_name(key: str) -> Phrase:
    """A declaration field's name in words: `sample_collected_at` is "sample collected at"."""
    return Phrase(key.replace("_", " "))


def _flatten(value: Any, prefix: tuple[str | int, ...] = ()) -> dict[tuple[str | int, ...], str]:
    if isinstance(value, dict):
        flat: dict[tuple[str | int, ...], str] = {}
        for key, item in value.items():
            flat.update(_flatten(item, (*prefix, key)))
        return flat
    if isinstance(value, list):
        flat = {}
        for position, item in enumerate(value):
            flat.update(_flatten(item, (*prefix, position)))
        return flat
    return {prefix: "" if value is None else str(value)}


def changes_between(before: DeclarationContent, after: DeclarationContent) -> list[FieldChange]:
    """Every leaf field whose value differs, in the declaration's own field order."""
    old = _flatten(before.model_dump(mode="json"))
    new = _flatten(after.model_dump(mode="json"))
    paths = list(new) + [p for p in old if p not in new]
    return [
        FieldChange(path=path, before=old.get(path, ""), after=new.get(path, ""))
        for path in paths
        if old.get(path, "") != new.get(path, "")
    ]
