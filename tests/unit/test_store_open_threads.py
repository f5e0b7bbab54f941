"""`Store.open` from several threads at once: every store opens, migrated to the newest schema.

Alembic runs a migration through module-level state; without serialising, threads
opening stores together fail with `KeyError: 'config'` (found by fault injection).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import inspect

from workstation.store import Store

THREADS = 8


@pytest.mark.parametrize("shared", [False, True], ids=["own-files", "one-file"])
def test_stores_opened_by_many_threads_at_once_all_open(tmp_path: Path, shared: bool) -> None:
    start = threading.Barrier(THREADS)

    def open_store(index: int) -> set[str]:
        name = "shared" if shared else f"store-{index}"
        start.wait()
        store = Store.open(f"sqlite:///{tmp_path / name}.sqlite3")
        try:
            return set(inspect(store.engine).get_table_names())
        finally:
            store.close()

    for _round in range(3):  # the race is timing-dependent: give it several chances
        with ThreadPoolExecutor(THREADS) as pool:
            tables = list(pool.map(open_store, range(THREADS)))
        assert all({"cases", "outbox", "sync_state"} <= found for found in tables)
        for path in tmp_path.glob("*.sqlite3*"):
            path.unlink()
