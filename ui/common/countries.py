"""Country names in the interface's language, from the Unicode CLDR (through Babel).

The EU value set behind the certificates names countries in English only; an officer
working in Chinese reads 英国, not "United Kingdom". The language is the one Qt formats in
(`ui.shell.i18n.install_language` sets it as the default `QLocale`). A code the CLDR does not
know keeps the value set's wording, which marks an unknown code as such.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from babel import Locale, UnknownLocaleError
from PySide6.QtCore import QLocale

from printing.codes import ValueSet, display


@functools.cache
def _names(language: str) -> Mapping[str, str]:
    try:
        territories: Mapping[str, str] = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return {}
    return territories


def country_name(code: str) -> str:
    """The country's name in the interface's language ("英国" for GB in Chinese)."""
    language = QLocale().name()
    if not language.startswith("en"):
        name = _names(language).get(code)
        if name:
            return name
    return display(ValueSet.COUNTRY, code)


def country_label(code: str) -> str:
    """The code and its name, as the case view shows them: "GB (英国)"."""
    return f"{code} ({country_name(code)})"
