"""How much a hostile document may cost us before its analysis is stopped."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Final

log = logging.getLogger(__name__)

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalysisLimits:
    """Hard limits for analysing one document.

    Kept free of pydantic so the analysis process starts quickly; `max_bytes` equals
    `workstation.protocol.MAX_DOCUMENT_BYTES` (a unit test holds the two together).
    """

    max_bytes: int = 20 * MIB
    max_pages: int = 50
    max_pixels: int = 40_000_000
    max_seconds: float = 10.0
    #: Address space the analysis process may add on top of what it uses when idle.
    max_memory_bytes: int = 768 * MIB
    #: Extracted text kept for the inspector and the checks (all pages together).
    max_text_chars: int = 400_000
    #: PDF objects inspected for scripts and attachments.
    max_objects: int = 50_000
    #: Pages without a text layer (scans) read by OCR; later ones are left unread.
    max_ocr_pages: int = 3
    #: Scans of a progressive JPEG: cameras write about ten; thousands make decoding crawl.
    max_jpeg_scans: int = 100

    def __post_init__(self) -> None:
        for name in (
            "max_bytes",
            "max_pages",
            "max_pixels",
            "max_memory_bytes",
            "max_text_chars",
            "max_objects",
            "max_jpeg_scans",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.max_ocr_pages < 0:
            raise ValueError("max_ocr_pages must not be negative")
        if not self.max_seconds > 0:
            raise ValueError("max_seconds must be positive")


#: Seconds of CPU beyond the wall-time limit before the kernel stops a runaway parse on its
#: own (it matters only if the workstation died and cannot kill the sandbox).
CPU_GRACE_S: Final = 5
