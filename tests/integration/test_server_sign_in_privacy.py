"""Sign-in tells nobody which user names exist.

Wrong passwords for a real account and for a name nobody has get the same answers in the
same order, concurrently as well as one by one, after about the same time; and the memory
of unknown names cannot be flushed to make a lockout end sooner.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.integration.conftest import StartCentral
from tests.support.central import CentralServer
from workstation.protocol import API_PREFIX

ATTEMPTS = 12
LOCKOUT_AFTER = 5
LOCKOUT_SECONDS = 300  # the server's default
UNKNOWN = "no.such.officer"
WRONG = "guess"  # a wrong password, on purpose


def _attempt(server: CentralServer, name: str, password: str = WRONG) -> requests.Response:
    return requests.post(
        f"{server.url}{API_PREFIX}/auth/login",
        json={"username": name, "password": password},
        timeout=120,
    )


def _concurrent_failures(server: CentralServer, name: str) -> list[int]:
    """`ATTEMPTS` wrong passwords at once; the statuses in the order the answers came."""
    finished: list[tuple[float, int]] = []

    def one(_index: int) -> None:
        reply = _attempt(server, name)
        finished.append((time.monotonic(), reply.status_code))

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        list(pool.map(one, range(ATTEMPTS)))
    return [status for _, status in sorted(finished)]


def test_concurrent_failures_look_the_same_for_a_real_and_an_unknown_name(
    start_central: StartCentral,
) -> None:
    server = start_central()
    real = server.user("officer", server.missions[0]).username
    answers = {name: _concurrent_failures(server, name) for name in (real, UNKNOWN)}
    print({name: dict(Counter(statuses)) for name, statuses in answers.items()})
    expected = {401: LOCKOUT_AFTER, 429: ATTEMPTS - LOCKOUT_AFTER}
    assert Counter(answers[real]) == Counter(answers[UNKNOWN]) == expected, answers
    # And once locked, both say the same thing, with the same wait.
    after = {name: _attempt(server, name) for name in (real, UNKNOWN)}
    assert after[real].status_code == after[UNKNOWN].status_code == 429
    assert after[real].json() == after[UNKNOWN].json()
    # Each wait counts from its own lockout (the real name was locked a moment earlier).
    waits = [int(reply.headers["Retry-After"]) for reply in after.values()]
    assert all(LOCKOUT_SECONDS - 60 < wait <= LOCKOUT_SECONDS for wait in waits), waits


@pytest.mark.parametrize("central_database", ["sqlite"])
def test_a_wrong_password_takes_as_long_for_a_real_as_for_an_unknown_name(
    start_central: StartCentral,
) -> None:
    server = start_central()
    real = server.user("clerk", server.missions[0]).username
    timings: dict[str, list[float]] = {real: [], UNKNOWN: []}
    for round_ in range(4):  # 4 failures each: below the lockout, so every answer is 401
        for name in (real, UNKNOWN) if round_ % 2 == 0 else (UNKNOWN, real):
            started = time.perf_counter()
            assert _attempt(server, name).status_code == 401
            timings[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    print({name: f"{seconds * 1000:.0f} ms" for name, seconds in medians.items()})
    # Both check a scrypt hash (tens of milliseconds); no name answers markedly sooner.
    ratio = medians[real] / medians[UNKNOWN]
    assert 0.5 < ratio < 2.0, medians


def test_spraying_unknown_names_does_not_end_a_lockout(start_central: StartCentral) -> None:
    """The failure memory is small here (6 names): when it is full, every name waits alike."""
    server = start_central(extra_args=["--failure-memory-names", "6"])
    real = server.user("officer", server.missions[0]).username
    for name in (real, UNKNOWN):
        for _ in range(LOCKOUT_AFTER):
            assert _attempt(server, name).status_code == 401
    locked = {name: _attempt(server, name) for name in (real, UNKNOWN)}
    assert [reply.status_code for reply in locked.values()] == [429, 429]

    sprayed = Counter(_attempt(server, f"spray.{index}").status_code for index in range(12))
    print("spray answers:", dict(sprayed))
    # Four places were left: then the memory is full and nobody is forgotten to make room.
    assert sprayed == {401: 4, 503: 8}
    busy = _attempt(server, "spray.99")
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) > 0

    # Both locks survived the spray, and both names still get the same answer.
    after = {name: _attempt(server, name) for name in (real, UNKNOWN)}
    assert after[real].status_code == after[UNKNOWN].status_code == 429
    assert after[real].json() == after[UNKNOWN].json()
    # A right password for the locked real account is refused too: the lockout holds.
    password = server.users[real].password
    assert _attempt(server, real, password).status_code == 429
    # While the memory is full, someone else with the right password still signs in.
    other = server.user("auditor", server.missions[0])
    assert _attempt(server, other.username, other.password).status_code == 200
    assert _attempt(server, other.username).status_code == 503
