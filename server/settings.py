"""What an operator may tune on the server (from the command line)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerSettings:
    token_ttl: timedelta = timedelta(hours=8)
    #: Failed sign-ins in a row before the account is locked for `lockout_for`.
    lockout_after: int = 5
    lockout_for: timedelta = timedelta(minutes=5)
    #: How often expired claims are given back to the queue (they also are before every claim).
    lease_sweep_interval: timedelta = timedelta(seconds=10)
    #: How often each mission's audit head is signed when it moved (auditors also get it signed).
    checkpoint_interval: timedelta = timedelta(seconds=60)
    #: Country that issues the certificates (in the UVCI and the revocation list).
    issuer_country: str = "CN"
