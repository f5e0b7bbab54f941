"""Health claims from an approved case: DCC schema, ICAO names, the IgM claim, validity."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from printing.claims import IGM_CLAIM, ClaimsError, health_claims, validity_end
from printing.codes import ValueSet, display, known
from printing.failures import CertificateError, Failure
from printing.health_record import HEALTH_CLAIM, read_health_record
from printing.icao import lost_letters, standardised
from printing.schema import check_schema, schema_problems
from tests.support.approved_cases import approved_case
from workstation.domain import CaseStatus, TestResult
from workstation.protocol import CaseRecord, CertificateRef

NOW = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "standard"),
    [
        ("Musterfrau-Gößinger", "MUSTERFRAU<GOESSINGER"),  # the EU test vectors' own example
        ("d'Červenková Panklová", "DCERVENKOVA<PANKLOVA"),  # the DCC schema's example
        ("Jiřina-Maria Alena", "JIRINA<MARIA<ALENA"),
        ("Müller", "MUELLER"),
        ("Strauß", "STRAUSS"),
        ("Øster Ås", "OESTER<AAS"),
        ("Ærø Þórsdóttir", "AEROE<THORSDOTTIR"),
        ("Łukasz", "LUKASZ"),
        ("  de la  Cruz ", "DE<LA<CRUZ"),
        ("O'Brien", "OBRIEN"),
        ("St. John-Smith", "ST<JOHN<SMITH"),
        # ICAO 9303 Part 3's Cyrillic table (as in Russian passports since 2013)
        ("Иванов", "IVANOV"),
        ("Щеглова Юлия", "SHCHEGLOVA<IULIIA"),
        ("Подъячева", "PODIEIACHEVA"),
        ("Лаврентьев", "LAVRENTEV"),
        ("Ёлкин-Йовлев", "ELKIN<IOVLEV"),
        ("Хрущёв Цой Эль", "KHRUSHCHEV<TSOI<EL"),
    ],
)
def test_icao_standardised_names(name: str, standard: str) -> None:
    assert standardised(name) == standard
    assert lost_letters(name) == ""


@pytest.mark.parametrize(
    ("name", "lost"),
    [("张", "张"), ("Zhang 伟", "伟"), ("Ігор", "І"), ("Παπαδόπουλος", "ΠΑΠΑΔΟΠΟΥΛΟΣ")],
)
def test_letters_without_a_transliteration_are_found(name: str, lost: str) -> None:
    assert lost_letters(name) == lost


def with_lab_country(case: CaseRecord, country: str) -> CaseRecord:
    tests = [
        test.model_copy(
            update={"laboratory": test.laboratory.model_copy(update={"country": country})}
        )
        for test in case.content.tests
    ]
    return case.model_copy(update={"content": case.content.model_copy(update={"tests": tests})})


def test_standardised_names_fit_the_schema() -> None:
    long = standardised("Abcdefghij " * 12)
    assert len(long) <= 80 and not long.endswith("<")


def test_payload_follows_the_dcc_schema() -> None:
    claims = health_claims(approved_case(now=NOW, family="Gößinger", given="Jürgen"), issued_at=NOW)
    dcc = claims.dcc
    assert schema_problems(dcc) == []
    assert dcc["nam"] == {"fn": "Gößinger", "fnt": "GOESSINGER", "gn": "Jürgen", "gnt": "JUERGEN"}
    assert dcc["dob"] == "1985-03-14"
    (test,) = dcc["t"]
    assert test["tg"] == "840539006" and test["tt"] == "LP6464-4" and test["tr"] == "260415000"
    assert test["sc"] == "2025-05-31T12:00:00Z"
    assert test["ci"] == "URN:UVCI:01:CN:GBRLON0000000001#B"
    assert test["co"] == "GB" and test["tc"] == "London Bridge Diagnostics, London"
    assert claims.issuer == "CN" and claims.issued_at == NOW
    for group, code_list in [
        ("tg", ValueSet.DISEASE),
        ("tt", ValueSet.TEST_TYPE),
        ("tr", ValueSet.TEST_RESULT),
        ("co", ValueSet.COUNTRY),
    ]:
        assert known(code_list, test[group]), group


def test_shared_schema_copy_is_the_shipped_one() -> None:
    # The package ships a copy of the schema; it must not drift from the shared original.
    shared = Path(__file__).resolve().parents[2] / "interop" / "testdata" / "dcc-schema"
    if os.environ.get("CW_SHARED_TESTDATA"):
        shared = Path(os.environ["CW_SHARED_TESTDATA"]) / "dcc-schema"
    from printing.schema import SCHEMA_FILE

    original = json.loads((shared / "DCC.combined-schema.json").read_text(encoding="utf-8"))
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == original
    claims = health_claims(approved_case(now=NOW), issued_at=NOW)
    import jsonschema

    jsonschema.validate(claims.dcc, original, cls=jsonschema.Draft202012Validator)


def test_only_a_family_name_is_allowed() -> None:
    claims = health_claims(approved_case(now=NOW, given=None), issued_at=NOW)
    assert claims.dcc["nam"] == {"fn": "Zhang", "fnt": "ZHANG"}
    assert schema_problems(claims.dcc) == []


def test_cyrillic_names_are_standardised_in_the_payload() -> None:
    claims = health_claims(approved_case(now=NOW, family="Иванов", given="Юлия"), issued_at=NOW)
    assert claims.dcc["nam"] == {"fn": "Иванов", "fnt": "IVANOV", "gn": "Юлия", "gnt": "IULIIA"}


@pytest.mark.parametrize(
    ("family", "given", "which"),
    [
        ("张", "Wei", "family name"),  # would be signed as fnt ""
        ("Zhang", "伟", "given name"),  # would be signed as gnt ""
        ("Zhang张", "Wei", "family name"),  # would lose a letter
        ("Шевченко", "Ігор", "given name"),  # Ukrainian І is not in our table
        ("Zhang", "ʻ", "given name"),  # a modifier letter only: nothing left to standardise
    ],
)
def test_names_that_cannot_be_standardised_are_refused(family: str, given: str, which: str) -> None:
    case = approved_case(now=NOW, family=family, given=given)
    with pytest.raises(ClaimsError, match=f"holder's {which} has (letters with no|no letters)"):
        health_claims(case, issued_at=NOW)


def test_codes_outside_the_value_sets_are_refused() -> None:
    case = with_lab_country(approved_case(now=NOW), "XX")
    with pytest.raises(ClaimsError, match="laboratory country 'XX' is not in the EU DCC code list"):
        health_claims(case, issued_at=NOW)
    taiwan = health_claims(with_lab_country(approved_case(now=NOW), "TW"), issued_at=NOW)
    assert taiwan.dcc["t"][0]["co"] == "TW"  # in the value set, so accepted


def test_antibody_tests_travel_in_the_health_record_claim() -> None:
    claims = health_claims(approved_case(now=NOW), issued_at=NOW)
    assert IGM_CLAIM not in claims.extensions  # the old IgM-only claim is no longer written
    assert claims.extensions[HEALTH_CLAIM] == {
        "ver": 1,
        "ab": [
            {
                "ty": "IgM",
                "sc": "2025-05-31T13:00:00Z",
                "tr": "260415000",
                "tc": "London Bridge Diagnostics, London",
                "co": "GB",
            }
        ],
    }
    without = health_claims(approved_case(now=NOW, igm=False), issued_at=NOW)
    assert without.extensions[HEALTH_CLAIM] == {"ver": 1}  # no antibody test: none claimed


def test_igg_and_vaccinations_are_signed_beside_the_naat_test() -> None:
    case = approved_case(now=NOW, igg_result=TestResult.POSITIVE, vaccinated=True)
    claims = health_claims(case, issued_at=NOW)
    record = read_health_record(claims.extensions)
    assert record is not None
    assert [a["ty"] for a in record.antibodies] == ["IgM", "IgG"]
    assert record.detected == ("IgG",)
    assert [
        (v["mp"], v["ma"], v["vp"], v["dn"], v["sd"], v["dt"]) for v in record.vaccinations
    ] == [
        ("BBIBP-CorV", "ORG-100020693", "1157024006", 1, 2, "2021-04-01"),
        ("BBIBP-CorV", "ORG-100020693", "1157024006", 2, 2, "2021-04-29"),
        ("EU/1/20/1528", "ORG-100030215", "1119349007", 3, 3, "2021-12-10"),
    ]
    assert not record.issued_by_exception
    assert list(claims.dcc) == ["ver", "nam", "dob", "t"]  # the DCC stays a test certificate


def test_the_exception_mark_is_off_unless_asked_for() -> None:
    case = approved_case(now=NOW)
    assert "ex" not in health_claims(case, issued_at=NOW).extensions[HEALTH_CLAIM]
    marked = health_claims(case, issued_at=NOW, issued_by_exception=True)
    assert marked.extensions[HEALTH_CLAIM]["ex"] is True
    record = read_health_record(marked.extensions)
    assert record is not None and record.issued_by_exception


def test_the_issuer_is_the_missions_full_name() -> None:
    claims = health_claims(approved_case(now=NOW), issued_at=NOW)
    assert (
        claims.dcc["t"][0]["is"] == "Consulate-General of the People's Republic of China in London"
    )


def test_a_vaccine_without_a_code_keeps_its_declared_name() -> None:
    case = approved_case(now=NOW, vaccinated=True)
    odd = case.content.vaccinations[0].model_copy(
        update={"product": "ZF2001", "manufacturer": "Anhui Zhifei Longcom"}
    )
    content = case.content.model_copy(update={"vaccinations": [odd]})
    claims = health_claims(case.model_copy(update={"content": content}), issued_at=NOW)
    (dose,) = claims.extensions[HEALTH_CLAIM]["v"]
    assert (dose["mp"], dose["ma"], dose["vp"]) == (
        "ZF2001",
        "Anhui Zhifei Longcom",
        "28531000087107",  # "COVID-19 vaccine"
    )


def test_validity_ends_with_the_arrival_day_in_beijing() -> None:
    case = approved_case(now=NOW)  # departs 2025-06-02 08:00 UTC, arrives on 2025-06-02
    assert validity_end(case) == datetime(2025, 6, 2, 15, 59, 59, tzinfo=UTC)
    claims = health_claims(case, issued_at=NOW)
    assert claims.expires_at == validity_end(case)
    cut = health_claims(case, issued_at=NOW, signer_not_after=NOW + timedelta(hours=3))
    assert cut.expires_at == NOW + timedelta(hours=3)  # never outlives the signer certificate


def test_refuses_what_cannot_be_certified() -> None:
    case = approved_case(now=NOW)
    with pytest.raises(ClaimsError, match="not approved"):
        health_claims(case.model_copy(update={"status": CaseStatus.REVOKED}), issued_at=NOW)
    assert case.certificate is not None
    revoked = CertificateRef(
        certificate_id=case.certificate.certificate_id,
        issued_at=case.certificate.issued_at,
        revoked_at=NOW,
    )
    with pytest.raises(ClaimsError, match="revoked"):
        health_claims(case.model_copy(update={"certificate": revoked}), issued_at=NOW)
    with pytest.raises(ClaimsError, match="inconclusive"):
        health_claims(approved_case(now=NOW, naat_result=TestResult.INCONCLUSIVE), issued_at=NOW)
    no_tests = case.model_copy(update={"content": case.content.model_copy(update={"tests": []})})
    with pytest.raises(ClaimsError, match="NAAT"):
        health_claims(no_tests, issued_at=NOW)
    with pytest.raises(ClaimsError, match="expired when issued"):
        health_claims(case, issued_at=NOW + timedelta(days=3))


def test_schema_failures_are_in_plain_words() -> None:
    dcc = {"ver": "1.3.0", "nam": {"fn": "x"}, "dob": "85-03-14", "t": [{}], "v": []}
    problems = schema_problems(dcc)
    assert problems[0] == "it must hold exactly one of v, t, r; it holds ['v', 't']"
    assert any("fnt" in p and "gnt" in p for p in problems)
    assert any(p.startswith("dob:") for p in problems)
    with pytest.raises(CertificateError) as caught:
        check_schema(dcc)
    assert caught.value.failure is Failure.SCHEMA
    assert "more" in caught.value.message


def test_code_lists_give_display_names() -> None:
    assert display(ValueSet.TEST_RESULT, "260415000") == "Not detected"
    assert display(ValueSet.COUNTRY, "CN") == "China"
    assert "not in the" in display(ValueSet.TEST_TYPE, "LP0000-0")
