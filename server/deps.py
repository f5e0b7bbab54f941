"""FastAPI dependencies: the server's services, the clock, and the signed-in principal."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.auth import FailedSignIns, principal_for_token
from server.checkpoints import CheckpointSigner
from server.clock import ServerClock
from server.db import Database
from server.errors import unauthorized
from server.principal import Principal
from server.settings import ServerSettings

log = logging.getLogger(__name__)

_bearer = HTTPBearer(auto_error=False, description="the token from POST /api/v1/auth/login")


@dataclass(frozen=True)
class Services:
    db: Database
    settings: ServerSettings
    signer: CheckpointSigner
    #: Recent failed sign-ins of every name, real or not (`server.auth`).
    failed_sign_ins: FailedSignIns = field(default_factory=FailedSignIns)
    #: Every "now" the server acts on (expiry of tokens, lockouts, leases; checkpoint times).
    clock: ServerClock = field(default_factory=ServerClock)


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise unauthorized("sign in first: this needs a bearer token (POST /api/v1/auth/login)")
    return credentials.credentials


def current_principal(
    token: Annotated[str, Depends(bearer_token)],
    services: Annotated[Services, Depends(get_services)],
) -> Principal:
    with services.db.reader() as session:
        return principal_for_token(session, token, now=services.clock.now())


ServicesDep = Annotated[Services, Depends(get_services)]
PrincipalDep = Annotated[Principal, Depends(current_principal)]
TokenDep = Annotated[str, Depends(bearer_token)]
