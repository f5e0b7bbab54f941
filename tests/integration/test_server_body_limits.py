"""Bodies over a route's limit are refused before they are read, signed in or not.

A 200 MB body sent to a JSON route, with a `Content-Length` or chunked without one, is
answered 413 while the client is still sending it; the server's resident memory
(/proc/PID/status) does not grow by more than a few megabytes.
"""

from __future__ import annotations

import http.client
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.integration.conftest import StartCentral
from tests.support.central import CentralServer
from tests.support.streaming import repeated, stream_request
from workstation.protocol import API_PREFIX

MB = 1000 * 1000
HUGE = 200 * MB
#: What the client may hand its kernel before it sees the answer (socket buffers).
IN_FLIGHT_ALLOWANCE = 32 * 1024 * 1024
#: Resident memory the server may gain while refusing all of them.
GROWTH_ALLOWANCE_KIB = 10 * 1024

NIL = "00000000-0000-0000-0000-000000000000"
#: JSON routes that take a body, anonymous or not: all refused before sign-in is looked at.
JSON_BODY_ROUTES = [
    ("POST", "/auth/login"),
    ("POST", "/queue/next"),
    ("POST", f"/cases/{NIL}/claim"),
    ("PUT", f"/cases/{NIL}/decisions/{NIL}"),
    ("PUT", f"/prints/{NIL}"),
]
#: Routes that take no body: a huge one is refused with everything else, and never read.
NO_BODY_ROUTES = [("POST", "/auth/logout"), ("GET", "/cases/changes")]


def _rss_kib(server: CentralServer) -> int:
    # The harness keeps the child's handle.
    assert server._process is not None
    status = Path(f"/proc/{server._process.pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))


@pytest.mark.parametrize("central_database", ["sqlite"])
def test_a_200_mb_body_to_any_json_route_is_refused_unread(start_central: StartCentral) -> None:
    server = start_central()
    assert server.api().get("/info").status_code == 200
    idle_kib = _rss_kib(server)
    for method, route in JSON_BODY_ROUTES + NO_BODY_ROUTES:
        for content_length in (HUGE, None):
            reply = stream_request(
                server.url,
                method,
                f"{API_PREFIX}{route}",
                headers={"Content-Type": "application/json"},
                body=repeated(HUGE),
                content_length=content_length,
                deadline_s=60,
            )
            how = "chunked" if content_length is None else "with Content-Length"
            print(
                f"{method} {route} {how}: status={reply.status} "
                f"sent_mib={reply.sent / 2**20:.1f} seconds={reply.seconds:.2f}"
            )
            if content_length is None and (method, route) in NO_BODY_ROUTES:
                # The route answers without reading (no token) and the connection is closed.
                assert reply.status == 401, (route, how, reply)
            else:
                assert reply.status == 413, (route, how, reply)
                assert b"larger than this route accepts" in reply.body
            assert reply.headers["connection"] == "close"
            assert reply.sent < IN_FLIGHT_ALLOWANCE, (route, how, reply.sent)
    growth = _rss_kib(server) - idle_kib
    print(f"idle_rss_mib={idle_kib / 1024:.0f} growth_kib={growth}")
    assert growth < GROWTH_ALLOWANCE_KIB
    # The server is still there for everyone else.
    assert server.sign_in("officer").get("/auth/me").status_code == 200


@pytest.mark.parametrize("central_database", ["sqlite"])
def test_limits_are_settings_and_small_bodies_pass(start_central: StartCentral) -> None:
    server = start_central(
        extra_args=["--max-json-body-bytes", "1024", "--max-upload-body-bytes", "4096"]
    )
    user = server.user("officer", server.missions[0])
    login = f'{{"username": "{user.username}", "password": "{user.password}"}}'.encode()
    chunked = stream_request(
        server.url,
        "POST",
        f"{API_PREFIX}/auth/login",
        headers={"Content-Type": "application/json"},
        body=[login[:10], login[10:]],
        content_length=None,
    )
    assert chunked.status == 200, chunked.body
    padded = login[:-1] + b" " * 1024 + b"}"
    assert server.api().post("/auth/login", data=padded).status_code == 413
    upload = stream_request(
        server.url,
        "POST",
        f"{API_PREFIX}/declarations",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        body=repeated(5000),
        content_length=None,
    )
    assert upload.status == 413
    assert b"(4096 bytes)" in upload.body
    schema = server.api().http.get(f"{server.url}/openapi.json", timeout=30).json()
    description = schema["info"]["description"]
    assert "at most 1024 bytes" in description and "4096 bytes" in description


@pytest.mark.parametrize("central_database", ["sqlite"])
def test_a_content_length_that_is_not_a_number_is_refused(start_central: StartCentral) -> None:
    server = start_central()
    reply = stream_request(
        server.url,
        "POST",
        f"{API_PREFIX}/auth/login",
        headers={"Content-Type": "application/json", "Content-Length": "lots"},
        body=[],
        content_length=None,
    )
    # uvicorn's HTTP parser or the limits answer it; either way it is refused, not read.
    assert reply.status == 400


@pytest.mark.parametrize("central_database", ["sqlite"])
def test_a_stalled_upload_is_refused_and_frees_its_place(start_central: StartCentral) -> None:
    server = start_central(extra_args=["--max-uploads", "1", "--body-idle-timeout-seconds", "1"])
    address = urlsplit(server.url)
    assert address.hostname == "127.0.0.1" and address.port is not None
    head = (
        f"POST {API_PREFIX}/declarations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n"
    ).encode()
    with socket.create_connection((address.hostname, address.port), timeout=30) as stalled:
        stalled.sendall(head + b"--x\r\n")  # then nothing more
        time.sleep(0.3)  # the server has taken the upload's place
        busy = stream_request(
            server.url,
            "POST",
            f"{API_PREFIX}/declarations",
            headers={"Content-Type": "multipart/form-data; boundary=x"},
            body=[b"--x--\r\n"],
            content_length=7,
        )
        assert busy.status == 503, busy
        started = time.monotonic()
        response = http.client.HTTPResponse(stalled)
        response.begin()
        waited = time.monotonic() - started
        body = response.read()
    print(f"stalled upload answered {response.status} after {waited:.1f} s")
    assert response.status == 408, body
    assert b"stopped arriving" in body
    assert waited < 10
    # Its place is free again: the next upload is read (and refused for what it is).
    after = stream_request(
        server.url,
        "POST",
        f"{API_PREFIX}/declarations",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        body=[b"--x--\r\n"],
        content_length=7,
    )
    assert after.status == 400, after
