"""Everything the checks look at for one case: the declaration, its documents, the policy."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Final
from uuid import UUID

from review.analysis.facts import DocumentFacts, PageText
from review.checks.phrases import Phrase, Text
from review.checks.results import Evidence, Source
from review.matching import PageReading, read_page
from review.policy import MissionPolicy
from workstation.domain import DocumentKind, TestKind, TestResult
from workstation.protocol import CaseRecord, DeclarationContent, DocumentRef, LabTest

log = logging.getLogger(__name__)

#: Which tests a lab report of each kind reports on.
REPORTED_TESTS: Final[dict[DocumentKind, frozenset[TestKind]]] = {
    DocumentKind.NAAT_REPORT: frozenset({TestKind.NAAT}),
    # An antibody report may give IgM, IgG or both; the declaration says which were taken.
    DocumentKind.ANTIBODY_REPORT: frozenset({TestKind.IGM_ANTIBODY, TestKind.IGG_ANTIBODY}),
    DocumentKind.COMBINED_REPORT: frozenset(TestKind),
}

TEST_NAMES: Final[dict[TestKind, Phrase]] = {
    TestKind.NAAT: Phrase("NAAT (PCR)"),
    TestKind.IGM_ANTIBODY: Phrase("IgM antibody"),
    TestKind.IGG_ANTIBODY: Phrase("IgG antibody"),
}
#: A test result as the checks' sentences say it (English: the protocol's own word).
TEST_RESULTS: Final[dict[TestResult, Phrase]] = {
    TestResult.NEGATIVE: Phrase("negative"),
    TestResult.POSITIVE: Phrase("positive"),
    TestResult.INCONCLUSIVE: Phrase("inconclusive"),
}


def from_document(
    ref: DocumentRef,
    label: Text,
    value: Text,
    *,
    page: int | None = None,
    span: tuple[int, int] | None = None,
) -> Evidence:
    """Evidence read from a document (with the page and the text span when there is one)."""
    return Evidence(
        source=Source.DOCUMENT,
        label=label,
        value=value,
        document_id=ref.document_id,
        filename=ref.filename,
        page=page,
        span=span,
    )


#: OCR confidence below which a reading neither passes nor fails a check: the officer is
#: told it could not be read. Tesseract rates clearly printed words 0.85 and more, right
#: readings of words its dictionary lacks (Björn, YL0818006) about 0.65, noise below 0.5.
LEGIBLE: Final = 0.6
#: What a check could not read, as the "could not read" sentence names it.
UNREAD_NAME: Final = Phrase("holder's name")
UNREAD_CHINESE: Final = Phrase("Chinese name")
UNREAD_NUMBER: Final = Phrase("document number")
UNREAD_SAMPLE_TIME: Final = Phrase("sample time in the report")
UNREAD_RESULT: Final = Phrase("result in the report")


def could_not_read(ref: DocumentRef, fact: Phrase) -> Phrase:
    """The sentence for a fact OCR read too poorly to pass or fail on."""
    return Phrase(
        "{file}: could not read the {fact} with certainty, compare it by eye",
        file=ref.filename,
        fact=fact,
    )


@dataclass(frozen=True, slots=True)
class Report:
    """An uploaded lab report, its analysis (None until analysed) and what its pages say."""

    ref: DocumentRef
    facts: DocumentFacts | None
    pages: tuple[PageReading, ...]

    @property
    def tests(self) -> frozenset[TestKind]:
        return REPORTED_TESTS.get(self.ref.kind, frozenset())

    def ocr(self, page: PageReading) -> bool:
        """Whether the page's text was read by OCR (so a reading may be wrong)."""
        text = self._text(page)
        return text is not None and text.ocr

    def confidence(self, page: PageReading, start: int, end: int) -> float:
        """How sure the reading of `page.text[start:end]` is (1 for a PDF's text layer)."""
        text = self._text(page)
        return 1.0 if text is None else text.confidence(start, end)

    def legible(self, page: PageReading, start: int, end: int) -> bool:
        return self.confidence(page, start, end) >= LEGIBLE

    def _text(self, page: PageReading) -> PageText | None:
        if self.facts is None:
            return None
        return next((p for p in self.facts.pages if p.number == page.page), None)


@dataclass(frozen=True)
class CaseFile:
    case: CaseRecord
    documents: Mapping[UUID, DocumentFacts]
    policy: MissionPolicy

    @property
    def content(self) -> DeclarationContent:
        return self.case.content

    @cached_property
    def reports(self) -> tuple[Report, ...]:
        """The lab reports, each page read once for all the checks."""
        reports: list[Report] = []
        for ref in self.case.documents:
            if ref.kind not in REPORTED_TESTS:
                continue
            facts = self.documents.get(ref.document_id)
            pages: tuple[PageReading, ...] = ()
            if facts is not None and facts.readable and facts.sha256 == ref.sha256:
                pages = tuple(
                    read_page(page.text, self.content, page=page.number) for page in facts.pages
                )
            reports.append(Report(ref=ref, facts=facts, pages=pages))
        return tuple(reports)

    @cached_property
    def counted_tests(self) -> dict[TestKind, LabTest]:
        """The test of each kind that counts: the one whose sample was taken last."""
        counted: dict[TestKind, LabTest] = {}
        for test in self.content.tests:
            current = counted.get(test.kind)
            if current is None or test.sample_collected_at > current.sample_collected_at:
                counted[test.kind] = test
        return counted
