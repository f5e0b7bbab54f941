"""Country names follow the interface language; unknown codes stay marked as unknown."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ui.common.countries import country_label, country_name


def test_in_english_the_value_set_names_the_country(qapp: QApplication) -> None:
    assert country_name("GB").startswith("United Kingdom")
    assert country_label("CN") == "CN (China)"


def test_in_chinese_the_country_is_named_in_chinese(chinese: QApplication) -> None:
    assert country_name("GB") == "英国"
    assert country_name("DE") == "德国"
    assert country_label("CN") == "CN (中国)"


def test_an_unknown_code_says_so_in_either_language(chinese: QApplication) -> None:
    assert "not in the" in country_name("QQ")
