"""Both ends of the pipes to a sandbox process (analysis or page rendering).

The workstation's end, `SandboxWorker`, starts `python -m MODULE LIMITS_JSON`, sends one
length-prefixed frame and reads one back within a deadline; it never blocks past it. The
sandbox's end, `sandbox_pipes`, is what such a module does first: keep a private copy of
stdout for the frames (fd 1 then points at stderr, so anything a library prints cannot
corrupt them) and confine its own memory.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path
from typing import BinaryIO, Final

from review.analysis.framing import HEADER, frame
from review.analysis.limits import AnalysisLimits

log = logging.getLogger(__name__)

_CHUNK: Final = 1024 * 1024
#: Directory holding the `review` package, for the sandbox's import path.
_SOURCE_ROOT: Final = str(Path(__file__).resolve().parents[2])


class WorkerStopped(Exception):
    """The sandbox process exited or broke the frame protocol."""


class WorkerTimedOut(Exception):
    """The sandbox process did not answer within the deadline."""


class SandboxWorker:
    """One sandbox process running `module`, and the pipes to it."""

    def __init__(self, module: str, limits: AnalysisLimits, *, max_reply_bytes: int) -> None:
        self._max_reply_bytes = max_reply_bytes
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_SOURCE_ROOT, env.get("PYTHONPATH", "")) if p
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                sys.executable,
                "-P",  # the current directory must not shadow a module
                "-m",
                module,
                json.dumps(dataclasses.asdict(limits)),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env=env,
            start_new_session=True,  # a Ctrl-C meant for the workstation is not for us
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._requests = self.process.stdin.fileno()
        self._replies = self.process.stdout.fileno()
        os.set_blocking(self._requests, False)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def exchange(self, payload: bytes, *, timeout: float) -> bytes:
        """Send one request, return the reply frame's payload within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self._requests, selectors.EVENT_WRITE)
            self._send(memoryview(frame(payload)), selector, deadline)
            selector.unregister(self._requests)
            selector.register(self._replies, selectors.EVENT_READ)
            (length,) = HEADER.unpack(self._receive(HEADER.size, selector, deadline))
            if length > self._max_reply_bytes:
                raise WorkerStopped(f"it sent a reply of {length} bytes")
            return self._receive(length, selector, deadline)

    def _send(self, out: memoryview, selector: selectors.BaseSelector, deadline: float) -> None:
        while out:
            _wait(selector, deadline)
            try:
                written = os.write(self._requests, out[:_CHUNK])
            except BlockingIOError:
                continue
            except BrokenPipeError as exc:
                raise WorkerStopped(self._exit_description()) from exc
            out = out[written:]

    def _receive(self, size: int, selector: selectors.BaseSelector, deadline: float) -> bytes:
        parts: list[bytes] = []
        remaining = size
        while remaining:
            _wait(selector, deadline)
            part = os.read(self._replies, min(remaining, _CHUNK))
            if not part:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=1)
                raise WorkerStopped(self._exit_description())
            parts.append(part)
            remaining -= len(part)
        return b"".join(parts)

    def _exit_description(self) -> str:
        code = self.process.poll()
        if code is None:
            return "it closed its pipe"
        if code < 0:
            return f"it was stopped by signal {-code}"
        return f"it exited with status {code}"

    def stop(self, *, kill: bool) -> None:
        """End the process: politely (close its input) when idle, by SIGKILL otherwise."""
        if self.alive and kill:
            self.process.kill()
        assert self.process.stdin is not None and self.process.stdout is not None
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                log.debug("pipe already closed")
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _wait(selector: selectors.BaseSelector, deadline: float) -> None:
    remaining = deadline - time.monotonic()
    if remaining <= 0 or not selector.select(remaining):
        raise WorkerTimedOut


def sandbox_pipes(limits: AnalysisLimits) -> tuple[BinaryIO, BinaryIO]:
    """In the sandbox process: (requests, replies) for the frames, memory confined."""
    from workstation.confinement import confine

    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    confine(limits.max_memory_bytes)
    return sys.stdin.buffer, replies
