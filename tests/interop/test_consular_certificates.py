"""Our certificates with every health fact stay valid EU DCC test certificates.

For a case with a NAAT test, IgM and IgG antibody tests and vaccinations, a case with
detected results, and one issued through an exception: the signed code verifies with our
verifier; its DCC (`t` entry) passes the untouched EU DCC 1.3 schema read by the reference
`jsonschema` library and uses only codes of the EU value sets; each vaccination of our
consular health record claim, given the certificate's `is` and `ci`, is a valid DCC `v`
entry too. A DCC verifier ignores the private claim; ours refuses a malformed one.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from printing import hc1
from printing.cwt import CwtClaims
from printing.failures import Failure
from printing.health_record import HEALTH_CLAIM, read_health_record
from printing.issuance import IssuedCertificate, issue
from printing.keys import DocumentSigner, KeyStore
from printing.trustlist import TrustList
from printing.verification import verify_hc1
from tests.support.approved_cases import approved_case
from workstation.domain import TestResult
from workstation.protocol import CaseRecord

PASSPHRASE = "interop passphrase"
#: The moment certificates are issued and verified: an hour ahead, because the cases are
#: built when the module is collected and the signer's certificate (valid from the moment
#: it is made) only later, when a test first needs it.
NOW = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
VENDORED = Path(__file__).resolve().parent / "testdata" / "dcc-schema"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "testdata" / "dcc-schema"
SCHEMA_DIR = (
    Path(os.environ["CW_SHARED_TESTDATA"]) / "dcc-schema"
    if os.environ.get("CW_SHARED_TESTDATA")
    else (SHARED if SHARED.is_dir() else VENDORED)
)

#: Field -> the value set its code must come from, for test and vaccination entries.
TEST_CODES = {
    "tg": "disease-agent-targeted",
    "tt": "test-type",
    "tr": "test-result",
    "co": "country-2-codes",
}
VACCINATION_CODES = {
    "tg": "disease-agent-targeted",
    "vp": "vaccine-prophylaxis",
    "mp": "vaccine-medicinal-product",
    "ma": "vaccine-mah-manf",
    "co": "country-2-codes",
}
CASES: dict[str, tuple[CaseRecord, bool]] = {
    "tests, antibodies and vaccinations": (
        approved_case(now=NOW, igg_result=TestResult.NEGATIVE, vaccinated=True),
        False,
    ),
    "detected results": (
        approved_case(
            now=NOW,
            naat_result=TestResult.POSITIVE,
            igg_result=TestResult.POSITIVE,
            vaccinated=True,
            serial=2,
        ),
        False,
    ),
    "issued through an exception": (
        approved_case(now=NOW, igg_result=TestResult.NEGATIVE, serial=3),
        True,
    ),
}


@pytest.fixture(scope="module")
def key_store(tmp_path_factory: pytest.TempPathFactory) -> KeyStore:
    store = KeyStore(tmp_path_factory.mktemp("interop-keys"), kdf_rounds=1000)
    store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
    return store


@pytest.fixture(scope="module")
def signer(key_store: KeyStore) -> DocumentSigner:
    return key_store.signer(PASSPHRASE)


@pytest.fixture(scope="module")
def trust(key_store: KeyStore) -> TrustList:
    return key_store.trust_list()


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (SCHEMA_DIR / "DCC.combined-schema.json").read_text(encoding="utf-8")
    )
    return loaded


@cache
def value_set(name: str) -> frozenset[str]:
    data = json.loads((SCHEMA_DIR / "valuesets" / f"{name}.json").read_text(encoding="utf-8"))
    return frozenset(data["valueSetValues"])


def schema_errors(payload: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(payload)]


def unknown_codes(entry: dict[str, Any], fields: dict[str, str]) -> list[str]:
    return [
        f"{field}={entry[field]}"
        for field, name in fields.items()
        if entry[field] not in value_set(name)
    ]


@pytest.mark.parametrize(("case", "exception"), CASES.values(), ids=CASES.keys())
def test_every_fact_is_signed_and_the_dcc_stays_valid(
    case: CaseRecord, exception: bool, signer: DocumentSigner, trust: TrustList
) -> None:
    issued = issue(case, signer, at=NOW, issued_by_exception=exception)
    result = verify_hc1(issued.hc1, trust, at=NOW + timedelta(minutes=1))
    assert result.valid, result.error
    assert result.claims is not None
    dcc = result.claims.dcc
    # The DCC is a test certificate with one NAAT entry: what every DCC verifier accepts.
    assert schema_errors(dcc) == []
    assert set(dcc) == {"ver", "nam", "dob", "t"} and dcc["ver"].startswith("1.3.")
    (test,) = dcc["t"]
    assert unknown_codes(test, TEST_CODES) == []
    assert test["tt"] == "LP6464-4"
    naat = case.content.tests[0]
    assert test["tr"] == ("260373001" if naat.result is TestResult.POSITIVE else "260415000")
    # Everything else the officer approved is in our claim, exactly as declared.
    record = read_health_record(result.claims.extensions)
    assert record is not None
    declared = {t.kind.value: t.result for t in case.content.tests}
    assert [a["ty"] for a in record.antibodies] == [
        name
        for kind, name in (("igm_antibody", "IgM"), ("igg_antibody", "IgG"))
        if kind in declared
    ]
    assert [(v["dn"], v["dt"]) for v in record.vaccinations] == [
        (v.dose_number, v.date.isoformat()) for v in case.content.vaccinations
    ]
    assert record.issued_by_exception is exception
    for antibody in record.antibodies:
        assert unknown_codes(antibody, {"tr": "test-result", "co": "country-2-codes"}) == []
    # Each vaccination, with the certificate's issuer and identifier, is a valid DCC `v` entry.
    for number, dose in enumerate(record.vaccinations):
        assert unknown_codes(dose, VACCINATION_CODES) == []
        entry = dose | {"is": test["is"], "ci": test["ci"]}
        vaccination_dcc = {"ver": dcc["ver"], "nam": dcc["nam"], "dob": dcc["dob"], "v": [entry]}
        assert schema_errors(vaccination_dcc) == [], number


def test_a_dcc_verifier_sees_only_registered_claims_and_the_test(
    signer: DocumentSigner,
) -> None:
    """What a verifier that knows only the DCC reads: iss, iat, exp, and -260 with the test."""
    import zlib

    import base45
    import cbor2

    case, _ = CASES["tests, antibodies and vaccinations"]
    issued = issue(case, signer, at=NOW)
    cose = cbor2.loads(zlib.decompress(base45.b45decode(issued.hc1.removeprefix("HC1:"))))
    claims = cbor2.loads(cose.value[2])
    assert set(claims) == {1, 4, 6, -260, HEALTH_CLAIM}
    assert list(claims[-260][1]["t"][0]) == ["tg", "tt", "sc", "tr", "tc", "co", "is", "ci"]


@pytest.mark.parametrize(
    "broken",
    [
        {"ver": 2},
        {
            "ver": 1,
            "ab": [
                {
                    "ty": "IgA",
                    "sc": "2025-06-01T08:00:00Z",
                    "tr": "260415000",
                    "tc": "Lab",
                    "co": "GB",
                }
            ],
        },
        {"ver": 1, "v": [{"tg": "840539006"}]},
        {"ver": 1, "ex": "yes"},
        ["not", "a", "map"],
    ],
    ids=["version", "antibody type", "vaccination fields", "exception mark", "not a map"],
)
def test_our_verifier_refuses_a_malformed_health_record(
    broken: Any, signer: DocumentSigner, trust: TrustList
) -> None:
    issued: IssuedCertificate = issue(
        CASES["tests, antibodies and vaccinations"][0], signer, at=NOW
    )
    claims = issued.claims
    forged = CwtClaims(
        dcc=claims.dcc,
        issuer=claims.issuer,
        issued_at=claims.issued_at,
        expires_at=claims.expires_at,
        extensions={HEALTH_CLAIM: broken},
    )
    result = verify_hc1(hc1.encode(forged, signer), trust, at=NOW + timedelta(minutes=1))
    assert result.signature_valid is True  # signed by us, yet not to be shown as facts
    assert result.schema_valid is False and not result.valid
    assert [p.failure for p in result.problems] == [Failure.SCHEMA]
    assert "consular health record claim is malformed" in (result.error or "")
