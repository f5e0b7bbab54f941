"""Scanning a verifier's input in a confined worker process (`printing.scan_worker`).

A 5 KB PDF of nested forms can drive PDFium past 20 GB, and a 1 MB compressed content
stream to 2 GB; a picture can hide a decompression bomb. So the verifier's own process
never parses a PDF or picture: each input is handed to a fresh worker with an
address-space cap (`MAX_SCAN_MEMORY_BYTES` on top of the bare interpreter) and a
wall-time limit (`MAX_SCAN_SECONDS`). A worker that runs out of either ends in a
`CertificateError` saying the file cannot be read, and the batch goes on with the next
input. The worker's reply is JSON, checked here field by field.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Final

from printing.boundary import read_bounded
from printing.failures import CertificateError, Failure
from printing.findings import Finding, ScannedCode, UnreadablePart
from workstation.protocol import MAX_DOCUMENT_BYTES

log = logging.getLogger(__name__)

MAX_INPUT_BYTES: Final = MAX_DOCUMENT_BYTES
#: Address space the worker may use beyond the bare interpreter (~30 MB): the libraries
#: (~50 MB) and a rendered page fit; its resident memory stays well under 512 MB.
MAX_SCAN_MEMORY_BYTES: Final = 400 * 1024 * 1024
#: Wall time for one input, worker start included, so that a hostile file ends within 5 s.
MAX_SCAN_SECONDS: Final = 3.0
#: A reply holds at most 50 pages of a few codes of at most ~4 KB each.
_MAX_REPLY_BYTES: Final = 4 * 1024 * 1024
_SOURCE_ROOT: Final = str(Path(__file__).resolve().parents[1])


class _InputError(ValueError):
    pass


def scan_file(
    path: Path,
    *,
    max_seconds: float = MAX_SCAN_SECONDS,
    max_memory_bytes: int = MAX_SCAN_MEMORY_BYTES,
) -> list[Finding]:
    """The codes in a PDF, PNG/JPEG or HC1 text file, or `CertificateError` saying why none."""
    try:
        data = read_bounded(path, limit=MAX_INPUT_BYTES, error=_InputError)
    except _InputError as exc:
        raise CertificateError(Failure.FILE, str(exc)) from None
    return scan_in_worker(
        data, source=str(path), max_seconds=max_seconds, max_memory_bytes=max_memory_bytes
    )


def scan_in_worker(
    data: bytes, *, source: str, max_seconds: float, max_memory_bytes: int
) -> list[Finding]:
    limits = {"source": source, "max_seconds": max_seconds, "max_memory_bytes": max_memory_bytes}
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_SOURCE_ROOT, env.get("PYTHONPATH", "")) if p)
    command = [sys.executable, "-P", "-m", "printing.scan_worker", json.dumps(limits)]
    try:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # a Ctrl-C meant for the verifier is not for the worker
        )
    except OSError as exc:
        raise CertificateError(Failure.FILE, f"the scanner cannot start ({exc})") from None
    reply = _Reply()
    try:
        threading.Thread(target=_feed, args=(process, data), daemon=True).start()
        timed_out = _read_replies(process, reply, deadline=time.monotonic() + max_seconds)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
    if reply.final is not None:
        return reply.final
    if timed_out and any(isinstance(f, ScannedCode) for f in reply.pages):
        # A long batch: keep the pages read, and say plainly that the rest were not.
        rest = CertificateError(
            Failure.FILE,
            f"the rest of the PDF was not read within the limit of {max_seconds:g} s; "
            "verify it as smaller files",
        )
        return [*reply.pages, UnreadablePart(f"{source}#page={reply.page_count + 1}-", rest)]
    if timed_out:
        raise CertificateError(
            Failure.FILE, f"reading it takes longer than the limit of {max_seconds:g} s"
        )
    log.info("scan worker for %s ended with %s", source, process.returncode)
    limit = max_memory_bytes // (1024 * 1024)
    raise CertificateError(
        Failure.FILE,
        f"reading it needs more than the limits allow ({limit} MiB, {max_seconds:g} s)",
    )


class _Reply:
    """What the worker said so far: the pages read, and its last word once it came."""

    def __init__(self) -> None:
        self.pages: list[Finding] = []
        self.page_count = 0
        self.final: list[Finding] | None = None

    def take(self, line: bytes) -> None:
        message = json.loads(line)
        if not isinstance(message, dict):
            raise ValueError("reply not an object")
        if "page" in message:
            found = message["page"]
            if not isinstance(found, list):
                raise TypeError("page")
            self.pages += [_finding(item) for item in found]
            self.page_count += 1
        elif "error" in message:
            raise _problem(message["error"])
        else:
            found = message["findings"]
            if not isinstance(found, list) or not found:
                raise ValueError("no findings")
            self.final = [_finding(item) for item in found]


def _feed(process: subprocess.Popen[bytes], data: bytes) -> None:
    assert process.stdin is not None
    try:
        process.stdin.write(data)
        process.stdin.close()
    except OSError:
        pass  # the worker ended early; its exit says why


def _read_replies(process: subprocess.Popen[bytes], reply: _Reply, *, deadline: float) -> bool:
    """Read the worker's lines into `reply` until its last word, its end, or the deadline.

    True when the deadline passed first. A malformed line is an unreadable file. A thread
    reads the pipe (portable, Windows included); this one waits for its lines with a timeout.
    """
    lines: queue.Queue[bytes | None] = queue.Queue()
    threading.Thread(target=_pump, args=(process, lines), daemon=True).start()
    while reply.final is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            return True
        if line is None:
            return False  # the worker ended (or said too much) without its last word
        try:
            reply.take(line)
        except CertificateError:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("scan worker gave a malformed reply: %s", exc)
            raise CertificateError(Failure.FILE, "the scanner gave no usable answer") from None
    return False


def _pump(process: subprocess.Popen[bytes], lines: queue.Queue[bytes | None]) -> None:
    """The worker's reply lines into `lines`, then None; at most `_MAX_REPLY_BYTES` in all."""
    assert process.stdout is not None
    total = 0
    try:
        while total <= _MAX_REPLY_BYTES:
            line = process.stdout.readline(_MAX_REPLY_BYTES + 1 - total)
            if not line:
                break
            total += len(line)
            lines.put(line)
    except (OSError, ValueError):
        pass  # the pipe was closed when the worker was stopped
    lines.put(None)


def _finding(item: Any) -> Finding:
    source = item["source"]
    if not isinstance(source, str):
        raise TypeError("source")
    if "text" in item:
        if not isinstance(item["text"], str):
            raise TypeError("text")
        return ScannedCode(source, item["text"])
    return UnreadablePart(source, _problem(item))


def _problem(item: Any) -> CertificateError:
    failure = Failure(item["failure"])  # ValueError for an unknown step
    if failure not in (Failure.FILE, Failure.QR, Failure.PAGE_LIMIT):
        raise ValueError(f"a scanner cannot report {failure}")
    if not isinstance(item["message"], str):
        raise TypeError("message")
    return CertificateError(failure, item["message"])
