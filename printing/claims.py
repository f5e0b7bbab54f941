"""The health claims of an approved declaration, as an EU DCC test certificate in a CWT.

- DCC (schema 1.3): `nam` with ICAO 9303 standardised names, `dob`, and one `t`
  entry for the newest NAAT test: tg 840539006 (COVID-19), tt LP6464-4 (NAAT),
  sc sample time, tr 260415000 not detected / 260373001 detected, tc the lab,
  co the lab's country, is the issuing mission, ci the certificate identifier
  (UVCI) the central server assigned on approval. Every code must be in the EU
  value set the schema names for its field (shipped in `printing/dcc/valuesets/`),
  and each name must standardise without losing letters (`printing.icao`):
  anything else is refused before signing, never signed for a verifier to reject.
- `HEALTH_CLAIM` ("cn.consular/health", described in `printing.health_record`), a
  text-keyed CWT claim with what the DCC has no room for: the newest serum IgM and
  IgG antibody tests, every declared vaccination dose (as DCC vaccination entries,
  with EU value-set codes where the product has one), and, when the case was approved
  through an exception, the mark `"ex": true`. DCC verifiers ignore it and accept the
  certificate on its `t` entry; our verifier checks and shows it; the paper prints it.
- `is`, the issuer in the test entry: the mission's full English name from the mission
  data (`workstation.missions`), e.g. "Consulate-General of the People's Republic of
  China in London".
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
from printing.cwt import IGM_CLAIM, CwtClaims
from printing.failures import CertificateError
from printing.health_record import HEALTH_CLAIM, HealthRecord, read_health_record
from printing.icao import lost_letters, standardised
from printing.schema import DCC_VERSION, schema_problems
from workstation.domain import CaseStatus, TestKind, TestResult
from workstation.missions import MissionIdentity, mission_identity
from workstation.protocol import CaseRecord, LabTest, PersonName, Vaccination

__all__ = [
    "ENTRY_TIMEZONE",
    "HEALTH_CLAIM",
    "IGM_CLAIM",
    "ISSUER_COUNTRY",
    "ClaimsError",
    "health_claims",
    "validity_end",
]

log = logging.getLogger(__name__)

ISSUER_COUNTRY: Final = "CN"
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
#: The antibody tests the record carries, by the name its `ty` field gives them.
ANTIBODY_NAMES: Final = {TestKind.IGM_ANTIBODY: "IgM", TestKind.IGG_ANTIBODY: "IgG"}
#: Vaccine product (EU value set) -> (prophylaxis, marketing authorisation holder) codes.
VACCINE_CODES: Final = {
    "EU/1/20/1528": ("1119349007", "ORG-100030215"),  # Comirnaty, BioNTech
    "EU/1/20/1507": ("1119349007", "ORG-100031184"),  # Spikevax, Moderna
    "EU/1/21/1529": ("29061000087103", "ORG-100001699"),  # Vaxzevria, AstraZeneca
    "EU/1/20/1525": ("29061000087103", "ORG-100001417"),  # Jcovden, Janssen
    "EU/1/21/1618": ("1162643001", "ORG-100032020"),  # Nuvaxovid, Novavax
    "BBIBP-CorV": ("1157024006", "ORG-100020693"),  # Sinopharm (Beijing)
    "WIBP-CorV": ("1157024006", "Sinopharm-WIBP"),  # Sinopharm (Wuhan)
    "CoronaVac": ("1157024006", "Sinovac-Biotech"),
    "Convidecia": ("29061000087103", "ORG-100013793"),  # CanSino
}
#: "COVID-19 vaccine": the prophylaxis code for a product the value sets do not list.
VACCINE_UNLISTED: Final = "28531000087107"


class ClaimsError(ValueError):
    """The case cannot become a health certificate; the message says why."""


def health_claims(
    case: CaseRecord,
    *,
    issued_at: datetime,
    signer_not_after: datetime | None = None,
    mission: MissionIdentity | None = None,
    issued_by_exception: bool | None = None,
) -> CwtClaims:
    """The CWT claims for an approved case, signed at `issued_at`. Raises `ClaimsError`.

    `mission` names the issuer (default: the packaged data of `case.mission`).
    `issued_by_exception` marks a certificate the mission issued through an exception
    (an approval over failed checks, countersigned): the signed record and the paper then
    say so. None (the default) takes it from the case's decision (`is_exception`).
    """
    mission = mission or mission_identity(case.mission)
    if issued_by_exception is None:
        issued_by_exception = exception_decision(case)
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
        "is": _shortened(mission.name_en),
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
    record = HealthRecord(
        antibodies=tuple(_antibodies(content.tests)),
        vaccinations=tuple(
            _vaccination(v) for v in sorted(content.vaccinations, key=lambda v: v.date)
        ),
        issued_by_exception=issued_by_exception,
    )
    extensions: dict[str, Any] = {HEALTH_CLAIM: record.to_claim()}
    try:
        read_health_record(extensions)  # what our verifier will check, checked before signing
    except CertificateError as exc:
        raise ClaimsError(exc.message) from None
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


def exception_decision(case: CaseRecord) -> bool:
    """Whether the case was approved through an exception (over failed checks)."""
    return case.decision is not None and case.decision.is_exception


def validity_end(case: CaseRecord) -> datetime:
    """The end of the declared arrival day at the port of entry (Beijing time), in UTC."""
    arrival = case.content.itinerary.arrival_date
    end = datetime.combine(arrival + timedelta(days=1), time(), tzinfo=ENTRY_TIMEZONE)
    return (end - timedelta(seconds=1)).astimezone(UTC)


def _antibodies(tests: list[LabTest]) -> list[dict[str, Any]]:
    """The newest test of each antibody kind, IgM first."""
    entries = []
    for kind, name in ANTIBODY_NAMES.items():
        test = _newest(tests, kind)
        if test is None:
            continue
        entry = {
            "ty": name,
            "sc": _utc_text(test.sample_collected_at),
            "tr": _result_code(test),
            "tc": _centre(test),
            "co": test.laboratory.country,
        }
        _check_codes(entry, f"{name} antibody")
        entries.append(entry)
    return entries


def _vaccination(dose: Vaccination) -> dict[str, Any]:
    """A DCC vaccination entry without `is`/`ci`; declared text where a product has no code."""
    codes = VACCINE_CODES.get(dose.product)
    listed = known(ValueSet.VACCINE_PRODUCT, dose.product)
    prophylaxis, holder = codes or (VACCINE_UNLISTED, "")
    holder = holder or dose.manufacturer or "not stated"
    if not known(ValueSet.COUNTRY, dose.country):
        raise ClaimsError(
            f"the vaccination country {dose.country!r} is not in the EU DCC code list "
            f"{ValueSet.COUNTRY.value}"
        )
    return {
        "tg": DISEASE_COVID19,
        "vp": prophylaxis,
        "mp": dose.product if listed else _shortened(dose.product),
        "ma": _shortened(holder),
        "dn": dose.dose_number,
        "sd": max(dose.total_doses, dose.dose_number),
        "dt": dose.date.isoformat(),
        "co": dose.country,
    }


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
