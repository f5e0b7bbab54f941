"""Whether a document may be handed to a viewer, decided from its sandboxed analysis alone.

Even though the viewer only shows pixels the rendering sandbox drew (`page_images`), it
asks for them only for bytes that the analysis process read without trouble and within its
limits. Anything else is refused with a reason the inspector states plainly instead of
showing the file; a single page the sandbox cannot draw safely is refused on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from review.analysis.facts import JPEG, PDF, PNG, DocumentFacts
from review.analysis.limits import AnalysisLimits
from workstation.cases import StoredDocument

log = logging.getLogger(__name__)


class Viewer(Enum):
    PDF = "pdf"
    IMAGE = "image"


class Refusal(Enum):
    NOT_DOWNLOADED = "not_downloaded"
    NOT_ANALYSED = "not_analysed"
    #: The facts describe other bytes than the ones we hold.
    MISMATCH = "mismatch"
    #: The analysis could not read the file (`facts.error`).
    UNREADABLE = "unreadable"
    #: The analysis read it but found structural damage (`facts.problems`).
    DAMAGED = "damaged"
    #: Beyond the page, byte or pixel limits.
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)
class Admission:
    """Which viewer may show the document, or why none may. `details` come from the analysis."""

    viewer: Viewer | None
    refusal: Refusal | None = None
    details: tuple[str, ...] = ()


def admit(
    document: StoredDocument, facts: DocumentFacts | None, *, limits: AnalysisLimits
) -> Admission:
    content = document.content
    if content is None:
        return Admission(None, Refusal.NOT_DOWNLOADED)
    if facts is None:
        return Admission(None, Refusal.NOT_ANALYSED)
    if facts.sha256 != document.ref.sha256 or facts.size != len(content):
        log.warning("facts for %s describe other bytes", document.ref.document_id)
        return Admission(None, Refusal.MISMATCH)
    if facts.error is not None:
        return Admission(None, Refusal.UNREADABLE, (facts.error,))
    if facts.problems:
        return Admission(None, Refusal.DAMAGED, facts.problems)
    if facts.size > limits.max_bytes:
        return Admission(None, Refusal.TOO_LARGE)
    if facts.media_type == PDF:
        pages = facts.page_count
        if pages is None or pages < 1:
            return Admission(None, Refusal.UNREADABLE)
        if pages > limits.max_pages:
            return Admission(None, Refusal.TOO_LARGE)
        return Admission(Viewer.PDF)
    if facts.media_type in (JPEG, PNG):
        image = facts.image
        if image is None or image.width < 1 or image.height < 1:
            return Admission(None, Refusal.UNREADABLE)
        if image.width * image.height > limits.max_pixels:
            return Admission(None, Refusal.TOO_LARGE)
        return Admission(Viewer.IMAGE)
    return Admission(None, Refusal.UNSUPPORTED)
