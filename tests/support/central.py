"""The reference server harness for tests.

It moved to `workstation/local_server.py` (the demo and the benchmarks start
the same subprocess); edit it there. This module keeps the tests' names.
"""

from __future__ import annotations

from workstation.local_server import ApiSession, DemoUser
from workstation.local_server import ReferenceServerProcess as CentralServer

__all__ = ["ApiSession", "CentralServer", "DemoUser"]
