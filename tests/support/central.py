"""The reference server harness for tests.

It moved to `server/harness.py` (the demo and the benchmarks start
the same subprocess); edit it there. This module keeps the tests' names.
"""

from __future__ import annotations

from server.harness import ApiSession, DemoUser
from server.harness import ReferenceServerProcess as CentralServer

__all__ = ["ApiSession", "CentralServer", "DemoUser"]
