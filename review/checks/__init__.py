"""The automatic checks: pure functions of a case, its documents' facts and the policy.

    results = run_checks(case, facts_by_document_id, policy)
    verdict = summarise(results)          # the queue's check-summary column

No I/O here: analysing documents (`review.analysis`) is the only expensive part. For the
queue, before any document is analysed, run `DECLARATION_CHECKS` only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final
from uuid import UUID

from review.analysis.facts import DocumentFacts
from review.checks.case_file import CaseFile
from review.checks.identity import check_identity_in_report
from review.checks.integrity import check_document_integrity
from review.checks.lab_tests import check_approved_lab, check_required_tests, check_test_window
from review.checks.redeclaration import check_redeclaration_limit
from review.checks.results import CheckResult, Evidence, Source, Verdict, worst
from review.checks.trips import check_same_trip_elsewhere
from review.policy import MissionPolicy
from workstation.protocol import CaseRecord

log = logging.getLogger(__name__)

__all__ = [
    "ALL_CHECKS",
    "DECLARATION_CHECKS",
    "Check",
    "CheckResult",
    "Evidence",
    "Source",
    "Verdict",
    "run_checks",
    "summarise",
]

Check = Callable[[CaseFile], CheckResult]

#: Checks that need only the declaration and the policy (cheap enough for every queue row).
DECLARATION_CHECKS: Final[tuple[Check, ...]] = (
    check_test_window,
    check_required_tests,
    check_approved_lab,
    check_redeclaration_limit,
    check_same_trip_elsewhere,
)
#: Every check, in the order the case view lists them.
ALL_CHECKS: Final[tuple[Check, ...]] = (
    check_test_window,
    check_required_tests,
    check_approved_lab,
    check_identity_in_report,
    check_document_integrity,
    check_redeclaration_limit,
    check_same_trip_elsewhere,
)


def run_checks(
    case: CaseRecord,
    documents: Mapping[UUID, DocumentFacts],
    policy: MissionPolicy,
    *,
    checks: Sequence[Check] = ALL_CHECKS,
) -> list[CheckResult]:
    """Run `checks` on one case; `documents` maps `DocumentRef.document_id` to its facts.

    A document missing from `documents` is treated as not analysed yet (a warning from the
    checks that need it), never as clean.
    """
    case_file = CaseFile(case=case, documents=documents, policy=policy)
    return [check(case_file) for check in checks]


def summarise(results: Iterable[CheckResult]) -> Verdict:
    """The worst verdict among `results` (PASS when there are none)."""
    return worst(result.verdict for result in results)
