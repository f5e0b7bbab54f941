"""A traveller's multipart upload is read strictly: one JSON part in valid UTF-8, one file per
name, nothing else. Anything ambiguous is refused (422) with a message that says what, and
nothing is stored.
"""

from __future__ import annotations

import json
import secrets

import pytest
import requests

from tests.integration.conftest import StartCentral
from tests.support.central import CentralServer
from tests.support.declarations import build_declaration, submit
from tests.support.streaming import LargeDocument, multipart_stream, stream_request
from workstation.protocol import API_PREFIX, CaseChanges


def _post(server: CentralServer, parts: list[tuple[bytes, bytes]]) -> requests.Response:
    """POST /declarations with `parts` given as (headers, content), framed by hand."""
    boundary = secrets.token_hex(12)
    body = b"".join(
        b"--%s\r\n%s\r\n\r\n%s\r\n" % (boundary.encode(), headers, content)
        for headers, content in parts
    )
    body += b"--%s--\r\n" % boundary.encode()
    return requests.post(
        f"{server.url}{API_PREFIX}/declarations",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        timeout=60,
    )


def _json_part(content: bytes, name: str = "submission") -> tuple[bytes, bytes]:
    headers = b'Content-Disposition: form-data; name="%s"\r\nContent-Type: application/json'
    return headers % name.encode(), content


def _file_part(filename: str, content: bytes) -> tuple[bytes, bytes]:
    headers = (
        b'Content-Disposition: form-data; name="documents"; filename="%s"\r\n'
        b"Content-Type: application/pdf"
    )
    return headers % filename.encode(), content


def _nothing_stored(server: CentralServer) -> bool:
    feed = server.sign_in("auditor", server.missions[0]).get("/cases/changes")
    return CaseChanges.model_validate_json(feed.content).cases == []


@pytest.fixture
def server(start_central: StartCentral) -> CentralServer:
    return start_central()


def test_the_parts_as_framed_here_are_accepted(server: CentralServer) -> None:
    """The hand framing itself is right: a clean upload through it is taken in."""
    upload = build_declaration(mission=server.missions[0])
    ((filename, content),) = upload.files.items()
    reply = _post(
        server,
        [_json_part(upload.submission.model_dump_json().encode()), _file_part(filename, content)],
    )
    assert reply.status_code == 201, reply.text


def test_a_json_part_that_is_not_utf8_is_refused(server: CentralServer) -> None:
    upload = build_declaration(mission=server.missions[0], family="Muller")
    text = upload.submission.model_dump_json().encode()
    # "Müller" in Latin-1: one byte 0xFC, never valid UTF-8 (it used to be stored as mojibake).
    latin1 = text.replace(b'"Muller"', b'"M\xfcller"')
    assert latin1 != text
    ((filename, content),) = upload.files.items()
    reply = _post(server, [_json_part(latin1), _file_part(filename, content)])
    assert reply.status_code == 422, reply.text
    assert reply.json()["message"] == "the 'submission' part is not valid UTF-8"
    assert _nothing_stored(server)


def test_a_second_json_part_is_refused_not_silently_used(server: CentralServer) -> None:
    first = build_declaration(mission=server.missions[0], family="First")
    second = build_declaration(mission=server.missions[0], family="Second")
    ((filename, content),) = first.files.items()
    reply = _post(
        server,
        [
            _json_part(first.submission.model_dump_json().encode()),
            _file_part(filename, content),
            _json_part(second.submission.model_dump_json().encode()),
        ],
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["message"] == "the request has more than one 'submission' part"
    assert _nothing_stored(server)


def test_two_files_with_the_same_name_are_refused(server: CentralServer) -> None:
    upload = build_declaration(mission=server.missions[0])
    ((filename, content),) = upload.files.items()
    reply = _post(
        server,
        [
            _json_part(upload.submission.model_dump_json().encode()),
            _file_part(filename, content),
            _file_part(filename, content),
        ],
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["message"] == f"two uploaded files are named {filename!r}"
    assert _nothing_stored(server)


def test_a_part_that_is_neither_the_json_nor_a_file_is_refused(server: CentralServer) -> None:
    upload = build_declaration(mission=server.missions[0])
    ((filename, content),) = upload.files.items()
    reply = _post(
        server,
        [
            _json_part(upload.submission.model_dump_json().encode()),
            _json_part(b'{"mission": "USA-NYC"}', name="override"),
            _file_part(filename, content),
        ],
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["message"].startswith("unexpected part 'override'")
    assert _nothing_stored(server)


def test_a_file_name_that_is_not_utf8_is_refused(server: CentralServer) -> None:
    upload = build_declaration(mission=server.missions[0])
    ((_filename, content),) = upload.files.items()
    headers = (
        b'Content-Disposition: form-data; name="documents"; filename="r\xe9sum\xe9.pdf"\r\n'
        b"Content-Type: application/pdf"
    )
    reply = _post(
        server, [_json_part(upload.submission.model_dump_json().encode()), (headers, content)]
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["message"] == "the file name is not valid UTF-8"


def test_the_wrong_file_is_refused_as_soon_as_it_is_seen(server: CentralServer) -> None:
    """With the JSON part first, a file not in the manifest is refused at its headers."""
    upload = build_declaration(mission=server.missions[0])
    stranger = LargeDocument("stranger.pdf", 19 * 1024 * 1024)  # under the 20 MiB limit
    content_type, length, chunks = multipart_stream(
        "submission", upload.submission.model_dump_json().encode(), [stranger]
    )
    reply = stream_request(
        server.url,
        "POST",
        f"{API_PREFIX}/declarations",
        headers={"Content-Type": content_type},
        body=chunks,
        content_length=length,
    )
    assert reply.status == 422
    assert json.loads(reply.body)["message"] == "uploaded files not in the manifest: stranger.pdf"
    assert reply.sent < 8 * 1024 * 1024, "refused before the file was read"
    # The usual client (requests, JSON part first) still gets through.
    assert submit(server.url, upload).status_code == 201
