"""A supervisor's answer to an exception, sent to the central server.

Sent at once rather than through the outbox: the supervisor waits for the answer (a
refusal, e.g. another supervisor answered first, is shown to them), and nothing is lost
when it fails, because nothing was recorded.
"""

from __future__ import annotations

import logging
from uuid import UUID

from workstation.client import CentralClient
from workstation.protocol import CaseRecord, CountersignRequest

log = logging.getLogger(__name__)


def send_countersignature(
    client: CentralClient, case_id: UUID, key: UUID, request: CountersignRequest
) -> CaseRecord:
    """Countersign or send back the case's exception; the case as the server now holds it."""
    # The client's plumbing (retries, errors as the client's own, reply validation).
    response = client._request("PUT", f"/cases/{case_id}/countersignatures/{key}", body=request)
    record = client._parse(response, CaseRecord, "countersigned case")
    log.info("case %s: exception %s", case_id, request.verdict.value)
    return record
