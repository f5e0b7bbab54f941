"""`settings_sources.keys_dir()` finds the key store exactly where `load_settings()` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from workstation.config import SettingsError, load_settings
from workstation.settings_sources import keys_dir


@pytest.mark.parametrize(
    ("content", "environ"),
    [
        ("", {}),
        ('keys_dir = "/srv/mission/keys"\n', {}),
        ('data_dir = "/srv/workstation"\n', {}),
        ('data_dir = "/srv/workstation"\n', {"CW_KEYS_DIR": "/run/keys"}),
        ('keys_dir = "/srv/mission/keys"\n', {"CW_DATA_DIR": "/elsewhere"}),
        ("", {"CW_DATA_DIR": "/elsewhere"}),
    ],
)
def test_the_key_store_is_where_the_settings_say(
    tmp_path: Path, content: str, environ: dict[str, str]
) -> None:
    file = tmp_path / "settings.toml"
    file.write_text(content, encoding="utf-8")
    expected = load_settings(file=file, environ=environ).effective_keys_dir
    assert keys_dir(file=file, environ=environ) == expected


def test_an_unreadable_settings_file_is_said_plainly(tmp_path: Path) -> None:
    file = tmp_path / "settings.toml"
    file.write_text("keys_dir = [1, 2]\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="keys_dir"):
        keys_dir(file=file, environ={})
    file.write_text("not = toml = at all\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="cannot read settings file"):
        keys_dir(file=file, environ={})
