"""What the matchers found in a document's text, as spans the inspector can highlight."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

log = logging.getLogger(__name__)


class MatchKind(StrEnum):
    HOLDER_NAME = "holder_name"
    OTHER_NAME = "other_name"  # a labelled name that is not the holder's
    DOCUMENT_NUMBER = "document_number"
    OTHER_NUMBER = "other_number"  # a labelled passport number that is not the declared one
    DATE = "date"
    RESULT = "result"


class DeclaredField(StrEnum):
    """What the declaration states that a report states too (the officer's "where does it
    say so?")."""

    HOLDER_NAME = "holder_name"
    DOCUMENT_NUMBER = "document_number"
    DATE_OF_BIRTH = "date_of_birth"
    SAMPLE_TIME = "sample_time"
    RESULT = "result"


@dataclass(frozen=True, slots=True)
class TextMatch:
    """A span of a page's text (`text[start:end]`) and what it was read as."""

    kind: MatchKind
    start: int
    end: int
    text: str
    meaning: str  # e.g. "family name first", "2024-03-01 08:30, labelled as sample time"
    #: Whether it agrees with the declaration; None when there is nothing to compare.
    agrees: bool | None
    #: The declared field this text states (agreeing or not); None for other dates and
    #: for results in prose when the page also has a "Result:" line.
    field: DeclaredField | None = None
