"""Core sub-commands (no Qt): `sync`."""

from __future__ import annotations

import argparse


def register_sync(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("sync", help="pull the queue from the central server (headless)")
    parser.set_defaults(handler=lambda _args: 2)
