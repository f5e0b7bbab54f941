"""Uploaded documents at the boundary: read the multipart request, check every file.

A traveller's upload is untrusted: each file must match its manifest entry
(SHA-256 and the filename that pairs them), weigh at most `MAX_DOCUMENT_BYTES`,
and *be* a PDF, JPEG or PNG by its first bytes, whatever name or type it
claims. The multipart request has exactly one JSON part (`submission` or
`answer`, strict UTF-8) and one file part per manifest entry, under any field
name (`documents` is usual), matched to the manifest by the part's filename; a
second JSON part, two files of the same name or any other part is refused (422).

The body is read as it streams (the ceiling on its size is `server.limits`'):
each file goes straight into an unnamed owner-only temporary file while its
SHA-256 is computed, so a request never sits whole in memory, and the file is
gone when the request ends, whatever happens. When the JSON part comes first,
a file that is not in the manifest, too large, or not what the manifest says
is refused as soon as it is seen.
"""

from __future__ import annotations

import hashlib
import io
import logging
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

import python_multipart
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from server.errors import ApiError, bad_request, invalid, too_large
from workstation.protocol import (
    MAX_DOCUMENT_BYTES,
    MAX_DOCUMENTS_PER_DECLARATION,
    DocumentManifestEntry,
)

log = logging.getLogger(__name__)

_MAGIC: Final = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
_HEAD_BYTES: Final = 16
#: The JSON part is small; a larger one is refused as soon as it goes over.
_JSON_PART_BYTES: Final = 1024 * 1024
#: The headers of one part (Content-Disposition and Content-Type are all it needs).
_PART_HEADER_BYTES: Final = 8 * 1024


def sniff_media_type(content: bytes) -> str | None:
    """The media type the bytes really are (by magic number), or None if not an accepted kind."""
    for magic, media_type in _MAGIC:
        if content.startswith(magic):
            return media_type
    return None


def _too_big_document(filename: str) -> ApiError:
    return too_large(
        f"{filename!r} is too large: a document may be at most {MAX_DOCUMENT_BYTES} bytes"
    )


@dataclass
class ReceivedFile:
    """One uploaded file: its size, SHA-256 and first bytes, its content in a spool."""

    filename: str
    spool: IO[bytes]
    size: int = 0
    head: bytes = b""
    _digest: hashlib._Hash = field(default_factory=hashlib.sha256, repr=False)

    @classmethod
    def from_bytes(cls, filename: str, content: bytes) -> ReceivedFile:
        """A file already in memory (the demo seeding hands its documents over so)."""
        received = cls(filename=filename, spool=io.BytesIO())
        received.append(content)
        return received

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def append(self, data: bytes) -> None:
        if len(self.head) < _HEAD_BYTES:
            self.head += data[: _HEAD_BYTES - len(self.head)]
        self._digest.update(data)
        self.spool.write(data)
        self.size += len(data)

    def content(self) -> bytes:
        self.spool.seek(0)
        return self.spool.read()

    def close(self) -> None:
        self.spool.close()


@dataclass(frozen=True)
class UploadedDocument:
    entry: DocumentManifestEntry
    file: ReceivedFile
    media_type: str

    @property
    def size(self) -> int:
        return self.file.size

    def content(self) -> bytes:
        return self.file.content()


def check_documents(
    manifest: Sequence[DocumentManifestEntry], files: Mapping[str, ReceivedFile | bytes]
) -> list[UploadedDocument]:
    """Pair each manifest entry with its file and check it; 413/422 on the first problem."""
    names = [entry.filename for entry in manifest]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise invalid(f"the manifest names the same file more than once: {', '.join(duplicates)}")
    unexpected = sorted(set(files) - set(names))
    if unexpected:
        raise invalid(f"uploaded files not in the manifest: {', '.join(unexpected)}")
    checked = []
    for entry in manifest:
        given = files.get(entry.filename)
        if given is None:
            raise invalid(f"the manifest lists {entry.filename!r} but no such file was uploaded")
        received = (
            ReceivedFile.from_bytes(entry.filename, given) if isinstance(given, bytes) else given
        )
        if received.size > MAX_DOCUMENT_BYTES:
            raise _too_big_document(entry.filename)
        if not received.size:
            raise invalid(f"{entry.filename!r} is empty")
        if received.sha256 != entry.sha256:
            raise invalid(f"{entry.filename!r} does not match its SHA-256 in the manifest")
        media_type = sniff_media_type(received.head)
        if media_type is None:
            raise invalid(f"{entry.filename!r} is not a PDF, JPEG or PNG file")
        checked.append(UploadedDocument(entry=entry, file=received, media_type=media_type))
    return checked


@dataclass
class MultipartUpload:
    """The JSON part's bytes (valid UTF-8) and the files by filename; close when done."""

    raw_json: bytes
    files: dict[str, ReceivedFile]

    def close(self) -> None:
        for received in self.files.values():
            received.close()


#: Given the JSON part, the manifest it carries (raises `ApiError` if the part is not valid).
ManifestOf = Callable[[bytes], Sequence[DocumentManifestEntry]]


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    header_bytes: int = 0
    header_name: bytes = b""
    header_value: bytes = b""
    disposition: bytes = b""
    data: bytearray = field(default_factory=bytearray)
    file: ReceivedFile | None = None


def _text(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid(f"the {what} is not valid UTF-8") from None


class _MultipartReader:
    """python-multipart's callbacks, strict: one JSON part, one file per name, nothing else."""

    def __init__(self, *, json_part: str, spool_dir: Path | None, manifest_of: ManifestOf) -> None:
        self.json_part = json_part
        self.spool_dir = spool_dir
        self.manifest_of = manifest_of
        self.raw_json: bytes | None = None
        self.manifest: dict[str, DocumentManifestEntry] | None = None
        self.files: dict[str, ReceivedFile] = {}
        self.part = _Part()
        #: File data the parser produced, written (and hashed) off the event loop.
        self.pending: list[tuple[ReceivedFile, bytes]] = []
        self.finished: list[ReceivedFile] = []

    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.part.header_name += data[start:end]
        self._bound_headers(end - start)

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.part.header_value += data[start:end]
        self._bound_headers(end - start)

    def _bound_headers(self, more: int) -> None:
        self.part.header_bytes += more
        if self.part.header_bytes > _PART_HEADER_BYTES:
            raise bad_request("a part's headers are too long")

    def on_header_end(self) -> None:
        if self.part.header_name.lower() == b"content-disposition":
            self.part.disposition = self.part.header_value
        self.part.header_name = b""
        self.part.header_value = b""

    def on_headers_finished(self) -> None:
        _disposition, options = parse_options_header(self.part.disposition)
        if b"name" not in options:
            raise bad_request("every part needs a name (Content-Disposition: form-data; name=...)")
        self.part.name = _text(options[b"name"], "part name")
        if self.part.name == self.json_part:
            if self.raw_json is not None:
                raise invalid(f"the request has more than one {self.json_part!r} part")
            return
        if b"filename" not in options:
            raise invalid(
                f"unexpected part {self.part.name!r}: send one {self.json_part!r} JSON part "
                "and the files"
            )
        filename = _text(options[b"filename"], "file name")
        if not filename:
            raise bad_request(
                "every file part needs a filename (it pairs the file with the manifest)"
            )
        if filename in self.files:
            raise invalid(f"two uploaded files are named {filename!r}")
        if len(self.files) >= MAX_DOCUMENTS_PER_DECLARATION:
            raise invalid(f"more than {MAX_DOCUMENTS_PER_DECLARATION} files in one upload")
        if self.manifest is not None and filename not in self.manifest:
            raise invalid(f"uploaded files not in the manifest: {filename}")
        # TemporaryFile: owner-only, and unnamed on Linux (O_TMPFILE), so it is gone with the
        # request even if the server is killed.
        spool = tempfile.TemporaryFile(dir=self.spool_dir)  # noqa: SIM115 - closed with the upload
        self.part.filename = filename
        self.part.file = ReceivedFile(filename=filename, spool=spool)
        self.files[filename] = self.part.file

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.part.file is None:
            if len(self.part.data) + len(chunk) > _JSON_PART_BYTES:
                raise too_large(f"the JSON part is larger than {_JSON_PART_BYTES} bytes")
            self.part.data += chunk
            return
        self.pending.append((self.part.file, chunk))

    def on_part_end(self) -> None:
        if self.part.file is None:
            raw = bytes(self.part.data)
            _text(raw, f"{self.json_part!r} part")
            self.raw_json = raw
            self.manifest = {entry.filename: entry for entry in self.manifest_of(raw)}
            unexpected = sorted(set(self.files) - set(self.manifest))
            if unexpected:
                raise invalid(f"uploaded files not in the manifest: {', '.join(unexpected)}")
        else:
            self.finished.append(self.part.file)

    def write_pending(self) -> None:
        """Spool what the parser produced; refuse a file as soon as it is known to be wrong."""
        for received, chunk in self.pending:
            if received.size + len(chunk) > MAX_DOCUMENT_BYTES:
                raise _too_big_document(received.filename)
            received.append(chunk)
        self.pending.clear()
        for received in self.finished:
            entry = None if self.manifest is None else self.manifest.get(received.filename)
            if entry is not None and received.sha256 != entry.sha256:
                raise invalid(f"{received.filename!r} does not match its SHA-256 in the manifest")
        self.finished.clear()


async def read_multipart(
    request: Request,
    *,
    json_part: str,
    manifest_of: ManifestOf,
    spool_dir: Path | None = None,
) -> MultipartUpload:
    """Stream the multipart body: the JSON part's bytes and the files, spooled."""
    content_type = request.headers.get("content-type", "")
    media_type, params = parse_options_header(content_type)
    if media_type != b"multipart/form-data":
        raise bad_request(f"send multipart/form-data: a {json_part!r} JSON part and the files")
    boundary = params.get(b"boundary")
    if not boundary:
        raise bad_request("the multipart Content-Type has no boundary")
    reader = _MultipartReader(json_part=json_part, spool_dir=spool_dir, manifest_of=manifest_of)
    callbacks = {
        "on_part_begin": reader.on_part_begin,
        "on_part_data": reader.on_part_data,
        "on_part_end": reader.on_part_end,
        "on_header_field": reader.on_header_field,
        "on_header_value": reader.on_header_value,
        "on_header_end": reader.on_header_end,
        "on_headers_finished": reader.on_headers_finished,
    }
    parser = python_multipart.MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    upload = MultipartUpload(raw_json=b"", files=reader.files)
    try:
        async for chunk in request.stream():
            parser.write(chunk)
            if reader.pending or reader.finished:
                await run_in_threadpool(reader.write_pending)
        parser.finalize()
        await run_in_threadpool(reader.write_pending)
    except FormParserError:
        upload.close()
        raise bad_request("the multipart body is malformed") from None
    except BaseException:
        upload.close()
        raise
    if reader.raw_json is None:
        upload.close()
        raise bad_request(f"the {json_part!r} part is missing")
    upload.raw_json = reader.raw_json
    return upload
