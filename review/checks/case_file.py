"""Everything the checks look at for one case: the declaration, its documents, the policy."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Final
from uuid import UUID

from review.analysis.facts import DocumentFacts
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
    DocumentKind.ANTIBODY_REPORT: frozenset({TestKind.IGM_ANTIBODY}),
    DocumentKind.COMBINED_REPORT: frozenset({TestKind.NAAT, TestKind.IGM_ANTIBODY}),
}

TEST_NAMES: Final[dict[TestKind, Phrase]] = {
    TestKind.NAAT: Phrase("NAAT (PCR)"),
    TestKind.IGM_ANTIBODY: Phrase("IgM antibody"),
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


@dataclass(frozen=True, slots=True)
class Report:
    """An uploaded lab report, its analysis (None until analysed) and what its pages say."""

    ref: DocumentRef
    facts: DocumentFacts | None
    pages: tuple[PageReading, ...]

    @property
    def tests(self) -> frozenset[TestKind]:
        return REPORTED_TESTS.get(self.ref.kind, frozenset())


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
