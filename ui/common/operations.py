"""Background work as small operation objects (after Anki's `CollectionOp`).

    Operation(parent, lambda: services.sync.pull()).on_success(show).run_in_background()

The work function gets no widgets; it runs on a worker thread and its result or
error comes back to the GUI thread by a queued signal. Writes (decisions,
prints, sync) go through a one-thread pool so they happen one at a time;
reads (documents, analysis) use a parallel pool. Every error that the caller
does not handle goes to one place: `ErrorRoute`.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from enum import Enum
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from workstation.errors import AuthenticationFailed

log = logging.getLogger(__name__)

T = TypeVar("T")


class Lane(Enum):
    WRITE = "write"  # one at a time, in order
    READ = "read"  # in parallel


class ErrorRoute(QObject):
    """Where unhandled operation errors go; the main window shows them."""

    failed = Signal(str, str)  # title, message
    #: The server no longer accepts this session (expired, or ended elsewhere): sign in again.
    session_ended = Signal(str)  # the server's words

    def report(self, title: str, error: BaseException) -> None:
        log.warning("%s: %s", title, error)
        if isinstance(error, AuthenticationFailed):
            # Not a dialog over a window that can do nothing more: the shell signs in again.
            self.session_ended.emit(str(error))
            return
        self.failed.emit(title, str(error) or type(error).__name__)


class Pools:
    """The two worker pools. Created once by the application, passed to whoever needs them."""

    def __init__(self) -> None:
        self.write = QThreadPool()
        self.write.setMaxThreadCount(1)
        self.read = QThreadPool()
        self.read.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))

    def pool(self, lane: Lane) -> QThreadPool:
        return self.write if lane is Lane.WRITE else self.read

    def wait(self, msecs: int = 30000) -> bool:
        return self.write.waitForDone(msecs) and self.read.waitForDone(msecs)


class _Relay(QObject):
    """Carries the outcome from the worker thread to the GUI thread (queued connection)."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable, Generic[T]):
    def __init__(self, work: Callable[[], T], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # every error is reported, none is lost on a worker thread
            log.debug("operation failed:\n%s", traceback.format_exc())
            self._emit(self._relay.failed, exc)
        else:
            self._emit(self._relay.succeeded, result)

    @staticmethod
    def _emit(signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            log.debug("the widget that asked for this work is gone; result dropped")


class Operation(Generic[T]):
    """One piece of background work with its success and failure handlers."""

    def __init__(
        self,
        parent: QObject,
        work: Callable[[], T],
        *,
        pools: Pools,
        errors: ErrorRoute,
        title: str,
        lane: Lane = Lane.READ,
    ) -> None:
        self._relay = _Relay(parent)  # parented: handlers die with the widget that asked
        self._work = work
        self._pools = pools
        self._errors = errors
        self._title = title
        self._lane = lane
        self._on_failure: Callable[[Exception], bool] | None = None

    def on_success(self, handler: Callable[[T], None]) -> Operation[T]:
        self._relay.succeeded.connect(handler)
        return self

    def on_failure(self, handler: Callable[[Exception], bool]) -> Operation[T]:
        """`handler` returns True when it dealt with the error, False to route it on."""
        self._on_failure = handler
        return self

    def run_in_background(self) -> None:
        # The closures keep this operation alive until its outcome arrives: nothing else
        # refers to it once the caller's statement ends, and a bound method would not.
        relay = self._relay
        relay.failed.connect(lambda error: self._failed(error))
        relay.succeeded.connect(lambda _result: relay.deleteLater())
        self._pools.pool(self._lane).start(_Runnable(self._work, relay))

    def _failed(self, error: Exception) -> None:
        handled = self._on_failure(error) if self._on_failure else False
        if not handled:
            self._errors.report(self._title, error)
        self._relay.deleteLater()
