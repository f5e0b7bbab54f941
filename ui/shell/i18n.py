"""Languages: English (source) and Simplified Chinese, chosen in settings and remembered."""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

import resources

log = logging.getLogger(__name__)

LANGUAGES: Final = {"en": "English", "zh_CN": "简体中文"}
SETTING: Final = "language"

_installed: list[QTranslator] = []


def saved_language() -> str:
    value = QSettings().value(SETTING, "")
    if isinstance(value, str) and value in LANGUAGES:
        return value
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def save_language(language: str) -> None:
    QSettings().setValue(SETTING, language)


def install_language(app: QCoreApplication, language: str) -> bool:
    """Load our catalog (and Qt's own, for standard dialogs). English needs none."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    # Qt's own formatting and our country names (ui.common.countries) follow the language.
    QLocale.setDefault(QLocale("en_GB" if language == "en" else language))
    if language == "en":
        return True
    ours = QTranslator(app)
    if not ours.load(str(resources.path("translations", f"consular_{language}.qm"))):
        log.warning("no translation catalog for %s; showing English", language)
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return True
