"""GUI test fixtures: offscreen Qt, isolated settings, the real reference server, real services.

Each test module gets its own reference server (a subprocess on loopback with a
fresh SQLite database and demo data); each test gets a fresh local store and a
signed-in `Services`. Nothing of our own is mocked.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

from server.harness import ReferenceServerProcess
from ui.common.operations import ErrorRoute, Pools
from ui.common.services import Services, open_services
from ui.shell.app import create_application
from ui.shell.i18n import install_language
from workstation.client import CentralClient
from workstation.config import Settings, load_settings
from workstation.store import Store

MISSION = "GBR-LON"
#: Enough cases that every demo fault appears in the London mission.
SEED = 120


@pytest.fixture(scope="session")
def qapp_cls() -> type[QApplication]:
    return QApplication


@pytest.fixture(scope="session", autouse=True)
def workstation_application(tmp_path_factory: pytest.TempPathFactory) -> QApplication:
    """The application as the program creates it (font, names), with settings in a temp folder."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        str(tmp_path_factory.mktemp("qsettings")),
    )
    return create_application(["consular-workstation-tests"])


@pytest.fixture(autouse=True)
def fresh_qsettings() -> Iterator[None]:
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def chinese(workstation_application: QApplication) -> Iterator[QApplication]:
    """The interface in Simplified Chinese for one test, English again after it."""
    assert install_language(workstation_application, "zh_CN")
    yield workstation_application
    install_language(workstation_application, "en")
    assert QCoreApplication.translate("MainWindow", "Sync now") == "Sync now"


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceServerProcess]:
    folder = tmp_path_factory.mktemp("central")
    server = ReferenceServerProcess(
        database_url=f"sqlite:///{folder / 'central.sqlite3'}", workdir=folder, seed=SEED
    ).start()
    yield server
    server.stop()


@pytest.fixture
def settings(tmp_path: Path, central: ReferenceServerProcess) -> Settings:
    return load_settings(
        file=tmp_path / "absent.toml",
        environ={},
        server_url=central.url,
        database_url=f"sqlite:///{tmp_path / 'workstation.sqlite3'}",
        data_dir=str(tmp_path),
    )


OpenServices = Callable[..., Services]


@pytest.fixture
def open_signed_in(settings: Settings, central: ReferenceServerProcess) -> Iterator[OpenServices]:
    """`open_signed_in(role="officer", username=None)` -> signed-in Services on a fresh store."""
    opened: list[tuple[Services, Store]] = []

    def open_for(role: str = "officer", username: str | None = None) -> Services:
        user = central.users[username] if username else central.user(role, MISSION)
        store = Store.open(settings.effective_database_url)
        client = CentralClient(central.url)
        client.login(user.username, user.password)
        services = open_services(
            settings=settings, store=store, client=client, pools=Pools(), errors=ErrorRoute()
        )
        opened.append((services, store))
        return services

    yield open_for
    for services, store in opened:
        services.close()
        store.close()
    assert QThreadPool.globalInstance().waitForDone(10_000), "a worker thread leaked"


# The inspector's fixtures (a shared sandboxed analyser, demo declarations, an inspector widget).
from tests.support.inspection import analyser, declarations, inspector, pools  # noqa: E402, F401
