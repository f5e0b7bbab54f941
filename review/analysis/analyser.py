"""The workstation's side of document analysis: send bytes to a limited process, get facts.

`DocumentAnalyser.analyse(data)` never raises for bad input and never waits longer than
the time limit: a corrupt file, a decompression bomb, a parser that loops or a process
that crashes all come back as `DocumentFacts(error=...)`. Worker processes are reused
(one document at a time each); a worker that was killed is replaced. Thread-safe, so the
UI can call it from a thread pool.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from types import TracebackType
from typing import Final

from pydantic import TypeAdapter, ValidationError

from review.analysis.facts import DocumentFacts, identify
from review.analysis.framing import MAX_REPLY_BYTES, STAYING
from review.analysis.limits import MIB, AnalysisLimits
from review.analysis.worker import SandboxWorker, WorkerStopped, WorkerTimedOut

log = logging.getLogger(__name__)

_REPLY: Final = TypeAdapter(DocumentFacts)


def _start_worker(limits: AnalysisLimits) -> SandboxWorker:
    return SandboxWorker("review.analysis.sandbox", limits, max_reply_bytes=MAX_REPLY_BYTES)


class DocumentAnalyser:
    """Analyses untrusted documents in separate processes with hard limits."""

    def __init__(self, *, limits: AnalysisLimits | None = None, max_workers: int = 2) -> None:
        if max_workers < 1:
            raise ValueError("max_workers must be at least 1")
        self.limits = limits or AnalysisLimits()
        self._slots = threading.BoundedSemaphore(max_workers)
        self._lock = threading.Lock()
        self._idle: list[SandboxWorker] = []
        self._closed = False

    def start(self) -> None:
        """Start a worker now, so the first document does not wait for Python to start."""
        with self._lock:
            if not self._closed and not self._idle:
                self._idle.append(_start_worker(self.limits))

    def analyse(self, data: bytes) -> DocumentFacts:
        """The facts of one document; `error` is set (never raised) when it cannot be read."""
        facts = identify(data)
        refusal = self._refusal(facts)
        if refusal:
            return dataclasses.replace(facts, error=refusal)
        started = time.monotonic()
        with self._slots:
            try:
                worker = self._take()
            except OSError as exc:  # no process could be started: out of resources
                log.error("cannot start the analysis process: %s", exc)
                return dataclasses.replace(
                    facts, error=f"the analysis process could not be started ({exc.strerror})"
                )
            try:
                reply = worker.exchange(data, timeout=self.limits.max_seconds)
            except WorkerTimedOut:
                self._discard(worker)
                seconds = f"{self.limits.max_seconds:g}"
                return dataclasses.replace(
                    facts, error=f"reading it took longer than {seconds} s and was stopped"
                )
            except WorkerStopped as exc:
                self._discard(worker)
                log.warning("analysis process failed on %s: %s", facts.sha256[:12], exc)
                return dataclasses.replace(
                    facts, error=f"the analysis process stopped while reading it ({exc})"
                )
            status, reply = reply[:1], reply[1:]
            if status == STAYING:
                self._give_back(worker)
            else:
                self._discard(worker)
        log.debug("analysed %s in %.0f ms", facts.sha256[:12], (time.monotonic() - started) * 1e3)
        return self._validated(reply, facts)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop(kill=False)

    def __enter__(self) -> DocumentAnalyser:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _refusal(self, facts: DocumentFacts) -> str | None:
        """Reasons not to hand the bytes to a parser at all."""
        if facts.size == 0:
            return "the file is empty"
        if facts.size > self.limits.max_bytes:
            return (
                f"the file is {facts.size / MIB:.1f} MiB, more than the limit of "
                f"{self.limits.max_bytes / MIB:.0f} MiB"
            )
        if facts.media_type is None:
            return "not a PDF, JPEG or PNG file"
        if self._closed:
            return "document analysis has been shut down"
        return None

    def _take(self) -> SandboxWorker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive:
                    return worker
                worker.stop(kill=True)  # it exited after running out of memory
        return _start_worker(self.limits)

    def _give_back(self, worker: SandboxWorker) -> None:
        with self._lock:
            if not self._closed and worker.alive:
                self._idle.append(worker)
                return
        worker.stop(kill=False)

    def _discard(self, worker: SandboxWorker) -> None:
        worker.stop(kill=True)  # it may be parsing still, or about to exit on its own
        # Start the replacement now: it imports while the officer reads the error.
        try:
            self.start()
        except OSError as exc:
            log.error("cannot start a replacement analysis process: %s", exc)

    @staticmethod
    def _validated(reply: bytes, expected: DocumentFacts) -> DocumentFacts:
        """The worker's reply, checked like any input from outside."""
        try:
            facts = _REPLY.validate_json(reply)
        except ValidationError as exc:
            log.warning("analysis process sent an invalid reply: %s", exc)
            return dataclasses.replace(
                expected, error="the analysis process sent a reply that does not fit"
            )
        if (facts.sha256, facts.size) != (expected.sha256, expected.size):
            return dataclasses.replace(
                expected, error="the analysis process answered for a different document"
            )
        return facts
