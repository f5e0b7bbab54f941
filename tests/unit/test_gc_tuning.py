"""Bulk jobs delay garbage collection while they run and always give the thresholds back."""

from __future__ import annotations

import gc
import threading

import pytest

from workstation.gc_tuning import BULK_THRESHOLD, bulk_allocations


def test_thresholds_come_back_when_the_last_overlapping_job_ends() -> None:
    before = gc.get_threshold()
    first_in = threading.Event()
    second_done = threading.Event()
    seen: list[tuple[int, int, int]] = []

    def first() -> None:
        with bulk_allocations():
            first_in.set()
            second_done.wait(10)
            seen.append(gc.get_threshold())

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(10)
    with bulk_allocations():
        assert gc.get_threshold()[0] >= BULK_THRESHOLD
    second_done.set()
    thread.join(10)
    assert seen[0][0] >= BULK_THRESHOLD, "still delayed while the first job runs"
    assert gc.get_threshold() == before
    assert gc.isenabled()


def test_thresholds_come_back_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), bulk_allocations():
        raise RuntimeError("the job failed")
    assert gc.get_threshold() == before
