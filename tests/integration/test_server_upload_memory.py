"""Anonymous uploads cannot exhaust the server's memory: a bounded number are received at
once, each is spooled to a temporary file as it arrives, and nothing is left behind.

The server's resident memory is read from /proc/PID/status (VmRSS sampled, and VmHWM,
the kernel's own peak, after resetting it through /proc/PID/clear_refs).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.integration.conftest import StartCentral
from tests.support.central import CentralServer
from tests.support.declarations import build_declaration
from tests.support.streaming import (
    LargeDocument,
    StreamedReply,
    multipart_stream,
    stream_request,
)
from workstation.domain import DocumentKind
from workstation.protocol import (
    API_PREFIX,
    MAX_DOCUMENT_BYTES,
    MAX_DOCUMENTS_PER_DECLARATION,
    DocumentManifestEntry,
)

MIB = 1024 * 1024
UPLOADS = 24
ADMITTED = 6  # --max-uploads: the rest are answered 503 at once
HEADROOM_KIB = 100 * 1024  # the bound: within 100 MB of the idle size


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _reset_peak(pid: int) -> None:
    # "5" resets VmHWM to the current RSS (Linux >= 4.0); we own the server process.
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def _server_pid(server: CentralServer) -> int:
    assert server._process is not None
    return server._process.pid


def _spooled_files(pid: int, spool: Path) -> list[str]:
    """The server's open files in the spool folder (unnamed ones show as `spool/#n`)."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith(str(spool)):
            found.append(target)
    return found


def _wrong_last_document(mission: str, documents: list[LargeDocument]) -> bytes:
    """A valid submission whose manifest is right for every file but the last."""
    upload = build_declaration(mission=mission)
    manifest = [
        DocumentManifestEntry(
            filename=d.filename, kind=DocumentKind.COMBINED_REPORT, sha256=d.sha256()
        )
        for d in documents[:-1]
    ]
    manifest.append(
        DocumentManifestEntry(
            filename=documents[-1].filename, kind=DocumentKind.COMBINED_REPORT, sha256="0" * 64
        )
    )
    return upload.submission.model_copy(update={"documents": manifest}).model_dump_json().encode()


@pytest.mark.parametrize("central_database", ["sqlite"])
def test_24_concurrent_160_mib_uploads_stay_within_100_mb(
    start_central: StartCentral, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    spool.mkdir(mode=0o700)
    server = start_central(
        extra_args=[
            "--max-uploads", str(ADMITTED),
            "--max-uploads-per-address", str(UPLOADS),
            "--declarations-per-address", "1000",
            "--declarations-per-travel-document", "1000",
            "--upload-spool-dir", str(spool),
        ]
    )  # fmt: skip
    pid = _server_pid(server)
    documents = [
        LargeDocument(f"report-{i}.pdf", MAX_DOCUMENT_BYTES, fill=b"%d" % i)
        for i in range(MAX_DOCUMENTS_PER_DECLARATION)
    ]
    submission = _wrong_last_document(server.missions[0], documents)
    assert server.api().get("/info").status_code == 200
    idle_kib = _status_kib(pid, "VmRSS")
    _reset_peak(pid)

    sampled: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sampled.append(_status_kib(pid, "VmRSS"))
            time.sleep(0.02)

    def upload(_index: int) -> StreamedReply:
        content_type, length, chunks = multipart_stream("submission", submission, documents)
        assert length > 160 * MIB
        return stream_request(
            server.url,
            "POST",
            f"{API_PREFIX}/declarations",
            headers={"Content-Type": content_type},
            body=chunks,
            content_length=length,
            deadline_s=240,
        )

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=UPLOADS) as pool:
            replies = list(pool.map(upload, range(UPLOADS)))
    finally:
        done.set()
        sampler.join(timeout=5)
    seconds = time.monotonic() - started
    peak_kib = max(_status_kib(pid, "VmHWM"), *sampled)
    statuses = Counter(r.status for r in replies)
    streamed = sum(r.sent for r in replies if r.status == 422)
    print(
        f"idle_rss_mib={idle_kib / 1024:.0f} peak_rss_mib={peak_kib / 1024:.0f} "
        f"growth_mib={(peak_kib - idle_kib) / 1024:.0f} statuses={dict(statuses)} "
        f"received_mib={streamed / MIB:.0f} seconds={seconds:.1f}"
    )
    # Every upload got an answer: the admitted ones were read to the wrong file and refused,
    # the others were told the server is busy, with a time to come back.
    assert statuses[422] == ADMITTED, statuses
    assert statuses[503] == UPLOADS - ADMITTED, statuses
    busy = next(r for r in replies if r.status == 503)
    assert int(busy.headers["retry-after"]) > 0
    wrong = next(r for r in replies if r.status == 422)
    assert b"does not match its SHA-256" in wrong.body
    assert streamed >= ADMITTED * (MAX_DOCUMENTS_PER_DECLARATION - 1) * MAX_DOCUMENT_BYTES, (
        "the admitted uploads really were received (all but the last file)"
    )
    assert peak_kib - idle_kib < HEADROOM_KIB, (idle_kib, peak_kib)
    # Nothing stays behind: no spooled file open or on disk, no case stored, memory given back.
    assert _spooled_files(pid, spool) == []
    assert list(spool.iterdir()) == []
    feed = server.sign_in("auditor", server.missions[0]).get("/cases/changes").json()
    assert feed["cases"] == []
    assert _status_kib(pid, "VmRSS") - idle_kib < HEADROOM_KIB


def test_a_valid_upload_is_spooled_not_held_and_stored_whole(
    start_central: StartCentral, tmp_path: Path
) -> None:
    """The largest valid declaration is taken in without the server holding it in memory."""
    server = start_central()
    pid = _server_pid(server)
    documents = [
        LargeDocument(f"report-{i}.pdf", MAX_DOCUMENT_BYTES, fill=b"v%d" % i)
        for i in range(MAX_DOCUMENTS_PER_DECLARATION)
    ]
    upload = build_declaration(
        mission=server.missions[0], departure=datetime.now(UTC) + timedelta(days=2)
    )
    manifest = [
        DocumentManifestEntry(
            filename=d.filename, kind=DocumentKind.COMBINED_REPORT, sha256=d.sha256()
        )
        for d in documents
    ]
    body = upload.submission.model_copy(update={"documents": manifest}).model_dump_json()
    content_type, length, chunks = multipart_stream("submission", body.encode(), documents)
    idle_kib = _status_kib(pid, "VmRSS")
    _reset_peak(pid)
    reply = stream_request(
        server.url,
        "POST",
        f"{API_PREFIX}/declarations",
        headers={"Content-Type": content_type},
        body=chunks,
        content_length=None,  # chunked: no Content-Length to trust, the bytes are counted
        deadline_s=240,
    )
    peak_kib = _status_kib(pid, "VmHWM")
    print(
        f"valid_upload_mib={length / MIB:.0f} idle_rss_mib={idle_kib / 1024:.0f} "
        f"peak_rss_mib={peak_kib / 1024:.0f} seconds={reply.seconds:.1f}"
    )
    assert reply.status == 201, reply.body
    case_id = json.loads(reply.body)["case_id"]
    case = server.sign_in("auditor", server.missions[0]).get(f"/cases/{case_id}").json()
    assert [(d["filename"], d["size"], d["sha256"]) for d in case["documents"]] == [
        (d.filename, d.size, d.sha256()) for d in documents
    ]
    # One document at a time is in memory while it is written to the database.
    assert peak_kib - idle_kib < HEADROOM_KIB, (idle_kib, peak_kib)
