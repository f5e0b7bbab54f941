"""Fewer garbage collections while a bulk job allocates many short-lived objects.

CPython starts a collection every 700 new container objects. Validating a feed page of
1,000 declarations makes hundreds of thousands of them (models, lists, dates), alive until
the page is stored, so in a first sync of 10,000 cases the collector ran some 2,300 times
(18 of them full) and took a third of the time, finding almost nothing: those objects are
freed by reference counting when the page is done. While a bulk job runs, collections start
after `BULK_THRESHOLD` new objects instead; the previous thresholds come back when the last
job ends (jobs may overlap in threads: the collector is one for the whole process).
Collection is only delayed, never switched off, so cyclic garbage stays bounded.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

log = logging.getLogger(__name__)

#: New container objects between two young collections during a bulk job (CPython: 700).
BULK_THRESHOLD: Final = 100_000

_lock = threading.Lock()
_running = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def bulk_allocations() -> Iterator[None]:
    """Collect garbage less often inside the block (see the module's docstring)."""
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(BULK_THRESHOLD, _saved[0]), *_saved[1:])
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
