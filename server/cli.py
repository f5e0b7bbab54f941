"""`serve`: run the reference central server (also `python -m server serve`).

Registered into the `consular-workstation` command line through an entry point,
so this module imports nothing heavy: the server itself (`server.runner`) is
imported only when the command runs.
"""

from __future__ import annotations

import argparse
import logging
import os
from datetime import datetime
from pathlib import Path

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


def _aware_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2026-11-23T10:00:00+00:00")
    return moment


def serve(args: argparse.Namespace) -> int:
    # Imported here so that other sub-commands do not pay for uvicorn and the server.
    from server.runner import run

    return run(args)
