"""Run the server: prepare the database, listen, announce `ready`, stop on SIGTERM.

When the server accepts connections it prints one JSON line on stdout:
`{"event": "ready", "url": ..., "users": [...]}`; `users` (with their random
passwords) only with `--demo-users` on a fresh database. `--port 0` picks a
free port: the socket is bound here and handed to uvicorn, so the announced
port is the real one. SIGTERM stops the server gracefully (uvicorn's handler).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import Any

import uvicorn
from sqlalchemy.exc import SQLAlchemyError

from server.app import create_app
from server.checkpoints import CheckpointSigner, SigningKeyError, load_or_create_signing_key
from server.cli import AUDIT_KEY_PASSPHRASE_VARIABLE, limit_settings
from server.clock import MovableClockRefused, server_clock
from server.db import Database, open_database
from server.demo_decisions import decide_demo_cases
from server.seed import (
    DemoAccount,
    create_demo_users,
    ensure_missions,
    is_fresh,
    seed_declarations,
)
from server.settings import ServerSettings

log = logging.getLogger(__name__)


def _settings(args: argparse.Namespace) -> ServerSettings:
    return ServerSettings(
        token_ttl=timedelta(seconds=args.token_ttl_seconds),
        lockout_for=timedelta(seconds=args.lockout_seconds),
        lease_sweep_interval=timedelta(seconds=args.lease_sweep_seconds),
        checkpoint_interval=timedelta(seconds=args.checkpoint_seconds),
        **limit_settings(args),
    )


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say they are TCP,
    # and without it small replies wait ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _url(sock: socket.socket, *, tls: bool) -> str:
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::"):  # noqa: S104  (announce a reachable address, not the wildcard)
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"{'https' if tls else 'http'}://{host}:{port}"


def _stopped_by_operator(_signum: int, _frame: FrameType | None) -> None:
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal to the
    # handler it found: this one, so a requested stop ends with status 0.
    raise SystemExit(0)


class _AnnouncingServer(uvicorn.Server):
    """Says `ready` once it is listening, not before."""

    def __init__(self, config: uvicorn.Config, announce: Callable[[], None]) -> None:
        super().__init__(config)
        self._announce = announce

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self._announce()


def prepare_database(args: argparse.Namespace) -> tuple[Database, list[DemoAccount]]:
    """Schema, missions, and on a fresh database the demo users and declarations."""
    db = open_database(args.database_url)
    fresh = is_fresh(db)
    db.create_schema()
    departure_first = None if args.order_by_departure is None else set(args.order_by_departure)
    missions = ensure_missions(db, departure_first=departure_first)
    accounts: list[DemoAccount] = []
    if not fresh:
        if args.seed or args.demo_users:
            log.info("the database already holds data: no demo users or declarations added")
        return db, accounts
    if args.demo_users:
        accounts = create_demo_users(db, missions)
    if args.seed > 0:
        seeded = args.seed_missions or missions
        unknown = sorted(set(seeded) - set(missions))
        if unknown:
            raise ValueError(f"--seed-missions names unknown missions: {', '.join(unknown)}")
        now = datetime.now(UTC)
        summary = seed_declarations(
            db, count=args.seed, seed_value=args.seed_value, now=now, missions=seeded,
            reference_time=args.seed_reference_time,
        )  # fmt: skip
        if args.seed_decided > 0:
            decide_demo_cases(
                db, summary.cases, fraction=args.seed_decided, seed_value=args.seed_value,
                now=now, issuer_country=ServerSettings().issuer_country,
            )  # fmt: skip
    return db, accounts


def checkpoint_signer(args: argparse.Namespace) -> CheckpointSigner:
    """The audit checkpoint signer: from `--audit-key-file`, or a key made in memory."""
    if args.audit_key_file is None:
        log.warning("audit checkpoints are signed with a key made for this run only")
        return CheckpointSigner()
    passphrase = os.environ.get(AUDIT_KEY_PASSPHRASE_VARIABLE, "")
    return CheckpointSigner(load_or_create_signing_key(args.audit_key_file, passphrase))


#: Everything the server writes (database, WAL, upload spool, temporary files) is owner-only.
OWNER_ONLY_UMASK = 0o077


def run(args: argparse.Namespace) -> int:
    os.umask(OWNER_ONLY_UMASK)
    if bool(args.tls_certfile) != bool(args.tls_keyfile):
        print("serve: --tls-certfile and --tls-keyfile go together", file=sys.stderr)
        return 2
    try:
        clock = server_clock(offset_file=args.test_clock_file, host=args.host)
    except MovableClockRefused as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 2
    try:
        signer = checkpoint_signer(args)
    except SigningKeyError as exc:
        print(f"serve: cannot use the audit checkpoint key: {exc}", file=sys.stderr)
        return 1
    log.info("audit checkpoints are signed with key %s", signer.key_id)
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        print(f"serve: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        db, accounts = prepare_database(args)
    except (ValueError, SQLAlchemyError) as exc:
        sock.close()
        print(f"serve: cannot prepare the database: {exc}", file=sys.stderr)
        return 1
    tls = bool(args.tls_certfile)
    url = _url(sock, tls=tls)
    ready: dict[str, Any] = {"event": "ready", "url": url, "audit_key_id": signer.key_id}
    if accounts:
        ready["users"] = [
            {
                "username": a.username,
                "password": a.password,
                "role": a.role.value,
                "mission": a.mission,
            }
            for a in accounts
        ]

    def announce() -> None:
        log.info("listening on %s", url)
        sys.stdout.write(json.dumps(ready) + "\n")
        sys.stdout.flush()

    config = uvicorn.Config(
        create_app(db=db, settings=_settings(args), signer=signer, clock=clock),
        log_config=None,
        access_log=args.access_log,
        ssl_certfile=args.tls_certfile,
        ssl_keyfile=args.tls_keyfile,
        lifespan="on",
        timeout_graceful_shutdown=args.graceful_timeout_seconds,
    )
    server = _AnnouncingServer(config, announce)
    signal.signal(signal.SIGTERM, _stopped_by_operator)
    try:
        server.run(sockets=[sock])
    except SystemExit as stop:
        if stop.code != 0:
            raise
    finally:
        sock.close()
        db.dispose()
    return 0 if server.started else 1
