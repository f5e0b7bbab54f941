"""Sign-in: server address, user name, password; every failure said plainly.

After a sign-out or an ended session the dialog comes back with the same server and user
name, and says why. The demo lists its users (passwords random for the run) to pick from.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from server.harness import DemoUser
from ui.common.labels import role_label
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
        same_server: str | None = None,
        username: str | None = None,
        notice: str = "",
        demo_users: Sequence[DemoUser] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to the central server"))
        self.setObjectName("signInDialog")
        self._pools = pools
        self._errors = errors_route
        self._make_client = client_factory or (lambda url: CentralClient(url, ca_bundle=ca_bundle))
        self.client: CentralClient | None = None
        self._remember = not demo_users  # a demo's loopback server is gone after the run

        settings = QSettings()
        # After a session, its server; else the one last signed in to, else the configured one.
        self.server = QLineEdit(same_server or str(settings.value(LAST_SERVER, server_url)))
        self.server.setObjectName("server")
        self.user = QLineEdit(str(settings.value(LAST_USER, "")) if username is None else username)
        self.user.setObjectName("user")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        #: Why the dialog is back (signed out, the session ended), above the form.
        self.notice = QLabel(notice)
        self.notice.setObjectName("signInNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0c36b; border-radius: 3px; padding: 6px"
        )
        self.notice.setVisible(bool(notice))
        self.demo_users = self._demo_user_list(demo_users)

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
        layout.addWidget(self.notice)
        if self.demo_users is not None:
            layout.addWidget(QLabel(self.tr("Demo users (passwords are random for this run):")))
            layout.addWidget(self.demo_users)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if self.user.text() else self.user).setFocus()
        width = 520 if demo_users else 460
        # The wrapped notice needs the height it has at this width, not at its narrowest.
        self.resize(width, max(self.minimumSizeHint().height(), self.heightForWidth(width)))

    def _demo_user_list(self, demo_users: Sequence[DemoUser]) -> QListWidget | None:
        """The demo's users, one line each; choosing one fills in the name and password."""
        if not demo_users:
            return None
        listing = QListWidget()
        listing.setObjectName("demoUsers")
        for demo_user in demo_users:
            item = QListWidgetItem(
                self.tr("{0} ({1}): {2}").format(
                    role_label(demo_user.role), demo_user.mission, demo_user.username
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, demo_user)
            listing.addItem(item)
            if demo_user.username == self.user.text():
                listing.setCurrentItem(item)
                self.password.setText(demo_user.password)
        # Every demo user in view (a mission has five), no scrolling.
        rows = min(len(demo_users), 8)
        listing.setFixedHeight(listing.sizeHintForRow(0) * rows + 2 * listing.frameWidth() + 4)
        listing.currentItemChanged.connect(self._on_demo_user_chosen)
        listing.itemDoubleClicked.connect(lambda _item: self._on_sign_in())
        return listing

    def _on_demo_user_chosen(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        demo_user: DemoUser = item.data(Qt.ItemDataRole.UserRole)
        self.user.setText(demo_user.username)
        self.password.setText(demo_user.password)

    def _on_sign_in(self) -> None:
        if not self.buttons.isEnabled():
            return  # already signing in (a double-click on a demo user)
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
        if self._remember:
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
