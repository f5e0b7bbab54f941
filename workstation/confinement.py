"""Limits a worker process puts on itself before it parses hostile bytes.

Shared by the document analysis sandbox (`review.analysis.sandbox`) and the certificate
scanner (`printing.scan_worker`): an address-space cap (a parser that tries to allocate
gigabytes gets `MemoryError` or dies, the workstation does not), a CPU-time backstop for
when the parent died and cannot kill us, and no core dumps (they would hold personal
data). On Windows none of these exist; the parent's wall-time kill still applies.
"""

from __future__ import annotations

import sys
from pathlib import Path


def confine(max_memory_bytes: int) -> None:
    """Forbid core dumps and allow `max_memory_bytes` of address space beyond what is in use."""
    if sys.platform == "win32":
        return
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    baseline = address_space_in_use()
    if baseline is not None:
        cap = baseline + max_memory_bytes
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def limit_cpu(seconds: float, *, grace: int = 1) -> None:
    """Allow `seconds` (plus `grace`) more CPU time from now; the kernel ends the process
    beyond that."""
    if sys.platform == "win32":
        return
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + grace
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def address_space_in_use() -> int | None:
    """Virtual memory of this process now (Linux); elsewhere RLIMIT_AS is not enforced."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None
