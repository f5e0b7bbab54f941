"""A loopback HTTP proxy in front of the real server that can corrupt its replies in transit.

It stands for a broken middlebox or a compromised network: the server stays
real, only what reaches the client is altered by `rewrite(path, body) -> body`.
`fail_first(count, path)` makes it stand for an overloaded load balancer instead:
the next `count` requests for `path` are answered 503 without reaching the server.
`received` lists every request the proxy received, as `(method, path)`.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Rewrite = Callable[[str, bytes], bytes]

_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class TamperProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.rewrite: Rewrite = lambda _path, body: body
        #: Every request received, `(method, path without the query)`, in order.
        self.received: list[tuple[str, str]] = []
        self._failures: dict[str, int] = {}
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if proxy._record_and_should_fail(self.command, self.path):
                    self._unavailable()
                    return
                connection = http.client.HTTPConnection(
                    proxy.upstream.hostname or "127.0.0.1", proxy.upstream.port, timeout=30
                )
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
                connection.request(self.command, self.path, body=body, headers=headers)
                reply = connection.getresponse()
                content = proxy.rewrite(self.path, reply.read())
                self.send_response(reply.status)
                for key, value in reply.getheaders():
                    if key.lower() not in _HOP_HEADERS:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
                connection.close()

            def _unavailable(self) -> None:
                content = json.dumps(
                    {"error": "unavailable", "message": "the proxy is overloaded (test)"}
                ).encode()
                self.send_response(503)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = _forward  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def fail_first(self, count: int, path: str) -> None:
        """Answer 503 to the next `count` requests whose path (query left out) is `path`."""
        with self._lock:
            self._failures[path] = count

    def requests_for(self, path: str) -> list[str]:
        """The methods of the requests received for `path` (query left out), in order."""
        with self._lock:
            return [method for method, seen in self.received if seen == path]

    def _record_and_should_fail(self, method: str, raw_path: str) -> bool:
        path = urlsplit(raw_path).path
        with self._lock:
            self.received.append((method, path))
            left = self._failures.get(path, 0)
            if left > 0:
                self._failures[path] = left - 1
                return True
            return False

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> TamperProxy:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
