"""The server's clock: what "now" is for tokens, lockouts, leases and checkpoints.

In production it is the system's UTC time. Tests that are about expiry start the
server with `--test-clock-file PATH` and write a number of seconds into PATH: the
server's "now" is then the real time moved forward by that much, read afresh
every time, so a test moves time instead of sleeping through it. The option is
refused unless the server listens on loopback only, so a server reachable from
the network never runs on a clock that someone with a file can move.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)

#: How often the background tasks look at a test clock (a moved clock must not wait an interval).
TEST_CLOCK_POLL_S: Final = 0.05


class MovableClockRefused(ValueError):
    """`--test-clock-file` was given where it must not be (the message says why)."""


class ServerClock:
    """UTC "now"; moved by the seconds in `offset_file` when one is given (tests only)."""

    def __init__(self, offset_file: Path | None = None) -> None:
        self.offset_file = offset_file

    @property
    def is_test_clock(self) -> bool:
        return self.offset_file is not None

    def now(self) -> datetime:
        moment = datetime.now(UTC)
        if self.offset_file is None:
            return moment
        return moment + timedelta(seconds=self._offset_seconds(self.offset_file))

    def poll_seconds(self, interval: timedelta) -> float:
        """How long a periodic task sleeps before it looks at the clock again."""
        seconds = interval.total_seconds()
        return min(seconds, TEST_CLOCK_POLL_S) if self.is_test_clock else seconds

    @staticmethod
    def _offset_seconds(path: Path) -> float:
        try:
            text = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return 0.0  # not moved yet
        try:
            return float(text) if text else 0.0
        except ValueError:
            # A test wrote nonsense: say so loudly, and do not move time.
            log.error("test clock file %s does not hold a number of seconds: %r", path, text[:40])
            return 0.0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def server_clock(*, offset_file: Path | None, host: str) -> ServerClock:
    """The clock for `serve`: the real one, or a test clock on a loopback-only server."""
    if offset_file is None:
        return ServerClock()
    if not _is_loopback(host):
        raise MovableClockRefused(
            f"--test-clock-file is for tests only and refused on {host}: "
            "listen on 127.0.0.1, ::1 or localhost to use it"
        )
    log.warning("TEST CLOCK: this server's time is moved by the seconds in %s", offset_file)
    return ServerClock(offset_file)
