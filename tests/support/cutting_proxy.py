"""A loopback HTTP proxy that lets the real server do its work, then breaks the answer.

It stands for a network that drops connections at the worst moment: the
request reaches the server, which acts on it (claims, stores a decision), and
the client gets a reply that breaks off. `cut(path, how, times)` breaks the next
`times` replies to requests for `path` (query left out):

- `Cut.CHUNKED`: a chunked body that stops mid-chunk (requests: `ChunkedEncodingError`);
- `Cut.SHORT`: fewer bytes than the Content-Length announced (urllib3 `ProtocolError`);
- `Cut.GARBLED`: a body announced as gzip that is not (requests: `ContentDecodingError`);
- `Cut.NO_STATUS`: the connection closes before the status line (requests: `ConnectionError`,
  raised after the server accepted the request);
- `Cut.RESET`: half the body, then a TCP reset (`ConnectionResetError` inside urllib3).

`forwarded` counts the requests that reached the server, per path.
"""

from __future__ import annotations

import http.client
import socket
import struct
import threading
from collections import Counter
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class Cut(StrEnum):
    CHUNKED = "chunked"
    SHORT = "short"
    GARBLED = "garbled"
    NO_STATUS = "no-status"
    RESET = "reset"


class CuttingProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.forwarded: Counter[str] = Counter()
        self._cuts: dict[str, list[Cut]] = {}
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                path = urlsplit(self.path).path
                connection = http.client.HTTPConnection(
                    proxy.upstream.hostname or "127.0.0.1", proxy.upstream.port, timeout=30
                )
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
                connection.request(self.command, self.path, body=body, headers=headers)
                reply = connection.getresponse()
                content = reply.read()
                connection.close()
                how = proxy._take_cut(path)
                if how is None:
                    self._send(reply, content)
                else:
                    self._break(reply, content, how)

            def _headers(self, reply: http.client.HTTPResponse, **extra: str) -> None:
                self.send_response(reply.status)
                for key, value in reply.getheaders():
                    if key.lower() not in _HOP_HEADERS and key.lower() != "content-encoding":
                        self.send_header(key, value)
                for key, value in extra.items():
                    self.send_header(key.replace("_", "-"), value)

            def _send(self, reply: http.client.HTTPResponse, content: bytes) -> None:
                self._headers(reply, Content_Length=str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def _break(self, reply: http.client.HTTPResponse, content: bytes, how: Cut) -> None:
                self.close_connection = True
                half = content[: max(1, len(content) // 2)]
                if how is Cut.NO_STATUS:
                    pass  # close without a word: the server has already acted
                elif how is Cut.CHUNKED:
                    self._headers(reply, Transfer_Encoding="chunked", Connection="close")
                    self.end_headers()
                    self.wfile.write(f"{len(content):x}\r\n".encode() + half)
                elif how is Cut.SHORT:
                    self._headers(reply, Content_Length=str(len(content)), Connection="close")
                    self.end_headers()
                    self.wfile.write(half)
                elif how is Cut.GARBLED:
                    garbage = b"\x1f\x8b\x08\x00" + bytes(range(64))  # a gzip header, then noise
                    self._headers(
                        reply,
                        Content_Encoding="gzip",
                        Content_Length=str(len(garbage)),
                        Connection="close",
                    )
                    self.end_headers()
                    self.wfile.write(garbage)
                elif how is Cut.RESET:
                    self._headers(reply, Content_Length=str(len(content)), Connection="close")
                    self.end_headers()
                    self.wfile.write(half)
                    self.wfile.flush()
                    # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                self.wfile.flush()

            do_GET = do_POST = do_PUT = do_DELETE = _forward  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def cut(self, path: str, how: Cut, times: int = 1) -> None:
        """Break the next `times` replies to `path` (after the server handled the request)."""
        with self._lock:
            self._cuts.setdefault(path, []).extend([how] * times)

    def heal(self) -> None:
        """Stop breaking replies."""
        with self._lock:
            self._cuts.clear()

    def _take_cut(self, path: str) -> Cut | None:
        with self._lock:
            self.forwarded[path] += 1
            pending = self._cuts.get(path)
            return pending.pop(0) if pending else None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> CuttingProxy:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
