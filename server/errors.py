"""Every refusal the server gives, as an `ErrorReply` with a sentence a person can act on.

Service code raises `ApiError` (or lets `IllegalTransition` through); the
handlers installed by `install_error_handlers` turn them, FastAPI's own
validation errors and unknown routes into the one error shape of the protocol.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from workstation.domain import IllegalTransition
from workstation.protocol import ErrorReply

log = logging.getLogger(__name__)

_STATUS_ERRORS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_attempts",
}


class ApiError(Exception):
    """A refusal with its HTTP status; nothing was changed (the transaction is rolled back)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error: str | None = None,
        details: Sequence[Mapping[str, Any]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error = error or _STATUS_ERRORS.get(status, "error")
        self.details = [dict(d) for d in details]
        self.headers = dict(headers or {})

    def reply(self) -> ErrorReply:
        return ErrorReply(error=self.error, message=self.message, details=self.details)


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def unauthorized(message: str) -> ApiError:
    return ApiError(401, message, headers={"WWW-Authenticate": "Bearer"})


def forbidden(message: str) -> ApiError:
    return ApiError(403, message)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def conflict(message: str) -> ApiError:
    return ApiError(409, message)


def too_large(message: str) -> ApiError:
    return ApiError(413, message)


def invalid(message: str, *, details: Sequence[Mapping[str, Any]] = ()) -> ApiError:
    return ApiError(422, message, details=details)


def safe_details(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Where and what, never the submitted value: error replies must not echo personal data."""
    return [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")).removeprefix("Value error, "),
            "type": e.get("type", ""),
        }
        for e in errors
    ]


def _first_message(details: Sequence[Mapping[str, Any]], fallback: str) -> str:
    if not details:
        return fallback
    first = details[0]
    where = ".".join(str(p) for p in first["loc"] if p not in ("body",))
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def from_validation_error(exc: ValidationError, *, what: str) -> ApiError:
    details = safe_details(
        exc.errors(include_url=False, include_context=False, include_input=False)
    )
    return invalid(
        f"the {what} is not valid ({_first_message(details, 'invalid')})", details=details
    )


def _json(error: ApiError) -> JSONResponse:
    return JSONResponse(
        status_code=error.status,
        content=error.reply().model_dump(mode="json"),
        headers=error.headers,
    )


async def _on_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _json(exc)


async def _on_illegal_transition(_request: Request, exc: Exception) -> JSONResponse:
    return _json(conflict(str(exc)))


async def _on_request_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = safe_details(exc.errors())
    message = f"the request is not valid ({_first_message(details, 'invalid')})"
    return _json(invalid(message, details=details))


async def _on_http_exception(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "the request was refused"
    return _json(ApiError(exc.status_code, message, headers=exc.headers))


async def _on_database_busy(_request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable or busy: %s", type(exc).__name__)
    reply = ApiError(503, "the database is busy or unavailable; nothing was changed, try again")
    return _json(reply)


async def _on_integrity_error(_request: Request, exc: Exception) -> JSONResponse:
    # Only a concurrent writer can get here (everything else is checked first).
    log.warning("write refused by a database constraint: %s", type(exc).__name__)
    return _json(conflict("a concurrent change got there first; nothing was changed, try again"))


async def _on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.error("request failed", exc_info=exc)
    return _json(ApiError(500, "the server failed; nothing was changed", error="internal"))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(IllegalTransition, _on_illegal_transition)
    app.add_exception_handler(RequestValidationError, _on_request_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(OperationalError, _on_database_busy)
    app.add_exception_handler(IntegrityError, _on_integrity_error)
    app.add_exception_handler(Exception, _on_unexpected)
