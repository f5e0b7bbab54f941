"""`create_app`: the FastAPI application of the reference central server.

Besides the routes, the app runs two background tasks: every
`lease_sweep_interval` it gives cases whose claim expired back to the queue
(claims and "next case" also do it first, so the task only keeps the feed fresh),
and every `checkpoint_interval` it signs each mission's audit head that moved.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from server.cases import release_expired_leases
from server.checkpoints import CheckpointSigner, sign_moved_heads
from server.db import Database
from server.deps import Services, utc_now
from server.errors import install_error_handlers
from server.routes import audit, cases, decisions, intake, session
from server.settings import ServerSettings
from workstation.protocol import API_PREFIX, PROTOCOL_VERSION

log = logging.getLogger(__name__)


def sweep_expired_leases(db: Database) -> int:
    with db.writer() as db_session:
        return release_expired_leases(db_session, now=utc_now())


def sign_audit_heads(db: Database, signer: CheckpointSigner) -> int:
    with db.writer(changes_cases=False) as db_session:
        return sign_moved_heads(db_session, signer, now=utc_now())


async def _every(interval_s: float, work: Callable[[], int], failure: str) -> None:
    while True:
        await asyncio.sleep(interval_s)
        try:
            await run_in_threadpool(work)
        except Exception:
            # A failed round (e.g. the database is briefly away) is retried next time.
            log.exception(failure)


def create_app(
    *,
    db: Database,
    settings: ServerSettings | None = None,
    signer: CheckpointSigner | None = None,
) -> FastAPI:
    settings = settings or ServerSettings()
    services = Services(db=db, settings=settings, signer=signer or CheckpointSigner())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        tasks = [
            asyncio.create_task(
                _every(
                    settings.lease_sweep_interval.total_seconds(),
                    lambda: sweep_expired_leases(db),
                    "releasing expired claims failed",
                )
            ),
            asyncio.create_task(
                _every(
                    settings.checkpoint_interval.total_seconds(),
                    lambda: sign_audit_heads(db, services.signer),
                    "signing the audit heads failed",
                )
            ),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with suppress(asyncio.CancelledError):
                    await task

    app = FastAPI(
        title="Consular Workstation central server",
        version=f"{PROTOCOL_VERSION}",
        description="Reference central declaration service (protocol v1).",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.services = services
    install_error_handlers(app)
    for module in (session, intake, cases, decisions, audit):
        app.include_router(module.router, prefix=API_PREFIX)
    return app
