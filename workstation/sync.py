"""The sync engine: pull what changed, fetch documents on demand, deliver the outbox.

Order matters: the outbox goes first, so the pull that follows already shows
the server's view of what this workstation decided.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final
from uuid import UUID

from sqlalchemy import select, update

from workstation import errors
from workstation.cases import DeclarationCheck, apply_changes
from workstation.client import CentralClient
from workstation.domain import CaseStatus
from workstation.gc_tuning import bulk_allocations
from workstation.models import CaseRow, DocumentRow
from workstation.outbox import Outbox, OutboxKind, PendingDelivery
from workstation.protocol import CaseChanges, CountersignRequest, DecisionRequest, PrintRequest
from workstation.store import CURSOR, LAST_SYNC_AT, Store

log = logging.getLogger(__name__)

#: The first page of a pull into an empty store (a workstation's first sync) is this small,
#: so the queue can show its first rows while the thousands after them arrive.
FIRST_PAGE: Final = 100

#: Errors after which an outbox entry will never be accepted as it is. A malformed receipt
#: is not one of them: the server may well have stored the entry, and sending it again under
#: the same idempotency key is safe, so it stays pending.
_FINAL_REFUSALS = (
    errors.Conflict,
    errors.Rejected,
    errors.NotFound,
    errors.PermissionDenied,
)


@dataclass(frozen=True)
class SyncProgress:
    pulled: int
    cursor: int
    has_more: bool


@dataclass(frozen=True)
class PullSummary:
    new: int
    updated: int
    pages: int
    cursor: int
    seconds: float
    #: Documents downloaded for the cases this user holds (see `SyncEngine.sync`).
    documents: int = 0
    #: New cases checked as they were stored (with the engine's `check`).
    checked: int = 0


@dataclass
class DeliverySummary:
    delivered: int = 0
    refused: list[tuple[UUID, str]] = field(default_factory=list)
    waiting: int = 0  # still pending (server unreachable, or another user's entries)
    error: str = ""


class SyncEngine:
    """`check`, when given, runs on each new case as its page is stored (see `apply_changes`)."""

    def __init__(
        self,
        client: CentralClient,
        store: Store,
        *,
        page_size: int = 1000,
        check: DeclarationCheck | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.outbox = Outbox(store)
        self.page_size = page_size
        self.check = check

    # -- pull -----------------------------------------------------------------------------------

    def pull(self, *, progress: Callable[[SyncProgress], None] | None = None) -> PullSummary:
        """Pull every change since the stored cursor, one transaction per page.

        While a page is stored (and its new cases checked), the next one is already being
        asked for on another thread, so the server prepares it meanwhile. It is stored only
        after the page before it: a failure anywhere leaves the cursor after the last page
        stored, and the next pull goes on from there.
        """
        started = datetime.now(UTC)
        cursor = int(self.store.get_state(CURSOR, "0"))
        new = updated = checked = pages = 0
        first_limit = min(self.page_size, FIRST_PAGE) if cursor == 0 else self.page_size
        with bulk_allocations(), ThreadPoolExecutor(1, thread_name_prefix="feed") as ahead:
            page: CaseChanges | None = self.client.changes(since=cursor, limit=first_limit)
            while page is not None:
                following = (
                    ahead.submit(self.client.changes, since=page.cursor, limit=self.page_size)
                    if page.has_more
                    else None
                )
                applied = apply_changes(
                    self.store, page, synced_at=datetime.now(UTC), check=self.check
                )
                new, updated, pages = new + applied.new, updated + applied.updated, pages + 1
                checked += applied.checked
                cursor = applied.cursor
                has_more = page.has_more
                page = None  # its models go now, before the next page is validated
                if progress:
                    progress(SyncProgress(pulled=new + updated, cursor=cursor, has_more=has_more))
                if following is not None:
                    page = following.result()
        finished = datetime.now(UTC)
        with self.store.session() as session:
            self.store.set_state(session, LAST_SYNC_AT, finished.isoformat())
        return PullSummary(
            new=new,
            updated=updated,
            pages=pages,
            cursor=cursor,
            seconds=(finished - started).total_seconds(),
            checked=checked,
        )

    # -- documents ------------------------------------------------------------------------------

    def fetch_documents(self, case_id: UUID) -> int:
        """Download a case's documents not yet here; each is stored only if its hash matches.

        Returns how many were fetched. A document with a wrong hash raises
        `DocumentIntegrityError` after the good ones were stored.
        """
        with self.store.reader() as session:
            missing = session.execute(
                select(DocumentRow.document_id, DocumentRow.sha256)
                .where(DocumentRow.case_id == str(case_id))
                .where(DocumentRow.fetched_at.is_(None))
                .order_by(DocumentRow.position)
            ).all()
        failure: errors.DocumentIntegrityError | None = None
        fetched = 0
        for document_id, sha256 in missing:
            try:
                content = self.client.document(case_id, UUID(document_id), sha256=sha256)
            except errors.DocumentIntegrityError as exc:
                log.warning("%s", exc)
                failure = failure or exc
                continue
            with self.store.session() as session:
                session.execute(
                    update(DocumentRow)
                    .where(DocumentRow.document_id == document_id)
                    .values(content=content, fetched_at=datetime.now(UTC))
                )
            fetched += 1
        if failure:
            raise failure
        return fetched

    # -- outbox ---------------------------------------------------------------------------------

    def deliver_outbox(self) -> DeliverySummary:
        """Deliver the signed-in user's pending entries, oldest first.

        Stops at the first network failure (the rest wait); a final refusal marks
        the entry refused and goes on. Entries of other users wait for their session.
        """
        summary = DeliverySummary()
        user = self.client.user
        if user is None:
            raise errors.AuthenticationFailed("sign in before delivering the outbox")
        pending = self.outbox.pending()
        mine = [entry for entry in pending if entry.actor == user.username]
        summary.waiting = len(pending) - len(mine)
        for index, entry in enumerate(mine):
            try:
                self._deliver(entry)
            except _FINAL_REFUSALS as exc:
                self.outbox.mark_refused(entry.entry_id, str(exc))
                summary.refused.append((entry.case_id, str(exc)))
            except errors.CentralError as exc:
                # Unreachable, server fault, expired session: try again later.
                self.outbox.mark_attempt_failed(entry.entry_id, str(exc))
                summary.waiting += len(mine) - index
                summary.error = str(exc)
                break
            except Exception as exc:
                # Not the network (the client turns every transport failure into a
                # `CentralError`): a fault here. The attempt is recorded before it surfaces.
                self.outbox.mark_attempt_failed(entry.entry_id, f"{type(exc).__name__}: {exc}")
                raise
            else:
                summary.delivered += 1
        return summary

    def _deliver(self, entry: PendingDelivery) -> None:
        if entry.kind is OutboxKind.DECISION:
            assert isinstance(entry.payload, DecisionRequest)
            record = self.client.decide(entry.case_id, entry.entry_id, entry.payload)
            self.outbox.mark_delivered(entry.entry_id, record)
        elif entry.kind is OutboxKind.COUNTERSIGNATURE:
            assert isinstance(entry.payload, CountersignRequest)
            case = self.client.countersign(entry.case_id, entry.entry_id, entry.payload)
            # The answer changes the case at once (approved, or back with its officer): the
            # supervisor's queue shows that now, not after the next pull.
            self.outbox.mark_countersignature_delivered(entry.entry_id, case)
        else:
            assert isinstance(entry.payload, PrintRequest)
            receipt = self.client.record_print(entry.entry_id, entry.payload)
            self.outbox.mark_delivered(entry.entry_id, receipt)
        log.info("outbox: %s %s delivered", entry.kind.value, entry.entry_id)

    # -- both -----------------------------------------------------------------------------------

    def sync(
        self, *, progress: Callable[[SyncProgress], None] | None = None
    ) -> tuple[DeliverySummary, PullSummary]:
        delivery = self.deliver_outbox()
        pull = self.pull(progress=progress)
        return delivery, dataclasses.replace(pull, documents=self.fetch_held_documents())

    def fetch_held_documents(self) -> int:
        """Download the documents of the cases this user has claimed, so they can be inspected
        and decided offline. Other cases' documents come when a case is opened: personal data
        is copied to a workstation only when someone works on it."""
        user = self.client.user
        if user is None:
            return 0
        now = datetime.now(UTC)
        with self.store.reader() as session:
            held = session.scalars(
                select(CaseRow.case_id)
                .where(CaseRow.claim_officer == user.username)
                .where(CaseRow.status == CaseStatus.IN_REVIEW.value)
                .where(CaseRow.claim_expires_at > now)
            ).all()
        fetched = 0
        for case_id in held:
            try:
                fetched += self.fetch_documents(UUID(case_id))
            except errors.DocumentIntegrityError:
                continue  # logged; the inspector says so when the case is opened
        return fetched
