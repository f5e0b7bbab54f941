"""Workstation settings: a typed, versioned schema read from a TOML file and the environment.

Precedence, lowest first: built-in defaults, the TOML file, `CW_*` environment
variables. The file lives in the platform's user config directory
(`settings.toml`), or wherever `CW_CONFIG` points. Secrets (passwords, tokens,
key passphrases) are never settings: they are asked for, or read from the
environment by the command that needs them, and never written to disk.
Reading the file and the environment is `workstation.settings_sources` (no pydantic).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from workstation.settings_sources import (
    APP_NAME,
    ENVIRONMENT,
    MIGRATIONS,
    SCHEMA_VERSION,
    SettingsError,
    config_file,
    default_data_dir,
    raw_settings,
)

__all__ = [
    "APP_NAME",
    "ENVIRONMENT",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Settings",
    "SettingsError",
    "config_file",
    "load_settings",
]

log = logging.getLogger(__name__)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = SCHEMA_VERSION
    #: The central server. Plain http is accepted only for a loopback address.
    server_url: str = "http://127.0.0.1:8740"
    #: Any SQLAlchemy URL; empty means SQLite in `data_dir`.
    database_url: str = ""
    #: Extra CA bundle (PEM) for a central server with a private CA. TLS verification stays on.
    ca_bundle: Path | None = None
    #: The mission's review policy (TOML); empty means the packaged demo policy of the mission.
    policy_file: Path | None = None
    #: Where the mission's encrypted signing keys and certificates live.
    keys_dir: Path | None = None
    data_dir: Path = Field(default_factory=default_data_dir)
    request_timeout_s: float = Field(default=15.0, gt=0, le=300)
    sync_page_size: int = Field(default=1000, ge=10, le=5000)
    #: Days a decided case's personal data and documents stay on this workstation.
    retention_days: int = Field(default=30, ge=0, le=3650)
    #: Ids of the server's audit checkpoint keys, handed to auditors out of band (the server
    #: logs its id at start). Set, only these keys are trusted; empty, the keys the server
    #: serves are trusted when first seen.
    audit_key_ids: tuple[str, ...] = ()

    @field_validator("server_url")
    @classmethod
    def _http_or_https(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL with a host, e.g. https://central.example")
        return value.rstrip("/")

    @field_validator("audit_key_ids", mode="before")
    @classmethod
    def _key_id_list(cls, value: Any) -> Any:
        if isinstance(value, str):  # from the environment: comma-separated
            return tuple(part.strip().lower() for part in value.split(",") if part.strip())
        return value

    @field_validator("audit_key_ids")
    @classmethod
    def _key_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for key_id in value:
            if len(key_id) != 16 or any(c not in "0123456789abcdef" for c in key_id):
                raise ValueError(f"{key_id!r} is not a key id (16 hex digits)")
        return value

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'workstation.sqlite3'}"

    @property
    def effective_keys_dir(self) -> Path:
        return self.keys_dir or self.data_dir / "keys"


def load_settings(
    *, file: Path | None = None, environ: Mapping[str, str] | None = None, **overrides: Any
) -> Settings:
    """Defaults, then the TOML file (if it exists), then the environment, then `overrides`."""
    file, raw = raw_settings(file=file, environ=environ, **overrides)
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise SettingsError(f"invalid settings ({file}): {problems}") from exc
