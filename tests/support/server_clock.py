"""Moving the reference server's clock from a test (`serve --test-clock-file`).

Tests about expiry (tokens, lockouts, claims, checkpoint periods) start the
server with `clock.serve_args` and call `clock.advance(...)` instead of sleeping.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path


class MovableServerClock:
    """Writes the server's clock offset (seconds) into a file the server reads at every "now"."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = timedelta(0)
        self._write()

    @property
    def serve_args(self) -> list[str]:
        return ["--test-clock-file", str(self.path)]

    def advance(self, by: timedelta) -> None:
        self.offset += by
        self._write()

    def _write(self) -> None:
        # Replace atomically: the server never reads a half-written number.
        partial = self.path.with_suffix(".partial")
        partial.write_text(f"{self.offset.total_seconds()}\n", encoding="ascii")
        partial.replace(self.path)
