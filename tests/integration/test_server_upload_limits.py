"""The intake's limits on the request itself (server/limits.py, server/uploads.py): each refusal
is a clear 4xx in the protocol's error shape, given before anything is stored.

These requests are built by hand (http.client, or requests with parts no client of ours
would send): what a careless or hostile uploader sends, not what the traveller's app does.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests

from server.settings import MAX_UPLOAD_BODY_BYTES
from tests.integration.conftest import StartCentral
from tests.support.central import CentralServer
from tests.support.declarations import build_declaration, manifest_entry, multipart
from workstation.domain import DocumentKind
from workstation.protocol import API_PREFIX, CaseChanges, ErrorReply

MISSION = "GBR-LON"
#: The JSON part's allowance (server/uploads.py keeps it private on purpose).
JSON_PART_BYTES = 1024 * 1024
#: A small upload ceiling for the test that streams past it.
SMALL_UPLOAD_LIMIT = 256 * 1024


@pytest.fixture
def server(start_central: StartCentral) -> Iterator[CentralServer]:
    yield start_central()


def _declarations_url(server: CentralServer) -> str:
    return f"{server.url}{API_PREFIX}/declarations"


def _refusal(reply: requests.Response | http.client.HTTPResponse, status: int) -> ErrorReply:
    body = reply.content if isinstance(reply, requests.Response) else reply.read()
    code = reply.status_code if isinstance(reply, requests.Response) else reply.status
    assert code == status, body[:300]
    return ErrorReply.model_validate_json(body)


def _nothing_stored(server: CentralServer) -> bool:
    feed = server.sign_in("auditor", MISSION).get("/cases/changes")
    return CaseChanges.model_validate_json(feed.content).cases == []


def _raw_post(server: CentralServer, headers: dict[str, str], body: bytes = b"") -> ErrorReply:
    """POST /declarations with exactly these headers and body; the refusal it gets."""
    address = urlsplit(server.url)
    assert address.hostname is not None and address.port is not None
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.putrequest("POST", f"{API_PREFIX}/declarations", skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body or None)
        reply = connection.getresponse()
        return _refusal(reply, reply.status) if reply.status >= 400 else _unexpected(reply)
    finally:
        connection.close()


def _unexpected(reply: http.client.HTTPResponse) -> ErrorReply:
    raise AssertionError(f"accepted ({reply.status}): {reply.read()[:300]!r}")


def test_a_body_without_content_length_is_counted_and_refused_past_the_limit(
    start_central: StartCentral,
) -> None:
    server = start_central(extra_args=["--max-upload-body-bytes", str(SMALL_UPLOAD_LIMIT)])
    upload = build_declaration(mission=MISSION)
    padding = b"%PDF-1.4\n" + b"0" * SMALL_UPLOAD_LIMIT
    big = manifest_entry("big.pdf", padding, DocumentKind.COMBINED_REPORT)
    submission = upload.submission.model_copy(
        update={"documents": [*upload.submission.documents, big]}
    )
    prepared = requests.Request(
        "POST",
        _declarations_url(server),
        files=multipart(
            "submission", submission.model_dump_json(), {**upload.files, "big.pdf": padding}
        ),
    ).prepare()
    assert isinstance(prepared.body, bytes) and len(prepared.body) > SMALL_UPLOAD_LIMIT
    body = prepared.body

    def chunks() -> Iterator[bytes]:  # a generator: requests sends it chunked, with no length
        yield body

    reply = requests.post(
        _declarations_url(server),
        data=chunks(),
        headers={"Content-Type": prepared.headers["Content-Type"]},
        timeout=30,
    )
    assert reply.request.headers.get("Transfer-Encoding") == "chunked"
    assert "Content-Length" not in reply.request.headers
    refusal = _refusal(reply, 413)
    assert str(SMALL_UPLOAD_LIMIT) in refusal.message
    assert _nothing_stored(server)


def test_a_request_declaring_more_than_the_limit_is_refused_unread(server: CentralServer) -> None:
    # Nothing follows the headers: a server that waited for the body would time out instead.
    refusal = _raw_post(
        server,
        {
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(MAX_UPLOAD_BODY_BYTES + 1),
        },
    )
    assert refusal.error == "too_large"
    assert str(MAX_UPLOAD_BODY_BYTES) in refusal.message
    assert _nothing_stored(server)


def test_an_oversized_json_part_is_refused(server: CentralServer) -> None:
    upload = build_declaration(mission=MISSION)
    padded = json.dumps(
        {**json.loads(upload.submission.model_dump_json()), "padding": "x" * JSON_PART_BYTES}
    )
    assert len(padded) > JSON_PART_BYTES
    as_field = requests.post(
        _declarations_url(server), files=multipart("submission", padded, upload.files), timeout=60
    )
    refusal = _refusal(as_field, 413)
    assert "JSON part" in refusal.message and str(JSON_PART_BYTES) in refusal.message
    # Sent as a file part, it is still the JSON part, read only up to its allowance.
    as_file = requests.post(
        _declarations_url(server),
        files=[("submission", ("submission.json", padded, "application/json"))],
        timeout=60,
    )
    assert "JSON part" in _refusal(as_file, 413).message
    assert _nothing_stored(server)


def test_a_file_part_without_a_filename_is_refused(server: CentralServer) -> None:
    upload = build_declaration(mission=MISSION)
    ((_name, content),) = upload.files.items()
    parts = multipart("submission", upload.submission.model_dump_json(), {})
    parts.append(("documents", ("", content, "application/pdf")))
    reply = requests.post(_declarations_url(server), files=parts, timeout=60)
    refusal = _refusal(reply, 400)
    assert "needs a filename" in refusal.message
    assert _nothing_stored(server)


def test_two_file_parts_with_the_same_filename_are_refused(server: CentralServer) -> None:
    upload = build_declaration(mission=MISSION)
    ((name, content),) = upload.files.items()
    parts = multipart("submission", upload.submission.model_dump_json(), upload.files)
    parts.append(("documents", (name, content, "application/pdf")))  # the same file again
    reply = requests.post(_declarations_url(server), files=parts, timeout=60)
    refusal = _refusal(reply, 422)
    assert f"two uploaded files are named {name!r}" in refusal.message
    assert _nothing_stored(server)
