"""A traveller may re-declare at most the policy's `max_redeclarations` times per trip.

The server refuses a re-declaration past `workstation.domain.MAX_REDECLARATIONS`; a mission
may accept fewer, and this check says when a case went past the mission's own limit.
"""

from __future__ import annotations

import logging

from review.checks.case_file import CaseFile
from review.checks.phrases import Phrase
from review.checks.results import CheckResult, Evidence, Findings, Source, Verdict
from workstation.domain import ReasonCode

log = logging.getLogger(__name__)


def check_redeclaration_limit(case_file: CaseFile) -> CheckResult:
    findings = Findings("redeclaration_limit")
    version = case_file.case.version
    allowed = case_file.policy.max_redeclarations
    findings.evidence(
        Evidence(source=Source.DECLARATION, label=Phrase("re-declarations"), value=str(version)),
        Evidence(source=Source.POLICY, label=Phrase("most allowed"), value=str(allowed)),
    )
    if version > allowed:
        findings.problem(
            Verdict.FAIL,
            Phrase(
                "re-declared {count} times, more than the {allowed} allowed",
                count=version,
                allowed=allowed,
            ),
            ReasonCode.REDECLARATION_LIMIT,
        )
    elif version == allowed and version > 0:
        findings.problem(
            Verdict.WARN,
            Phrase(
                "re-declared {count} times: the traveller cannot re-declare again", count=version
            ),
        )
    if version == 0:
        return findings.result(Phrase("first declaration, not a re-declaration"))
    return findings.result(
        Phrase("re-declared {count} of {allowed} times allowed", count=version, allowed=allowed)
    )
