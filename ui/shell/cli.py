"""GUI sub-commands: `gui` (sign in to a central server) and `demo` (everything local).

Qt is imported only when one of these commands runs, never when another
command of the same program does.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from server.harness import DemoUser, ReferenceServerProcess

log = logging.getLogger(__name__)

DEMO_MISSION = "GBR-LON"
DEMO_DECIDED = 0.3


def register_gui(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("gui", help="open the workstation and sign in")
    parser.add_argument("--server", help="central server URL (default: settings)")
    parser.add_argument("--database-url", help="local store URL (default: settings)")
    parser.set_defaults(handler=run_gui)


def register_demo(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "demo",
        help="start a local reference server with demo data and open the workstation",
        description=(
            "Starts the reference central server on a free loopback port with SQLite in a "
            "fresh demo folder, seeds demo declarations and users, and opens the workstation "
            "signed in. The demo users' passwords are random and printed here once."
        ),
    )
    parser.add_argument("--seed", type=int, default=200, help="demo declarations (default 200)")
    parser.add_argument("--seed-value", type=int, default=1, help="random seed of the demo data")
    parser.add_argument(
        "--role",
        default="officer",
        choices=["officer", "clerk", "auditor", "supervisor"],
        help="who to sign in as (default: officer)",
    )
    parser.add_argument("--folder", type=Path, help="demo folder (default: a new temporary one)")
    parser.set_defaults(handler=run_demo)


def run_gui(args: argparse.Namespace) -> int:
    from ui.shell.launch import run_signed_out
    from workstation.config import SettingsError, load_settings

    try:
        settings = load_settings(server_url=args.server, database_url=args.database_url)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return run_signed_out(settings)


def run_demo(args: argparse.Namespace) -> int:
    from server.harness import ReferenceServerProcess
    from ui.clerk.signing import create_demo_signer, demo_keys_dir
    from ui.shell.launch import restrict_new_files, run_shell
    from workstation.config import load_settings
    from workstation.private_files import private_folder

    restrict_new_files()  # the demo folder holds (made-up) personal data: owner-only, as for real
    folder = args.folder or Path(tempfile.mkdtemp(prefix="consular-demo-"))
    private_folder(folder)
    print(f"demo folder: {folder}")
    print(f"starting the reference server with {args.seed} demo declarations…")
    server = ReferenceServerProcess(
        database_url=f"sqlite:///{folder / 'central.sqlite3'}",
        workdir=folder,
        seed=args.seed,
        seed_value=args.seed_value,
        # A share decided already: the clerk has certificates to print, the auditor a history.
        extra_args=["--seed-decided", str(DEMO_DECIDED)],
    ).start()
    try:
        print(f"reference server: {server.url}")
        print("demo users (passwords are random for this run):")
        for user in sorted(server.users.values(), key=lambda u: (u.mission, u.role, u.username)):
            print(f"  {user.mission:8} {user.role:10} {user.username:18} {user.password}")
        user = server.user(args.role, DEMO_MISSION)
        # Demo signing keys under a random passphrase held only by this process; the keys
        # folder is always the demo's own, never the one in the user's settings.
        keys_dir = demo_keys_dir(folder)
        signer = create_demo_signer(keys_dir, mission=DEMO_MISSION)
        print(f"demo signing keys: {keys_dir} (passphrase random, kept in memory only)")
        settings = load_settings(
            server_url=server.url,
            database_url=f"sqlite:///{folder / 'workstation.sqlite3'}",
            data_dir=str(folder),
            keys_dir=str(keys_dir),
            # The demo server announced its checkpoint key at start: pin it, as an embassy's
            # IT would pin the id the production server logs.
            audit_key_ids=[server.audit_key_id],
        )
        # Sign out returns to sign-in with the mission's demo users listed: one run shows
        # every role.
        return run_shell(
            settings,
            demo_users=demo_users(server, DEMO_MISSION),
            signer=signer,
            username=user.username,
            password=user.password,
        )
    finally:
        server.stop()


def demo_users(server: ReferenceServerProcess, mission: str) -> list[DemoUser]:
    """The mission's demo users in the order a demo is best shown: officer to supervisor."""
    order = {"officer": 0, "clerk": 1, "auditor": 2, "supervisor": 3}
    users = [u for u in server.users.values() if u.mission == mission]
    return sorted(users, key=lambda u: (order.get(u.role, len(order)), u.username))
