"""Decisions, prints and revocations: `PUT /cases/{id}/decisions/{key}`, `PUT /prints/{id}`,
`GET /revocations`."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import APIRouter, Response

from server.certificates import revocation_list
from server.countersignatures import record_countersignature
from server.decisions import record_decision
from server.deps import PrincipalDep, ServicesDep
from server.prints import record_print
from server.routes import ERROR_RESPONSES, json_reply
from workstation.protocol import (
    CaseRecord,
    CountersignRequest,
    DecisionRecord,
    DecisionRequest,
    PrintRecord,
    PrintRequest,
    RevocationList,
)

log = logging.getLogger(__name__)

router = APIRouter(responses=ERROR_RESPONSES)

_REPLAYED: dict[int | str, dict[str, Any]] = {
    200: {"description": "already recorded with the same content (idempotent replay)"}
}


@router.put(
    "/cases/{case_id}/decisions/{idempotency_key}",
    status_code=201,
    response_model=DecisionRecord,
    responses=_REPLAYED,
    tags=["decisions"],
)
def decide(
    case_id: uuid.UUID,
    idempotency_key: uuid.UUID,
    decision: DecisionRequest,
    principal: PrincipalDep,
    services: ServicesDep,
) -> Response:
    """Record a decision (201), or answer a replay of the same one (200); 409 if it conflicts."""
    with services.db.writer() as session:
        record, created = record_decision(
            session,
            principal,
            case_id,
            idempotency_key,
            decision,
            issuer_country=services.settings.issuer_country,
            now=services.clock.now(),
        )
    return json_reply(record, status=201 if created else 200)


@router.put(
    "/cases/{case_id}/countersignatures/{idempotency_key}",
    status_code=201,
    response_model=CaseRecord,
    responses=_REPLAYED,
    tags=["decisions"],
)
def countersign(
    case_id: uuid.UUID,
    idempotency_key: uuid.UUID,
    request: CountersignRequest,
    principal: PrincipalDep,
    services: ServicesDep,
) -> Response:
    """A supervisor countersigns an exception or sends it back (201), or a replay (200)."""
    with services.db.writer() as session:
        record, created = record_countersignature(
            session,
            principal,
            case_id,
            idempotency_key,
            request,
            issuer_country=services.settings.issuer_country,
            now=services.clock.now(),
        )
    return json_reply(record, status=201 if created else 200)


@router.put(
    "/prints/{print_id}",
    status_code=201,
    response_model=PrintRecord,
    responses=_REPLAYED,
    tags=["certificates"],
)
def printed(
    print_id: uuid.UUID, request: PrintRequest, principal: PrincipalDep, services: ServicesDep
) -> Response:
    """Record that a clerk printed an approved case's certificate (idempotent by print id)."""
    # Serialised like case writes, so two deliveries of the same print id cannot race.
    with services.db.writer() as session:
        record, created = record_print(
            session, principal, print_id, request, now=services.clock.now()
        )
    return json_reply(record, status=201 if created else 200)


@router.get("/revocations", response_model=RevocationList, tags=["certificates"])
def revocations(services: ServicesDep) -> Response:
    """SHA-256 of every revoked certificate identifier (public, no sign-in)."""
    with services.db.reader() as session:
        listing = revocation_list(
            session, country=services.settings.issuer_country, now=services.clock.now()
        )
    return json_reply(listing)
