"""The verify dialog's report speaks the interface language; the data stays as signed."""

from __future__ import annotations

import copy

from cryptography.hazmat.primitives.asymmetric import ec
from PySide6.QtWidgets import QApplication

from printing.report import WORDS
from printing.trustlist import TrustList, kid_of
from printing.verification import verify_hc1
from tests.corpus.verify_hostile import signed_hc1
from tests.interop.test_foreign_signers import DCC, NOW, _foreign_signer
from ui.clerk.verify_dialog import VerifyReport, report_words


def _report(name: str) -> VerifyReport:
    key, dsc = _foreign_signer(ec.SECP256R1())
    dcc = copy.deepcopy(DCC)
    dcc["nam"]["fn"] = name
    claims = {1: "AT", 6: int(NOW.timestamp()) - 3600, 4: int(NOW.timestamp()) + 86400}
    claims[-260] = {1: dcc}
    code = signed_hc1(claims, key, kid_of(dsc))
    result = verify_hc1(code, TrustList.from_certificates([dsc]), at=NOW, source="pasted text")
    return VerifyReport(results=(result,), revocations_checked=False)


def test_the_dialog_lists_every_word_of_the_report() -> None:
    assert tuple(report_words()) == WORDS


def test_the_report_in_the_dialog_is_in_chinese(chinese: QApplication) -> None:
    text = _report("Musterfrau\u202eX").text()

    assert text.splitlines()[0] == "pasted text: 有效"
    assert "  姓名" in text and "各项检查" in text
    assert "签名 通过" in text and "吊销 无名单" in text
    assert "Musterfrau\\u202eX" in text  # the data as signed, escaped
    assert "\u202e" not in text


def test_the_report_is_english_without_a_translation() -> None:
    assert _report("Musterfrau").text().splitlines()[0] == "pasted text: VALID"
