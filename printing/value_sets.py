"""Business rule, apart from the schema: are the coded fields members of the EU value sets?

Since DCC schema 1.3 the JSON schema no longer lists the codes (value sets change more
often than the schema), so the EU test data's schema validity says nothing about them:
a code like "XX" for a disease is schema-valid. Whether each code is known is a
separate result, reported on its own beside the DCC checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from printing.codes import ValueSet, known
from printing.safe_text import escaped

#: Per group of the DCC, the coded fields and their value set. The test device list
#: (`ma` of a test) is an example list in the EU repository, so it is not required.
CODED_FIELDS: Final[dict[str, tuple[tuple[str, ValueSet], ...]]] = {
    "v": (
        ("tg", ValueSet.DISEASE),
        ("vp", ValueSet.VACCINE_PROPHYLAXIS),
        ("mp", ValueSet.VACCINE_PRODUCT),
        ("ma", ValueSet.VACCINE_MANUFACTURER),
        ("co", ValueSet.COUNTRY),
    ),
    "t": (
        ("tg", ValueSet.DISEASE),
        ("tt", ValueSet.TEST_TYPE),
        ("tr", ValueSet.TEST_RESULT),
        ("co", ValueSet.COUNTRY),
    ),
    "r": (("tg", ValueSet.DISEASE), ("co", ValueSet.COUNTRY)),
}
_MAX_SHOWN: Final = 40


def value_set_problems(dcc: Mapping[str, Any]) -> list[str]:
    """One sentence per coded field whose value is not in its EU value set; empty if none."""
    problems = []
    for group, fields in CODED_FIELDS.items():
        entries = dcc.get(group)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if not isinstance(entry, Mapping):
                continue
            for name, value_set in fields:
                value = entry.get(name)
                if value is not None and not known(value_set, value):
                    shown = escaped(value)[:_MAX_SHOWN]
                    problems.append(
                        f"{group}[{index}].{name} {shown!r} is not in the {value_set.value} list"
                    )
    return problems
