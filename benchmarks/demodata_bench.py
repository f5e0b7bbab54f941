"""How fast the demo generator makes declarations, and how much they weigh.

    python benchmarks/demodata_bench.py [--count 10000] [--seed 1]

Prints the split of the time (PDF reports, photos, scans, the rest) and, as its
last line, `demodata_decl_per_s=<float> avg_document_bytes=<int> seconds=<float>`.
Runs on one core (the generator is single-threaded).
"""

from __future__ import annotations

import argparse
import resource
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
    list(generate(count=20, seed=args.seed + 1, reference_time=REFERENCE))  # fonts, caches
    spent.clear()
    calls.clear()
    documents = total_bytes = faults = 0
    started, cpu = time.perf_counter(), time.process_time()
    for declaration in generate(count=args.count, seed=args.seed, reference_time=REFERENCE):
        documents += len(declaration.files)
        total_bytes += sum(len(data) for data in declaration.files.values())
        faults += declaration.fault is not None
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    for name in sorted(spent):
        print(
            f"{name:24} {calls[name]:7d} calls {spent[name] / calls[name] * 1000:8.2f} ms each "
            f"{spent[name]:8.2f} s"
        )
    rest = seconds - sum(spent.values())
    print(f"{'everything else':24} {rest:36.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KiB on Linux
    print(
        f"{args.count} declarations, {documents} documents, {faults} faulty; "
        f"{seconds:.2f} s wall, {cpu:.2f} s CPU, peak memory {peak} MiB"
    )
    print(
        f"demodata_decl_per_s={args.count / seconds:.1f} "
        f"avg_document_bytes={total_bytes // max(1, args.count)} seconds={seconds:.2f}"
    )


if __name__ == "__main__":
    main()
