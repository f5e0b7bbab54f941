"""Pictures of widgets for people to look at (`artifacts/` is not committed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def save_screenshot(widget: QWidget, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path
