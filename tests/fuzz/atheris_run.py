"""A bounded coverage-guided fuzzing run (atheris / libFuzzer) of one target.

    python -m tests.fuzz.atheris_run TARGET [--runs N] [--seed S] [--max-len BYTES]

TARGET is one of `tests.fuzz.targets.TARGETS` (hc1, cose, cwt, multipart, protocol,
analyser). The run starts from the target's hostile corpus (tests/corpus/hostile/)
plus, for the certificate targets, the EU DCC test vectors, and stops after N
inputs: CI runs each target for a fixed number of iterations with a fixed seed
(`tests/fuzz/test_atheris_bounded.py`), so a run is short and repeatable; run it
by hand with a large `--runs` (or `--runs -1`, until stopped) to search longer.
An input that breaks the target's contract is written to `--artifacts`
(`crash-<sha1>`) and the exit status is non-zero; add it to the corpus once fixed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import atheris  # type: ignore[import-untyped]

#: Packages whose code atheris instruments for coverage: ours and the parsers we rely on.
INSTRUMENTED = [
    "printing",
    "workstation",
    "server",
    "review",
    "cbor2",
    "base45",
    "python_multipart",
    "pypdf",
    "PIL",
]

with atheris.instrument_imports(include=INSTRUMENTED):
    from tests.fuzz import targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=sorted(targets.TARGETS))
    parser.add_argument("--runs", type=int, default=1000, help="inputs to try (-1: no end)")
    parser.add_argument("--seed", type=int, default=1, help="libFuzzer's random seed")
    parser.add_argument("--max-len", type=int, default=64 * 1024, help="largest input, bytes")
    parser.add_argument("--timeout", type=int, default=30, help="seconds one input may take")
    parser.add_argument("--seconds", type=int, default=0, help="stop after this long (0: no limit)")
    parser.add_argument("--artifacts", type=Path, default=Path.cwd(), help="where crashes go")
    args = parser.parse_args(argv)

    target = targets.TARGETS[args.target][0]
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{args.target}-") as corpus:
        for index, seed in enumerate(targets.seeds(args.target)):
            (Path(corpus) / f"seed-{index:04d}").write_bytes(seed)
        args.artifacts.mkdir(parents=True, exist_ok=True)
        libfuzzer = [
            sys.argv[0],
            f"-runs={args.runs}",
            f"-seed={args.seed}",
            f"-max_len={args.max_len}",
            f"-timeout={args.timeout}",
            "-rss_limit_mb=3072",
            f"-artifact_prefix={args.artifacts}/{args.target}-",
            f"-max_total_time={args.seconds}",
            "-print_final_stats=1",
            corpus,
        ]
        atheris.Setup(libfuzzer, target)
        atheris.Fuzz()  # exits the process: non-zero on a crash, zero when the runs are done
    return 0


if __name__ == "__main__":
    sys.exit(main())
