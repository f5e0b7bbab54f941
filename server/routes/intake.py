"""Traveller intake (no account): `POST /declarations`, `POST /declarations/{id}/supplement`."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from server.deps import Services, ServicesDep
from server.errors import from_validation_error
from server.intake import answer_request, submit_declaration
from server.limits import DeclarationRate, RateWindow, client_address
from server.routes import ERROR_RESPONSES, json_reply
from server.trips import travel_document_key
from server.uploads import MultipartUpload, read_multipart
from workstation.protocol import (
    DeclarationSubmission,
    DocumentManifestEntry,
    ErrorReply,
    SubmissionReceipt,
    SupplementAnswer,
)

log = logging.getLogger(__name__)

router = APIRouter(responses={**ERROR_RESPONSES, 503: {"model": ErrorReply}}, tags=["travellers"])

Part = TypeVar("Part", bound=BaseModel)
TravellerToken = Annotated[str | None, Header(alias="X-Traveller-Token")]


class _Received(Generic[Part]):
    """The validated JSON part (known as soon as it has arrived) and the spooled files."""

    def __init__(self, model: type[Part], what: str) -> None:
        self.model = model
        self.what = what
        self.value: Part | None = None
        #: Called with the JSON part once it is valid, before the files are read.
        self.on_valid: Callable[[Part], None] = lambda _value: None

    def manifest_of(self, raw: bytes) -> Sequence[DocumentManifestEntry]:
        try:
            self.value = self.model.model_validate_json(raw)
        except ValidationError as exc:
            raise from_validation_error(exc, what=self.what) from None
        self.on_valid(self.value)
        documents: Sequence[DocumentManifestEntry] = getattr(self.value, "documents")  # noqa: B009
        return documents


async def _parts(
    request: Request, services: Services, json_part: str, received: _Received[Part]
) -> tuple[Part, MultipartUpload]:
    """The multipart body's JSON part, validated, and its files (spooled: close them)."""
    upload = await read_multipart(
        request,
        json_part=json_part,
        manifest_of=received.manifest_of,
        spool_dir=services.settings.upload_spool_dir,
    )
    if received.value is None:  # pragma: no cover - read_multipart validated the JSON part
        upload.close()
        raise RuntimeError("the JSON part was not validated")
    return received.value, upload


def _multipart_body(json_part: str, model: str) -> dict[str, Any]:
    """OpenAPI for a JSON part plus files (FastAPI cannot describe this body by itself)."""
    files = {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
        "description": "one file per manifest entry, matched by filename",
    }
    schema = {
        "type": "object",
        "required": [json_part],
        "properties": {
            json_part: {"type": "string", "description": f"{model} as JSON"},
            "documents": files,
        },
    }
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    }


@router.post(
    "/declarations",
    status_code=201,
    response_model=SubmissionReceipt,
    openapi_extra=_multipart_body("submission", "DeclarationSubmission"),
)
async def declare(
    request: Request, services: ServicesDep, traveller_token: TravellerToken = None
) -> Response:
    """Submit a declaration with its documents; with `supersedes`, re-declare (needs the token).

    Limits (refused before the body is read where possible): the body may weigh at most the
    server's upload limit (413); only a few uploads per client address and in all are
    received at once (429 / 503, `Retry-After`); a client address and a travel document may
    make only so many *new* declarations per window (429, `Retry-After`; re-declarations do
    not count). Exactly one `submission` part, valid UTF-8; two files of the same name, a
    second `submission` part or any other part are refused (422). The same trip declared at
    another mission is taken in and flagged to both missions' officers (`same_trip_elsewhere`).
    """
    rate: DeclarationRate = request.app.state.declaration_rate
    address = client_address(request.scope)
    now = services.clock.now()
    taken: list[RateWindow] = []

    def take_address() -> None:
        rate.take_address(address, now=now)
        taken.append(rate.by_address)

    if traveller_token is None:  # no token: it can only be a new declaration
        take_address()
    received = _Received(DeclarationSubmission, "declaration")
    document_key = ""

    def on_valid(submission: DeclarationSubmission) -> None:
        nonlocal document_key
        if submission.supersedes is not None:
            return
        if rate.by_address not in taken:
            take_address()
        document_key = travel_document_key(submission.content)
        rate.take_document(document_key, now=now)
        taken.append(rate.by_document)

    received.on_valid = on_valid
    try:
        submission, upload = await _parts(request, services, "submission", received)
        try:

            def work() -> SubmissionReceipt:
                with services.db.writer() as session:
                    return submit_declaration(
                        session,
                        submission=submission,
                        files=upload.files,
                        now=now,
                        traveller_token=traveller_token,
                    )

            receipt = await run_in_threadpool(work)
        finally:
            upload.close()
    except BaseException:
        # Not made after all: it does not count against the address or the document.
        for window in taken:
            window.give_back(document_key if window is rate.by_document else address, now)
        raise
    log.info("declaration %s received (version %d)", receipt.case_id, receipt.version)
    return json_reply(receipt, status=201)


@router.post(
    "/declarations/{case_id}/supplement",
    response_model=SubmissionReceipt,
    openapi_extra=_multipart_body("answer", "SupplementAnswer"),
)
async def supplement(
    case_id: uuid.UUID,
    request: Request,
    services: ServicesDep,
    traveller_token: TravellerToken = None,
) -> Response:
    """Answer a request for supplementary materials: the case goes back to the queue.

    The same body and upload limits as `POST /declarations` (413, 429 / 503, 422).
    """
    received = _Received(SupplementAnswer, "answer")
    answer, upload = await _parts(request, services, "answer", received)

    def work() -> SubmissionReceipt:
        with services.db.writer() as session:
            return answer_request(
                session,
                case_id=case_id,
                answer=answer,
                files=upload.files,
                traveller_token=traveller_token,
                now=services.clock.now(),
            )

    try:
        return json_reply(await run_in_threadpool(work))
    finally:
        upload.close()
