"""The QApplication: names, font, translations and style, set up once at start."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

import resources
from ui.shell.i18n import install_language, saved_language

log = logging.getLogger(__name__)

ORGANISATION = "Consular Workstation"
APPLICATION = "consular-workstation"


def _register_cjk_font(app: QApplication) -> None:
    # Chinese names must render even where the system has no CJK font.
    font_id = QFontDatabase.addApplicationFont(str(resources.path("fonts", "wqy-microhei.ttc")))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("the packaged CJK font could not be loaded; Chinese may not render")
        return
    font = QFont(app.font())
    font.setFamilies([app.font().family(), families[0]])
    app.setFont(font)


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv if argv is not None else sys.argv))
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    _register_cjk_font(app)
    install_language(app, saved_language())
    # Set after the language: the display name is shown in every window title.
    app.setApplicationDisplayName(QCoreApplication.translate("Application", "Consular Workstation"))
    style = resources.path("style", "workstation.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app
