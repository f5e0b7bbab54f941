"""Audit log speed: verifying a million-entry chain, filtering a million-entry history.

The million entries are made locally, not by the reference server: producing
them through the server's own actions (a submission, claim, decision or print
per entry, each over HTTP) would take hours. They are nonetheless a real chain,
made by the tests' one chain builder (`tests/support/audit_chain.py`): each
entry is the protocol's wire form (`AuditEntry` fields, every 1,000th one
validated by the pydantic model), hashed with `protocol.audit_hash` and linked
to the one before, with realistic actors, actions, notes and details (document
and certificate SHA-256s), then bulk-inserted into a fresh SQLite local store
with the columns `workstation.audit_log.entry_columns` gives. Signed
checkpoints (Ed25519, a pinned key) every 100,000 entries are verified too.

`verify_1m_entries_s` is the median of 3 runs of `review.audit.verify_chain`
over that store. `history_filter_1m_ms` is the slowest of the auditor's
typical filters (`HISTORY_FILTERS`, and `SORTED_FILTERS` sorted by another
column) from applying it in the history browser (`ui.auditor.history_model` in
a real `QTableView`) until its first rows are painted and its total count is
shown, median of 5 with no warm-up (the first application of each filter
counts). The last line is

    verify_1m_entries_s=<f> history_filter_1m_ms=<f>

Usage: python benchmarks/audit_bench.py [--entries 1000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the chain builder of the tests

from review.audit import verify_chain
from tests.support.audit_chain import GeneratedChain, as_entry
from workstation.audit_log import canonical_json
from workstation.models import AuditCheckpointRow, AuditEntryRow, AuditKeyRow
from workstation.protocol import AuditCheckpoint, audit_key_id, checkpoint_message
from workstation.store import Store

MISSION = "GBR-LON"
BATCH = 50_000
CHECKPOINT_EVERY = 100_000
_OFFICERS = [f"officer.{n:02d}" for n in range(12)]
_CLERKS = [f"clerk.{n:02d}" for n in range(4)]
_NATIONALITIES = ["CN", "GB", "US", "FR", "DE", "IN", "JP", "BR", "NG", "AU"]
_NOTES = [
    "",
    "Sample taken 72 h before departure; all documents consistent.",
    "Passport photo page blurred: asked for a new scan.",
    "Lab report from an accredited laboratory; name matches 护照.",
    "Result older than allowed by the mission policy.",
]


def _entry(
    rng: random.Random, chain: GeneratedChain, at: datetime, case: tuple[str, str]
) -> tuple[dict[str, Any], str]:
    """The next wire-form entry of `chain` (hash included) and its case's holder's nationality."""
    case_id, nationality = case
    roll = rng.random()
    outcome, note = "", ""
    details: dict[str, Any]
    if roll < 0.25:
        actor, role, action = "traveller", "traveller", "submitted"
        outcome = "submitted"
        details = {"version": 1, "document_sha256": [_sha(rng), _sha(rng)]}
    elif roll < 0.50:
        actor, role, action = rng.choice(_OFFICERS), "officer", "claimed"
        details = {"lease_seconds": 900, "renewed": False}
    elif roll < 0.65:
        actor, role, action = rng.choice(_OFFICERS), "officer", "document_viewed"
        details = {"document_id": str(uuid.UUID(int=rng.getrandbits(128))), "sha256": _sha(rng)}
    elif roll < 0.88:
        actor, role, action = rng.choice(_OFFICERS), "officer", "decided"
        outcome = rng.choice(["approve", "reject", "request_info"])
        note = rng.choice(_NOTES[1:]) if outcome != "approve" else rng.choice(_NOTES)
        details = {
            "idempotency_key": str(uuid.UUID(int=rng.getrandbits(128))),
            "reason_codes": ["all_checks_passed"],
            "checks": ["identity:pass:names match", "lab_test:pass:negative, in time"],
            "document_sha256": [_sha(rng)],
            "decided_at": at.isoformat(),
        }
    else:
        actor, role, action = rng.choice(_CLERKS), "clerk", "printed"
        details = {
            "print_id": str(uuid.UUID(int=rng.getrandbits(128))),
            "certificate_id": f"URN:UVCI:01:CN:{rng.getrandbits(48):012X}",
            "copies": 1,
            "certificate_sha256": _sha(rng),
            "kid": "0123456789abcdef",
            "printed_at": at.isoformat(),
        }
    wire = chain.append_wire(
        at=at,
        actor=actor,
        role=role,
        action=action,
        case_id=case_id,
        outcome=outcome,
        note=note,
        details=details,
    )
    return wire, nationality


def _sha(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


def _columns(wire: dict[str, Any], at: datetime, nationality: str) -> dict[str, Any]:
    return {
        "seq": wire["seq"],
        "at_wire": wire["at"],
        "at": at,
        "actor": wire["actor"],
        "role": wire["role"],
        "mission": wire["mission"],
        "action": wire["action"],
        "case_id": wire["case_id"],
        "outcome": wire["outcome"],
        "note": wire["note"],
        "details_json": canonical_json(wire["details"]),
        "prev_hash": wire["prev_hash"],
        "hash": wire["hash"],
        "nationality": nationality,
    }


def build_local_chain(store: Store, count: int, *, seed: int = 7) -> None:
    """Append `count` chained entries (and signed checkpoints with a pinned key) to `store`."""
    rng = random.Random(seed)
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key_id = audit_key_id(public)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    cases = [(str(uuid.UUID(int=rng.getrandbits(128))), rng.choice(_NATIONALITIES))]
    chain = GeneratedChain(MISSION)
    with store.session() as session:
        session.add(
            AuditKeyRow(
                key_id=key_id, public_key=public.hex(), created_at=start, first_seen_at=start
            )
        )
    for first in range(1, count + 1, BATCH):
        rows: list[dict[str, Any]] = []
        checkpoints: list[dict[str, Any]] = []
        for seq in range(first, min(first + BATCH, count + 1)):
            if rng.random() < 0.25:
                cases.append((str(uuid.UUID(int=rng.getrandbits(128))), rng.choice(_NATIONALITIES)))
            at = start + timedelta(seconds=seq * 30)
            wire, nationality = _entry(rng, chain, at, rng.choice(cases[-200:]))
            if seq % 1000 == 1:
                as_entry(wire)  # the protocol's own model agrees with this wire form
            rows.append(_columns(wire, at, nationality))
            if seq % CHECKPOINT_EVERY == 0 or seq == count:
                signed_at = at + timedelta(seconds=5)
                checkpoint = AuditCheckpoint(
                    seq=seq,
                    head_hash=chain.head_hash,
                    signed_at=signed_at,
                    key_id=key_id,
                    signature=key.sign(checkpoint_message(seq, chain.head_hash, signed_at)).hex(),
                )
                checkpoints.append({"seq": seq, "checkpoint_json": checkpoint.model_dump_json()})
        with store.session() as session:
            session.execute(insert(AuditEntryRow), rows)
            if checkpoints:
                session.execute(insert(AuditCheckpointRow), checkpoints)


def verify_1m_entries_s(store: Store, *, rounds: int = 3, expected: int | None = None) -> float:
    """Median seconds of `verify_chain(store)` over `rounds` runs (each must find it intact)."""
    times: list[float] = []
    for _ in range(rounds):
        began = time.perf_counter()
        report = verify_chain(store)
        times.append(time.perf_counter() - began)
        if not report.ok or (expected is not None and report.entries != expected):
            raise SystemExit(f"the benchmark chain did not verify: {report.summary()}")
        print(f"verify_chain: {times[-1]:.2f} s; {report.summary()}")
    return statistics.median(times)


#: The auditor's filters, on this chain's values: (label, filter fields). Time order, newest first.
HISTORY_FILTERS: list[tuple[str, dict[str, Any]]] = [
    ("whole history", {}),
    ("officer", {"actor": "officer.03"}),
    ("decisions", {"action": "decided"}),
    ("officer's decisions", {"actor": "officer.03", "action": "decided"}),
    ("rejections", {"outcome": "reject"}),
    ("nationality", {"nationality": "JP"}),
    (
        "two weeks",
        {"since": datetime(2025, 6, 1, tzinfo=UTC), "until": datetime(2025, 6, 15, tzinfo=UTC)},
    ),
    (
        "two weeks, officer, rejections",
        {
            "actor": "officer.05",
            "outcome": "reject",
            "since": datetime(2025, 6, 1, tzinfo=UTC),
            "until": datetime(2025, 6, 15, tzinfo=UTC),
        },
    ),
    ("note text", {"text": "accredited"}),
    ("note text, 2 CJK characters", {"text": "护照"}),
    ("note text and nationality", {"text": "blurred", "nationality": "CN"}),
    ("printed, one nationality", {"action": "printed", "nationality": "BR"}),
]
#: The same, sorted by another column (reported apart: time order is how the history opens).
SORTED_FILTERS: list[tuple[str, dict[str, Any], str, bool]] = [
    ("decisions by officer", {"action": "decided"}, "actor", False),
    ("rejections by nationality", {"outcome": "reject"}, "nationality", True),
    (
        "two weeks by action",
        {"since": datetime(2025, 6, 1, tzinfo=UTC), "until": datetime(2025, 6, 15, tzinfo=UTC)},
        "action",
        False,
    ),
]


def history_filter_1m_ms(store: Store, *, rounds: int = 5) -> float:
    """Milliseconds from applying a filter until its rows and its count are shown.

    The auditor's `AuditHistoryModel` in a `QTableView` (offscreen, 1400x800): the
    time from `reload(filter)` until the view has painted its visible rows
    (`repaint()` asks the model for every visible cell, printed as "first rows") and
    the model knows the filter's total (which may come from a worker thread: "count
    ready"), the end of what the auditor waits for. No warm-up: `rounds` runs per
    filter, the first one cold; the figure is the slowest median count-ready time over
    every filter, the sorted ones included.
    """
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from review.audit.queries.history import AuditColumn
    from review.audit.queries.terms import AuditFilter
    from ui.auditor.history_model import COLUMNS, AuditHistoryModel
    from ui.common.operations import ErrorRoute, Pools

    app = QApplication.instance() or QApplication(["audit-bench"])
    pools = Pools()
    model = AuditHistoryModel(store, pools=pools, errors=ErrorRoute())
    view = QTableView()
    view.setModel(model)
    view.resize(1400, 800)
    view.show()

    def painted_ms(audit_filter: AuditFilter) -> tuple[float, float]:
        began = time.perf_counter()
        model.reload(audit_filter)
        view.viewport().repaint()
        first = (time.perf_counter() - began) * 1000
        clock = QElapsedTimer()
        clock.start()
        while model.total is None and clock.elapsed() < 60_000:
            app.processEvents()
            QCoreApplication.sendPostedEvents()
        counted = (time.perf_counter() - began) * 1000
        return first, counted

    def measure(label: str, audit_filter: AuditFilter) -> float:
        timings = [painted_ms(audit_filter) for _ in range(rounds)]
        first = statistics.median(t[0] for t in timings)
        counted = statistics.median(t[1] for t in timings)
        if model.total is None:
            raise SystemExit(f"the count of {label!r} never arrived")
        print(
            f"  {label:34s} first rows {first:7.1f} ms   count ready {counted:7.1f} ms   "
            f"{model.total:>9,} entries   (cold run: {timings[0][1]:7.1f} ms)"
        )
        return counted

    print(f"history filters over {store_size(store):,} entries (median of {rounds}):")
    worst = max(measure(label, AuditFilter(**fields)) for label, fields in HISTORY_FILTERS)
    print("sorted by another column:")
    for label, fields, column, descending in SORTED_FILTERS:
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        model.sort(COLUMNS.index(AuditColumn(column)), order)
        worst = max(worst, measure(label, AuditFilter(**fields)))
    pools.wait()
    return worst


def store_size(store: Store) -> int:
    from sqlalchemy import func, select

    with store.reader() as session:
        return session.execute(select(func.count()).select_from(AuditEntryRow)).scalar_one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'workstation.sqlite3'}")
        try:
            began = time.perf_counter()
            build_local_chain(store, args.entries)
            size = (Path(folder) / "workstation.sqlite3").stat().st_size / 2**20
            print(
                f"built a {args.entries}-entry chain in {time.perf_counter() - began:.1f} s "
                f"({size:.0f} MiB)"
            )
            verify_s = verify_1m_entries_s(store, rounds=args.rounds, expected=args.entries)
            filter_ms = history_filter_1m_ms(store)
        finally:
            store.close()
    print(f"verify_1m_entries_s={verify_s:.2f} history_filter_1m_ms={filter_ms:.1f}")


if __name__ == "__main__":
    main()
