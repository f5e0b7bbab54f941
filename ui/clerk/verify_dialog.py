"""Verify a certificate: open a PDF, a scan or photo, or paste the HC1 text; see the result.

The same verification as `consular-workstation verify` (`printing.verify`),
off the GUI thread, against this mission's trust list (the signer certificates
in the key store) and, when the server answers, its revocation list. The result
is the CLI's plain-words report, shown as plain text. Pasted text is only ever
treated as a code, never as a file name.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from printing.hc1 import MAX_HC1_CHARS
from printing.keys import KeyStore, KeyStoreError
from printing.report import describe
from printing.revocation import RevocationIndex
from printing.safe_text import escaped
from printing.verification import VerificationResult, verify_hc1
from printing.verify import verify
from ui.common.operations import Operation
from ui.common.services import Services
from workstation import errors
from workstation.domain import Permission, Role, can

log = logging.getLogger(__name__)


class VerifyError(Exception):
    """Verification cannot start (no trust list); the message says why."""


@dataclass(frozen=True)
class VerifyReport:
    results: tuple[VerificationResult, ...]
    revocations_checked: bool
    revocation_problem: str = ""

    @property
    def valid(self) -> bool:
        return bool(self.results) and all(r.valid for r in self.results)

    @property
    def unreadable(self) -> bool:
        return any(r.unreadable for r in self.results)

    def text(self) -> str:
        words = report_words()
        return "\n\n".join(
            describe(result, words=lambda text: words.get(text, text)) for result in self.results
        )


def report_words() -> dict[str, str]:
    """The report's fixed words (`printing.report.WORDS`) in the interface language."""
    return {
        "VALID": QCoreApplication.translate("VerifyReport", "VALID"),
        "CANNOT BE READ": QCoreApplication.translate("VerifyReport", "CANNOT BE READ"),
        "NOT VALID: signature valid, but": QCoreApplication.translate(
            "VerifyReport", "NOT VALID: signature valid, but"
        ),
        "NOT VALID: the signature is not valid or not trusted": QCoreApplication.translate(
            "VerifyReport", "NOT VALID: the signature is not valid or not trusted"
        ),
        "UNTRUSTED DATA (no valid signature: "
        "anyone could have written this):": QCoreApplication.translate(
            "VerifyReport", "UNTRUSTED DATA (no valid signature: anyone could have written this):"
        ),
        "Business rule, codes not in the EU value sets:": QCoreApplication.translate(
            "VerifyReport", "Business rule, codes not in the EU value sets:"
        ),
        "Why:": QCoreApplication.translate("VerifyReport", "Why:"),
        "Why it is not valid:": QCoreApplication.translate("VerifyReport", "Why it is not valid:"),
        "DETECTED (POSITIVE)": QCoreApplication.translate("VerifyReport", "DETECTED (POSITIVE)"),
        "signature": QCoreApplication.translate("VerifyReport", "signature"),
        "expiry": QCoreApplication.translate("VerifyReport", "expiry"),
        "key usage": QCoreApplication.translate("VerifyReport", "key usage"),
        "schema": QCoreApplication.translate("VerifyReport", "schema"),
        "revocation": QCoreApplication.translate("VerifyReport", "revocation"),
        "value sets": QCoreApplication.translate("VerifyReport", "value sets"),
        "ok": QCoreApplication.translate("VerifyReport", "ok"),
        "FAILED": QCoreApplication.translate("VerifyReport", "FAILED"),
        "not checked": QCoreApplication.translate("VerifyReport", "not checked"),
        "no list": QCoreApplication.translate("VerifyReport", "no list"),
        "Name": QCoreApplication.translate("VerifyReport", "Name"),
        "Date of birth": QCoreApplication.translate("VerifyReport", "Date of birth"),
        "Valid": QCoreApplication.translate("VerifyReport", "Valid"),
        "Checks": QCoreApplication.translate("VerifyReport", "Checks"),
        "IgM antibody": QCoreApplication.translate("VerifyReport", "IgM antibody"),
        "Issued by": QCoreApplication.translate("VerifyReport", "Issued by"),
        "Certificate ID": QCoreApplication.translate("VerifyReport", "Certificate ID"),
        "Signing key": QCoreApplication.translate("VerifyReport", "Signing key"),
        "Manufacturer": QCoreApplication.translate("VerifyReport", "Manufacturer"),
        "Country": QCoreApplication.translate("VerifyReport", "Country"),
        "Issuance": QCoreApplication.translate("VerifyReport", "Issuance"),
        "Test": QCoreApplication.translate("VerifyReport", "Test"),
        "Result": QCoreApplication.translate("VerifyReport", "Result"),
        "Sample taken": QCoreApplication.translate("VerifyReport", "Sample taken"),
        "Test device": QCoreApplication.translate("VerifyReport", "Test device"),
        "Test name": QCoreApplication.translate("VerifyReport", "Test name"),
        "Test centre": QCoreApplication.translate("VerifyReport", "Test centre"),
        "Vaccination": QCoreApplication.translate("VerifyReport", "Vaccination"),
        "Dose": QCoreApplication.translate("VerifyReport", "Dose"),
        "Recovery": QCoreApplication.translate("VerifyReport", "Recovery"),
        "Recovery valid": QCoreApplication.translate("VerifyReport", "Recovery valid"),
        "First positive": QCoreApplication.translate("VerifyReport", "First positive"),
        "CAUTION, LISTS NOT SIGNED (--allow-unsigned-lists):": QCoreApplication.translate(
            "VerifyReport", "CAUTION, LISTS NOT SIGNED (--allow-unsigned-lists):"
        ),
    }


def may_verify(role: Role) -> bool:
    """Clerks, officers and supervisors verify certificates; auditors read the log."""
    return can(role, Permission.PRINT) or can(role, Permission.DECIDE)


def run_verification(services: Services, *, files: Sequence[Path], code: str) -> VerifyReport:
    """Verify the files and the pasted code (worker thread)."""
    try:
        trust = KeyStore(services.settings.effective_keys_dir).trust_list()
    except KeyStoreError as exc:
        raise VerifyError(
            QCoreApplication.translate("VerifyDialog", "the trust list cannot be read: {0}").format(
                exc
            )
        ) from None
    if not len(trust):
        raise VerifyError(
            QCoreApplication.translate(
                "VerifyDialog",
                "this workstation has no trust list: there are no signer certificates in {0}",
            ).format(services.settings.effective_keys_dir)
        )
    revocation_problem = ""
    try:
        revocations = services.client.revocations()
    except errors.CentralError as exc:
        revocations = None
        revocation_problem = str(exc)
    results = verify(list(files), trust, revocations=revocations) if files else []
    if code:
        index = RevocationIndex(revocations) if revocations is not None else None
        results.append(verify_hc1(code, trust, revocations=index, source="pasted text"))
    return VerifyReport(
        results=tuple(results),
        revocations_checked=revocations is not None,
        revocation_problem=revocation_problem,
    )


class VerifyDialog(QDialog):
    verified = Signal(object)  # VerifyReport, once shown

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyDialog")
        self.setWindowTitle(self.tr("Verify a certificate"))
        self._services = services
        self.files: list[Path] = []

        self.open_button = QPushButton(self.tr("Open PDF or picture…"))
        self.open_button.setObjectName("openCertificateButton")
        self.open_button.clicked.connect(self._on_open)
        self.file_label = QLabel(self.tr("No file chosen."))
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code = QPlainTextEdit()
        self.code.setObjectName("hc1Field")
        self.code.setPlaceholderText(
            self.tr("…or paste the code's text here (it starts with HC1:)")
        )
        self.code.setMaximumHeight(90)
        self.verify_button = QPushButton(self.tr("Verify"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setDefault(True)
        self.verify_button.clicked.connect(self.start)
        self.verdict = QLabel()
        self.verdict.setObjectName("verifyVerdict")
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        self.report_view = QPlainTextEdit()
        self.report_view.setObjectName("verifyResult")
        self.report_view.setReadOnly(True)
        self.report_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        chooser = QHBoxLayout()
        chooser.addWidget(self.open_button)
        chooser.addWidget(self.file_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(self.code)
        layout.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.verdict)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(close)
        self.resize(720, 560)

    def choose_files(self, files: Sequence[Path]) -> None:
        self.files = list(files)
        # A file's name is the sender's choice too: no bidi override reorders it.
        names = ", ".join(escaped(path.name) for path in self.files)
        self.file_label.setText(names or self.tr("No file chosen."))

    def _on_open(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Open certificates"),
            "",
            self.tr("Certificates (*.pdf *.png *.jpg *.jpeg);;All files (*)"),
        )
        if names:
            self.choose_files([Path(name) for name in names])

    def start(self) -> None:
        code = self.code.toPlainText().strip()
        if not self.files and not code:
            self._show_verdict(self.tr("Open a file or paste a code first."), None)
            return
        if len(code) > MAX_HC1_CHARS:
            self._show_verdict(
                self.tr("The pasted text is too long to be a certificate code."), False
            )
            return
        files, services = list(self.files), self._services
        self.verify_button.setEnabled(False)
        self._show_verdict(self.tr("Verifying…"), None)
        self.report_view.clear()
        (
            Operation(
                self,
                lambda: run_verification(services, files=files, code=code),
                pools=services.pools,
                errors=services.errors,
                title=self.tr("Verify a certificate"),
            )
            .on_success(self._on_verified)
            .on_failure(self._on_failed)
            .run_in_background()
        )

    def _on_verified(self, report: VerifyReport) -> None:
        self.verify_button.setEnabled(True)
        if report.valid and report.revocations_checked:
            verdict = self.tr("Valid: signed by this mission's key, not expired, not revoked.")
        elif report.valid:
            verdict = self.tr("Valid: signed by this mission's key, not expired.")
        elif report.unreadable:
            verdict = self.tr("Not verified: a file or code cannot be read.")
        else:
            verdict = self.tr("NOT VALID: see why below.")
        if not report.revocations_checked:
            verdict += "\n" + self.tr(
                "The revocation list could not be fetched from the server, so a revoked "
                "certificate would not be recognised ({0})."
            ).format(report.revocation_problem)
        self._show_verdict(verdict, report.valid)
        self.report_view.setPlainText(report.text())
        self.verified.emit(report)

    def _on_failed(self, error: Exception) -> bool:
        self.verify_button.setEnabled(True)
        if isinstance(error, VerifyError):
            self._show_verdict(self.tr("Cannot verify: {0}").format(str(error)), False)
            return True
        return False

    def _show_verdict(self, text: str, valid: bool | None) -> None:
        colour = {True: "#1b7f3b", False: "#b3261e", None: "#333333"}[valid]
        self.verdict.setStyleSheet(f"font-weight: bold; color: {colour}")
        self.verdict.setText(text)


def verify_action(parent: QWidget, services: Services) -> QAction:
    """The "Verify a certificate…" action, opening a fresh dialog each time."""
    action = QAction(QCoreApplication.translate("VerifyDialog", "Verify a certificate…"), parent)
    action.setObjectName("verifyAction")

    def open_dialog() -> None:
        dialog = VerifyDialog(services, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action.triggered.connect(open_dialog)
    return action
