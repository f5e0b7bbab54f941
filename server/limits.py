"""Resource limits the server applies before anyone is signed in and before a body is parsed.

Anonymous requests must not be able to exhaust the server, so the outermost ASGI
layer (`RequestLimits`, inside only Starlette's error handler) decides from the
request line and headers alone:

- every body has a ceiling: `max_json_body_bytes` for the JSON routes,
  `max_upload_body_bytes` for the two upload routes. A larger `Content-Length` is
  refused (413) unread; a body without one (chunked) is counted as it streams and
  refused as soon as it goes over. Either refusal closes the connection, so the
  rest of the body is never read;
- uploads being received at once are bounded per client address (429) and in all
  (503), both with `Retry-After`;
- a body that stops arriving for `body_idle_timeout` is refused (408), so a client
  that trickles its upload cannot hold one of those places for long;

and `DeclarationRate` bounds how many new declarations a client address and a
travel document may make per window (429 with `Retry-After`). Uploads are spooled
to unnamed owner-only temporary files as they arrive (`server.uploads`), never
held whole in memory.

"Client address" is the TCP peer. Behind a reverse proxy that is the proxy: run
the server where it sees the travellers' addresses, or give the proxy the limits.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import math
import re
import threading
from collections import OrderedDict, deque
from collections.abc import Hashable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Final

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import ApiError
from server.settings import ServerSettings

log = logging.getLogger(__name__)

#: The routes that take multipart uploads (everything else takes small JSON bodies or none).
UPLOAD_PATHS: Final = re.compile(r"^/api/v1/declarations(/[^/]+/supplement)?/?$")
#: What a client refused for too many uploads in flight is told to wait, in seconds.
UPLOAD_RETRY_AFTER_S: Final = 10


def client_address(scope: Scope) -> str:
    """Who is asking, for the limits: the IPv4 address, or the IPv6 /64 network.

    One IPv6 subscriber usually holds a whole /64, so counting single IPv6 addresses would
    let one client count as billions.
    """
    client = scope.get("client")
    if not client:
        return "unknown"
    try:
        address = ipaddress.ip_address(str(client[0]))
    except ValueError:
        return str(client[0])
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def retry_after_seconds(wait: timedelta) -> str:
    return str(max(1, math.ceil(wait.total_seconds())))


class BodyTooLarge(Exception):
    """The body went over its route's limit while it streamed in."""


class BodyStalled(Exception):
    """No part of the body arrived for `body_idle_timeout`."""


class UploadsInFlight:
    """How many uploads are being received, per client address and in all."""

    def __init__(self, *, total: int, per_address: int) -> None:
        self.total = total
        self.per_address = per_address
        self._by_address: dict[str, int] = {}
        self._lock = threading.Lock()

    def enter(self, address: str) -> ApiError | None:
        """Take a place for an upload from `address`, or the refusal to send instead."""
        with self._lock:
            if self._by_address.get(address, 0) >= self.per_address:
                return ApiError(
                    429,
                    f"too many uploads from your address at once (at most {self.per_address}); "
                    "try again when one has finished",
                    error="too_many_uploads",
                    headers={"Retry-After": str(UPLOAD_RETRY_AFTER_S)},
                )
            if sum(self._by_address.values()) >= self.total:
                return ApiError(
                    503,
                    "the server is receiving as many uploads as it can; try again shortly",
                    error="busy",
                    headers={"Retry-After": str(UPLOAD_RETRY_AFTER_S)},
                )
            self._by_address[address] = self._by_address.get(address, 0) + 1
            return None

    def leave(self, address: str) -> None:
        with self._lock:
            left = self._by_address.get(address, 0) - 1
            if left > 0:
                self._by_address[address] = left
            else:
                self._by_address.pop(address, None)


async def _refuse(error: ApiError, scope: Scope, receive: Receive, send: Send) -> None:
    # `Connection: close`: the server stops reading the request here; the body is never read.
    response = JSONResponse(
        status_code=error.status,
        content=error.reply().model_dump(mode="json"),
        headers={**error.headers, "Connection": "close"},
    )
    await response(scope, receive, send)


class RequestLimits:
    """ASGI middleware: body ceilings and uploads in flight, before any route runs."""

    def __init__(self, app: ASGIApp, *, settings: ServerSettings, uploads: UploadsInFlight) -> None:
        self.app = app
        self.settings = settings
        self.uploads = uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_upload = UPLOAD_PATHS.match(scope["path"]) is not None
        limit = (
            self.settings.max_upload_body_bytes if is_upload else self.settings.max_json_body_bytes
        )
        declared = _content_length(scope)
        if declared == -1:
            not_a_number = ApiError(400, "the Content-Length header is not a number")
            await _refuse(not_a_number, scope, receive, send)
            return
        if declared is not None and declared > limit:
            await _refuse(_too_large(limit), scope, receive, send)
            return
        if not is_upload:
            await self._counted(scope, receive, send, limit)
            return
        address = client_address(scope)
        refusal = self.uploads.enter(address)
        if refusal is not None:
            log.info("upload refused: %s", refusal.error)
            await _refuse(refusal, scope, receive, send)
            return
        try:
            await self._counted(scope, receive, send, limit)
        finally:
            self.uploads.leave(address)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Run the app, counting the body as it streams; over `limit`, answer 413 instead."""
        received = 0
        exceeded = False
        stalled = False
        started = False
        # A body is pending unless the request says it has none.
        body_done = _content_length(scope) == 0 or not _has_body_framing(scope)
        idle_s = self.settings.body_idle_timeout.total_seconds()

        async def counting_receive() -> Message:
            nonlocal received, exceeded, stalled, body_done
            if body_done:
                return await receive()  # after the body: only a disconnect can come
            try:
                # A body that trickles in (or stops) must not hold an upload's place forever.
                message = await asyncio.wait_for(receive(), timeout=idle_s)
            except TimeoutError:
                stalled = True
                raise BodyStalled from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge
                body_done = not message.get("more_body", False)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded or stalled:
                return  # whatever the app makes of the broken body, the answer is ours
            if message["type"] == "http.response.start":
                started = True
                if not body_done:
                    # Answered without reading the body (refused before sign-in, say): close
                    # the connection rather than read the rest to reuse it.
                    headers = [(k, v) for k, v in message.get("headers", []) if k != b"connection"]
                    message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        with suppress(BodyTooLarge, BodyStalled):
            await self.app(scope, counting_receive, guarded_send)
        if exceeded:
            log.info("request body over %d bytes refused while streaming", limit)
            if not started:
                await _refuse(_too_large(limit), scope, receive, send)
        elif stalled:
            log.info("request body stalled for %.0f s: refused", idle_s)
            if not started:
                message = f"the request body stopped arriving (nothing for {idle_s:.0f} s)"
                await _refuse(ApiError(408, message, error="timeout"), scope, receive, send)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, f"the request body is larger than this route accepts ({limit} bytes)")


def _has_body_framing(scope: Scope) -> bool:
    """Whether the request says a body follows (a Content-Length or Transfer-Encoding)."""
    return any(name in (b"content-length", b"transfer-encoding") for name, _ in scope["headers"])


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when absent, -1 when it is not a number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else -1
    return None


class RateWindow:
    """At most `limit` events per key in any `window`; bounded memory that cannot be flushed.

    Keys whose events all left the window are forgotten. When `capacity` keys are live at
    once, a new key is refused (answered as busy) rather than an old key's count dropped: a
    count that could be pushed out by other keys could be reset by whoever sends them.
    """

    def __init__(self, *, limit: int, window: timedelta, capacity: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self.capacity = capacity
        # Keys in order of their newest event: expired ones are always at the front.
        self._keys: OrderedDict[Hashable, deque[datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def _forget_expired(self, now: datetime) -> None:
        while self._keys:
            key, stamps = next(iter(self._keys.items()))
            if stamps and stamps[-1] > now - self.window:
                break
            del self._keys[key]

    def take(self, key: Hashable, *, now: datetime) -> timedelta | None:
        """Count one event for `key`; None if allowed, else how long until it would be."""
        with self._lock:
            self._forget_expired(now)
            stamps = self._keys.get(key)
            if stamps is None:
                if len(self._keys) >= self.capacity:
                    oldest = next(iter(self._keys.values()))
                    return oldest[-1] + self.window - now
                stamps = deque()
            while stamps and stamps[0] <= now - self.window:
                stamps.popleft()
            if len(stamps) >= self.limit:
                return stamps[0] + self.window - now
            stamps.append(now)
            self._keys[key] = stamps
            self._keys.move_to_end(key)
            return None

    def give_back(self, key: Hashable, moment: datetime) -> None:
        """Undo a `take` at `moment` (the declaration was not made after all)."""
        with self._lock:
            stamps = self._keys.get(key)
            if stamps is not None and moment in stamps:
                stamps.remove(moment)


class DeclarationRate:
    """New declarations per client address and per travel document, per window."""

    def __init__(self, settings: ServerSettings) -> None:
        window = settings.declaration_rate_window
        self.by_address = RateWindow(limit=settings.declarations_per_address, window=window)
        self.by_document = RateWindow(
            limit=settings.declarations_per_travel_document, window=window
        )

    def take_address(self, address: str, *, now: datetime) -> None:
        wait = self.by_address.take(address, now=now)
        if wait is not None:
            raise ApiError(
                429,
                "too many new declarations from your address; try again later",
                error="too_many_declarations",
                headers={"Retry-After": retry_after_seconds(wait)},
            )

    def take_document(self, document_key: str, *, now: datetime) -> None:
        wait = self.by_document.take(document_key, now=now)
        if wait is not None:
            raise ApiError(
                429,
                "too many new declarations for this travel document; try again later",
                error="too_many_declarations",
                headers={"Retry-After": retry_after_seconds(wait)},
            )
