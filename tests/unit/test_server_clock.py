"""The server's clock: real by default, movable by a file only on a loopback-only server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from server.clock import MovableClockRefused, ServerClock, server_clock
from tests.support.server_clock import MovableServerClock


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "2001:db8::1", "example.org"])  # noqa: S104
def test_the_test_clock_is_refused_where_others_can_reach_the_server(
    host: str, tmp_path: Path
) -> None:
    with pytest.raises(MovableClockRefused, match="for tests only"):
        server_clock(offset_file=tmp_path / "clock", host=host)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.53", "::1", "[::1]", "localhost"])
def test_the_test_clock_is_allowed_on_loopback(host: str, tmp_path: Path) -> None:
    assert server_clock(offset_file=tmp_path / "clock", host=host).is_test_clock


def test_without_a_file_the_clock_is_the_real_one(tmp_path: Path) -> None:
    clock = server_clock(offset_file=None, host="0.0.0.0")  # noqa: S104
    assert not clock.is_test_clock
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)
    assert clock.poll_seconds(timedelta(minutes=1)) == 60


def test_the_clock_moves_by_what_the_test_writes(tmp_path: Path) -> None:
    path = tmp_path / "clock"
    clock = ServerClock(path)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5), "absent file: not moved"
    movable = MovableServerClock(path)
    movable.advance(timedelta(hours=9))
    assert abs(clock.now() - datetime.now(UTC) - timedelta(hours=9)) < timedelta(seconds=5)
    movable.advance(timedelta(minutes=30))
    assert abs(clock.now() - datetime.now(UTC) - timedelta(hours=9, minutes=30)) < timedelta(
        seconds=5
    )
    path.write_text("soon\n", encoding="ascii")
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5), "nonsense: not moved"
    # A moved clock must not make the background tasks wait a whole interval to notice.
    assert clock.poll_seconds(timedelta(minutes=10)) < 1
