from __future__ import annotations

from pathlib import Path

import pytest

from workstation.config import SettingsError, load_settings
from workstation.text import fold


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("  Zoë  MÜLLER ", "zoe muller"),
        ("Łukasz Groß", "lukasz gross"),
        ("Søren Ærø", "soren aero"),
        ("José-María", "jose-maria"),
        ("张 伟", "张 伟"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_settings_precedence(tmp_path: Path) -> None:
    file = tmp_path / "settings.toml"
    file.write_text('server_url = "https://central.example"\nretention_days = 10\n')
    settings = load_settings(file=file, environ={"CW_RETENTION_DAYS": "5"})
    assert settings.server_url == "https://central.example"
    assert settings.retention_days == 5
    assert load_settings(file=file, environ={}, retention_days=3).retention_days == 3


def test_default_database_is_sqlite_in_data_dir(tmp_path: Path) -> None:
    settings = load_settings(file=tmp_path / "absent.toml", environ={"CW_DATA_DIR": str(tmp_path)})
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'workstation.sqlite3'}"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('server_url = "ftp://x"\n', "server_url"),
        ("retention_days = -1\n", "retention_days"),
        ("not toml = = \n", "cannot read"),
        ("schema_version = 99\n", "newer"),
        ('unknown_key = "x"\n', "unknown_key"),
    ],
)
def test_bad_settings_are_explained(tmp_path: Path, content: str, fragment: str) -> None:
    file = tmp_path / "settings.toml"
    file.write_text(content)
    with pytest.raises(SettingsError, match=fragment):
        load_settings(file=file, environ={})
