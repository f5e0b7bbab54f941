"""The verify report's fixed words in the reader's language, for the command line (no Qt).

The Chinese words are those the verify dialog shows: the `VerifyReport` context of the
Qt Linguist catalog (`resources/translations/consular_zh_CN.ts`), read with the standard
XML parser only when Chinese is asked for, so English costs nothing. The language is
`--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

CATALOGS: Final = Path(__file__).resolve().parents[1] / "resources" / "translations"
CONTEXT: Final = "VerifyReport"
_LANGUAGES: Final = {"zh": "zh_CN"}


def language_from_locale(environ: Mapping[str, str] | None = None) -> str:
    """`zh_CN` when the locale is Chinese, else `en` (POSIX precedence of the variables)."""
    environ = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return _known(value)
    return "en"


def _known(language: str) -> str:
    base = language.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    return _LANGUAGES.get(base.split("_", 1)[0].lower(), "en")


def report_words(language: str | None = None) -> Callable[[str], str]:
    """What `printing.report.describe(words=...)` needs for `language` (None: the locale)."""
    chosen = _known(language) if language else language_from_locale()
    if chosen == "en":
        return str
    table = _catalog(chosen)
    return lambda text: table.get(text, text)


@functools.cache
def _catalog(language: str) -> dict[str, str]:
    """Finished translations of the report's words; unfinished ones stay English."""
    import xml.etree.ElementTree as ElementTree

    path = CATALOGS / f"consular_{language}.ts"
    try:
        root = ElementTree.parse(path).getroot()  # noqa: S314 - our own packaged catalog
    except (OSError, ElementTree.ParseError):
        return {}
    words: dict[str, str] = {}
    for context in root.iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            source, translation = message.findtext("source"), message.find("translation")
            if (
                source
                and translation is not None
                and translation.text
                and translation.get("type") not in ("unfinished", "obsolete", "vanished")
            ):
                words[source] = translation.text
    return words
