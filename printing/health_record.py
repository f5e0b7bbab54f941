"""The consular health record claim: the facts the DCC has no room for, signed with it.

An EU DCC holds one test, vaccination or recovery entry per certificate. Our certificate's
DCC is a test certificate (`t`: the newest NAAT), which every DCC verifier checks. What
the officer approved beyond it travels in the same signed CWT, in one private claim
(RFC 8392 allows text claim names; a text key cannot collide with the registered integer
claims, and verifiers that do not know it ignore it)::

    "cn.consular/health": {
        "ver": 1,
        "ab": [{"ty": "IgM" | "IgG",      # serum antibody, the newest test of each kind
                "sc": "2025-06-01T08:00:00Z", "tr": "260415000" | "260373001",
                "tc": "<laboratory, city>", "co": "GB"}],
        "v":  [{"tg": "840539006", "vp": "<vaccine-prophylaxis code>",
                "mp": "<vaccine-medicinal-product code>", "ma": "<vaccine-mah-manf code>",
                "dn": 2, "sd": 2, "dt": "2021-05-01", "co": "GB"}],   # every declared dose
        "ex": true                        # only when issued through an exception
    }

`ab` entries mean what a DCC test entry's fields of the same names mean; `v` entries are
DCC vaccination entries without `is` and `ci` (the certificate's own are in `t`). Codes
are EU value-set codes; `mp` and `ma` hold the declared text when the product has no
code (a verifier shows it as "not in the code list", never hides it). Absent lists are
absent facts, not negative ones.

Who sees what: any DCC verifier (the EU apps, a national border app) verifies the
signature and shows the holder and the NAAT test; our `verify` also checks and shows this
claim (antibodies, vaccinations, the exception marker), and the paper prints all of it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from printing.failures import CertificateError, Failure

log = logging.getLogger(__name__)

HEALTH_CLAIM: Final = "cn.consular/health"
HEALTH_CLAIM_VERSION: Final = 1
ANTIBODY_TYPES: Final = ("IgM", "IgG")
MAX_VACCINATIONS: Final = 10
_RESULTS: Final = frozenset({"260415000", "260373001"})  # not detected, detected
_DISEASE: Final = "840539006"
_MAX_TEXT: Final = 80
_UTC_TIME: Final = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY: Final = re.compile(r"^[A-Z]{2}$")
_ANTIBODY_KEYS: Final = frozenset({"ty", "sc", "tr", "tc", "co"})
_VACCINATION_KEYS: Final = frozenset({"tg", "vp", "mp", "ma", "dn", "sd", "dt", "co"})


@dataclass(frozen=True)
class HealthRecord:
    """The claim, checked: antibody tests and vaccinations as signed, and the exception mark."""

    antibodies: tuple[dict[str, Any], ...] = ()
    vaccinations: tuple[dict[str, Any], ...] = ()
    issued_by_exception: bool = False

    def to_claim(self) -> dict[str, Any]:
        claim: dict[str, Any] = {"ver": HEALTH_CLAIM_VERSION}
        if self.antibodies:
            claim["ab"] = [dict(entry) for entry in self.antibodies]
        if self.vaccinations:
            claim["v"] = [dict(entry) for entry in self.vaccinations]
        if self.issued_by_exception:
            claim["ex"] = True
        return claim

    @property
    def detected(self) -> tuple[str, ...]:
        """The antibody types whose result is detected (positive)."""
        return tuple(e["ty"] for e in self.antibodies if e["tr"] == "260373001")


def read_health_record(extensions: Mapping[str, Any]) -> HealthRecord | None:
    """The checked claim among a certificate's private claims; None when it has none.

    Raises `CertificateError(SCHEMA)` when the claim is there but malformed: a verifier must
    not show facts it could not read exactly as they were meant.
    """
    claim = extensions.get(HEALTH_CLAIM)
    if claim is None:
        return None
    if not isinstance(claim, Mapping):
        raise _malformed("it is not a map")
    unknown = set(claim) - {"ver", "ab", "v", "ex"}
    if unknown:
        raise _malformed(f"unknown fields {sorted(unknown)}")
    if claim.get("ver") != HEALTH_CLAIM_VERSION:
        raise _malformed(f"version {claim.get('ver')!r} is not {HEALTH_CLAIM_VERSION}")
    antibodies = tuple(_antibody(e) for e in _list(claim, "ab", len(ANTIBODY_TYPES)))
    kinds = [e["ty"] for e in antibodies]
    if len(set(kinds)) != len(kinds):
        raise _malformed("an antibody test appears twice")
    vaccinations = tuple(_vaccination(e) for e in _list(claim, "v", MAX_VACCINATIONS))
    exception = claim.get("ex", False)
    if exception is not True and exception is not False:
        raise _malformed("the exception mark is not true or false")
    return HealthRecord(antibodies, vaccinations, exception)


def check_health_record(extensions: Mapping[str, Any]) -> None:
    """`read_health_record` for its verdict only (a verification step)."""
    read_health_record(extensions)


def _list(claim: Mapping[str, Any], key: str, most: int) -> list[Mapping[str, Any]]:
    entries = claim.get(key, [])
    if not isinstance(entries, list) or len(entries) > most:
        raise _malformed(f"{key!r} is not a list of at most {most} entries")
    if not all(isinstance(e, Mapping) for e in entries):
        raise _malformed(f"an entry of {key!r} is not a map")
    return entries


def _antibody(entry: Mapping[str, Any]) -> dict[str, Any]:
    if set(entry) != _ANTIBODY_KEYS:
        raise _malformed(f"an antibody test has fields {sorted(entry)}")
    if entry["ty"] not in ANTIBODY_TYPES:
        raise _malformed(f"antibody type {entry['ty']!r} is not IgM or IgG")
    _text(entry, "sc", _UTC_TIME)
    if entry["tr"] not in _RESULTS:
        raise _malformed(f"antibody result {entry['tr']!r} is not a DCC test-result code")
    _text(entry, "tc")
    _text(entry, "co", _COUNTRY)
    return dict(entry)


def _vaccination(entry: Mapping[str, Any]) -> dict[str, Any]:
    if set(entry) != _VACCINATION_KEYS:
        raise _malformed(f"a vaccination has fields {sorted(entry)}")
    if entry["tg"] != _DISEASE:
        raise _malformed(f"vaccination target {entry['tg']!r} is not COVID-19")
    for key in ("vp", "mp", "ma"):
        _text(entry, key)
    for key in ("dn", "sd"):
        value = entry[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9:
            raise _malformed(f"vaccination {key} {value!r} is not a dose number 1 to 9")
    _text(entry, "dt", _DATE)
    _text(entry, "co", _COUNTRY)
    return dict(entry)


def _text(entry: Mapping[str, Any], key: str, pattern: re.Pattern[str] | None = None) -> None:
    value = entry[key]
    if not isinstance(value, str) or not 1 <= len(value) <= _MAX_TEXT:
        raise _malformed(f"{key} is not text of 1 to {_MAX_TEXT} characters")
    if pattern is not None and not pattern.match(value):
        raise _malformed(f"{key} {value!r} is not in the expected form")


def _malformed(why: str) -> CertificateError:
    return CertificateError(Failure.SCHEMA, f"the consular health record claim is malformed: {why}")
