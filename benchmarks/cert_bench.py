"""Health certificate throughput: signing, verification and paper certificates, on one core.

    python benchmarks/cert_bench.py [--rounds 9] [--seconds 0.5]

- sign: `printing.hc1.encode` (CBOR, COSE_Sign1 ES256, zlib, Base45) of a certificate's
  claims: one signed HC1 string per call, as the reference implementation's figure measures;
- issue (informational): `printing.issuance.issue`, i.e. building the claims from the
  approved case and checking them against the DCC schema, then signing as above;
- verify: `printing.verification.verify_hc1` with every check (prefix, Base45, zlib, CBOR,
  COSE, kid look-up, ES256 signature, expiry, key usage, DCC schema);
- pdf: `printing.certificate_pdf.certificate_pdf` (A4, embedded CJK font subset, vector QR).

Everything runs in this one thread. Each figure is the median of several rounds. The last
line is machine-readable: `sign_per_s=<f> verify_per_s=<f> pdf_per_s=<f>`.
"""

from __future__ import annotations

import argparse
import statistics
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
from tests.unit.printing.cases import approved_case  # noqa: E402

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=0.5, help="length of one round")
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

    timing = {"rounds": args.rounds, "seconds": args.seconds}
    sign = rate(lambda: hc1.encode(issued.claims, signer), **timing)
    full_issue = rate(lambda: issue(case, signer), **timing)
    verify = rate(lambda: verify_hc1(issued.hc1, trust), **timing)
    pdf = rate(lambda: certificate_pdf(issued), **timing)
    print(f"HC1 string: {len(issued.hc1)} characters; PDF: {len(certificate_pdf(issued))} bytes")
    print(
        f"per operation: sign {1e6 / sign:.0f} us, issue {1e6 / full_issue:.0f} us "
        f"({full_issue:.0f}/s), verify {1e6 / verify:.0f} us, pdf {1e3 / pdf:.1f} ms "
        f"(medians of {args.rounds} rounds, one thread)"
    )
    print(f"sign_per_s={sign:.1f} verify_per_s={verify:.1f} pdf_per_s={pdf:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
