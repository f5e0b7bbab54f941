"""What the analysis of one document found: the facts the inspector shows and the checks use.

Plain frozen dataclasses (no pydantic) so the analysis process imports little and starts
quickly; the workstation side validates what that process sends with a pydantic
`TypeAdapter` over these same classes (see `review.analysis.analyser`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

log = logging.getLogger(__name__)

PDF: Final = "application/pdf"
JPEG: Final = "image/jpeg"
PNG: Final = "image/png"

#: A PDF header may follow some junk; readers accept it within the first kilobyte.
_PDF_HEADER_WINDOW: Final = 1024

# Text from a document is shown to the officer and compared with the declaration:
# control and bidi-override characters could disguise it, so they become spaces.
_UNSAFE_TEXT: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_NEWLINES: Final = re.compile(r"\r\n?")

#: Producers stamp both dates from one clock reading or a few seconds apart; a later
#: modification date beyond this says the file was saved again.
EDIT_TOLERANCE: Final = timedelta(seconds=60)


#: Where a page's text came from: the PDF's own text layer (exact) or OCR of its pixels.
TEXT_LAYER: Final = "text_layer"
OCR: Final = "ocr"
TextSource = Literal["text_layer", "ocr"]

#: Eight numbers: the corners (x, y) of a box, clockwise from the top left.
Quad = tuple[float, float, float, float, float, float, float, float]


#: Word boxes kept for one page of a PDF's text layer (its words in reading order; the
#: rest of the page's text keeps no position). A report has a few hundred words a page.
MAX_TEXT_LAYER_WORDS: Final = 2000
#: Word boxes kept for the text layers of one document, all pages together.
MAX_TEXT_LAYER_WORDS_PER_DOCUMENT: Final = 20_000


@dataclass(frozen=True, slots=True, kw_only=True)
class WordBox:
    """A word of the page's text: its span of that text, where it lies, how sure the reading is.

    `quad` is in the page's own coordinates, so the inspector can draw on what it shows:
    pixels of the upload as stored for a photo (before any straightening, and before the
    EXIF orientation the viewer applies, see `ImageFacts.orientation`), PDF points from the
    top-left corner of the page as drawn (crop box and /Rotate applied) for a PDF page,
    whether its text came from the text layer or from OCR of a scan.
    """

    start: int
    end: int
    quad: Quad
    confidence: float  # 0..1, as the OCR engine rates its reading (1 for a text layer)


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one page; `number` counts from 1.

    From a PDF's text layer (the text is what the file says; `words` place its words, up to
    `MAX_TEXT_LAYER_WORDS`, each rated 1), or read by OCR from a photo or a scanned page
    (`words` place and rate every word of `text`).
    """

    number: int
    text: str
    source: TextSource = "text_layer"
    words: tuple[WordBox, ...] = ()
    #: OCR: the perspective that maps the straightened picture OCR read back to the page
    #: (Pillow's eight PERSPECTIVE coefficients; empty when the page was read as it is).
    straightening: tuple[float, ...] = ()

    @property
    def ocr(self) -> bool:
        return self.source == OCR

    def confidence(self, start: int, end: int) -> float:
        """How sure the reading of `text[start:end]` is: 1 for a text layer, else its
        least certain word (0 when OCR placed no word there)."""
        if not self.ocr:
            return 1.0
        rated = [w.confidence for w in self.words if w.start < end and start < w.end]
        return min(rated, default=0.0)

    def quads(self, start: int, end: int) -> tuple[Quad, ...]:
        """Where `text[start:end]` lies on the page (empty where no word was placed)."""
        return tuple(w.quad for w in self.words if w.start < end and start < w.end)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageFacts:
    format: str  # "JPEG" or "PNG", as Pillow identified the bytes
    width: int
    height: int
    camera: str | None = None  # EXIF make and model
    #: EXIF DateTimeOriginal: the camera's clock, usually without a time zone.
    taken_at: datetime | None = None
    software: str | None = None  # EXIF Software or the PNG "Software" text
    #: EXIF Orientation (1-8; 1 when absent): how the viewer turns the stored pixels
    #: upright. `width`, `height` and OCR word positions are those of the stored pixels.
    orientation: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentFacts:
    """Everything the analysis learned about one uploaded document.

    `error` is set when the file could not be read (corrupt, too large, too slow, ...);
    the other fields then hold whatever was learned before the analysis stopped.
    """

    sha256: str
    size: int
    media_type: str | None  # sniffed from the bytes, not taken from the upload
    error: str | None = None
    # PDF
    page_count: int | None = None
    producer: str | None = None
    creator: str | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None
    #: Revisions in the file: the original save plus one per incremental update.
    revisions: int = 0
    incremental_updates: int = 0
    scripts: tuple[str, ...] = ()  # where JavaScript or launch actions were found
    attachments: tuple[str, ...] = ()  # names of embedded files
    encrypted: bool = False
    pages: tuple[PageText, ...] = ()
    text_truncated: bool = False
    #: Structural damage found in the file (truncated, no end-of-file marker, ...).
    problems: tuple[str, ...] = ()
    #: What the parser complained about, for the inspector; not used by the checks.
    parser_warnings: tuple[str, ...] = ()
    # Images
    image: ImageFacts | None = None
    #: Why OCR gave no text where it was tried (engine missing, nothing legible, ...).
    ocr_problem: str | None = None

    @property
    def readable(self) -> bool:
        return self.error is None

    @property
    def has_text(self) -> bool:
        return any(page.text.strip() for page in self.pages)

    @property
    def read_by_ocr(self) -> bool:
        """Some of the text was read from pixels (a photo or a scanned page)."""
        return any(page.ocr for page in self.pages)

    @property
    def edited_after_creation(self) -> bool:
        """The modification date is later than the creation date (see `EDIT_TOLERANCE`)."""
        if self.created_at is None or self.modified_at is None:
            return False
        return self.modified_at - self.created_at > EDIT_TOLERANCE


def sniff_media_type(data: bytes) -> str | None:
    """The media type the bytes really are (PDF, JPEG or PNG), whatever the upload said."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return PDF
    return None


def identify(data: bytes) -> DocumentFacts:
    """The facts anyone can compute cheaply and safely: hash, size and media type."""
    return DocumentFacts(
        sha256=hashlib.sha256(data).hexdigest(), size=len(data), media_type=sniff_media_type(data)
    )


def clean_text(text: str) -> str:
    """Text safe to show as plain text and to search: unified newlines, no control characters."""
    return _UNSAFE_TEXT.sub(" ", _NEWLINES.sub("\n", text))


def short_text(value: object, *, limit: int = 200) -> str | None:
    """A metadata value as one clean line of at most `limit` characters, or None."""
    if value is None:
        return None
    text = " ".join(clean_text(str(value)).split())
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


def facts_to_json(facts: DocumentFacts) -> bytes:
    """JSON for the pipe from the analysis process (datetimes as ISO 8601)."""
    return json.dumps(
        dataclasses.asdict(facts), default=_json_default, ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")
