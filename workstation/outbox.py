"""The outbox: every decision, countersignature and print is committed here before the
network is touched.

An entry's id is also the idempotency key the server deduplicates on, so
delivering it twice (after a crash between delivery and acknowledgement) stores
it once. Entries are never deleted: a delivered one is the workstation's
receipt, a refused one waits for a person to read why.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID, uuid4

from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from workstation.cases import upsert_records
from workstation.models import CaseRow, OutboxEntry
from workstation.protocol import CaseRecord, CountersignRequest, DecisionRequest, PrintRequest
from workstation.store import Store

log = logging.getLogger(__name__)


class OutboxKind(StrEnum):
    DECISION = "decision"
    PRINT = "print"
    #: A supervisor's answer to an exception (countersigned, or sent back with a note).
    COUNTERSIGNATURE = "countersignature"


#: Kinds that take the case out of the local queue until the server has answered.
_HOLDS_THE_CASE = frozenset({OutboxKind.DECISION, OutboxKind.COUNTERSIGNATURE})

Payload = DecisionRequest | PrintRequest | CountersignRequest


class OutboxState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    REFUSED = "refused"  # the server said no (e.g. someone else decided); a person must look


def _payload(kind: OutboxKind, payload_json: str) -> Payload:
    if kind is OutboxKind.DECISION:
        return DecisionRequest.model_validate_json(payload_json)
    if kind is OutboxKind.COUNTERSIGNATURE:
        return CountersignRequest.model_validate_json(payload_json)
    return PrintRequest.model_validate_json(payload_json)


@dataclass(frozen=True)
class PendingDelivery:
    entry_id: UUID
    kind: OutboxKind
    case_id: UUID
    actor: str
    payload: Payload
    attempts: int


@dataclass(frozen=True)
class RefusedEntry:
    entry_id: UUID
    kind: OutboxKind
    case_id: UUID
    actor: str
    reason: str  # the server's own words
    refused_at: datetime | None


@dataclass(frozen=True)
class RecordedCountersignature:
    """A supervisor's answer as this workstation holds it, whatever became of it."""

    entry_id: UUID
    case_id: UUID
    actor: str
    request: CountersignRequest
    state: OutboxState
    reason: str  # the server's words when refused, else ""


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    delivered: int
    refused: int


class Outbox:
    def __init__(self, store: Store) -> None:
        self._store = store

    def record_decision(
        self, *, case_id: UUID, actor: str, decision: DecisionRequest, entry_id: UUID | None = None
    ) -> UUID:
        """Commit a decision locally; the case leaves the local queue at once."""
        return self._record(OutboxKind.DECISION, case_id, actor, decision, entry_id)

    def record_print(
        self,
        *,
        case_id: UUID,
        actor: str,
        print_request: PrintRequest,
        entry_id: UUID | None = None,
    ) -> UUID:
        return self._record(OutboxKind.PRINT, case_id, actor, print_request, entry_id)

    def record_countersignature(
        self,
        *,
        case_id: UUID,
        actor: str,
        request: CountersignRequest,
        entry_id: UUID | None = None,
    ) -> UUID:
        """Commit a supervisor's answer (verdict and note) locally, in one transaction."""
        return self._record(OutboxKind.COUNTERSIGNATURE, case_id, actor, request, entry_id)

    def _record(
        self,
        kind: OutboxKind,
        case_id: UUID,
        actor: str,
        payload: BaseModel,
        entry_id: UUID | None,
    ) -> UUID:
        entry_id = entry_id or uuid4()
        with self._store.session() as session:
            session.add(
                OutboxEntry(
                    entry_id=str(entry_id),
                    kind=kind.value,
                    case_id=str(case_id),
                    actor=actor,
                    payload_json=payload.model_dump_json(),
                    created_at=datetime.now(UTC),
                    state=OutboxState.PENDING.value,
                    attempts=0,
                )
            )
            if kind in _HOLDS_THE_CASE:
                session.execute(
                    update(CaseRow)
                    .where(CaseRow.case_id == str(case_id))
                    .values(pending_entry_id=str(entry_id))
                )
        log.info("outbox: %s %s for case %s committed locally", kind.value, entry_id, case_id)
        return entry_id

    def pending(self, *, actor: str | None = None) -> list[PendingDelivery]:
        """Undelivered entries, oldest first (optionally only those `actor` may deliver)."""
        query = select(OutboxEntry).where(OutboxEntry.state == OutboxState.PENDING.value)
        if actor is not None:
            query = query.where(OutboxEntry.actor == actor)
        with self._store.reader() as session:
            rows: Sequence[OutboxEntry] = session.scalars(
                query.order_by(OutboxEntry.created_at)
            ).all()
            return [
                PendingDelivery(
                    entry_id=UUID(row.entry_id),
                    kind=OutboxKind(row.kind),
                    case_id=UUID(row.case_id),
                    actor=row.actor,
                    payload=_payload(OutboxKind(row.kind), row.payload_json),
                    attempts=row.attempts,
                )
                for row in rows
            ]

    def mark_delivered(self, entry_id: UUID, reply: BaseModel) -> None:
        self._finish(entry_id, OutboxState.DELIVERED, reply_json=reply.model_dump_json())

    def mark_countersignature_delivered(self, entry_id: UUID, case: CaseRecord) -> None:
        """The server recorded the answer: the receipt and the case as it now is, together.

        The receipt is the countersignature alone: the case's personal data stays where the
        retention period forgets it, not in a receipt kept for good. A local copy newer than
        `case` (a pull got there first) is kept.
        """
        answer = case.decision.countersignature if case.decision else None
        # A replay after the officer decided again answers the case without this answer.
        receipt = (
            answer.model_dump_json()
            if answer
            else json.dumps({"case_id": str(case.case_id), "status": case.status.value})
        )
        with self._store.session() as session:
            self._finish_in(session, entry_id, OutboxState.DELIVERED, reply_json=receipt)
            held = session.get(CaseRow, str(case.case_id))
            if held is None or held.change_seq <= case.change_seq:
                upsert_records(session, [case], synced_at=datetime.now(UTC))

    def mark_refused(self, entry_id: UUID, reason: str) -> None:
        """The server refused for good; un-mark the case so it shows again in the queue."""
        with self._store.session() as session:
            self._finish_in(session, entry_id, OutboxState.REFUSED, last_error=reason)
            session.execute(
                update(CaseRow)
                .where(CaseRow.pending_entry_id == str(entry_id))
                .values(pending_entry_id=None)
            )
        log.warning("outbox: entry %s refused by the server: %s", entry_id, reason)

    def mark_attempt_failed(self, entry_id: UUID, reason: str) -> None:
        with self._store.session() as session:
            session.execute(
                update(OutboxEntry)
                .where(OutboxEntry.entry_id == str(entry_id))
                .values(
                    attempts=OutboxEntry.attempts + 1,
                    last_attempt_at=datetime.now(UTC),
                    last_error=reason,
                )
            )

    def _finish(
        self,
        entry_id: UUID,
        state: OutboxState,
        *,
        reply_json: str | None = None,
        last_error: str | None = None,
    ) -> None:
        with self._store.session() as session:
            self._finish_in(session, entry_id, state, reply_json=reply_json, last_error=last_error)

    @staticmethod
    def _finish_in(
        session: Session,
        entry_id: UUID,
        state: OutboxState,
        *,
        reply_json: str | None = None,
        last_error: str | None = None,
    ) -> None:
        now = datetime.now(UTC)
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.entry_id == str(entry_id))
            .values(
                state=state.value,
                attempts=OutboxEntry.attempts + 1,
                last_attempt_at=now,
                delivered_at=now if state is OutboxState.DELIVERED else None,
                reply_json=reply_json,
                last_error=last_error,
            )
        )

    def counts(self) -> OutboxCounts:
        with self._store.reader() as session:
            by_state = dict(
                session.execute(
                    select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state)
                ).all()
            )
        return OutboxCounts(
            pending=by_state.get(OutboxState.PENDING.value, 0),
            delivered=by_state.get(OutboxState.DELIVERED.value, 0),
            refused=by_state.get(OutboxState.REFUSED.value, 0),
        )

    def refused(self, *, actor: str | None = None) -> list[RefusedEntry]:
        """Every refused entry (optionally only `actor`'s), newest first, with the server's reason.

        Kept for good, so the person who recorded it can read why even after the
        message shown at delivery is gone.
        """
        query = select(OutboxEntry).where(OutboxEntry.state == OutboxState.REFUSED.value)
        if actor is not None:
            query = query.where(OutboxEntry.actor == actor)
        with self._store.reader() as session:
            rows = session.scalars(query.order_by(OutboxEntry.last_attempt_at.desc())).all()
            return [
                RefusedEntry(
                    entry_id=UUID(row.entry_id),
                    kind=OutboxKind(row.kind),
                    case_id=UUID(row.case_id),
                    actor=row.actor,
                    reason=row.last_error or "",
                    refused_at=row.last_attempt_at,
                )
                for row in rows
            ]

    def countersignatures(self, case_ids: Iterable[str]) -> list[RecordedCountersignature]:
        """Every answer recorded here to these cases' exceptions (any state), oldest first."""
        wanted = list(case_ids)
        if not wanted:
            return []
        with self._store.reader() as session:
            rows = session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.kind == OutboxKind.COUNTERSIGNATURE.value)
                .where(OutboxEntry.case_id.in_(wanted))
                .order_by(OutboxEntry.created_at)
            ).all()
            return [
                RecordedCountersignature(
                    entry_id=UUID(row.entry_id),
                    case_id=UUID(row.case_id),
                    actor=row.actor,
                    request=CountersignRequest.model_validate_json(row.payload_json),
                    state=OutboxState(row.state),
                    reason=(row.last_error or "") if row.state == OutboxState.REFUSED else "",
                )
                for row in rows
            ]
