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
from datetime import timedelta

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from server.auth import FailedSignIns
from server.cases import release_expired_leases
from server.checkpoints import CheckpointSigner, sign_moved_heads
from server.clock import ServerClock
from server.db import Database
from server.deps import Services
from server.errors import install_error_handlers
from server.limits import DeclarationRate, RequestLimits, UploadsInFlight
from server.routes import audit, cases, decisions, intake, session
from server.settings import ServerSettings
from workstation.protocol import API_PREFIX, PROTOCOL_VERSION

log = logging.getLogger(__name__)


def sweep_expired_leases(db: Database, clock: ServerClock) -> int:
    with db.writer() as db_session:
        return release_expired_leases(db_session, now=clock.now())


def sign_audit_heads(db: Database, signer: CheckpointSigner, clock: ServerClock) -> int:
    with db.writer(changes_cases=False) as db_session:
        return sign_moved_heads(db_session, signer, now=clock.now())


async def _every(
    interval: timedelta, clock: ServerClock, work: Callable[[], int], failure: str
) -> None:
    # The period is measured on the server's clock, so a test that moves the clock
    # sees the task run without waiting for real time to pass.
    due = clock.now() + interval
    while True:
        await asyncio.sleep(clock.poll_seconds(interval))
        if clock.is_test_clock and clock.now() < due:
            continue
        due = clock.now() + interval
        try:
            await run_in_threadpool(work)
        except Exception:
            # A failed round (e.g. the database is briefly away) is retried next time.
            log.exception(failure)


def describe_limits(settings: ServerSettings) -> str:
    """The OpenAPI description: what the service is and the limits every client meets."""
    window_minutes = round(settings.declaration_rate_window.total_seconds() / 60)
    return f"""Reference central declaration service (protocol v{PROTOCOL_VERSION}).

**Limits**, checked before sign-in and before a body is parsed:

- a JSON request body may weigh at most {settings.max_json_body_bytes} bytes, an upload
  (`POST /declarations`, `POST /declarations/{{id}}/supplement`) at most
  {settings.max_upload_body_bytes} bytes, whether or not it states a `Content-Length`
  (413, and the connection is closed);
- at most {settings.max_uploads_per_address} uploads from one client address (429) and
  {settings.max_uploads} in all (503) are received at once, both with `Retry-After`; a body
  that sends nothing for {round(settings.body_idle_timeout.total_seconds())} s is refused (408);
- at most {settings.declarations_per_address} new declarations per client address and
  {settings.declarations_per_travel_document} per travel document in {window_minutes}
  minutes (429 with `Retry-After`; re-declarations with the traveller token do not count);
- after {settings.lockout_after} failed sign-ins a name is locked for
  {round(settings.lockout_for.total_seconds())} s (429 with `Retry-After`), whether or not
  the name exists.
"""


def create_app(
    *,
    db: Database,
    settings: ServerSettings | None = None,
    signer: CheckpointSigner | None = None,
    clock: ServerClock | None = None,
) -> FastAPI:
    settings = settings or ServerSettings()
    clock = clock or ServerClock()
    services = Services(
        db=db,
        settings=settings,
        signer=signer or CheckpointSigner(),
        clock=clock,
        failed_sign_ins=FailedSignIns(capacity=settings.failure_memory_names),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        tasks = [
            asyncio.create_task(
                _every(
                    settings.lease_sweep_interval,
                    clock,
                    lambda: sweep_expired_leases(db, clock),
                    "releasing expired claims failed",
                )
            ),
            asyncio.create_task(
                _every(
                    settings.checkpoint_interval,
                    clock,
                    lambda: sign_audit_heads(db, services.signer, clock),
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
        description=describe_limits(settings),
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.services = services
    app.state.declaration_rate = DeclarationRate(settings)
    # Outermost but for Starlette's error handler: it decides before any route reads a byte.
    app.add_middleware(
        RequestLimits,
        settings=settings,
        uploads=UploadsInFlight(
            total=settings.max_uploads, per_address=settings.max_uploads_per_address
        ),
    )
    install_error_handlers(app)
    for module in (session, intake, cases, decisions, audit):
        app.include_router(module.router, prefix=API_PREFIX)
    return app
