"""The officers' queue: `/cases/changes`, `/cases/{id}`, claims, `/queue/next`, documents."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Header, Query, Response

from server.cases import (
    MAX_FEED_PAGE,
    changes_json,
    claim_case,
    claim_next,
    document_content,
    release_claim,
    visible_case,
)
from server.deps import PrincipalDep, ServicesDep
from server.routes import ERROR_RESPONSES, json_reply
from workstation.protocol import (
    DOCUMENT_MEDIA_TYPES,
    NEXT_CASE_KEY_HEADER,
    NEXT_CASE_KEY_PATTERN,
    CaseChanges,
    CaseRecord,
    ClaimRequest,
)

log = logging.getLogger(__name__)

router = APIRouter(responses=ERROR_RESPONSES, tags=["cases"])


@router.get("/cases/changes", response_model=CaseChanges)
def changes(
    principal: PrincipalDep,
    services: ServicesDep,
    since: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_FEED_PAGE)] = 1000,
) -> Response:
    """Cases of my mission changed after `since`, in change order; pass `cursor` next time."""
    with services.db.reader() as session:
        return json_reply(
            changes_json(session, principal, since=since, limit=limit, now=services.clock.now())
        )


@router.get("/cases/{case_id}", response_model=CaseRecord)
def case(case_id: uuid.UUID, principal: PrincipalDep, services: ServicesDep) -> Response:
    with services.db.reader() as session:
        return json_reply(visible_case(session, principal, case_id).record_json)


@router.post("/cases/{case_id}/claim", response_model=CaseRecord)
def claim(
    case_id: uuid.UUID, request: ClaimRequest, principal: PrincipalDep, services: ServicesDep
) -> Response:
    """Claim a case for `lease_seconds`; claiming one's own claim again renews it.

    409 (`claim_limit`) when the officer already holds the mission's `max_claims` cases.
    """
    with services.db.writer() as session:
        record = claim_case(
            session,
            principal,
            case_id,
            lease_seconds=request.lease_seconds,
            now=services.clock.now(),
        )
    return json_reply(record)


@router.delete("/cases/{case_id}/claim", response_model=CaseRecord)
def release(case_id: uuid.UUID, principal: PrincipalDep, services: ServicesDep) -> Response:
    """Give the case back to the queue (one's own claim; a supervisor may release any)."""
    with services.db.writer() as session:
        record = release_claim(session, principal, case_id, now=services.clock.now())
    return json_reply(record)


@router.post(
    "/queue/next",
    response_model=CaseRecord,
    responses={204: {"description": "nothing is waiting"}},
)
def next_case(
    request: ClaimRequest,
    principal: PrincipalDep,
    services: ServicesDep,
    request_id: Annotated[
        str | None,
        Header(alias=NEXT_CASE_KEY_HEADER, pattern=NEXT_CASE_KEY_PATTERN),
    ] = None,
) -> Response:
    """Claim the next waiting case in the mission's order (204 when the queue is empty).

    With an `Idempotency-Key` header, a repeat of the same request by the same user
    answers with the case the first one claimed (its current record), claiming nothing.
    409 (`claim_limit`) when the officer already holds the mission's `max_claims` cases.
    """
    with services.db.writer() as session:
        record = claim_next(
            session,
            principal,
            lease_seconds=request.lease_seconds,
            now=services.clock.now(),
            request_id=request_id,
        )
    if record is None:
        return Response(status_code=204)
    return json_reply(record)


@router.get(
    "/cases/{case_id}/documents/{document_id}",
    response_class=Response,
    responses={200: {"content": {t: {} for t in DOCUMENT_MEDIA_TYPES}}},
)
def document(
    case_id: uuid.UUID, document_id: uuid.UUID, principal: PrincipalDep, services: ServicesDep
) -> Response:
    """The document's bytes; `X-Content-SHA256` is their SHA-256 (check it)."""
    with services.db.writer(changes_cases=False) as session:
        row, content = document_content(
            session, principal, case_id, document_id, now=services.clock.now()
        )
        media_type, sha256, filename = row.media_type, row.sha256, row.filename
    return Response(
        content=content,
        media_type=media_type,
        headers={
            "X-Content-SHA256": sha256,
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}",
            "X-Content-Type-Options": "nosniff",
        },
    )
