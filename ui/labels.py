"""Translated display names of the domain's codes (one place, so the catalog has each once)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from workstation.domain import (
    CaseStatus,
    DecisionOutcome,
    DocumentKind,
    IdentityCategory,
    ReasonCode,
    Role,
    Sex,
    TestKind,
    TestResult,
    TravelDocumentType,
)


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def case_status_label(status: CaseStatus | str) -> str:
    labels = {
        CaseStatus.SUBMITTED: _t("Waiting"),
        CaseStatus.IN_REVIEW: _t("In review"),
        CaseStatus.APPROVED: _t("Approved"),
        CaseStatus.REJECTED: _t("Rejected"),
        CaseStatus.INFO_REQUESTED: _t("Materials requested"),
        CaseStatus.SUPERSEDED: _t("Superseded"),
        CaseStatus.REVOKED: _t("Certificate revoked"),
    }
    return labels[CaseStatus(status)]


def document_type_label(kind: TravelDocumentType | str) -> str:
    labels = {
        TravelDocumentType.ORDINARY_PASSPORT: _t("Ordinary passport"),
        TravelDocumentType.DIPLOMATIC_PASSPORT: _t("Diplomatic passport"),
        TravelDocumentType.SERVICE_PASSPORT: _t("Service passport"),
        TravelDocumentType.PUBLIC_AFFAIRS_PASSPORT: _t("Public affairs passport"),
        TravelDocumentType.TRAVEL_DOCUMENT: _t("Travel document"),
        TravelDocumentType.HK_MACAO_PERMIT: _t("Hong Kong/Macao permit"),
        TravelDocumentType.TAIWAN_PERMIT: _t("Taiwan permit"),
        TravelDocumentType.OTHER: _t("Other document"),
    }
    return labels[TravelDocumentType(kind)]


def verdict_label(verdict: str | None) -> str:
    labels = {"pass": _t("Pass"), "warn": _t("Warnings"), "fail": _t("Failures")}
    return labels.get(verdict or "", _t("Not checked"))


def role_label(role: Role | str) -> str:
    labels = {
        Role.OFFICER: _t("Officer"),
        Role.CLERK: _t("Clerk"),
        Role.AUDITOR: _t("Auditor"),
        Role.SUPERVISOR: _t("Supervisor"),
    }
    return labels[Role(role)]


def outcome_label(outcome: DecisionOutcome | str) -> str:
    labels = {
        DecisionOutcome.APPROVE: _t("Approve"),
        DecisionOutcome.REJECT: _t("Reject"),
        DecisionOutcome.REQUEST_INFO: _t("Request materials"),
    }
    return labels[DecisionOutcome(outcome)]


def reason_label(reason: ReasonCode | str) -> str:
    labels = {
        ReasonCode.ALL_CHECKS_PASSED: _t("All checks passed"),
        ReasonCode.OFFICER_JUDGEMENT: _t("Officer's judgement (see note)"),
        ReasonCode.TEST_TOO_OLD: _t("Test taken too early"),
        ReasonCode.TEST_POSITIVE: _t("Positive test result"),
        ReasonCode.TEST_MISSING: _t("Required test missing"),
        ReasonCode.LAB_NOT_APPROVED: _t("Laboratory not approved"),
        ReasonCode.IDENTITY_MISMATCH: _t("Name or document number does not match"),
        ReasonCode.DOCUMENT_ALTERED: _t("Document altered"),
        ReasonCode.DOCUMENT_UNREADABLE: _t("Document unreadable"),
        ReasonCode.DOCUMENT_MISSING: _t("Document missing"),
        ReasonCode.REDECLARATION_LIMIT: _t("Re-declaration limit reached"),
        ReasonCode.OTHER: _t("Other (see note)"),
    }
    return labels[ReasonCode(reason)]


def test_kind_label(kind: TestKind | str) -> str:
    labels = {TestKind.NAAT: _t("Nucleic acid (PCR)"), TestKind.IGM_ANTIBODY: _t("IgM antibody")}
    return labels[TestKind(kind)]


def test_result_label(result: TestResult | str) -> str:
    labels = {
        TestResult.NEGATIVE: _t("Negative"),
        TestResult.POSITIVE: _t("Positive"),
        TestResult.INCONCLUSIVE: _t("Inconclusive"),
    }
    return labels[TestResult(result)]


def sex_label(sex: Sex | str) -> str:
    labels = {Sex.FEMALE: _t("Female"), Sex.MALE: _t("Male"), Sex.UNSPECIFIED: _t("Unspecified")}
    return labels[Sex(sex)]


def identity_category_label(category: IdentityCategory | str) -> str:
    labels = {
        IdentityCategory.STUDENT: _t("Student"),
        IdentityCategory.WORKER: _t("Worker"),
        IdentityCategory.RESIDENT_ABROAD: _t("Resident abroad"),
        IdentityCategory.SHORT_TERM_VISITOR: _t("Short-term visitor"),
        IdentityCategory.CREW: _t("Crew"),
        IdentityCategory.OTHER: _t("Other"),
    }
    return labels[IdentityCategory(category)]


def document_kind_label(kind: DocumentKind | str) -> str:
    labels = {
        DocumentKind.NAAT_REPORT: _t("PCR report"),
        DocumentKind.ANTIBODY_REPORT: _t("Antibody report"),
        DocumentKind.COMBINED_REPORT: _t("Combined report"),
        DocumentKind.TRAVEL_DOCUMENT_SCAN: _t("Travel document scan"),
        DocumentKind.OTHER: _t("Other document"),
    }
    return labels[DocumentKind(kind)]


def check_label(check: str) -> str:
    labels = {
        "test_window": _t("Tests within the window before departure"),
        "required_tests": _t("Required tests present and negative"),
        "approved_lab": _t("Laboratory on the approved list"),
        "identity_in_report": _t("Name and document number in the report"),
        "document_integrity": _t("Document integrity"),
        "redeclaration_limit": _t("Re-declarations within the limit"),
    }
    return labels.get(check, check.replace("_", " "))
