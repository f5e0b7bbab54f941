"""A verification result in plain words: by default, what a border officer needs and no more.

Always: the verdict, the name, the date of birth, the test (type and result,
with the sample time) or the vaccination/recovery entry, the antibody tests,
vaccinations and exception mark of our consular health record claim
(`printing.health_record`), the validity, and in plain words why a code fails.
With `details`: also the test centre or country, the test device, the legacy IgM
claim of older certificates, the issuer, the certificate identifier and the
signing key. Codes are shown by their display names from
the EU value sets.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Final

from printing.codes import RESULT_DETECTED, ValueSet, display
from printing.cwt import IGM_CLAIM, CwtClaims
from printing.failures import CertificateError
from printing.health_record import read_health_record
from printing.safe_text import escaped
from printing.verification import VerificationResult

log = logging.getLogger(__name__)

_WIDTH = 16
_UNTRUSTED_HEADING = "UNTRUSTED DATA (no valid signature: anyone could have written this):"
_VALUE_SET_HEADING = "Business rule, codes not in the EU value sets:"
_SIGNATURE_VALID_BUT = "NOT VALID: signature valid, but"
_SIGNATURE_NOT_VALID = "NOT VALID: the signature is not valid or not trusted"

#: Under the verdict of a code checked with lists the operator vouched for (`verify
#: --allow-unsigned-lists`), followed by the lists' names.
UNSIGNED_LISTS_CAVEAT: Final = "CAUTION, LISTS NOT SIGNED (--allow-unsigned-lists):"

#: The report's fixed words: labels, verdicts, headings and check names. A caller may
#: translate them (`describe(words=...)`; the verify dialog does, through Qt); the data,
#: and the code lists' display names, are shown as signed.
WORDS: Final = (
    "VALID",
    "CANNOT BE READ",
    _SIGNATURE_VALID_BUT,
    _SIGNATURE_NOT_VALID,
    _UNTRUSTED_HEADING,
    _VALUE_SET_HEADING,
    "Why:",
    "Why it is not valid:",
    "DETECTED (POSITIVE)",
    *("signature", "expiry", "key usage", "schema", "revocation", "value sets"),
    *("ok", "FAILED", "not checked", "no list"),
    *("Name", "Date of birth", "Valid", "Checks", "IgM antibody", "Issued by"),
    *("Certificate ID", "Signing key", "Manufacturer", "Country", "Issuance", "Test"),
    *("Result", "Sample taken", "Test device", "Test name", "Test centre", "Vaccination"),
    *("Dose", "Recovery", "Recovery valid", "First positive"),
    UNSIGNED_LISTS_CAVEAT,
)
_WORDS: ContextVar[Callable[[str], str]] = ContextVar("report_words", default=str)


def _w(text: str) -> str:
    """One of `WORDS` in the reader's language."""
    return _WORDS.get()(text)


def verdict(result: VerificationResult) -> str:
    """One line: valid, not valid (and whether the signature at least holds), or unreadable."""
    if result.unreadable:
        return _w("CANNOT BE READ")
    if result.valid:
        return _w("VALID")
    if result.signature_valid is True:
        failed = dict.fromkeys(p.failure.summary for p in result.problems)
        return f"{_w(_SIGNATURE_VALID_BUT)} " + "; ".join(failed)
    return _w(_SIGNATURE_NOT_VALID)


def describe(
    result: VerificationResult, *, details: bool = False, words: Callable[[str], str] = str
) -> str:
    """The report of one result; `words` translates the fixed `WORDS` (default: English)."""
    token = _WORDS.set(words)
    try:
        return _describe(result, details=details)
    finally:
        _WORDS.reset(token)


def _describe(result: VerificationResult, *, details: bool) -> str:
    lines = [f"{escaped(result.source)}: {verdict(result)}"]
    claims = result.claims
    if claims is not None:
        dcc = claims.dcc
        if result.signature_valid is not True:
            # Anyone can write a code: without a valid signature nothing below is a fact.
            lines.append(f"  {_w(_UNTRUSTED_HEADING)}")
        lines += _row("Name", _name(dcc.get("nam")))
        lines += _row("Date of birth", str(dcc.get("dob", "")) or "not stated")
        for test in _entries(dcc, "t"):
            lines += _test_rows(test, details)
        for vaccination in _entries(dcc, "v"):
            lines += _vaccination_rows(vaccination, details)
        for recovery in _entries(dcc, "r"):
            lines += _recovery_rows(recovery, details)
        lines += _health_record_rows(claims, details)
        lines += _row("Valid", f"{_moment(claims.issued_at)} to {_moment(claims.expires_at)}")
        if details:
            lines += _detail_rows(result, claims)
        lines += _row("Checks", _checks(result))
        if result.value_set_problems:
            lines.append(f"  {_w(_VALUE_SET_HEADING)}")
            lines += [f"    - {escaped(problem)}" for problem in result.value_set_problems]
    if result.problems:
        lines.append(f"  {_w('Why:' if result.unreadable else 'Why it is not valid:')}")
        lines += [f"    - {escaped(str(problem))}" for problem in result.problems]
    return "\n".join(lines)


def _checks(result: VerificationResult) -> str:
    """Each DCC check on its own, as the EU test data names them, then the business rule."""

    def said(name: str, outcome: bool | None, *, missing: str = "not checked") -> str:
        return f"{_w(name)} {_w(missing if outcome is None else ('ok' if outcome else 'FAILED'))}"

    revocation = None if result.revoked is None else not result.revoked
    return ", ".join(
        [
            said("signature", result.signature_valid),
            said("expiry", result.expiry_ok),
            said("key usage", result.key_usage_ok),
            said("schema", result.schema_valid),
            said("revocation", revocation, missing="no list"),
            said("value sets", result.value_sets_ok),
        ]
    )


def _detail_rows(result: VerificationResult, claims: CwtClaims) -> list[str]:
    dcc = claims.dcc
    rows: list[str] = []
    igm = claims.extensions.get(IGM_CLAIM)
    if isinstance(igm, dict):
        rows += _row(
            "IgM antibody",
            f"{_result(igm.get('tr'))}, sample taken "
            f"{_moment(igm.get('sc'))} at {igm.get('tc', 'an unnamed centre')}",
        )
    issuer = next((e.get("is") for g in "tvr" for e in _entries(dcc, g) if e.get("is")), None)
    rows += _row("Issued by", f"{issuer or 'not stated'} ({claims.issuer or '?'})")
    certificate_id = next((e.get("ci") for g in "tvr" for e in _entries(dcc, g)), None)
    rows += _row("Certificate ID", str(certificate_id or "not stated"))
    rows += _row("Signing key", f"{result.kid or 'none'} ({result.algorithm or '?'})")
    return rows


def _health_record_rows(claims: CwtClaims, details: bool) -> list[str]:
    """Our consular claim: antibody tests, vaccinations, and an exception, always shown."""
    try:
        record = read_health_record(claims.extensions)
    except CertificateError:
        return []  # the problems say why; nothing unreadable is shown as a fact
    if record is None:
        return []
    rows: list[str] = []
    for test in record.antibodies:
        rows += _row(
            f"{test['ty']} antibody",
            f"{_result(test['tr'])}, sample taken {_moment(test['sc'])}",
        )
        if details:
            rows += _row(f"{test['ty']} centre", f"{test['tc']}, {_country(test['co'])}")
    for dose in record.vaccinations:
        product = display(ValueSet.VACCINE_PRODUCT, dose["mp"])
        rows += _row(
            "Vaccination", f"{product}, dose {dose['dn']} of {dose['sd']}, on {dose['dt']}"
        )
        if details:
            rows += _row("Manufacturer", display(ValueSet.VACCINE_MANUFACTURER, dose["ma"]))
            rows += _row("Country", _country(dose["co"]))
    if record.issued_by_exception:
        rows += _row("Issuance", "ISSUED BY EXCEPTION (special approval by the mission)")
    return rows


def _row(label: str, value: str) -> list[str]:
    # Labels and values may hold the code's text: escaped, never raw to a terminal.
    label_text = escaped(_w(label))
    # Pad by the width a terminal gives the label: CJK characters take two columns.
    wide = sum(1 for c in label_text if unicodedata.east_asian_width(c) in "WF")
    return [f"  {label_text:<{max(_WIDTH - wide, 0)}}{escaped(value)}"]


def _result(code: Any) -> str:
    """A test result by name; a detected (positive) result is flagged so nobody misses it."""
    shown = display(ValueSet.TEST_RESULT, code)
    return f"{shown}  <<< {_w('DETECTED (POSITIVE)')}" if code == RESULT_DETECTED else shown


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
        *_row("Result", _result(test.get("tr"))),
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
