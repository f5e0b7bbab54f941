"""Core sub-commands (no Qt): `sync`, a headless pull and outbox delivery."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from datetime import UTC, datetime

from workstation import errors
from workstation.client import CentralClient
from workstation.config import SettingsError, load_settings
from workstation.store import Store, StoreError
from workstation.sync import SyncEngine, SyncProgress

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
    parser.add_argument("--server", help="central server URL (default: settings)")
    parser.add_argument("--database-url", help="local store URL (default: settings)")
    parser.add_argument("--user", required=True, help="user name")
    parser.add_argument("--quiet", action="store_true", help="no progress, summary only")
    parser.set_defaults(handler=run_sync)


def read_password(prompt: str) -> str:
    """From the environment (for scripts) or the terminal; never from a file or the command line."""
    return os.environ.get(PASSWORD_VARIABLE) or getpass.getpass(prompt)


def run_sync(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(server_url=args.server, database_url=args.database_url)
        store = Store.open(settings.effective_database_url)
    except (SettingsError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    client: CentralClient | None = None
    try:
        client = CentralClient(
            settings.server_url, timeout_s=settings.request_timeout_s, ca_bundle=settings.ca_bundle
        )
        user = client.login(args.user, read_password(f"Password for {args.user}: ")).user
        store.reset_for_server(settings.server_url, user.mission)
        engine = SyncEngine(client, store, page_size=settings.sync_page_size)

        def show(progress: SyncProgress) -> None:
            if not args.quiet:
                more = "…" if progress.has_more else ""
                print(f"\rpulled {progress.pulled} cases{more}", end="", file=sys.stderr)

        delivery, pull = engine.sync(progress=show)
        if not args.quiet:
            print(file=sys.stderr)
        purged = store.purge_expired(now=datetime.now(UTC), retention_days=settings.retention_days)
    except errors.CentralError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if client is not None:
            client.logout()
            client.close()
        store.close()
    counts = engine.outbox.counts()
    print(
        f"delivered {delivery.delivered} (refused {len(delivery.refused)}, "
        f"waiting {counts.pending}); pulled {pull.new} new and {pull.updated} updated cases "
        f"in {pull.pages} page(s), {pull.seconds:.2f} s; forgot {purged} expired cases"
    )
    for case_id, reason in delivery.refused:
        print(f"refused for case {case_id}: {reason}", file=sys.stderr)
    return 1 if delivery.refused else 0
