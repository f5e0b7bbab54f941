"""`serve`: run the reference central server (also `python -m server serve`).

Registered into the `consular-workstation` command line through an entry point,
so this module imports nothing heavy: the server itself (`server.runner`) is
imported only when the command runs.
"""

from __future__ import annotations

import argparse
import logging
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///central.sqlite3"
AUDIT_KEY_PASSPHRASE_VARIABLE = "CW_AUDIT_KEY_PASSPHRASE"  # noqa: S105 - a variable's name


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("serve", help="run the reference central server")
    add_serve_arguments(parser)
    parser.set_defaults(handler=serve)


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    env = os.environ.get
    parser.add_argument("--host", default=env("CW_SERVER_HOST", "127.0.0.1"))
    parser.add_argument(
        "--port",
        type=int,
        default=int(env("CW_SERVER_PORT", "8740")),
        help="0 picks a free port (announced in the ready line)",
    )
    parser.add_argument(
        "--database-url",
        default=env("CW_SERVER_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="any SQLAlchemy URL; PostgreSQL as postgresql+psycopg://user@host/db",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="N",
        help="seed N demo declarations into a fresh database",
    )
    parser.add_argument(
        "--seed-value",
        type=int,
        default=1,
        metavar="S",
        help="random seed of the demo generator (same S, same data)",
    )
    parser.add_argument(
        "--seed-missions",
        nargs="+",
        metavar="MISSION",
        default=None,
        help="seed declarations only for these missions (default: every demo mission)",
    )
    parser.add_argument(
        "--seed-reference-time",
        type=_aware_time,
        default=None,
        metavar="ISO-8601",
        help="the moment the demo data is generated around (default: now); fixes the data",
    )
    parser.add_argument(
        "--seed-decided",
        type=float,
        default=0.0,
        metavar="FRACTION",
        help="decide this share of the seeded cases as a demo officer (needs --demo-users)",
    )
    parser.add_argument(
        "--demo-users",
        action="store_true",
        help="create demo users with random passwords (fresh database only)",
    )
    parser.add_argument(
        "--order-by-departure",
        nargs="*",
        metavar="MISSION",
        default=None,
        help="these missions (all if none named) review earliest departures first",
    )
    parser.add_argument("--tls-certfile", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-keyfile", help="the certificate's private key (PEM)")
    parser.add_argument("--token-ttl-seconds", type=int, default=8 * 3600)
    parser.add_argument(
        "--lockout-seconds",
        type=int,
        default=300,
        help="how long an account stays locked after 5 failed sign-ins",
    )
    parser.add_argument(
        "--lease-sweep-seconds",
        type=float,
        default=10.0,
        help="how often expired claims are given back to the queue",
    )
    parser.add_argument(
        "--checkpoint-seconds",
        type=float,
        default=60.0,
        help="how often each mission's audit head is signed (when it moved)",
    )
    parser.add_argument(
        "--graceful-timeout-seconds",
        type=int,
        default=5,
        help="on SIGTERM, how long requests in progress may take to finish",
    )
    parser.add_argument(
        "--audit-key-file",
        type=Path,
        default=env("CW_AUDIT_KEY_FILE"),
        help=(
            "encrypted Ed25519 key that signs the audit checkpoints, made on first start "
            f"(passphrase from ${AUDIT_KEY_PASSPHRASE_VARIABLE}); without it a new key is made "
            "in memory at every start, and auditors cannot pin it"
        ),
    )
    parser.add_argument("--access-log", action="store_true", help="log every request")
    add_limit_arguments(parser)
    parser.add_argument(
        "--test-clock-file",
        type=Path,
        default=None,
        metavar="PATH",
        help=(
            "FOR TESTS ONLY, never in production: move the server's clock (token, lockout and "
            "claim expiry, checkpoint period) forward by the number of seconds written in PATH, "
            "read afresh each time. Off by default; refused unless --host is a loopback address"
        ),
    )


def add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    """Resource limits (README "Server limits"); defaults are `ServerSettings`'."""
    limits = parser.add_argument_group("resource limits (checked before sign-in and parsing)")
    limits.add_argument(
        "--max-json-body-bytes",
        type=int,
        default=128 * 1024,
        help="largest request body of a JSON route (413 beyond)",
    )
    limits.add_argument(
        "--max-upload-body-bytes",
        type=int,
        default=None,
        help="largest declaration or supplement upload (default: 8 documents of 20 MiB + 2 MiB)",
    )
    limits.add_argument(
        "--max-uploads", type=int, default=8, help="uploads received at once in all (503 beyond)"
    )
    limits.add_argument(
        "--max-uploads-per-address",
        type=int,
        default=2,
        help="uploads received at once from one client address (429 beyond)",
    )
    limits.add_argument(
        "--body-idle-timeout-seconds",
        type=float,
        default=60.0,
        help="a request body that sends nothing for this long is refused (408)",
    )
    limits.add_argument(
        "--declarations-per-address",
        type=int,
        default=30,
        help="new declarations per client address per window (429 beyond)",
    )
    limits.add_argument(
        "--declarations-per-travel-document",
        type=int,
        default=5,
        help="new declarations per travel document per window (429 beyond)",
    )
    limits.add_argument(
        "--declaration-rate-window-seconds",
        type=float,
        default=3600.0,
        help="the window the two declaration rates are counted over",
    )
    limits.add_argument(
        "--failure-memory-seconds",
        type=float,
        default=900.0,
        help="failed sign-ins count towards a lockout until this long after the last one",
    )
    limits.add_argument(
        "--failure-memory-names",
        type=int,
        default=100_000,
        help=(
            "names (real or not) whose recent failures are remembered at once; when all are "
            "live, sign-ins are answered 503 rather than any count forgotten"
        ),
    )
    limits.add_argument(
        "--upload-spool-dir",
        type=Path,
        default=None,
        help="folder for uploads while they arrive (default: the system's temporary folder)",
    )


def limit_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The `ServerSettings` fields the limit options set (for `server.runner`)."""
    fields: dict[str, Any] = {
        "max_json_body_bytes": args.max_json_body_bytes,
        "max_uploads": args.max_uploads,
        "max_uploads_per_address": args.max_uploads_per_address,
        "body_idle_timeout": timedelta(seconds=args.body_idle_timeout_seconds),
        "declarations_per_address": args.declarations_per_address,
        "declarations_per_travel_document": args.declarations_per_travel_document,
        "declaration_rate_window": timedelta(seconds=args.declaration_rate_window_seconds),
        "upload_spool_dir": args.upload_spool_dir,
        "failure_memory": timedelta(seconds=args.failure_memory_seconds),
        "failure_memory_names": args.failure_memory_names,
    }
    if args.max_upload_body_bytes is not None:
        fields["max_upload_body_bytes"] = args.max_upload_body_bytes
    return fields


def _aware_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2026-11-23T10:00:00+00:00")
    return moment


def serve(args: argparse.Namespace) -> int:
    # Imported here so that other sub-commands do not pay for uvicorn and the server.
    from server.runner import run

    return run(args)
