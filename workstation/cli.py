"""Core sub-commands (no Qt): `sync`, a headless pull and outbox delivery.

Registering costs nothing: the client, the store and the sync engine are imported
when a command runs (every `consular-workstation` run registers its command first).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workstation.client import CentralClient
    from workstation.config import Settings
    from workstation.protocol import UserInfo
    from workstation.store import Store
    from workstation.sync import SyncProgress

log = logging.getLogger(__name__)

PASSWORD_VARIABLE = "CW_PASSWORD"  # noqa: S105 - the name of a variable, not a password


def register_sync(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "sync",
        help="deliver the outbox and pull the queue from the central server (headless)",
        description=(
            "Sign in, deliver this user's pending decisions and prints, then pull every case "
            f"that changed. The password is read from ${PASSWORD_VARIABLE} or asked for."
        ),
    )
    add_sign_in_arguments(parser)
    parser.add_argument("--quiet", action="store_true", help="no progress, summary only")
    parser.set_defaults(handler=run_sync)


def read_password(prompt: str) -> str:
    """From the environment (for scripts) or the terminal; never from a file or the command line."""
    return os.environ.get(PASSWORD_VARIABLE) or getpass.getpass(prompt)


@dataclass(frozen=True)
class CommandSession:
    """What a headless command works with: its settings, the local store, a signed-in client."""

    settings: Settings
    store: Store
    client: CentralClient
    user: UserInfo


def add_sign_in_arguments(parser: argparse.ArgumentParser, *, who: str = "user name") -> None:
    parser.add_argument("--server", help="central server URL (default: settings)")
    parser.add_argument("--database-url", help="local store URL (default: settings)")
    parser.add_argument("--user", required=True, help=who)


@contextmanager
def signed_in(args: argparse.Namespace) -> Iterator[CommandSession]:
    """Open the store and sign `args.user` in; sign out and close both on the way out.

    Raises `SettingsError` or `StoreError` for local trouble, `CentralError` for the server's.
    """
    from workstation.client import CentralClient
    from workstation.config import load_settings
    from workstation.store import Store

    settings = load_settings(server_url=args.server, database_url=args.database_url)
    store = Store.open(settings.effective_database_url)
    client: CentralClient | None = None
    try:
        client = CentralClient(
            settings.server_url, timeout_s=settings.request_timeout_s, ca_bundle=settings.ca_bundle
        )
        user = client.login(args.user, read_password(f"Password for {args.user}: ")).user
        store.reset_for_server(settings.server_url, user.mission)
        yield CommandSession(settings, store, client, user)
    finally:
        if client is not None:
            client.logout()
            client.close()
        store.close()


def run_sync(args: argparse.Namespace) -> int:
    from workstation import errors
    from workstation.config import SettingsError
    from workstation.store import StoreError
    from workstation.sync import SyncEngine

    def show(progress: SyncProgress) -> None:
        if not args.quiet:
            more = "…" if progress.has_more else ""
            print(f"\rpulled {progress.pulled} cases{more}", end="", file=sys.stderr)

    try:
        with signed_in(args) as session:
            engine = SyncEngine(
                session.client, session.store, page_size=session.settings.sync_page_size
            )
            delivery, pull = engine.sync(progress=show)
            if not args.quiet:
                print(file=sys.stderr)
            purged = session.store.purge_expired(
                now=datetime.now(UTC), retention_days=session.settings.retention_days
            )
            counts = engine.outbox.counts()
    except (SettingsError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except errors.CentralError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"delivered {delivery.delivered} (refused {len(delivery.refused)}, "
        f"waiting {counts.pending}); pulled {pull.new} new and {pull.updated} updated cases "
        f"in {pull.pages} page(s), {pull.seconds:.2f} s; downloaded {pull.documents} documents "
        f"of the cases you hold; forgot {purged} expired cases"
    )
    for case_id, reason in delivery.refused:
        print(f"refused for case {case_id}: {reason}", file=sys.stderr)
    return 1 if delivery.refused else 0
