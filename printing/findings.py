"""What scanning an input yields: a code's text, or a part that should hold one and does not.

Kept apart from `printing.scan` (which loads the PDF, image and QR libraries) so the
verifier's process can handle findings without loading any of them: scanning itself
runs in `printing.scan_worker`, a confined process.
"""

from __future__ import annotations

from dataclasses import dataclass

from printing.failures import CertificateError


@dataclass(frozen=True)
class ScannedCode:
    source: str  # e.g. "cert.pdf#page=2"
    text: str


@dataclass(frozen=True)
class UnreadablePart:
    """A part of an input that should hold a code but yielded none (a PDF page, say)."""

    source: str  # e.g. "batch.pdf#page=2", or "batch.pdf#page=51-60"
    problem: CertificateError


Finding = ScannedCode | UnreadablePart
