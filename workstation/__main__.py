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
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any, Final, Protocol, cast

log = logging.getLogger(__name__)

COMMAND_GROUP: Final = "consular_workstation.commands"
#: A command's parser default: true when its process may end without the interpreter's
#: teardown once the command has returned (see `_exit_without_teardown`).
SKIP_TEARDOWN: Final = "skip_teardown"

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


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, measuring the terminal without `shutil`.

    argparse makes a formatter for every option it registers, and its own measures the
    terminal with `shutil`, whose import brings lzma and bz2: milliseconds on every run of
    every command. `os.get_terminal_size` is what `shutil` asks in the end.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    """Our parsers, and the sub-command parsers made from them, use `_HelpFormatter`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


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
    parser = _Parser(
        prog="consular-workstation",
        description="Review travellers' health declarations and issue signed health certificates.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    # Registered parsers are `_Parser`s too (argparse makes them of the parent's class).
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(title="commands", metavar="COMMAND"),
    )
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
        code = handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    if argv is None and getattr(args, SKIP_TEARDOWN, False):
        _exit_without_teardown(code)
    return code


def _exit_without_teardown(code: int) -> None:
    """End this process now: output flushed and exit handlers run, as at a normal exit, but
    without the interpreter's teardown of every module and object (about 14 ms of a
    `verify HC1:...` that takes 100: cryptography's and the schema validator's objects).

    Only for a whole process (`main()` without `argv`) whose command says it holds nothing
    that needs the teardown (`SKIP_TEARDOWN` in its defaults); `main(argv)` from Python
    always returns. If the output cannot be flushed (a closed pipe), the interpreter
    exits as usual and reports it as usual.
    """
    import atexit

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        return
    atexit._run_exitfuncs()  # logging's shutdown among them, as at a normal exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        return
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
