"""Limits a sandbox process puts on itself: address space, CPU time, no core dumps."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Final

from review.analysis.limits import AnalysisLimits

log = logging.getLogger(__name__)

#: Seconds of CPU beyond the wall-time limit before the kernel stops a runaway parse
#: on its own (it matters only if the workstation died and cannot kill us).
CPU_GRACE_S: Final = 5


def confine(limits: AnalysisLimits) -> None:
    """Bound this process's memory and forbid core dumps (they would hold personal data)."""
    if sys.platform == "win32":
        return
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    baseline = address_space_in_use()
    if baseline is not None:
        cap = baseline + limits.max_memory_bytes
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def limit_cpu(seconds: float) -> None:
    """Allow `seconds` of CPU (plus grace) from now."""
    if sys.platform == "win32":
        return
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + CPU_GRACE_S
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
