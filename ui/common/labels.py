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


def case_status_label(status: CaseStatus | str) -> str:
    labels = {
        CaseStatus.SUBMITTED: QCoreApplication.translate("Labels", "Waiting"),
        CaseStatus.IN_REVIEW: QCoreApplication.translate("Labels", "In review"),
        CaseStatus.APPROVED: QCoreApplication.translate("Labels", "Approved"),
        CaseStatus.AWAITING_COUNTERSIGNATURE: QCoreApplication.translate(
            "Labels", "Awaiting countersignature"
        ),
        CaseStatus.REJECTED: QCoreApplication.translate("Labels", "Rejected"),
        CaseStatus.INFO_REQUESTED: QCoreApplication.translate("Labels", "Materials requested"),
        CaseStatus.SUPERSEDED: QCoreApplication.translate("Labels", "Superseded"),
        CaseStatus.REVOKED: QCoreApplication.translate("Labels", "Certificate revoked"),
    }
    return labels[CaseStatus(status)]


def document_type_label(kind: TravelDocumentType | str) -> str:
    labels = {
        TravelDocumentType.ORDINARY_PASSPORT: QCoreApplication.translate(
            "Labels", "Ordinary passport"
        ),
        TravelDocumentType.DIPLOMATIC_PASSPORT: QCoreApplication.translate(
            "Labels", "Diplomatic passport"
        ),
        TravelDocumentType.SERVICE_PASSPORT: QCoreApplication.translate(
            "Labels", "Service passport"
        ),
        TravelDocumentType.PUBLIC_AFFAIRS_PASSPORT: QCoreApplication.translate(
            "Labels", "Public affairs passport"
        ),
        TravelDocumentType.TRAVEL_DOCUMENT: QCoreApplication.translate("Labels", "Travel document"),
        TravelDocumentType.HK_MACAO_PERMIT: QCoreApplication.translate(
            "Labels", "Hong Kong/Macao permit"
        ),
        TravelDocumentType.TAIWAN_PERMIT: QCoreApplication.translate("Labels", "Taiwan permit"),
        TravelDocumentType.OTHER: QCoreApplication.translate(
            "Labels", "Other document", "travel document type"
        ),
    }
    return labels[TravelDocumentType(kind)]


def verdict_label(verdict: str | None) -> str:
    labels = {
        "pass": QCoreApplication.translate("Labels", "Pass"),
        "warn": QCoreApplication.translate("Labels", "Warnings"),
        "fail": QCoreApplication.translate("Labels", "Failures"),
    }
    return labels.get(verdict or "", QCoreApplication.translate("Labels", "Not checked"))


def role_label(role: Role | str) -> str:
    labels = {
        Role.OFFICER: QCoreApplication.translate("Labels", "Officer"),
        Role.CLERK: QCoreApplication.translate("Labels", "Clerk"),
        Role.AUDITOR: QCoreApplication.translate("Labels", "Auditor"),
        Role.SUPERVISOR: QCoreApplication.translate("Labels", "Supervisor"),
    }
    return labels[Role(role)]


def outcome_label(outcome: DecisionOutcome | str) -> str:
    labels = {
        DecisionOutcome.APPROVE: QCoreApplication.translate("Labels", "Approve"),
        DecisionOutcome.REJECT: QCoreApplication.translate("Labels", "Reject"),
        DecisionOutcome.REQUEST_INFO: QCoreApplication.translate("Labels", "Request materials"),
    }
    return labels[DecisionOutcome(outcome)]


def reason_label(reason: ReasonCode | str) -> str:
    labels = {
        ReasonCode.ALL_CHECKS_PASSED: QCoreApplication.translate("Labels", "All checks passed"),
        ReasonCode.OFFICER_JUDGEMENT: QCoreApplication.translate(
            "Labels", "Officer's judgement (see note)"
        ),
        ReasonCode.TEST_TOO_OLD: QCoreApplication.translate("Labels", "Test taken too early"),
        ReasonCode.TEST_POSITIVE: QCoreApplication.translate("Labels", "Positive test result"),
        ReasonCode.TEST_MISSING: QCoreApplication.translate("Labels", "Required test missing"),
        ReasonCode.LAB_NOT_APPROVED: QCoreApplication.translate(
            "Labels", "Laboratory not approved"
        ),
        ReasonCode.IDENTITY_MISMATCH: QCoreApplication.translate(
            "Labels", "Name or document number does not match"
        ),
        ReasonCode.DOCUMENT_ALTERED: QCoreApplication.translate("Labels", "Document altered"),
        ReasonCode.DOCUMENT_UNREADABLE: QCoreApplication.translate("Labels", "Document unreadable"),
        ReasonCode.DOCUMENT_MISSING: QCoreApplication.translate("Labels", "Document missing"),
        ReasonCode.REDECLARATION_LIMIT: QCoreApplication.translate(
            "Labels", "Re-declaration limit reached"
        ),
        ReasonCode.OTHER: QCoreApplication.translate("Labels", "Other (see note)"),
    }
    return labels[ReasonCode(reason)]


def test_kind_label(kind: TestKind | str) -> str:
    labels = {
        TestKind.NAAT: QCoreApplication.translate("Labels", "Nucleic acid (PCR)"),
        TestKind.IGM_ANTIBODY: QCoreApplication.translate("Labels", "IgM antibody"),
        TestKind.IGG_ANTIBODY: QCoreApplication.translate("Labels", "IgG antibody"),
    }
    return labels[TestKind(kind)]


def test_result_label(result: TestResult | str) -> str:
    labels = {
        TestResult.NEGATIVE: QCoreApplication.translate("Labels", "Negative"),
        TestResult.POSITIVE: QCoreApplication.translate("Labels", "Positive"),
        TestResult.INCONCLUSIVE: QCoreApplication.translate("Labels", "Inconclusive"),
    }
    return labels[TestResult(result)]


def sex_label(sex: Sex | str) -> str:
    labels = {
        Sex.FEMALE: QCoreApplication.translate("Labels", "Female"),
        Sex.MALE: QCoreApplication.translate("Labels", "Male"),
        Sex.UNSPECIFIED: QCoreApplication.translate("Labels", "Unspecified"),
    }
    return labels[Sex(sex)]


def identity_category_label(category: IdentityCategory | str) -> str:
    labels = {
        IdentityCategory.STUDENT: QCoreApplication.translate("Labels", "Student"),
        IdentityCategory.WORKER: QCoreApplication.translate("Labels", "Worker"),
        IdentityCategory.RESIDENT_ABROAD: QCoreApplication.translate("Labels", "Resident abroad"),
        IdentityCategory.SHORT_TERM_VISITOR: QCoreApplication.translate(
            "Labels", "Short-term visitor"
        ),
        IdentityCategory.CREW: QCoreApplication.translate("Labels", "Crew"),
        IdentityCategory.OTHER: QCoreApplication.translate("Labels", "Other"),
    }
    return labels[IdentityCategory(category)]


def document_kind_label(kind: DocumentKind | str) -> str:
    labels = {
        DocumentKind.NAAT_REPORT: QCoreApplication.translate("Labels", "PCR report"),
        DocumentKind.ANTIBODY_REPORT: QCoreApplication.translate("Labels", "Antibody report"),
        DocumentKind.COMBINED_REPORT: QCoreApplication.translate("Labels", "Combined report"),
        DocumentKind.TRAVEL_DOCUMENT_SCAN: QCoreApplication.translate(
            "Labels", "Travel document scan"
        ),
        DocumentKind.OTHER: QCoreApplication.translate(
            "Labels", "Other document", "kind of uploaded file"
        ),
    }
    return labels[DocumentKind(kind)]


def check_label(check: str) -> str:
    labels = {
        "test_window": QCoreApplication.translate(
            "Labels", "Tests within the window before departure"
        ),
        "required_tests": QCoreApplication.translate(
            "Labels", "Required tests present and negative"
        ),
        "approved_lab": QCoreApplication.translate("Labels", "Laboratory on the approved list"),
        "identity_in_report": QCoreApplication.translate(
            "Labels", "Name and document number in the report"
        ),
        "document_integrity": QCoreApplication.translate("Labels", "Document integrity"),
        "redeclaration_limit": QCoreApplication.translate(
            "Labels", "Re-declarations within the limit"
        ),
        "same_trip_elsewhere": QCoreApplication.translate(
            "Labels", "Trip not declared at another mission"
        ),
    }
    return labels.get(check, check.replace("_", " "))
