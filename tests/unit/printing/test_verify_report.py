"""What the verifier says: each check on its own, untrusted data marked, hostile text escaped."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from printing.codes import RESULT_DETECTED
from printing.report import WORDS, describe
from printing.report_language import language_from_locale, report_words
from printing.safe_text import escaped
from printing.trustlist import TrustList, kid_of
from printing.verification import VerificationResult, verify_hc1
from tests.corpus.verify_hostile import signed_hc1
from tests.interop.test_foreign_signers import DCC, NOW, _foreign_signer

TEST_DCC: dict[str, Any] = {
    "ver": "1.3.0",
    "nam": {"fn": "Lindqvist", "fnt": "LINDQVIST", "gn": "Anna", "gnt": "ANNA"},
    "dob": "1990-05-17",
    "t": [
        {
            "tg": "840539006",
            "tt": "LP6464-4",
            "sc": "2026-02-28T10:00:00Z",
            "tr": RESULT_DETECTED,
            "tc": "Central Test Laboratory",
            "co": "GB",
            "is": "Ministry",
            "ci": "URN:UVCI:01:GB:REPORT#1",
        }
    ],
}


@pytest.fixture(scope="module")
def foreign() -> tuple[ec.EllipticCurvePrivateKey, TrustList, bytes]:
    key, dsc = _foreign_signer(ec.SECP256R1())
    return key, TrustList.from_certificates([dsc]), kid_of(dsc)


def _verified(
    foreign: tuple[ec.EllipticCurvePrivateKey, TrustList, bytes],
    dcc: dict[str, Any],
    *,
    expires: datetime = NOW + timedelta(days=30),
    trust: TrustList | None = None,
) -> VerificationResult:
    key, trusted, kid = foreign
    claims = {1: "AT", 6: int((NOW - timedelta(days=1)).timestamp()), 4: int(expires.timestamp())}
    claims[-260] = {1: dcc}
    return verify_hc1(signed_hc1(claims, key, kid), trust or trusted, at=NOW)


def test_each_check_is_reported_on_its_own(foreign: Any) -> None:
    text = describe(_verified(foreign, DCC))

    assert text.splitlines()[0].endswith(": VALID")
    assert (
        "signature ok, expiry ok, key usage ok, schema ok, revocation no list, value sets ok"
    ) in text


def test_an_expired_code_says_the_signature_is_valid_but_it_expired(foreign: Any) -> None:
    result = _verified(foreign, DCC, expires=NOW - timedelta(hours=1))

    text = describe(result)

    assert result.signature_valid is True and result.expiry_ok is False
    assert "NOT VALID: signature valid, but " in text.splitlines()[0]
    assert "expiry FAILED" in text
    assert "UNTRUSTED DATA" not in text


def test_data_of_a_code_whose_signature_fails_is_shown_only_as_untrusted(foreign: Any) -> None:
    _, stranger = _foreign_signer(ec.SECP256R1())
    result = _verified(foreign, DCC, trust=TrustList.from_certificates([stranger]))

    lines = describe(result).splitlines()

    assert lines[0].endswith("NOT VALID: the signature is not valid or not trusted")
    assert lines[1].startswith("  UNTRUSTED DATA")
    assert lines.index(lines[1]) < next(i for i, line in enumerate(lines) if "Musterfrau" in line)


def test_a_detected_result_is_flagged(foreign: Any) -> None:
    text = describe(_verified(foreign, TEST_DCC))

    assert "DETECTED (POSITIVE)" in next(line for line in text.splitlines() if "Result" in line)


def test_codes_outside_the_value_sets_are_a_business_rule_not_a_schema_failure(
    foreign: Any,
) -> None:
    dcc = copy.deepcopy(DCC)
    dcc["v"][0]["tg"] = "XX"

    result = _verified(foreign, dcc)

    assert result.schema_valid is True
    assert result.value_sets_ok is False
    assert result.value_set_problems == ("v[0].tg 'XX' is not in the disease-agent-targeted list",)
    assert "schema ok" in describe(result) and "value sets FAILED" in describe(result)
    assert result.to_json()["value_sets_ok"] is False


def test_hostile_text_in_any_field_is_escaped(foreign: Any) -> None:
    dcc = copy.deepcopy(DCC)
    dcc["nam"]["gn"] = "Anna\x1b[2J\u202e\r\nFAKE"
    dcc["v"][0]["is"] = "\x9b31m"  # C1 control sequence introducer

    text = describe(_verified(foreign, dcc), details=True)

    assert not any(c in text for c in ("\x1b", "\u202e", "\r", "\x9b"))
    assert "Anna\\x1b[2J\\u202e\\x0d\\x0aFAKE" in text
    assert "\\x9b31m" in text


def test_escaped_keeps_ordinary_names_and_never_fails() -> None:
    assert escaped("Zoë Müller-Łukasz 王小明") == "Zoë Müller-Łukasz 王小明"
    assert escaped(10**5000) == "(a int too large to show)"
    assert escaped("\u2066x\u2069") == "\\u2066x\\u2069"


def test_a_huge_integer_in_any_field_makes_the_code_unreadable(foreign: Any) -> None:
    dcc = copy.deepcopy(DCC)
    dcc["v"][0]["dn"] = -(10**5000)

    result = _verified(foreign, dcc)

    assert result.unreadable
    assert "too large" in (result.error or "")
    assert describe(result).splitlines()[0].endswith(": CANNOT BE READ")


def test_the_command_line_report_follows_the_language(foreign: Any) -> None:
    result = _verified(foreign, DCC)

    chinese = describe(result, words=report_words("zh_CN"))

    assert chinese.splitlines()[0].endswith(": 有效")
    assert "  姓名" in chinese and "签名 通过" in chinese
    assert describe(result, words=report_words("en")) == describe(result)
    assert not [word for word in WORDS if report_words("zh_CN")(word) == word]  # all translated


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_TW"}, "zh_CN"),
        ({"LANG": "C"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_comes_from_the_locale(environ: dict[str, str], language: str) -> None:
    assert language_from_locale(environ) == language


def test_a_payload_of_another_major_schema_version_fails_the_schema_check(foreign: Any) -> None:
    dcc = copy.deepcopy(DCC)
    dcc["ver"] = "2.0.0"

    result = _verified(foreign, dcc)

    assert result.signature_valid is True and result.schema_valid is False
    assert "it declares schema version '2.0.0'" in (result.error or "")
