"""Words the checks say, kept translatable: an English template and the fields that fill it.

A `Phrase` is words; a plain `str` is data (a name, a file name, a time, a number) and is
shown exactly as written. `render(text, translate)` looks each template up with
`translate` (the UI passes its catalogue, so the officer reads their own language) and
fills in the fields, rendered the same way; `english(text)` uses no catalogue and is what
the checks write in English, for the decision record.

    Phrase("{test} result is positive", test=Phrase("IgM antibody")).english()
    # 'IgM antibody result is positive'
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, TypeAlias, overload

log = logging.getLogger(__name__)

__all__ = [
    "AND",
    "JOINS",
    "LIST",
    "OR",
    "PATH",
    "SENTENCES",
    "Field",
    "Phrase",
    "Text",
    "Translate",
    "english",
    "joined",
    "render",
]

#: Templates that join a list, two items at a time: "a, b, c" is "a, {b, c}".
LIST: Final = "{head}, {tail}"
OR: Final = "{head} or {tail}"
AND: Final = "{head} and {tail}"
SENTENCES: Final = "{head}; {tail}"
PATH: Final = "{head} › {tail}"
JOINS: Final = (LIST, OR, AND, SENTENCES, PATH)

Translate: TypeAlias = Callable[[str], str]


@dataclass(frozen=True, slots=True, init=False)
class Phrase:
    """An English template with `{named}` fields; each field is data or another phrase.

    `sentence` phrases begin with a capital letter, whatever their first field holds.
    """

    template: str
    fields: tuple[tuple[str, Field], ...]
    sentence: bool

    def __init__(self, template: str, /, **fields: Field) -> None:
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "fields", tuple(fields.items()))
        object.__setattr__(self, "sentence", False)

    def as_sentence(self) -> Phrase:
        capital = Phrase(self.template, **dict(self.fields))
        object.__setattr__(capital, "sentence", True)
        return capital

    def english(self) -> str:
        return self.render(_untranslated)

    def render(self, translate: Translate) -> str:
        values = {
            name: value.render(translate) if isinstance(value, Phrase) else value
            for name, value in self.fields
        }
        try:
            text = translate(self.template).format_map(values)
        except (KeyError, IndexError, ValueError):
            # A translation that lost or garbled a field must not hide what the check found.
            log.warning("translation of %r does not fit its fields; showing English", self)
            text = self.template.format_map(values)
        return text[:1].upper() + text[1:] if self.sentence else text


#: Words (a `Phrase`) or data (a `str`, shown as written).
Text: TypeAlias = "str | Phrase"
Field: TypeAlias = "str | int | Phrase"


def _untranslated(template: str) -> str:
    return template


def english(text: Text) -> str:
    return text.english() if isinstance(text, Phrase) else text


def render(text: Text, translate: Translate) -> str:
    return text.render(translate) if isinstance(text, Phrase) else text


@overload
def joined(template: str, parts: Sequence[Phrase]) -> Phrase: ...
@overload
def joined(template: str, parts: Sequence[Text]) -> Text: ...
def joined(template: str, parts: Sequence[Text]) -> Text:
    """`parts` (at least one) joined by one of `JOINS`: "a, b, c" is LIST of a and "b, c"."""
    head, *tail = parts
    return Phrase(template, head=head, tail=joined(template, tail)) if tail else head
