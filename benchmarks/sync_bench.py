"""Sync speed: a first full pull of 10,000 declarations, and a pull when nothing changed.

Starts the reference server (a subprocess on loopback, SQLite) seeded with
10,000 demo declarations of one mission through the server's own intake, signs
in as an officer of that mission and runs the sync engine exactly as
`consular-workstation sync` does (outbox delivery, then the paged pull into a
fresh SQLite store). The last line is

    initial_sync_10k_s=<median seconds> nochange_sync_s=<median seconds>

Usage: python benchmarks/sync_bench.py [--declarations 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from server.harness import ReferenceServerProcess
from workstation.client import CentralClient
from workstation.config import load_settings
from workstation.store import Store
from workstation.sync import SyncEngine

MISSION = "GBR-LON"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--declarations", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    page_size = load_settings(environ={}).sync_page_size

    with tempfile.TemporaryDirectory(prefix="sync-bench-") as folder_name:
        folder = Path(folder_name)
        started = time.perf_counter()
        server = ReferenceServerProcess(
            database_url=f"sqlite:///{folder / 'central.sqlite3'}",
            workdir=folder,
            seed=args.declarations,
            extra_args=["--seed-missions", MISSION],
        ).start()
        print(f"seeded {args.declarations} declarations in {time.perf_counter() - started:.1f} s")
        try:
            officer = server.user("officer", MISSION)
            initial: list[float] = []
            nochange: list[float] = []
            for round_number in range(args.rounds):
                store = Store.open(f"sqlite:///{folder / f'workstation-{round_number}.sqlite3'}")
                client = CentralClient(server.url)
                client.login(officer.username, officer.password)
                engine = SyncEngine(client, store, page_size=page_size)
                began = time.perf_counter()
                _delivery, pull = engine.sync()
                initial.append(time.perf_counter() - began)
                print(
                    f"round {round_number + 1}: first sync pulled {pull.new} cases in "
                    f"{pull.pages} pages, {initial[-1]:.3f} s"
                )
                for _ in range(5):
                    began = time.perf_counter()
                    _delivery, again = engine.sync()
                    nochange.append(time.perf_counter() - began)
                    assert again.new == again.updated == 0, "a no-change sync fetched something"
                client.close()
                store.close()
        finally:
            server.stop()
    print(f"first sync: median {statistics.median(initial):.3f} s over {len(initial)} rounds")
    print(
        f"no-change sync: median {statistics.median(nochange) * 1000:.1f} ms over {len(nochange)}"
    )
    print(
        f"initial_sync_10k_s={statistics.median(initial):.3f} "
        f"nochange_sync_s={statistics.median(nochange):.4f}"
    )


if __name__ == "__main__":
    main()
