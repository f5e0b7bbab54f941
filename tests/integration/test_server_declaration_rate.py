"""New declarations are rationed per client address and per travel document.

Anyone may declare without an account, so without a ration one client could grow the
database by 160 MB a declaration for as long as it likes. Over the ration the answer is
429 with `Retry-After`, given before the upload is read; re-declarations (with the
traveller's token) and refused declarations do not count; the window passes.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import requests

from tests.integration.conftest import StartCentral
from tests.support.declarations import Upload, build_declaration, submit
from tests.support.server_clock import MovableServerClock
from tests.support.streaming import LargeDocument, multipart_stream, stream_request
from workstation.protocol import API_PREFIX, SubmissionReceipt


def _receipt(reply: requests.Response) -> SubmissionReceipt:
    assert reply.status_code == 201, reply.text
    return SubmissionReceipt.model_validate_json(reply.content)


def _refused(reply: requests.Response, what: str) -> int:
    assert reply.status_code == 429, reply.text
    assert what in reply.json()["message"]
    wait = int(reply.headers["Retry-After"])
    assert wait > 0
    return wait


def test_new_declarations_per_address_are_rationed(
    start_central: StartCentral, tmp_path: Path
) -> None:
    clock = MovableServerClock(tmp_path / "clock")
    server = start_central(
        extra_args=[
            "--declarations-per-address", "3",
            "--declaration-rate-window-seconds", "3600",
            *clock.serve_args,
        ]
    )  # fmt: skip
    mission = server.missions[0]
    # A declaration that is refused does not use the ration up.
    broken = build_declaration(mission=mission)
    tampered = Upload(broken.submission, {"report-1.pdf": broken.files["report-1.pdf"] + b"x"})
    assert submit(server.url, tampered).status_code == 422
    uploads = [build_declaration(mission=mission) for _ in range(3)]
    receipts = [_receipt(submit(server.url, upload)) for upload in uploads]
    wait = _refused(submit(server.url, build_declaration(mission=mission)), "your address")
    assert wait <= 3600

    # Refused before the upload is read: a 100 MiB body is hardly sent.
    content_type, length, chunks = multipart_stream(
        "submission", b"{}", [LargeDocument("big.pdf", 100 * 1024 * 1024)]
    )
    early = stream_request(
        server.url,
        "POST",
        f"{API_PREFIX}/declarations",
        headers={"Content-Type": content_type},
        body=chunks,
        content_length=length,
    )
    assert early.status == 429
    assert early.sent < 32 * 1024 * 1024

    # Re-declaring is the traveller's right and is not a new declaration.
    again = uploads[0].redeclared(receipts[0].case_id)
    assert _receipt(submit(server.url, again, traveller_token=receipts[0].traveller_token))

    # When the window has passed, the address may declare again.
    clock.advance(timedelta(seconds=wait + 1))
    _receipt(submit(server.url, build_declaration(mission=mission)))


def test_new_declarations_per_travel_document_are_rationed(start_central: StartCentral) -> None:
    server = start_central(extra_args=["--declarations-per-travel-document", "2"])
    first, second, third = server.missions[:3]
    number = "E97531864"
    _receipt(submit(server.url, build_declaration(mission=first, document_number=number)))
    _receipt(submit(server.url, build_declaration(mission=second, document_number=number)))
    _refused(
        submit(server.url, build_declaration(mission=third, document_number=number)),
        "this travel document",
    )
    # Other travellers are not affected.
    _receipt(submit(server.url, build_declaration(mission=third)))
