"""The audit log for auditors and supervisors: `/audit`, `/audit/checkpoints`, `/audit/keys`."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Response

from server.audit import audit_page_json
from server.checkpoints import checkpoints_json, signing_keys
from server.deps import PrincipalDep, ServicesDep
from server.routes import ERROR_RESPONSES, json_reply
from workstation.domain import Permission
from workstation.protocol import AuditCheckpoint, AuditPage, AuditSigningKey

log = logging.getLogger(__name__)

MAX_AUDIT_PAGE = 5000

router = APIRouter(responses=ERROR_RESPONSES, tags=["audit"])


@router.get("/audit", response_model=AuditPage)
def audit(
    principal: PrincipalDep,
    services: ServicesDep,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_AUDIT_PAGE)] = 1000,
) -> Response:
    """My mission's audit chain after entry `after` (entries hash-chained from seq 1)."""
    principal.require(Permission.READ_AUDIT)
    with services.db.reader() as session:
        return json_reply(
            audit_page_json(session, mission=principal.mission, after=after, limit=limit)
        )


@router.get("/audit/checkpoints", response_model=list[AuditCheckpoint])
def checkpoints(
    principal: PrincipalDep,
    services: ServicesDep,
    after: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Signed heads of my mission's chain after seq `after` (the current head is signed if new)."""
    principal.require(Permission.READ_AUDIT)
    with services.db.writer(changes_cases=False) as session:
        text = checkpoints_json(
            session, principal, services.signer, after=after, now=services.clock.now()
        )
    return json_reply(text)


@router.get("/audit/keys", response_model=list[AuditSigningKey])
def keys(principal: PrincipalDep, services: ServicesDep) -> list[AuditSigningKey]:
    """The public keys checkpoints are signed with (Ed25519, raw, hex)."""
    with services.db.reader() as session:
        return signing_keys(session, principal)
