"""The HTTP API (`/api/v1`): one router per area, thin over the service modules."""

from __future__ import annotations

import logging
from typing import Any, Final

from fastapi import Response
from pydantic import BaseModel

from workstation.protocol import ErrorReply

log = logging.getLogger(__name__)

#: Documented on every router: all refusals are `ErrorReply`.
ERROR_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    status: {"model": ErrorReply} for status in (400, 401, 403, 404, 409, 413, 422, 429)
}


def json_reply(body: str | BaseModel, *, status: int = 200) -> Response:
    """Serve JSON that is already serialised (stored records) or a protocol model as is."""
    text = body if isinstance(body, str) else body.model_dump_json()
    return Response(content=text, status_code=status, media_type="application/json")
