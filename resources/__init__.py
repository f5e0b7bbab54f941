"""Packaged resources: fonts, translations, icons, style sheet, demo policies."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """Absolute path of a packaged resource, e.g. `path("fonts", "wqy-microhei.ttc")`."""
    return ROOT.joinpath(*parts)
