"""Server information and sign-in: `/info`, `/auth/login`, `/auth/logout`, `/auth/me`."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from server.auth import sign_in, sign_out
from server.deps import PrincipalDep, ServicesDep, TokenDep
from server.routes import ERROR_RESPONSES, json_reply
from workstation.protocol import PROTOCOL_VERSION, LoginReply, LoginRequest, ServerInfo, UserInfo

log = logging.getLogger(__name__)

SERVER_NAME = "Consular Workstation reference central server"

router = APIRouter(responses=ERROR_RESPONSES)


@router.get("/info", response_model=ServerInfo, tags=["server"])
def info(services: ServicesDep) -> Response:
    """What this server is and which protocol it speaks (no sign-in needed)."""
    return json_reply(
        ServerInfo(
            name=SERVER_NAME, protocol_version=PROTOCOL_VERSION, server_time=services.clock.now()
        )
    )


@router.post("/auth/login", response_model=LoginReply, tags=["sign-in"])
async def login(request: LoginRequest, services: ServicesDep) -> Response:
    """Sign in; the reply's bearer token is valid until `expires_at`.

    Wrong passwords are counted per user name, whether the name exists or not: after the
    server's limit in a row the name is locked (429 with `Retry-After`), and a wrong password
    is answered 503 while the server's memory of recent failures is full.
    """
    reply = await run_in_threadpool(
        sign_in,
        services.db,
        services.settings,
        request,
        now=services.clock.now(),
        failures=services.failed_sign_ins,
    )
    return json_reply(reply)


@router.post("/auth/logout", status_code=204, tags=["sign-in"])
def logout(token: TokenDep, services: ServicesDep) -> Response:
    """End this session: the token stops working at once."""
    sign_out(services.db, token, now=services.clock.now())
    return Response(status_code=204)


@router.get("/auth/me", response_model=UserInfo, tags=["sign-in"])
def me(principal: PrincipalDep) -> Response:
    return json_reply(principal.info())
