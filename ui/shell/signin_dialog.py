"""Sign-in: server address, user name, password; every failure said plainly."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.common.operations import ErrorRoute, Operation, Pools
from workstation import errors
from workstation.client import CentralClient

log = logging.getLogger(__name__)

LAST_SERVER = "signin/server"
LAST_USER = "signin/user"


class SignInDialog(QDialog):
    """Asks for credentials and signs in off the GUI thread; `client` is set on success."""

    def __init__(
        self,
        *,
        server_url: str,
        pools: Pools,
        errors_route: ErrorRoute,
        ca_bundle: Path | None = None,
        client_factory: Callable[[str], CentralClient] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to the central server"))
        self.setObjectName("signInDialog")
        self._pools = pools
        self._errors = errors_route
        self._make_client = client_factory or (lambda url: CentralClient(url, ca_bundle=ca_bundle))
        self.client: CentralClient | None = None

        settings = QSettings()
        self.server = QLineEdit(str(settings.value(LAST_SERVER, server_url)))
        self.server.setObjectName("server")
        self.user = QLineEdit(str(settings.value(LAST_USER, "")))
        self.user.setObjectName("user")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")

        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.server)
        form.addRow(self.tr("User name"), self.user)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._on_sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if self.user.text() else self.user).setFocus()
        self.resize(460, 0)

    def _on_sign_in(self) -> None:
        server, user = self.server.text().strip(), self.user.text().strip()
        password = self.password.text()
        if not server or not user or not password:
            self.message.setText(self.tr("Enter the server address, your user name and password."))
            return
        self.buttons.setEnabled(False)
        self.message.setStyleSheet("color: palette(text)")
        self.message.setText(self.tr("Signing in…"))

        def sign_in() -> CentralClient:
            client = self._make_client(server)
            client.login(user, password)
            return client

        (
            Operation(
                self, sign_in, pools=self._pools, errors=self._errors, title=self.tr("Sign in")
            )
            .on_success(self._on_signed_in)
            .on_failure(self._on_failed)
            .run_in_background()
        )

    def _on_signed_in(self, client: CentralClient) -> None:
        settings = QSettings()
        settings.setValue(LAST_SERVER, client.base_url)
        settings.setValue(LAST_USER, self.user.text().strip())
        self.password.clear()
        self.client = client
        self.accept()

    def _on_failed(self, error: Exception) -> bool:
        self.buttons.setEnabled(True)
        self.password.selectAll()
        self.message.setStyleSheet("color: #b3261e")
        self.message.setText(self.explain(error))
        return True

    def explain(self, error: Exception) -> str:
        if isinstance(error, errors.AuthenticationFailed):
            return self.tr("Wrong user name or password.")
        if isinstance(error, errors.RateLimited):
            return self.tr("Too many failed attempts. Wait a few minutes, then try again.")
        if isinstance(error, errors.TLSNotTrusted):
            return self.tr(
                "The server's certificate is not trusted. Check the address, or ask IT to "
                "install the mission's CA certificate."
            )
        if isinstance(error, errors.InsecureServerURL):
            return self.tr("Use an https:// address (plain http is allowed only on this computer).")
        if isinstance(error, errors.Unreachable):
            return self.tr("The server cannot be reached. Check the address and the network.")
        return self.tr("Sign-in failed: {0}").format(str(error))
