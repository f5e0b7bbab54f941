"""A traveller may re-declare at most `MAX_REDECLARATIONS` times per trip."""

from __future__ import annotations

import logging

from review.checks.case_file import CaseFile
from review.checks.results import CheckResult, Evidence, Findings, Source, Verdict
from workstation.domain import MAX_REDECLARATIONS, ReasonCode

log = logging.getLogger(__name__)


def check_redeclaration_limit(case_file: CaseFile) -> CheckResult:
    findings = Findings("redeclaration_limit")
    version = case_file.case.version
    findings.evidence(
        Evidence(source=Source.DECLARATION, label="re-declarations", value=str(version)),
        Evidence(source=Source.POLICY, label="most allowed", value=str(MAX_REDECLARATIONS)),
    )
    if version > MAX_REDECLARATIONS:
        findings.problem(
            Verdict.FAIL,
            f"re-declared {version} times, more than the {MAX_REDECLARATIONS} allowed",
            ReasonCode.REDECLARATION_LIMIT,
        )
    elif version == MAX_REDECLARATIONS:
        findings.problem(
            Verdict.WARN,
            f"re-declared {version} times: the traveller cannot re-declare again",
        )
    if version == 0:
        return findings.result("first declaration, not a re-declaration")
    return findings.result(f"re-declared {version} of {MAX_REDECLARATIONS} times allowed")
