"""The scanning process: reads one input's bytes from stdin, writes its findings as JSON.

Started by `printing.scan_process` as `python -P -m printing.scan_worker LIMITS_JSON`.
PDFium, Pillow and zxing-cpp parse the hostile bytes only here, under an address-space
cap, a CPU-time backstop and no core dumps; the verifier kills this process when it takes
too long. Replies are JSON lines (never pickle), validated by the verifier: while a PDF is
read, one line per page as soon as it is read (so a batch cut short by the time limit
keeps the pages already read), then the authoritative last line:

    {"page": [FINDING, ...]}                      (zero or more)
    {"findings": [FINDING, ...]} | {"error": {"failure": ..., "message": ...}}

where FINDING is {"source": ..., "text": ...} or {"source": ..., "failure": ..., "message": ...}.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

from printing.failures import CertificateError, Failure
from printing.findings import Finding, ScannedCode
from workstation.confinement import confine, limit_cpu


def _problem(problem: CertificateError) -> dict[str, str]:
    return {"failure": problem.failure.value, "message": problem.message}


def _finding(found: Finding) -> dict[str, str]:
    if isinstance(found, ScannedCode):
        return {"source": found.source, "text": found.text}
    return {"source": found.source, **_problem(found.problem)}


def scan(
    data: bytes, source: str, max_memory_mib: int, send: Callable[[dict[str, Any]], None]
) -> dict[str, Any]:
    from printing.scan import scan_bytes

    def page_read(findings: list[Finding]) -> None:
        send({"page": [_finding(f) for f in findings]})

    try:
        findings = scan_bytes(data, source=source, progress=page_read)
    except CertificateError as exc:
        return {"error": _problem(exc)}
    except MemoryError:
        message = f"reading it needs more memory than the limit of {max_memory_mib} MiB"
        return {"error": {"failure": Failure.FILE.value, "message": message}}
    except RecursionError:
        return {"error": {"failure": Failure.FILE.value, "message": "it is nested too deeply"}}
    except Exception as exc:  # a parser bug on hostile input is an unreadable file
        message = f"it could not be read ({type(exc).__name__})"
        return {"error": {"failure": Failure.FILE.value, "message": message}}
    return {"findings": [_finding(f) for f in findings]}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m printing.scan_worker LIMITS_JSON < INPUT", file=sys.stderr)
        return 2
    limits = json.loads(args[0])
    max_memory = int(limits["max_memory_bytes"])
    # The reply goes to a private copy of stdout; fd 1 then points at stderr, so whatever
    # a library prints cannot corrupt it.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    confine(max_memory)  # before the libraries load: the cap holds for everything
    limit_cpu(float(limits["max_seconds"]))
    data = sys.stdin.buffer.read()

    def send(message: dict[str, Any]) -> None:
        replies.write(json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n")

    send(scan(data, str(limits["source"]), max_memory // (1024 * 1024), send))
    replies.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
