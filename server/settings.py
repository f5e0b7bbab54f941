"""What an operator may tune on the server (from the command line)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Final

from workstation.protocol import MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_DECLARATION

log = logging.getLogger(__name__)

#: Room for the JSON part and the multipart framing beside the largest allowed documents.
UPLOAD_OVERHEAD_BYTES: Final = 2 * 1024 * 1024
MAX_UPLOAD_BODY_BYTES: Final = (
    MAX_DOCUMENTS_PER_DECLARATION * MAX_DOCUMENT_BYTES + UPLOAD_OVERHEAD_BYTES
)


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
    #: Failures count towards a lockout until this long after the last one (real and unknown
    #: names alike, so a name's answers never depend on whether it exists).
    failure_memory: timedelta = timedelta(minutes=15)
    #: Names (real or not) whose recent failures the server remembers at once; when it is full,
    #: every sign-in waits (503) rather than forget a live count (see `server.auth`).
    failure_memory_names: int = 100_000

    # Resource limits, applied before sign-in and before a body is parsed (`server.limits`).
    #: The most a request body to a JSON route may weigh. The largest valid one, a decision
    #: with both notes and every check summary in 4-byte characters, is about 70 KB.
    max_json_body_bytes: int = 128 * 1024
    #: The most a declaration or supplement upload may weigh (the documents and the JSON part).
    max_upload_body_bytes: int = MAX_UPLOAD_BODY_BYTES
    #: Uploads being received at once, in all and from one client address.
    max_uploads: int = 8
    max_uploads_per_address: int = 2
    #: A request body that sends nothing for this long is refused (408) and its place freed.
    body_idle_timeout: timedelta = timedelta(seconds=60)
    #: New declarations (not re-declarations) accepted per window, per client address and per
    #: travel document.
    declarations_per_address: int = 30
    declarations_per_travel_document: int = 5
    declaration_rate_window: timedelta = timedelta(hours=1)
    #: Where uploads are spooled while they arrive (owner-only, unnamed, deleted at once);
    #: None is the system's temporary folder. Put it on disk, not on a RAM-backed tmpfs.
    upload_spool_dir: Path | None = None
