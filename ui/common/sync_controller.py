"""Background sync: on a timer and on demand, one at a time, never on the GUI thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from ui.common.operations import Lane, Operation
from ui.common.services import Services
from workstation import errors
from workstation.sync import DeliverySummary, PullSummary, SyncProgress

log = logging.getLogger(__name__)

#: Errors that mean "offline for now", shown in the status bar rather than as a dialog.
OFFLINE_ERRORS = (errors.Unreachable, errors.ServerFault)


@dataclass(frozen=True)
class SyncOutcome:
    delivery: DeliverySummary
    pull: PullSummary
    assessed: int
    purged: int


class SyncController(QObject):
    started = Signal()
    progress = Signal(int)  # cases pulled so far
    #: The first page of a long pull is stored and checked (emitted from the worker).
    first_page_ready = Signal()
    finished = Signal(bool, str)  # succeeded, what to say
    refused = Signal(str)  # the server refused an outbox entry: a person must look

    def __init__(self, services: Services, *, interval_ms: int = 60_000) -> None:
        super().__init__()
        self._services = services
        self._running = False
        self.last_sync: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.sync_now)
        self.first_page_ready.connect(self._on_first_page_ready)

    def start(self) -> None:
        self._timer.start()
        self.sync_now()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._running

    def sync_now(self) -> None:
        if self._running:
            return
        self._running = True
        self.started.emit()
        services = self._services

        first_shown: list[bool] = []

        def on_page(progress: SyncProgress) -> None:
            self._on_progress(progress)
            if progress.has_more and not first_shown:
                # A long pull (the first sync at a workstation): show the first page now
                # (its cases were checked as it was stored), so the officer can start while
                # the rest arrives.
                first_shown.append(True)
                self.first_page_ready.emit()

        def work() -> SyncOutcome:
            delivery, pull = services.sync.sync(progress=on_page)
            # The pull checked its new cases; this checks any the store holds unchecked.
            assessed = pull.checked + services.assessor.assess_declarations()
            purged = services.store.purge_expired(
                now=datetime.now(UTC), retention_days=services.settings.retention_days
            )
            return SyncOutcome(delivery=delivery, pull=pull, assessed=assessed, purged=purged)

        (
            Operation(
                self,
                work,
                pools=services.pools,
                errors=services.errors,
                title=self.tr("Sync"),
                lane=Lane.WRITE,
            )
            .on_success(self._on_synced)
            .on_failure(self._on_failed)
            .run_in_background()
        )

    def deliver_now(self) -> None:
        """Deliver the outbox without pulling (right after a decision or a print)."""
        services = self._services
        (
            Operation(
                self,
                services.sync.deliver_outbox,
                pools=services.pools,
                errors=services.errors,
                title=self.tr("Delivery"),
                lane=Lane.WRITE,
            )
            .on_success(self._on_delivered)
            .on_failure(self._on_delivery_failed)
            .run_in_background()
        )

    def _on_progress(self, progress: SyncProgress) -> None:
        self.progress.emit(progress.pulled)  # from the worker; Qt queues it to the GUI thread

    def _on_first_page_ready(self) -> None:
        self._services.changes.cases_changed.emit(set())

    def _on_synced(self, outcome: SyncOutcome) -> None:
        self._running = False
        self.last_sync = datetime.now(UTC)
        changes = self._services.changes
        changes.connection_changed.emit(not outcome.delivery.error)
        changes.outbox_changed.emit()
        if outcome.pull.new or outcome.pull.updated or outcome.assessed or outcome.purged:
            changes.cases_changed.emit(set())
        changes.synced.emit(outcome.pull.new + outcome.pull.updated, outcome.delivery.delivered)
        self._report_refusals(outcome.delivery)
        self.finished.emit(True, "")

    def _on_failed(self, error: Exception) -> bool:
        self._running = False
        offline = isinstance(error, OFFLINE_ERRORS)
        self._services.changes.connection_changed.emit(not offline)
        self.finished.emit(False, str(error))
        return offline  # offline is shown in the status bar; anything else is routed on

    def _on_delivered(self, delivery: DeliverySummary) -> None:
        changes = self._services.changes
        changes.outbox_changed.emit()
        changes.connection_changed.emit(not delivery.error)
        if delivery.delivered or delivery.refused:
            changes.cases_changed.emit(set())
        self._report_refusals(delivery)

    def _on_delivery_failed(self, error: Exception) -> bool:
        offline = isinstance(error, OFFLINE_ERRORS)
        self._services.changes.connection_changed.emit(not offline)
        return offline

    def _report_refusals(self, delivery: DeliverySummary) -> None:
        for case_id, reason in delivery.refused:
            self.refused.emit(
                self.tr("The server refused what was recorded for case {0}: {1}").format(
                    str(case_id)[:8], reason
                )
            )
