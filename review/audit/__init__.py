"""Verifying the audit log (no Qt): the hash chain, the signed checkpoints, the server's copy.

Public API (the `audit verify` command and the auditor's workspace use it):

- `verify_chain(store, *, progress=None) -> ChainReport`: the local copy only
  (`progress(done, total)`);
- `fetch_and_verify(client, store, *, full=False, progress=None) -> ChainReport`:
  fetch what is new (incrementally), verify, and with `full` also compare with
  the server (`progress(stage, done, total)`);
- `verify_against_server(client, store, *, progress=None) -> ChainProblem | None`:
  re-fetch the server's log and compare it with the local copy.

`ChainReport.ok`, `.summary()` (plain words), `.problem` (`ChainProblem`: `kind`,
`seq`, `detail`, `on_server`, `describe()`), `.as_json()`.

The names are loaded on first use (PEP 562): the `audit` command's registration
imports `review.audit.cli`, and must not pay for the store and the client then.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from review.audit.chain import verify_chain
    from review.audit.remote import StageProgress, fetch_and_verify, verify_against_server
    from review.audit.report import ChainProblem, ChainReport, ProblemKind, VerifiedCheckpoint

_HOMES = {
    "verify_chain": "review.audit.chain",
    "StageProgress": "review.audit.remote",
    "fetch_and_verify": "review.audit.remote",
    "verify_against_server": "review.audit.remote",
    "ChainProblem": "review.audit.report",
    "ChainReport": "review.audit.report",
    "ProblemKind": "review.audit.report",
    "VerifiedCheckpoint": "review.audit.report",
}

__all__ = [
    "ChainProblem",
    "ChainReport",
    "ProblemKind",
    "StageProgress",
    "VerifiedCheckpoint",
    "fetch_and_verify",
    "verify_against_server",
    "verify_chain",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value
