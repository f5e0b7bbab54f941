"""The EU DCC value sets (shipped in `printing/dcc/valuesets/`): codes and their display names."""

from __future__ import annotations

import functools
import json
import logging
from enum import StrEnum
from typing import Final

from printing.schema import DCC_DIR

log = logging.getLogger(__name__)

DISEASE_COVID19: Final = "840539006"
TEST_TYPE_NAAT: Final = "LP6464-4"
RESULT_NOT_DETECTED: Final = "260415000"
RESULT_DETECTED: Final = "260373001"


class ValueSet(StrEnum):
    DISEASE = "disease-agent-targeted"
    TEST_TYPE = "test-type"
    TEST_RESULT = "test-result"
    TEST_DEVICE = "test-manf-example"
    COUNTRY = "country-2-codes"
    VACCINE_PRODUCT = "vaccine-medicinal-product"
    VACCINE_MANUFACTURER = "vaccine-mah-manf"
    VACCINE_PROPHYLAXIS = "vaccine-prophylaxis"


@functools.cache
def _displays(value_set: ValueSet) -> dict[str, str]:
    path = DCC_DIR / "valuesets" / f"{value_set.value}.json"
    values = json.loads(path.read_text(encoding="utf-8"))["valueSetValues"]
    return {code: entry["display"] for code, entry in values.items()}


def display(value_set: ValueSet, code: object) -> str:
    """The code's display name, or the code itself marked unknown (never hides what was signed)."""
    text = str(code)
    name = _displays(value_set).get(text)
    return name if name is not None else f"{text} (not in the {value_set.value} code list)"


def known(value_set: ValueSet, code: object) -> bool:
    return str(code) in _displays(value_set)
