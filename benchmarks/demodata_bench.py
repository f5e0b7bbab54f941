"""How fast the demo generator makes declarations, and how much they weigh.

    python benchmarks/demodata_bench.py [--count 10000] [--seed 1] [--rounds 3]

Each round generates `--count` declarations (seeds `--seed`, `--seed` + 1, ...: the
same data every time the benchmark runs). Prints the split of the time of all rounds
(PDF reports, photos, scans, the rest) and, as its last line,
`demodata_decl_per_s=<float> avg_document_bytes=<int> seconds=<float>`: the median
round's rate and wall time. Runs on one core (the generator is single-threaded).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from server.demodata import evidence, generate

REFERENCE = datetime(2024, 5, 13, 12, tzinfo=UTC)


def _timed(name: str, spent: Counter[str], calls: Counter[str]) -> None:
    inner: Callable[..., Any] = getattr(evidence, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
            calls[name] += 1

    setattr(evidence, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    spent: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    for name in (
        "render_lab_report",
        "edit_lab_report",
        "render_report_photo",
        "render_document_scan",
    ):
        _timed(name, spent, calls)
    list(generate(count=20, seed=args.seed - 1, reference_time=REFERENCE))  # fonts, caches
    spent.clear()
    calls.clear()
    documents = total_bytes = faults = 0
    rounds: list[float] = []
    cpu = time.process_time()
    for number in range(args.rounds):
        started = time.perf_counter()
        seed = args.seed + number
        for declaration in generate(count=args.count, seed=seed, reference_time=REFERENCE):
            documents += len(declaration.files)
            total_bytes += sum(len(data) for data in declaration.files.values())
            faults += declaration.fault is not None
        rounds.append(time.perf_counter() - started)
        print(f"round {number + 1}: {args.count / rounds[-1]:.1f} declarations/s")
    cpu = time.process_time() - cpu
    seconds = statistics.median(rounds)
    made = args.count * args.rounds
    for name in sorted(spent):
        print(
            f"{name:24} {calls[name]:7d} calls {spent[name] / calls[name] * 1000:8.2f} ms each "
            f"{spent[name]:8.2f} s"
        )
    rest = sum(rounds) - sum(spent.values())
    print(f"{'everything else':24} {rest:36.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KiB on Linux
    print(
        f"{made} declarations in {args.rounds} rounds, {documents} documents, {faults} faulty; "
        f"{sum(rounds):.2f} s wall, {cpu:.2f} s CPU, peak memory {peak} MiB"
    )
    print(
        f"demodata_decl_per_s={args.count / seconds:.1f} "
        f"avg_document_bytes={total_bytes // max(1, made)} seconds={seconds:.2f}"
    )


if __name__ == "__main__":
    main()
