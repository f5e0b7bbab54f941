"""Uploaded documents at the boundary: read the multipart request, check every file.

A traveller's upload is untrusted: each file must match its manifest entry
(SHA-256 and the filename that pairs them), weigh at most `MAX_DOCUMENT_BYTES`,
and *be* a PDF, JPEG or PNG by its first bytes, whatever name or type it
claims. The multipart request has one JSON part (`submission` or `answer`) and
one file part per manifest entry, under any field name (`documents` is usual),
matched to the manifest by the part's filename.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from starlette.datastructures import UploadFile
from starlette.requests import Request

from server.errors import bad_request, invalid, too_large
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
#: The JSON part is small; everything beyond the documents' allowance is refused unread.
_JSON_PART_BYTES: Final = 1024 * 1024
MAX_REQUEST_BYTES: Final = MAX_DOCUMENTS_PER_DECLARATION * MAX_DOCUMENT_BYTES + 2 * _JSON_PART_BYTES


@dataclass(frozen=True)
class UploadedDocument:
    entry: DocumentManifestEntry
    content: bytes
    media_type: str


def sniff_media_type(content: bytes) -> str | None:
    """The media type the bytes really are (by magic number), or None if not an accepted kind."""
    for magic, media_type in _MAGIC:
        if content.startswith(magic):
            return media_type
    return None


def check_documents(
    manifest: Sequence[DocumentManifestEntry], files: Mapping[str, bytes]
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
        content = files.get(entry.filename)
        if content is None:
            raise invalid(f"the manifest lists {entry.filename!r} but no such file was uploaded")
        if len(content) > MAX_DOCUMENT_BYTES:
            raise too_large(
                f"{entry.filename!r} is {len(content)} bytes; a document may be at most "
                f"{MAX_DOCUMENT_BYTES} bytes"
            )
        if not content:
            raise invalid(f"{entry.filename!r} is empty")
        if hashlib.sha256(content).hexdigest() != entry.sha256:
            raise invalid(f"{entry.filename!r} does not match its SHA-256 in the manifest")
        media_type = sniff_media_type(content)
        if media_type is None:
            raise invalid(f"{entry.filename!r} is not a PDF, JPEG or PNG file")
        checked.append(UploadedDocument(entry=entry, content=content, media_type=media_type))
    return checked


async def read_multipart(request: Request, *, json_part: str) -> tuple[bytes, dict[str, bytes]]:
    """The JSON part's bytes and the uploaded files by filename."""
    declared = request.headers.get("content-length")
    if declared is None or not declared.isdigit():
        raise bad_request("the request must state its Content-Length")
    if int(declared) > MAX_REQUEST_BYTES:
        raise too_large(f"the request is larger than {MAX_REQUEST_BYTES} bytes")
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise bad_request(f"send multipart/form-data: a {json_part!r} JSON part and the files")
    form = await request.form(
        max_files=MAX_DOCUMENTS_PER_DECLARATION + 1, max_fields=4, max_part_size=_JSON_PART_BYTES
    )
    try:
        raw_json: bytes | None = None
        files: dict[str, bytes] = {}
        for name, value in form.multi_items():
            if name == json_part:
                raw_json = await _json_bytes(value)
            elif isinstance(value, UploadFile):
                files.update(await _file(value, files))
        if raw_json is None:
            raise bad_request(f"the {json_part!r} part is missing")
        return raw_json, files
    finally:
        await form.close()


async def _json_bytes(value: UploadFile | str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    raw = await value.read(_JSON_PART_BYTES + 1)
    if len(raw) > _JSON_PART_BYTES:
        raise too_large(f"the JSON part is larger than {_JSON_PART_BYTES} bytes")
    return raw


async def _file(upload: UploadFile, seen: Mapping[str, bytes]) -> dict[str, bytes]:
    filename = upload.filename or ""
    if not filename:
        raise bad_request("every file part needs a filename (it pairs the file with the manifest)")
    if filename in seen:
        raise invalid(f"two uploaded files are named {filename!r}")
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise too_large(
            f"{filename!r} is {upload.size} bytes; "
            f"a document may be at most {MAX_DOCUMENT_BYTES} bytes"
        )
    return {filename: await upload.read(MAX_DOCUMENT_BYTES + 1)}
