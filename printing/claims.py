"""The health claims of an approved declaration, as an EU DCC test certificate in a CWT.

- DCC (schema 1.3): `nam` with ICAO 9303 standardised names, `dob`, and one `t`
  entry for the newest NAAT test: tg 840539006 (COVID-19), tt LP6464-4 (NAAT),
  sc sample time, tr 260415000 not detected / 260373001 detected, tc the lab,
  co the lab's country, is the issuing mission, ci the certificate identifier
  (UVCI) the central server assigned on approval. Every code must be in the EU
  value set the schema names for its field (shipped in `printing/dcc/valuesets/`),
  and each name must standardise without losing letters (`printing.icao`):
  anything else is refused before signing, never signed for a verifier to reject.
- `IGM_CLAIM` ("cn.consular/igm"), a text-keyed CWT claim (RFC 8392 allows
  private claim names; a text key cannot collide with registered integer
  claims, and verifiers that do not know it ignore it): the newest serum IgM
  antibody test, which the DCC has no field for, as {"sc", "tr", "tc"} with
  the same meaning and codes as in a DCC test entry.
- CWT: iss "CN"; iat the signing time (`issuance` dates it back a few minutes
  for verifiers whose clocks lag); exp the end of the declared arrival day
  at the port of entry (Beijing time, UTC+8): the certificate serves boarding,
  transit and entry of this one trip. It is cut to the signer certificate's
  notAfter, because verifiers reject a certificate that outlives its DSC.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any, Final

from printing.codes import (
    DISEASE_COVID19,
    RESULT_DETECTED,
    RESULT_NOT_DETECTED,
    TEST_TYPE_NAAT,
    ValueSet,
    known,
)
from printing.cwt import CwtClaims
from printing.icao import lost_letters, standardised
from printing.schema import DCC_VERSION, schema_problems
from workstation.domain import CaseStatus, TestKind, TestResult
from workstation.protocol import CaseRecord, LabTest, PersonName

log = logging.getLogger(__name__)

ISSUER_COUNTRY: Final = "CN"
IGM_CLAIM: Final = "cn.consular/igm"
ENTRY_TIMEZONE: Final = timezone(timedelta(hours=8), "Beijing")
_MAX_TEXT: Final = 80  # the DCC schema's maxLength for tc and is

#: Our test results -> SNOMED CT codes of the DCC test-result value set.
RESULT_CODES: Final = {
    TestResult.NEGATIVE: RESULT_NOT_DETECTED,
    TestResult.POSITIVE: RESULT_DETECTED,
}
#: The coded fields of a test entry: the value set each code must be in, and what it is.
_TEST_CODES: Final = {
    "tg": (ValueSet.DISEASE, "disease"),
    "tt": (ValueSet.TEST_TYPE, "test type"),
    "tr": (ValueSet.TEST_RESULT, "test result"),
    "co": (ValueSet.COUNTRY, "laboratory country"),
}


class ClaimsError(ValueError):
    """The case cannot become a health certificate; the message says why."""


def issuer_name(mission: str) -> str:
    return f"Consular Service of the People's Republic of China, {mission}"


def health_claims(
    case: CaseRecord, *, issued_at: datetime, signer_not_after: datetime | None = None
) -> CwtClaims:
    """The CWT claims for an approved case, signed at `issued_at`. Raises `ClaimsError`."""
    if case.status is not CaseStatus.APPROVED or case.certificate is None:
        raise ClaimsError(f"case {case.case_id} is {case.status.value}, not approved")
    if case.certificate.revoked_at is not None:
        raise ClaimsError(f"certificate {case.certificate.certificate_id} has been revoked")
    content = case.content
    naat = _newest(content.tests, TestKind.NAAT)
    if naat is None:
        raise ClaimsError("the declaration has no nucleic acid (NAAT) test")
    test = {
        "tg": DISEASE_COVID19,
        "tt": TEST_TYPE_NAAT,
        "sc": _utc_text(naat.sample_collected_at),
        "tr": _result_code(naat),
        "tc": _centre(naat),
        "co": naat.laboratory.country,
        "is": _shortened(issuer_name(case.mission)),
        "ci": case.certificate.certificate_id,
    }
    _check_codes(test, "NAAT")
    dcc = {
        "ver": DCC_VERSION,
        "nam": _names(content.holder.name),
        "dob": content.holder.date_of_birth.isoformat(),
        "t": [test],
    }
    problems = schema_problems(dcc)
    if problems:
        raise ClaimsError(f"the payload would not follow the DCC schema: {'; '.join(problems)}")
    extensions: dict[str, Any] = {}
    igm = _newest(content.tests, TestKind.IGM_ANTIBODY)
    if igm is not None:
        extensions[IGM_CLAIM] = {
            "sc": _utc_text(igm.sample_collected_at),
            "tr": _result_code(igm),
            "tc": _centre(igm),
        }
        _check_codes(extensions[IGM_CLAIM], "IgM antibody")
    expires_at = validity_end(case)
    if signer_not_after is not None:
        expires_at = min(expires_at, signer_not_after)
    if expires_at <= issued_at:
        raise ClaimsError(
            f"the certificate would be expired when issued: validity ends "
            f"{expires_at:%Y-%m-%d %H:%M} UTC (end of the arrival day, or of the signer "
            "certificate)"
        )
    return CwtClaims(
        dcc=dcc,
        issuer=ISSUER_COUNTRY,
        issued_at=issued_at.replace(microsecond=0),
        expires_at=expires_at,
        extensions=extensions,
    )


def validity_end(case: CaseRecord) -> datetime:
    """The end of the declared arrival day at the port of entry (Beijing time), in UTC."""
    arrival = case.content.itinerary.arrival_date
    end = datetime.combine(arrival + timedelta(days=1), time(), tzinfo=ENTRY_TIMEZONE)
    return (end - timedelta(seconds=1)).astimezone(UTC)


def _newest(tests: list[LabTest], kind: TestKind) -> LabTest | None:
    matching = [t for t in tests if t.kind is kind]
    return max(matching, key=lambda t: t.sample_collected_at) if matching else None


def _names(name: PersonName) -> dict[str, str]:
    """`nam`: the names as written, and each standardised; a given name only if there is one."""
    names = {"fn": name.family, "fnt": _standardised(name.family, "family name")}
    if name.given:
        names |= {"gn": name.given, "gnt": _standardised(name.given, "given name")}
    return names


def _standardised(name: str, what: str) -> str:
    lost = lost_letters(name)
    standard = standardised(name)
    if lost or not standard:
        because = (
            f"has letters with no ICAO 9303 transliteration ({lost})"
            if lost
            else "has no letters left after ICAO 9303 standardisation"
        )
        raise ClaimsError(
            f"the holder's {what} {because}; enter it in Latin letters, as in the machine-"
            "readable zone of the travel document"
        )
    return standard


def _check_codes(entry: dict[str, Any], test: str) -> None:
    for field, (value_set, meaning) in _TEST_CODES.items():
        if field in entry and not known(value_set, entry[field]):
            raise ClaimsError(
                f"the {test} test's {meaning} {entry[field]!r} is not in the EU DCC code list "
                f"{value_set.value} (field {field})"
            )


def _result_code(test: LabTest) -> str:
    code = RESULT_CODES.get(test.result)
    if code is None:
        raise ClaimsError(
            f"a {test.kind.value} result of {test.result.value!r} has no code in the DCC value set"
        )
    return code


def _centre(test: LabTest) -> str:
    lab = test.laboratory
    return _shortened(f"{lab.name}, {lab.city}" if lab.city else lab.name)


def _shortened(text: str) -> str:
    """At most the schema's 80 characters, cut at a word boundary and marked with an ellipsis."""
    if len(text) <= _MAX_TEXT:
        return text
    cut = text[: _MAX_TEXT - 1].rsplit(" ", 1)[0].rstrip(" ,")
    return cut + "…"


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
