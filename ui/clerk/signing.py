"""The mission's signing key for this session: unlocked once, held in memory only.

A clerk types the key passphrase once per session in `PassphraseDialog`; the
passphrase is used to decrypt the key (off the GUI thread, the KDF takes a
tenth of a second) and then dropped. It is never stored, logged or shown. The
demo creates throw-away keys with a random passphrase and hands the unlocked
signer over, so a demo clerk prints without typing anything.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from printing.keys import DocumentSigner, KeyStore, KeyStoreError, WrongPassphrase
from printing.trustlist import kid_text
from ui.common.operations import ErrorRoute, Operation, Pools

log = logging.getLogger(__name__)


class SigningSession(QObject):
    """The key store and, once unlocked, the document signer of this session."""

    unlocked = Signal()

    def __init__(
        self,
        key_store: KeyStore,
        *,
        signer: DocumentSigner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.key_store = key_store
        self._signer = signer

    def signer(self, at: datetime | None = None) -> DocumentSigner | None:
        """The unlocked signer if its certificate is valid at `at` (default now), else None."""
        if self._signer is None:
            return None
        at = at or datetime.now(UTC)
        certificate = self._signer.certificate
        if not certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc:
            return None  # expired during a long session: unlock the newer key
        return self._signer

    def adopt(self, signer: DocumentSigner) -> None:
        self._signer = signer
        log.info("signing key %s unlocked for this session", kid_text(signer.kid))
        self.unlocked.emit()

    def lock(self) -> None:
        self._signer = None

    def problem(self) -> str | None:
        """Why no passphrase can help (no valid signer certificate), in English, or None."""
        try:
            self.key_store.current()
        except KeyStoreError as exc:
            return str(exc)
        return None


class PassphraseDialog(QDialog):
    """Asks for the key passphrase and unlocks the key; a wrong one is said so, plainly."""

    def __init__(
        self,
        session: SigningSession,
        *,
        pools: Pools,
        errors: ErrorRoute,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(self.tr("Unlock the signing key"))
        self._session = session
        self._pools = pools
        self._errors = errors
        explanation = QLabel(
            self.tr(
                "Certificates are signed with the mission's signing key. Enter its passphrase "
                "once for this session; it is not stored."
            )
        )
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphraseField")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Key passphrase"))
        self.problem = QLabel()
        self.problem.setObjectName("passphraseProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Unlock"))
        self.buttons.accepted.connect(self._on_unlock)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.adjustSize()  # room for the wrapped explanation

    def _on_unlock(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_problem(self.tr("Enter the passphrase."))
            return
        self._set_busy(True)
        key_store = self._session.key_store
        (
            Operation(
                self,
                lambda: key_store.signer(passphrase),
                pools=self._pools,
                errors=self._errors,
                title=self.tr("Unlock the signing key"),
            )
            .on_success(self._on_unlocked)
            .on_failure(self._on_failed)
            .run_in_background()
        )

    def _on_unlocked(self, signer: DocumentSigner) -> None:
        self.passphrase.clear()
        self._session.adopt(signer)
        self.accept()

    def _on_failed(self, error: Exception) -> bool:
        self._set_busy(False)
        self.passphrase.clear()
        if not isinstance(error, KeyStoreError):
            return False
        if isinstance(error, WrongPassphrase):
            self._show_problem(self.tr("The passphrase is wrong. Try again."))
        else:
            self._show_problem(self.tr("The signing key cannot be used: {0}").format(str(error)))
        return True

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.adjustSize()
        self.passphrase.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.passphrase.setEnabled(not busy)
        self.buttons.setEnabled(not busy)


def with_signer(
    session: SigningSession,
    then: Callable[[DocumentSigner], None],
    *,
    pools: Pools,
    errors: ErrorRoute,
    parent: QWidget,
) -> None:
    """Call `then` with the unlocked signer, asking for the passphrase first if needed."""
    signer = session.signer()
    if signer is not None:
        then(signer)
        return
    problem = session.problem()
    if problem is not None:
        title = QCoreApplication.translate("SigningSession", "No signing key")
        errors.report(title, KeyStoreError(problem))
        return
    dialog = PassphraseDialog(session, pools=pools, errors=errors, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def unlocked() -> None:
        signer = session.signer()
        if signer is not None:
            then(signer)

    dialog.accepted.connect(unlocked)
    dialog.open()


def demo_keys_dir(folder: Path) -> Path:
    """A key folder in the demo folder no earlier demo run used (their passphrases are gone)."""
    candidate, number = folder / "keys", 1
    while candidate.exists():
        number += 1
        candidate = folder / f"keys-{number}"
    return candidate


def create_demo_signer(directory: Path, *, mission: str) -> DocumentSigner:
    """Demo keys under a random passphrase that only this process ever holds."""
    passphrase = secrets.token_urlsafe(32)
    store = KeyStore(directory)
    store.init_demo(mission=mission, passphrase=passphrase)
    return store.signer(passphrase)
