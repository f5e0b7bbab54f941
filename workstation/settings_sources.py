"""Where the workstation's settings come from: defaults, the TOML file, the environment.

`workstation.config` validates what is read here into its typed `Settings`. This
module needs no pydantic, so a command that wants one path setting and must start
fast (`verify`, which looks for the mission's key store) reads it with `keys_dir()`
instead of building the whole `Settings`: pydantic alone would cost it more than the
certificate's check. For the same reason platformdirs and the TOML parser are imported
only when a default folder is needed or a settings file exists (a few milliseconds each).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

log = logging.getLogger(__name__)

APP_NAME: Final = "consular-workstation"
SCHEMA_VERSION: Final = 1

#: Environment variable -> setting name.
ENVIRONMENT: Final[dict[str, str]] = {
    "CW_SERVER_URL": "server_url",
    "CW_DATABASE_URL": "database_url",
    "CW_CA_BUNDLE": "ca_bundle",
    "CW_POLICY_FILE": "policy_file",
    "CW_KEYS_DIR": "keys_dir",
    "CW_DATA_DIR": "data_dir",
    "CW_RETENTION_DAYS": "retention_days",
    "CW_AUDIT_KEY_IDS": "audit_key_ids",
}

#: Upgrades of older settings files: version N -> function producing version N + 1.
MIGRATIONS: Final[dict[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {}


class SettingsError(ValueError):
    """The settings file or environment holds something unusable; the message says what."""


def config_file() -> Path:
    explicit = os.environ.get("CW_CONFIG")
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME)) / "settings.toml"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME))


def _migrate(raw: dict[str, Any]) -> dict[str, Any]:
    version = int(raw.get("schema_version", SCHEMA_VERSION))
    if version > SCHEMA_VERSION:
        raise SettingsError(
            f"settings schema version {version} is newer than this program understands "
            f"({SCHEMA_VERSION}); upgrade the program"
        )
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
        raw["schema_version"] = version
    return raw


def raw_settings(
    *, file: Path | None = None, environ: Mapping[str, str] | None = None, **overrides: Any
) -> tuple[Path, dict[str, Any]]:
    """(the file read, its values): the TOML file (if it exists), then the environment, then
    `overrides`, not yet validated. Raises `SettingsError` for a file that cannot be read."""
    environ = os.environ if environ is None else environ
    file = file or config_file()
    raw: dict[str, Any] = {}
    if file.exists():
        import tomllib

        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"cannot read settings file {file}: {exc}") from exc
        raw = _migrate(raw)
    for variable, name in ENVIRONMENT.items():
        if environ.get(variable):
            raw[name] = environ[variable]
    raw.update({k: v for k, v in overrides.items() if v is not None})
    return file, raw


def keys_dir(*, file: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """`load_settings(...).effective_keys_dir`, without validating the other settings."""
    path, raw = raw_settings(file=file, environ=environ)
    for name in ("keys_dir", "data_dir"):
        if not isinstance(raw.get(name, ""), str):
            raise SettingsError(f"invalid settings ({path}): {name}: must be a path (text)")
    if "keys_dir" in raw:
        return Path(raw["keys_dir"])
    return (Path(raw["data_dir"]) if "data_dir" in raw else default_data_dir()) / "keys"
