"""Sub-command `audit` (no Qt): `audit verify` checks the mission's audit log.

`audit verify` signs in, fetches the entries that are new since the last time
(into the local store), recomputes the whole hash chain, checks every signed
checkpoint against the pinned keys and, with `--full`, re-fetches the server's
copy and compares it with the local one. Exit status: 0 intact, 1 tampered,
2 cannot check (settings, local store, network, sign-in or permission).
The password comes from $CW_PASSWORD or is asked for.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from review.audit import ChainReport, fetch_and_verify
from workstation import errors
from workstation.cli import PASSWORD_VARIABLE, read_password
from workstation.client import CentralClient
from workstation.config import SettingsError, load_settings
from workstation.store import Store, StoreError

log = logging.getLogger(__name__)

EXIT_INTACT = 0
EXIT_TAMPERED = 1
EXIT_CANNOT_CHECK = 2


def register_audit(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("audit", help="verify the mission's audit log")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify",
        help="fetch the audit log and verify its hash chain and signed checkpoints",
        description=(
            "Fetch the new audit entries into the local store, recompute the hash chain and "
            "check every signed checkpoint; report the first entry that does not fit. "
            f"The password is read from ${PASSWORD_VARIABLE} or asked for. Exit status: "
            "0 intact, 1 tampered, 2 cannot check."
        ),
    )
    verify.add_argument("--server", help="central server URL (default: settings)")
    verify.add_argument("--database-url", help="local store URL (default: settings)")
    verify.add_argument("--user", required=True, help="user name (an auditor or supervisor)")
    verify.add_argument(
        "--full",
        action="store_true",
        help="also re-fetch the server's whole log and compare it with the local copy",
    )
    verify.add_argument("--json", action="store_true", help="print the report as one JSON object")
    verify.set_defaults(handler=run_verify)


def _show(report: ChainReport, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
        return
    if report.fetched is not None:
        noun = "entry" if report.fetched == 1 else "entries"
        print(f"fetched {report.fetched} new audit {noun}")
    print(report.summary())
    print(f"checked in {report.seconds:.2f} s")


def run_verify(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(server_url=args.server, database_url=args.database_url)
        store = Store.open(settings.effective_database_url)
    except (SettingsError, StoreError) as exc:
        print(f"cannot check the audit log: {exc}", file=sys.stderr)
        return EXIT_CANNOT_CHECK
    client: CentralClient | None = None
    try:
        client = CentralClient(
            settings.server_url, timeout_s=settings.request_timeout_s, ca_bundle=settings.ca_bundle
        )
        user = client.login(args.user, read_password(f"Password for {args.user}: ")).user
        store.reset_for_server(settings.server_url, user.mission)
        report = fetch_and_verify(client, store, full=args.full)
    except errors.CentralError as exc:
        print(f"cannot check the audit log: {exc}", file=sys.stderr)
        return EXIT_CANNOT_CHECK
    finally:
        if client is not None:
            client.logout()
            client.close()
        store.close()
    _show(report, as_json=args.json)
    return EXIT_INTACT if report.ok else EXIT_TAMPERED
