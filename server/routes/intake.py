"""Traveller intake (no account): `POST /declarations`, `POST /declarations/{id}/supplement`."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from server.deps import ServicesDep, utc_now
from server.errors import from_validation_error
from server.intake import answer_request, submit_declaration
from server.routes import ERROR_RESPONSES, json_reply
from server.uploads import read_multipart
from workstation.protocol import DeclarationSubmission, SubmissionReceipt, SupplementAnswer

log = logging.getLogger(__name__)

router = APIRouter(responses=ERROR_RESPONSES, tags=["travellers"])

Part = TypeVar("Part", bound=BaseModel)
TravellerToken = Annotated[str | None, Header(alias="X-Traveller-Token")]


async def _parts(
    request: Request, json_part: str, model: type[Part], what: str
) -> tuple[Part, dict[str, bytes]]:
    """The multipart body's JSON part, validated as `model`, and its files."""
    raw, files = await read_multipart(request, json_part=json_part)
    try:
        return model.model_validate_json(raw), files
    except ValidationError as exc:
        raise from_validation_error(exc, what=what) from None


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
    """Submit a declaration with its documents; with `supersedes`, re-declare (needs the token)."""
    submission, files = await _parts(request, "submission", DeclarationSubmission, "declaration")

    def work() -> SubmissionReceipt:
        with services.db.writer() as session:
            return submit_declaration(
                session,
                submission=submission,
                files=files,
                now=utc_now(),
                traveller_token=traveller_token,
            )

    receipt = await run_in_threadpool(work)
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
    """Answer a request for supplementary materials: the case goes back to the queue."""
    answer, files = await _parts(request, "answer", SupplementAnswer, "answer")

    def work() -> SubmissionReceipt:
        with services.db.writer() as session:
            return answer_request(
                session,
                case_id=case_id,
                answer=answer,
                files=files,
                traveller_token=traveller_token,
                now=utc_now(),
            )

    return json_reply(await run_in_threadpool(work))
