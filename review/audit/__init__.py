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
"""

from review.audit.chain import verify_chain
from review.audit.remote import StageProgress, fetch_and_verify, verify_against_server
from review.audit.report import ChainProblem, ChainReport, ProblemKind, VerifiedCheckpoint

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
