"""Assessing a case: analyse its stored documents, run the checks, remember the verdict.

This is what the officer's case view asks for when a case opens, and what the
queue asks for (declaration checks only) after every sync. Document facts are
cached in memory by SHA-256, never written to disk: they hold personal data.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final
from uuid import UUID

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import DocumentFacts
from review.checks import DECLARATION_CHECKS, CheckResult, Verdict, run_checks, summarise
from review.policy import MissionPolicy
from workstation.cases import (
    StoredDocument,
    case_documents,
    cases_without_verdict,
    load_record,
    load_records,
    set_check_verdicts,
)
from workstation.gc_tuning import bulk_allocations
from workstation.protocol import CaseRecord
from workstation.store import Store

log = logging.getLogger(__name__)

#: How many analysed documents stay in memory (an officer looks at a few cases at a time).
FACTS_CACHE_SIZE: Final = 256
VERDICT_BATCH: Final = 2000


@dataclass(frozen=True)
class Assessment:
    record: CaseRecord
    documents: tuple[StoredDocument, ...]
    facts: dict[UUID, DocumentFacts]  # by document id; absent = not fetched yet
    results: tuple[CheckResult, ...]

    @property
    def verdict(self) -> Verdict:
        return summarise(self.results)


class CaseAssessor:
    """Thread-safe: the GUI calls it from worker threads."""

    def __init__(self, store: Store, analyser: DocumentAnalyser, policy: MissionPolicy) -> None:
        self._store = store
        self._analyser = analyser
        self.policy = policy
        self._facts: dict[str, DocumentFacts] = {}
        self._lock = threading.Lock()

    def facts_of(self, content: bytes, sha256: str) -> DocumentFacts:
        with self._lock:
            cached = self._facts.get(sha256)
        if cached is not None:
            return cached
        facts = self._analyser.analyse(content)
        with self._lock:
            if len(self._facts) >= FACTS_CACHE_SIZE:
                self._facts.pop(next(iter(self._facts)))
            self._facts[sha256] = facts
        return facts

    def forget_facts(self) -> None:
        """Drop every analysed document from memory (at sign-out: they hold personal data)."""
        with self._lock:
            self._facts.clear()

    def assess(self, case_id: UUID) -> Assessment:
        """Every check on the case, with the documents fetched so far; the verdict is stored."""
        record = load_record(self._store, case_id)
        if record is None:
            raise LookupError(f"case {case_id} is not in the local store")
        documents = tuple(case_documents(self._store, case_id))
        facts = {
            d.ref.document_id: self.facts_of(d.content, d.ref.sha256)
            for d in documents
            if d.content is not None
        }
        results = tuple(run_checks(record, facts, self.policy))
        assessment = Assessment(record=record, documents=documents, facts=facts, results=results)
        set_check_verdicts(self._store, {str(case_id): assessment.verdict.value})
        return assessment

    def declaration_verdict(self, record: CaseRecord) -> str:
        """The queue column's verdict: the declaration checks only (no documents needed).

        The sync engine calls it on each new case as its page is stored
        (`workstation.cases.DeclarationCheck`).
        """
        return summarise(run_checks(record, {}, self.policy, checks=DECLARATION_CHECKS)).value

    def assess_declarations(self, case_ids: Iterable[str] | None = None) -> int:
        """Declaration-only checks for the queue column, read back from the store: `case_ids`,
        or every case without a verdict (stored by the command line's sync, or by a sync that
        stopped between a page and its checks). Returns count."""
        pending = list(case_ids) if case_ids is not None else cases_without_verdict(self._store)
        done = 0
        with bulk_allocations():
            for start in range(0, len(pending), VERDICT_BATCH):
                verdicts = {
                    str(record.case_id): self.declaration_verdict(record)
                    for record in load_records(self._store, pending[start : start + VERDICT_BATCH])
                }
                set_check_verdicts(self._store, verdicts)
                done += len(verdicts)
        return done
