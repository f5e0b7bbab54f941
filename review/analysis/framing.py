"""Length-prefixed frames on the pipes between the workstation and the analysis process."""

from __future__ import annotations

import logging
import struct
from typing import BinaryIO, Final

log = logging.getLogger(__name__)

HEADER: Final = struct.Struct(">I")  # payload length, big-endian
#: Largest reply the workstation accepts (facts with up to `max_text_chars` of text).
MAX_REPLY_BYTES: Final = 16 * 1024 * 1024
#: A reply's first byte: whether the analysis process stays for the next document.
STAYING: Final = b"S"
EXITING: Final = b"X"  # e.g. after running out of memory: start a fresh process


def frame(payload: bytes) -> bytes:
    return HEADER.pack(len(payload)) + payload


def read_frame(stream: BinaryIO) -> bytes | None:
    """The next frame's payload, or None when the other side closed the pipe."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (length,) = HEADER.unpack(header)
    payload = stream.read(length)
    return payload if len(payload) == length else None
