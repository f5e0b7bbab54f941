"""`consular-workstation`: one command, with sub-commands contributed by each layer.

Each sub-command is a `register(commands)` function in the layer that owns it,
named by a "module:function" string and imported through importlib only when
needed, so this core module never imports the layers above it and a command
that needs Qt imports it only when it runs.

`COMMANDS` lists our own sub-commands; it is the same table as the
`consular_workstation.commands` entry points in pyproject.toml (a test keeps
them equal). Reading it here rather than through `importlib.metadata` spares
every run the scan of the installed distributions, and when the command line
names one of them only that one is registered: `verify HC1:...` loads the
certificate code and nothing of the GUI, the server or the audit. Entry points
of other distributions in that group are still honoured: they are looked up
when the named command is not ours, and for the full `--help`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Final, Protocol

log = logging.getLogger(__name__)

COMMAND_GROUP: Final = "consular_workstation.commands"

#: Our sub-commands: name -> "module:register function" (the entry points in pyproject.toml).
COMMANDS: Final[dict[str, str]] = {
    "audit": "review.audit.cli:register_audit",
    "certificate": "printing.cli:register_certificate",
    "demo": "ui.shell.cli:register_demo",
    "gui": "ui.shell.cli:register_gui",
    "inspect": "review.analysis.cli:register_inspect",
    "keys": "printing.cli:register_keys",
    "serve": "server.cli:register",
    "sync": "workstation.cli:register_sync",
    "verify": "printing.cli:register_verify",
}


class Command(Protocol):
    def __call__(self, args: argparse.Namespace) -> int: ...


#: What a command's register function does: add its parser(s) and set `handler` on them.
Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def _load(target: str) -> Register:
    module, _, function = target.partition(":")
    register: Register = getattr(import_module(module), function)
    return register


def _plugin_commands() -> dict[str, str]:
    """Entry points of other distributions in our group (ours win on a name clash)."""
    from importlib.metadata import entry_points

    return {
        entry.name: entry.value
        for entry in entry_points(group=COMMAND_GROUP)
        if entry.name not in COMMANDS
    }


def _named_command(argv: Sequence[str]) -> str | None:
    """The sub-command `argv` names: its first word that is not an option of the main parser."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with `argv` naming one of our commands, only that command is registered."""
    parser = argparse.ArgumentParser(
        prog="consular-workstation",
        description="Review travellers' health declarations and issue signed health certificates.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    named = _named_command(argv) if argv is not None else None
    # Without one of ours named: the whole list, for --help or to say a command does not exist.
    wanted = {named: COMMANDS[named]} if named in COMMANDS else {**COMMANDS, **_plugin_commands()}
    for name in sorted(wanted):
        _load(wanted[name])(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
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
