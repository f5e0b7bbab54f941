"""A verification result in plain words: by default, what a border officer needs and no more.

Always: the verdict, the name, the date of birth, the test (type and result,
with the sample time) or the vaccination/recovery entry, the validity, and in
plain words why a code fails. With `details`: also the test centre or country,
the test device, the IgM antibody claim, the issuer, the certificate
identifier and the signing key. Codes are shown by their display names from
the EU value sets.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from printing.claims import IGM_CLAIM
from printing.codes import ValueSet, display
from printing.cwt import CwtClaims
from printing.verification import VerificationResult

log = logging.getLogger(__name__)

_WIDTH = 16


def describe(result: VerificationResult, *, details: bool = False) -> str:
    verdict = "VALID" if result.valid else "NOT VALID"
    if result.unreadable:
        verdict = "CANNOT BE READ"
    lines = [f"{result.source}: {verdict}"]
    claims = result.claims
    if claims is not None:
        dcc = claims.dcc
        lines += _row("Name", _name(dcc.get("nam")))
        lines += _row("Date of birth", str(dcc.get("dob", "")) or "not stated")
        for test in _entries(dcc, "t"):
            lines += _test_rows(test, details)
        for vaccination in _entries(dcc, "v"):
            lines += _vaccination_rows(vaccination, details)
        for recovery in _entries(dcc, "r"):
            lines += _recovery_rows(recovery, details)
        lines += _row("Valid", f"{_moment(claims.issued_at)} to {_moment(claims.expires_at)}")
        if details:
            lines += _detail_rows(result, claims)
    if result.problems:
        lines.append("  Why:" if result.unreadable else "  Why it is not valid:")
        lines += [f"    - {problem}" for problem in result.problems]
    return "\n".join(lines)


def _detail_rows(result: VerificationResult, claims: CwtClaims) -> list[str]:
    dcc = claims.dcc
    rows: list[str] = []
    igm = claims.extensions.get(IGM_CLAIM)
    if isinstance(igm, dict):
        rows += _row(
            "IgM antibody",
            f"{display(ValueSet.TEST_RESULT, igm.get('tr'))}, sample taken "
            f"{_moment(igm.get('sc'))} at {igm.get('tc', 'an unnamed centre')}",
        )
    issuer = next((e.get("is") for g in "tvr" for e in _entries(dcc, g) if e.get("is")), None)
    rows += _row("Issued by", f"{issuer or 'not stated'} ({claims.issuer or '?'})")
    certificate_id = next((e.get("ci") for g in "tvr" for e in _entries(dcc, g)), None)
    rows += _row("Certificate ID", str(certificate_id or "not stated"))
    rows += _row("Signing key", f"{result.kid or 'none'} ({result.algorithm or '?'})")
    return rows


def _row(label: str, value: str) -> list[str]:
    return [f"  {label:<{_WIDTH}}{value}"]


def _entries(dcc: dict[str, Any], group: str) -> list[dict[str, Any]]:
    entries = dcc.get(group)
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _name(nam: Any) -> str:
    if not isinstance(nam, dict):
        return "not stated"
    native = ", ".join(str(nam[k]) for k in ("fn", "gn") if nam.get(k))
    standard = ", ".join(str(nam[k]) for k in ("fnt", "gnt") if nam.get(k))
    if native and standard:
        return f"{native} ({standard})"
    return native or standard or "not stated"


def _test_rows(test: dict[str, Any], details: bool) -> list[str]:
    kind = display(ValueSet.TEST_TYPE, test.get("tt"))
    rows = [
        *_row("Test", f"{kind} for {display(ValueSet.DISEASE, test.get('tg'))}"),
        *_row("Result", display(ValueSet.TEST_RESULT, test.get("tr"))),
        *_row("Sample taken", _moment(test.get("sc"))),
    ]
    if details:
        if test.get("ma"):
            rows += _row("Test device", display(ValueSet.TEST_DEVICE, test["ma"]))
        elif test.get("nm"):
            rows += _row("Test name", str(test["nm"]))
        rows += _row("Test centre", f"{test.get('tc', 'not stated')}, {_country(test.get('co'))}")
    return rows


def _vaccination_rows(entry: dict[str, Any], details: bool) -> list[str]:
    product = display(ValueSet.VACCINE_PRODUCT, entry.get("mp"))
    rows = [
        *_row("Vaccination", f"{product} for {display(ValueSet.DISEASE, entry.get('tg'))}"),
        *_row("Dose", f"{entry.get('dn')} of {entry.get('sd')}, on {entry.get('dt')}"),
    ]
    if details:
        rows += _row("Manufacturer", display(ValueSet.VACCINE_MANUFACTURER, entry.get("ma")))
        rows += _row("Country", _country(entry.get("co")))
    return rows


def _recovery_rows(entry: dict[str, Any], details: bool) -> list[str]:
    rows = [
        *_row("Recovery", f"from {display(ValueSet.DISEASE, entry.get('tg'))}"),
        *_row("Recovery valid", f"{entry.get('df')} to {entry.get('du')}"),
    ]
    if details:
        rows += _row("First positive", str(entry.get("fr")))
        rows += _row("Country", _country(entry.get("co")))
    return rows


def _country(code: Any) -> str:
    return display(ValueSet.COUNTRY, code) if code else "not stated"


def _moment(value: Any) -> str:
    if value is None:
        return "not stated"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return str(value)
