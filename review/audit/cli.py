"""Sub-command `audit` (no Qt): `audit verify` checks the mission's audit log.

`audit verify` signs in, fetches the entries that are new since the last time
(into the local store), recomputes the whole hash chain, checks every signed
checkpoint against the pinned keys and, with `--full`, re-fetches the server's
copy and compares it with the local one. Exit status: 0 intact, 1 tampered,
2 cannot check (settings, local store, network, sign-in or permission).
The password comes from $CW_PASSWORD or is asked for. Registering costs nothing:
the audit code, the client and the store are imported when the command runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import TYPE_CHECKING

from workstation.cli import PASSWORD_VARIABLE, add_sign_in_arguments, signed_in

if TYPE_CHECKING:
    from review.audit.report import ChainReport

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
    add_sign_in_arguments(verify, who="user name (an auditor or supervisor)")
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
    from review.audit.remote import fetch_and_verify
    from workstation import errors
    from workstation.config import SettingsError
    from workstation.store import StoreError

    try:
        with signed_in(args) as session:
            report = fetch_and_verify(
                session.client,
                session.store,
                full=args.full,
                pinned_key_ids=session.settings.audit_key_ids,
            )
    except (SettingsError, StoreError, errors.CentralError) as exc:
        print(f"cannot check the audit log: {exc}", file=sys.stderr)
        return EXIT_CANNOT_CHECK
    _show(report, as_json=args.json)
    return EXIT_INTACT if report.ok else EXIT_TAMPERED
