"""Demo content for a fresh database: missions, users with random passwords, declarations.

Declarations enter through `submit_declaration`, the same service function the
submission endpoint uses (skipping only HTTP), so seeded cases are exactly what
travellers' uploads would have produced. Demo passwords are random per run and
leave this module only in the return value (the `ready` line); they are never
logged or written anywhere.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, inspect, select

from server.auth import hash_password
from server.db import Database
from server.demodata import DemoDeclaration, DemoFault, DemoMission, demo_missions, generate
from server.errors import ApiError
from server.intake import submit_declaration
from server.models import MissionRow, UserRow
from workstation.domain import QueueOrder, Role
from workstation.protocol import AUDIT_GENESIS_HASH

log = logging.getLogger(__name__)

#: Seeded declarations are committed in batches: one transaction each, a savepoint per declaration.
SEED_BATCH = 250
#: Seeded declarations are submitted within this many seconds before the server starts.
SEED_WINDOW_S = 1800

_DEMO_STAFF = (
    ("officer1", Role.OFFICER, "officer 1"),
    ("officer2", Role.OFFICER, "officer 2"),
    ("clerk", Role.CLERK, "clerk"),
    ("auditor", Role.AUDITOR, "auditor"),
    ("supervisor", Role.SUPERVISOR, "supervisor"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    mission: str


@dataclass(frozen=True)
class SeededCase:
    case_id: uuid.UUID
    mission: str
    fault: DemoFault | None
    redeclared: bool


@dataclass(frozen=True)
class SeedSummary:
    submitted: int
    refused: int
    cases: tuple[SeededCase, ...] = ()


def is_fresh(db: Database) -> bool:
    """No missions yet: nothing was ever set up in this database."""
    if not inspect(db.engine).has_table(MissionRow.__tablename__):
        return True
    with db.reader() as session:
        return session.execute(select(func.count()).select_from(MissionRow)).scalar_one() == 0


def ensure_missions(
    db: Database,
    *,
    missions: Sequence[DemoMission] | None = None,
    departure_first: Collection[str] | None = None,
) -> list[str]:
    """Create the demo missions that are missing; `departure_first` switches queue orders.

    `departure_first` empty means every mission; None leaves the orders as they are.
    """
    wanted = list(missions if missions is not None else demo_missions())
    with db.writer() as session:
        for mission in wanted:
            if session.get(MissionRow, mission.code) is None:
                session.add(
                    MissionRow(
                        code=mission.code,
                        name=mission.name,
                        queue_order=QueueOrder(mission.queue_order).value,
                        audit_head_seq=0,
                        audit_head_hash=AUDIT_GENESIS_HASH,
                    )
                )
        session.flush()
        rows = session.scalars(select(MissionRow).order_by(MissionRow.code)).all()
        if departure_first is not None:
            unknown = set(departure_first) - {row.code for row in rows}
            if unknown:
                raise ValueError(f"no such mission(s): {', '.join(sorted(unknown))}")
            for row in rows:
                if not departure_first or row.code in departure_first:
                    row.queue_order = QueueOrder.DEPARTURE.value
        return [row.code for row in rows]


def staff_prefix(mission_code: str) -> str:
    """`GBR-LON` -> `lon`: user names start with the mission's city part."""
    return mission_code.rsplit("-", 1)[-1].lower()


def create_demo_users(db: Database, missions: Sequence[str]) -> list[DemoAccount]:
    """An officer pair, a clerk, an auditor and a supervisor per mission, random passwords."""
    with db.reader() as session:
        names = {m: session.get(MissionRow, m) for m in missions}
    accounts = [
        DemoAccount(
            username=f"{staff_prefix(mission)}.{suffix}",
            password=secrets.token_urlsafe(12),
            role=role,
            mission=mission,
        )
        for mission in missions
        for suffix, role, _title in _DEMO_STAFF
    ]
    titles = {f"{staff_prefix(m)}.{s}": title for m in missions for s, _r, title in _DEMO_STAFF}
    # scrypt is slow on purpose and releases the GIL: hash on both cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        hashes = list(pool.map(lambda a: hash_password(a.password), accounts))
    with db.writer(changes_cases=False) as session:
        for account, password_hash in zip(accounts, hashes, strict=True):
            mission_row = names[account.mission]
            where = mission_row.name if mission_row else account.mission
            session.add(
                UserRow(
                    username=account.username,
                    display_name=f"{where} {titles[account.username]}",
                    role=account.role.value,
                    mission=account.mission,
                    password_hash=password_hash,
                    failed_sign_ins=0,
                )
            )
    log.info("created %d demo users", len(accounts))
    return accounts


def seed_declarations(
    db: Database,
    *,
    count: int,
    seed_value: int,
    now: datetime,
    missions: Sequence[str],
    reference_time: datetime | None = None,
) -> SeedSummary:
    """Submit `count` generated declarations, submitted just before `now`.

    The same `seed_value` and `reference_time` (default: `now`) give the same declarations,
    so a test can regenerate them to know which one carries which fault.
    """
    receipts: dict[int, tuple[uuid.UUID, str]] = {}
    submitted = refused = 0
    batch: list[tuple[int, DemoDeclaration]] = []
    declarations = generate(
        count=count, seed=seed_value, reference_time=reference_time or now, missions=missions
    )
    made: dict[int, DemoDeclaration] = {}
    for index, declaration in enumerate(declarations):
        batch.append((index, declaration))
        made[index] = _without_files(declaration)
        if len(batch) >= SEED_BATCH:
            ok, bad = _submit_batch(db, batch, receipts, count=count, now=now)
            submitted, refused, batch = submitted + ok, refused + bad, []
    if batch:
        ok, bad = _submit_batch(db, batch, receipts, count=count, now=now)
        submitted, refused = submitted + ok, refused + bad
    log.info("seeded %d declarations (%d refused by the intake checks)", submitted, refused)
    superseded = {d.supersedes_index for d in made.values() if d.supersedes_index is not None}
    cases = tuple(
        SeededCase(
            case_id=receipts[index][0],
            mission=declaration.submission.mission,
            fault=declaration.fault,
            redeclared=index in superseded,
        )
        for index, declaration in made.items()
        if index in receipts
    )
    return SeedSummary(submitted=submitted, refused=refused, cases=cases)


def _without_files(declaration: DemoDeclaration) -> DemoDeclaration:
    """What is remembered of a seeded declaration: not its documents (they are big)."""
    return DemoDeclaration(
        submission=declaration.submission,
        files={},
        fault=declaration.fault,
        supersedes_index=declaration.supersedes_index,
    )


def _submit_batch(
    db: Database,
    batch: Sequence[tuple[int, DemoDeclaration]],
    receipts: dict[int, tuple[uuid.UUID, str]],
    *,
    count: int,
    now: datetime,
) -> tuple[int, int]:
    ok = bad = 0
    with db.writer() as session:
        for index, declaration in batch:
            submission = declaration.submission
            token = None
            target = declaration.supersedes_index
            if target is not None:
                if target not in receipts:
                    bad += 1
                    continue
                case_id, token = receipts[target]
                submission = submission.model_copy(update={"supersedes": case_id})
            # Spread submission times over the last half hour, in generation order: the demo
            # reports are issued at least 30 minutes before the reference time, so no
            # declaration is submitted before its report exists, however many are seeded.
            at = now - timedelta(seconds=SEED_WINDOW_S * (count - index) / count)
            try:
                with session.begin_nested():
                    receipt = submit_declaration(
                        session,
                        submission=submission,
                        files=declaration.files,
                        now=at,
                        traveller_token=token,
                    )
            except ApiError as exc:
                log.warning("demo declaration %d refused: %s", index, exc.message)
                bad += 1
                continue
            receipts[index] = (receipt.case_id, receipt.traveller_token)
            ok += 1
    return ok, bad
