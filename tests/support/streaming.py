"""Raw HTTP/1.1 for tests that send bodies the server must refuse before reading them.

`requests` cannot be told to stop sending when the server has already answered, and it
reports a reset connection instead of the answer. `stream_request` sends the head, then the
body chunk by chunk (with a `Content-Length`, or chunked), and stops as soon as the server
answers or stops reading; it returns the answer and how much of the body went out.
Loopback only; bounded by `deadline_s`.
"""

from __future__ import annotations

import hashlib
import http.client
import secrets
import select
import socket
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

#: What one `send` hands the kernel (small: the client notices an answer quickly).
CHUNK_BYTES = 64 * 1024


@dataclass
class StreamedReply:
    status: int | None  # None: no answer could be read (the connection was reset first)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    #: Body bytes the client handed to the kernel before it stopped.
    sent: int = 0
    seconds: float = 0.0


def repeated(total: int, piece: bytes = b"\0" * CHUNK_BYTES) -> Iterator[bytes]:
    """`total` bytes as a generator of chunks (never all in memory)."""
    left = total
    while left > 0:
        chunk = piece[: min(left, len(piece))]
        left -= len(chunk)
        yield chunk


def _answered(sock: socket.socket) -> bool:
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)


def stream_request(
    url: str,
    method: str,
    path: str,
    *,
    headers: Mapping[str, str],
    body: Iterable[bytes],
    content_length: int | None,
    deadline_s: float = 120.0,
) -> StreamedReply:
    """Send the request (chunked when `content_length` is None); read the answer."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port
    assert host in ("127.0.0.1", "localhost", "::1"), "tests talk to loopback only"
    assert port is not None
    started = time.monotonic()
    sent = 0
    with socket.create_connection((host, port), timeout=deadline_s) as sock:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if content_length is None:
            lines.append("Transfer-Encoding: chunked")
        else:
            lines.append(f"Content-Length: {content_length}")
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        try:
            for chunk in body:
                if _answered(sock) or time.monotonic() - started > deadline_s:
                    break
                framed = (
                    chunk if content_length is not None else b"%x\r\n%s\r\n" % (len(chunk), chunk)
                )
                sock.sendall(framed)
                sent += len(chunk)
            else:
                if content_length is None:
                    sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        reply = StreamedReply(status=None, sent=sent)
        try:
            response = http.client.HTTPResponse(sock, method=method)
            response.begin()
            reply.status = response.status
            reply.headers = {k.lower(): v for k, v in response.getheaders()}
            reply.body = response.read()
        except (ConnectionResetError, http.client.HTTPException, TimeoutError, OSError):
            pass
    reply.seconds = time.monotonic() - started
    return reply


@dataclass(frozen=True)
class LargeDocument:
    """A `size`-byte PDF-looking file made on the fly (never whole in memory)."""

    filename: str
    size: int
    fill: bytes = b"0"

    def chunks(self) -> Iterator[bytes]:
        head = b"%PDF-1.4\n"
        yield head
        yield from repeated(self.size - len(head), self.fill * CHUNK_BYTES)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for chunk in self.chunks():
            digest.update(chunk)
        return digest.hexdigest()


def multipart_stream(
    json_part: str, json_body: bytes, documents: Iterable[LargeDocument]
) -> tuple[str, int, Iterator[bytes]]:
    """The Content-Type, the length and the chunks of a multipart body: JSON part first."""
    boundary = "cw-test-" + secrets.token_hex(8)
    heads: list[tuple[bytes, LargeDocument | bytes]] = [
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{json_part}"\r\n'
            "Content-Type: application/json\r\n\r\n".encode(),
            json_body,
        )
    ]
    for document in documents:
        heads.append(
            (
                f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="documents"; '
                f'filename="{document.filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode(),
                document,
            )
        )
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(tail) + sum(
        len(head) + (len(part) if isinstance(part, bytes) else part.size) for head, part in heads
    )

    def chunks() -> Iterator[bytes]:
        for head, part in heads:
            yield head
            if isinstance(part, bytes):
                yield part
            else:
                yield from part.chunks()
        yield tail

    return f"multipart/form-data; boundary={boundary}", length, chunks()
