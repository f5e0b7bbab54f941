"""Health certificate throughput: signing, verification and paper certificates, on one core.

    python benchmarks/cert_bench.py [--rounds 9] [--seconds 0.5] [--processes 10]

- sign: `printing.hc1.encode` (CBOR, COSE_Sign1 ES256, zlib, Base45) of a certificate's
  claims: one signed HC1 string per call, as the reference implementation's figure measures;
- issue: `printing.issuance.issue`, what a clerk's print waits for before the paper is
  drawn: the claims built from the approved case and checked (value sets, names, the DCC
  schema), then signed and encoded as above;
- verify: `printing.verification.verify_hc1` with every check (prefix, Base45, zlib, CBOR,
  COSE, kid look-up, ES256 signature, expiry, key usage, DCC schema);
- pdf: `printing.certificate_pdf.certificate_pdf` (A4, embedded CJK font subset, vector QR);
- verify_process_ms: one `consular-workstation verify HC1:...` process, the installed
  console script, from its start to its exit, checking one HC1 string against this
  mission's trust list (the key store the settings name, here `$CW_KEYS_DIR`, with no
  settings file): what a clerk or border officer waits for at the command line. Median of
  `--processes` runs; a run that does not answer VALID fails the benchmark. The processes
  keep compiled bytecode as an installed program does (in a folder of their own, filled
  by one untimed run); the median without it is printed too.

The rates run in this one thread; each is the median of several rounds. The last line is
machine-readable:
`sign_per_s=<f> verify_per_s=<f> pdf_per_s=<f> issue_per_s=<f> verify_process_ms=<f>`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the approved-case factory lives with the tests

from printing import hc1  # noqa: E402
from printing.certificate_pdf import certificate_pdf  # noqa: E402
from printing.issuance import issue  # noqa: E402
from printing.keys import KeyStore  # noqa: E402
from printing.verification import verify_hc1  # noqa: E402
from tests.support.approved_cases import approved_case  # noqa: E402

PASSPHRASE = "benchmark passphrase"  # noqa: S105 (a throwaway key in a temporary directory)


def rate(operation: Callable[[], object], *, rounds: int, seconds: float) -> float:
    """Median operations per second over `rounds` rounds of about `seconds` each."""
    operation()  # warm caches (font registration, schema, code lists) outside the timing
    calls = 1
    while True:  # size a round to last about `seconds`
        start = time.perf_counter()
        for _ in range(calls):
            operation()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds / 4:
            break
        calls *= 2
    calls = max(1, int(calls * seconds / elapsed))
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            operation()
        rates.append(calls / (time.perf_counter() - start))
    return statistics.median(rates)


def verify_process_times(
    hc1_text: str, keys: Path, processes: int, *, bytecode: Path | None
) -> tuple[list[float], list[float]]:
    """Seconds from starting `consular-workstation verify HC1:...` to its exit, per process,
    and the CPU seconds (user + system) each used: steadier than the wall clock on a busy
    machine, where other work delays a process without making it slower.

    With `bytecode`, the processes keep their compiled modules there, as Python does on a
    user's machine (pip compiles them at install); one untimed run fills it. Without, each
    process compiles the project's modules again (what PYTHONDONTWRITEBYTECODE=1 does).
    """
    command = Path(sys.executable).with_name("consular-workstation")
    environment = {
        **os.environ,
        "CW_KEYS_DIR": str(keys),
        "CW_CONFIG": str(keys.parent / "no-settings.toml"),  # the user's settings stay out
    }
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    if bytecode is None:
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        environment["PYTHONPYCACHEPREFIX"] = str(bytecode)  # not in the source tree
        warm_up = [str(command), "verify", hc1_text]
        subprocess.run(warm_up, env=environment, capture_output=True, check=False)
    times, cpu = [], []
    for _ in range(processes):
        cpu_before = _children_cpu_seconds()
        began = time.perf_counter()
        done = subprocess.run(
            [str(command), "verify", hc1_text],
            capture_output=True, text=True, env=environment, check=False,
        )  # fmt: skip
        times.append(time.perf_counter() - began)
        cpu.append(_children_cpu_seconds() - cpu_before)
        if done.returncode != 0 or "VALID" not in done.stdout:
            raise SystemExit(f"verify did not answer VALID: {done.stdout}{done.stderr}")
    return times, cpu


def _children_cpu_seconds() -> float:
    """CPU seconds used by the ended child processes (0 where the OS does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=0.5, help="length of one round")
    parser.add_argument("--processes", type=int, default=10, help="verify processes to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        store = KeyStore(Path(directory) / "keys")
        store.init_demo(mission="GBR-LON", passphrase=PASSPHRASE)
        signer = store.signer(PASSPHRASE)
        trust = store.trust_list()
        case = approved_case()
        issued = issue(case, signer)
        if not verify_hc1(issued.hc1, trust).valid:
            raise SystemExit("the benchmark certificate does not verify")
        process_times, process_cpu = verify_process_times(
            issued.hc1, store.directory, args.processes, bytecode=Path(directory) / "bytecode"
        )
        uncached_times, _ = verify_process_times(
            issued.hc1, store.directory, args.processes, bytecode=None
        )

    timing = {"rounds": args.rounds, "seconds": args.seconds}
    sign = rate(lambda: hc1.encode(issued.claims, signer), **timing)
    full_issue = rate(lambda: issue(case, signer), **timing)
    verify = rate(lambda: verify_hc1(issued.hc1, trust), **timing)
    pdf = rate(lambda: certificate_pdf(issued), **timing)
    verify_process_ms = statistics.median(process_times) * 1000
    print(f"HC1 string: {len(issued.hc1)} characters; PDF: {len(certificate_pdf(issued))} bytes")
    print(
        f"per operation: sign {1e6 / sign:.0f} us, issue {1e6 / full_issue:.0f} us "
        f"({full_issue:.0f}/s), verify {1e6 / verify:.0f} us, pdf {1e3 / pdf:.1f} ms "
        f"(medians of {args.rounds} rounds, one thread)"
    )
    print(
        f"verify process: {[round(t * 1000) for t in process_times]} ms "
        f"(median {verify_process_ms:.0f} ms over {len(process_times)} processes, "
        f"{statistics.median(process_cpu) * 1000:.0f} ms of CPU); without "
        f"a bytecode cache: median {statistics.median(uncached_times) * 1000:.0f} ms"
    )
    print(
        f"sign_per_s={sign:.1f} verify_per_s={verify:.1f} pdf_per_s={pdf:.1f} "
        f"issue_per_s={full_issue:.1f} verify_process_ms={verify_process_ms:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
