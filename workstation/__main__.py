"""`consular-workstation`: one command, with sub-commands contributed by each layer.

Sub-commands are registered through the `consular_workstation.commands` entry
point group (see pyproject.toml), so this core module never imports the layers
above it, and a command that needs Qt imports it only when it runs.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from typing import Protocol

log = logging.getLogger(__name__)

COMMAND_GROUP = "consular_workstation.commands"


class Command(Protocol):
    def __call__(self, args: argparse.Namespace) -> int: ...


#: What an entry point provides: it adds its parser(s) and sets `handler` on them.
Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consular-workstation",
        description="Review travellers' health declarations and issue signed health certificates.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for entry in sorted(entry_points(group=COMMAND_GROUP), key=lambda e: e.name):
        register: Register = entry.load()
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    handler: Command | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
