"""The domain's vocabulary and its rules: kinds of things, roles, the case lifecycle.

Plain enums and pure functions, no I/O. The wire shape of a declaration lives in
`workstation.protocol`; this module says what the words mean and which moves
are legal. The server enforces the lifecycle with `advance`; clients use the
same table to know what a case may do next.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

#: A traveller may re-declare (e.g. to upload a newer test) at most this often per trip.
MAX_REDECLARATIONS: Final = 2


class TravelDocumentType(StrEnum):
    ORDINARY_PASSPORT = "ordinary_passport"
    DIPLOMATIC_PASSPORT = "diplomatic_passport"
    SERVICE_PASSPORT = "service_passport"
    PUBLIC_AFFAIRS_PASSPORT = "public_affairs_passport"
    TRAVEL_DOCUMENT = "travel_document"  # 旅行证
    HK_MACAO_PERMIT = "hk_macao_permit"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit"  # 台湾居民来往大陆通行证
    OTHER = "other"

    @property
    def accepted_for_certificate(self) -> bool:
        """The five kinds the certificate accepts (official passports count as one kind)."""
        return self is not TravelDocumentType.OTHER

    @property
    def is_passport(self) -> bool:
        return self in _PASSPORTS


_PASSPORTS: Final = frozenset(
    {
        TravelDocumentType.ORDINARY_PASSPORT,
        TravelDocumentType.DIPLOMATIC_PASSPORT,
        TravelDocumentType.SERVICE_PASSPORT,
        TravelDocumentType.PUBLIC_AFFAIRS_PASSPORT,
    }
)


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNSPECIFIED = "unspecified"


class IdentityCategory(StrEnum):
    STUDENT = "student"
    WORKER = "worker"
    RESIDENT_ABROAD = "resident_abroad"
    SHORT_TERM_VISITOR = "short_term_visitor"
    CREW = "crew"
    OTHER = "other"


class TestKind(StrEnum):
    __test__ = False  # not a pytest test class

    NAAT = "naat"  # nucleic acid amplification (PCR)
    IGM_ANTIBODY = "igm_antibody"  # serum IgM antibody
    IGG_ANTIBODY = "igg_antibody"  # serum IgG antibody

    @property
    def is_antibody(self) -> bool:
        return self is not TestKind.NAAT


class TestResult(StrEnum):
    __test__ = False

    NEGATIVE = "negative"
    POSITIVE = "positive"
    INCONCLUSIVE = "inconclusive"


class DocumentKind(StrEnum):
    NAAT_REPORT = "naat_report"
    ANTIBODY_REPORT = "antibody_report"
    COMBINED_REPORT = "combined_report"
    TRAVEL_DOCUMENT_SCAN = "travel_document_scan"
    OTHER = "other"


class Role(StrEnum):
    OFFICER = "officer"
    CLERK = "clerk"
    AUDITOR = "auditor"
    SUPERVISOR = "supervisor"


class Permission(StrEnum):
    READ_CASES = "read_cases"  # every case of the mission, with documents
    READ_APPROVED = "read_approved"  # approved (and revoked) cases only, for printing
    CLAIM = "claim"
    DECIDE = "decide"
    RELEASE_ANY = "release_any"  # take back a claim another officer holds
    PRINT = "print"
    READ_AUDIT = "read_audit"
    #: Second signature on an officer's exception (an approval over failed checks), or send it back.
    COUNTERSIGN = "countersign"


#: Least privilege: each role gets what its work needs and nothing else.
ROLE_PERMISSIONS: Final[dict[Role, frozenset[Permission]]] = {
    Role.OFFICER: frozenset({Permission.READ_CASES, Permission.CLAIM, Permission.DECIDE}),
    Role.CLERK: frozenset({Permission.READ_APPROVED, Permission.PRINT}),
    Role.AUDITOR: frozenset({Permission.READ_CASES, Permission.READ_AUDIT}),
    Role.SUPERVISOR: frozenset(
        {
            Permission.READ_CASES,
            Permission.CLAIM,
            Permission.DECIDE,
            Permission.RELEASE_ANY,
            Permission.READ_AUDIT,
            Permission.COUNTERSIGN,
        }
    ),
}


def can(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


class QueueOrder(StrEnum):
    """How a mission orders its review queue (a mission setting on the server)."""

    SUBMISSION = "submission"  # first come, first served
    DEPARTURE = "departure"  # flights departing soonest first, then first come


class DecisionOutcome(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_INFO = "request_info"  # ask the traveller for supplementary materials

    @property
    def needs_note(self) -> bool:
        """A reject or request must tell the traveller why; an approval may be bare."""
        return self is not DecisionOutcome.APPROVE


class ReasonCode(StrEnum):
    ALL_CHECKS_PASSED = "all_checks_passed"
    OFFICER_JUDGEMENT = "officer_judgement"  # approved despite a warning, note explains
    TEST_TOO_OLD = "test_too_old"
    TEST_POSITIVE = "test_positive"
    TEST_MISSING = "test_missing"
    LAB_NOT_APPROVED = "lab_not_approved"
    IDENTITY_MISMATCH = "identity_mismatch"
    DOCUMENT_ALTERED = "document_altered"
    DOCUMENT_UNREADABLE = "document_unreadable"
    DOCUMENT_MISSING = "document_missing"
    REDECLARATION_LIMIT = "redeclaration_limit"
    OTHER = "other"


_PROBLEM_REASONS: Final = frozenset(ReasonCode) - {
    ReasonCode.ALL_CHECKS_PASSED,
    ReasonCode.OFFICER_JUDGEMENT,
}

#: Which reason codes make sense with which outcome.
REASONS_FOR: Final[dict[DecisionOutcome, frozenset[ReasonCode]]] = {
    DecisionOutcome.APPROVE: frozenset(
        {ReasonCode.ALL_CHECKS_PASSED, ReasonCode.OFFICER_JUDGEMENT}
    ),
    DecisionOutcome.REJECT: _PROBLEM_REASONS,
    DecisionOutcome.REQUEST_INFO: _PROBLEM_REASONS - {ReasonCode.REDECLARATION_LIMIT},
}


class CaseStatus(StrEnum):
    SUBMITTED = "submitted"  # waiting in the queue
    IN_REVIEW = "in_review"  # claimed by an officer (lease)
    APPROVED = "approved"  # certificate issued
    #: An officer approved over failed checks (an exception): no certificate until a
    #: supervisor countersigns; a send-back returns the case to that officer.
    #: (Short: status columns hold 16 characters on the server, 20 in the local store.)
    AWAITING_COUNTERSIGNATURE = "awaiting_cosign"
    REJECTED = "rejected"
    INFO_REQUESTED = "info_requested"  # waiting for the traveller
    SUPERSEDED = "superseded"  # replaced by a re-declaration before a certificate existed
    REVOKED = "revoked"  # certificate cancelled by a re-declaration

    @property
    def is_open(self) -> bool:
        """Still waiting for a decision (in the queue, in review or with the traveller)."""
        return self in _OPEN

    @property
    def is_final(self) -> bool:
        return self in (CaseStatus.SUPERSEDED, CaseStatus.REVOKED)


_OPEN: Final = frozenset({CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW, CaseStatus.INFO_REQUESTED})


class CaseEvent(StrEnum):
    CLAIM = "claim"
    RELEASE = "release"  # the officer gives the case back, or the lease expired
    APPROVE = "approve"
    #: Approve over failed checks where the mission wants a second signature.
    APPROVE_EXCEPTION = "approve_exception"
    COUNTERSIGN = "countersign"  # a supervisor signs the exception: the certificate is issued
    SEND_BACK = "send_back"  # a supervisor returns the exception to the officer, with a note
    REJECT = "reject"
    REQUEST_INFO = "request_info"
    ANSWER = "answer"  # the traveller sent the supplementary materials
    REDECLARE = "redeclare"  # a newer declaration replaces this one


_S, _E = CaseStatus, CaseEvent

#: The whole lifecycle. Anything not listed is illegal.
TRANSITIONS: Final[dict[tuple[CaseStatus, CaseEvent], CaseStatus]] = {
    (_S.SUBMITTED, _E.CLAIM): _S.IN_REVIEW,
    (_S.IN_REVIEW, _E.CLAIM): _S.IN_REVIEW,  # renewing one's own lease
    (_S.IN_REVIEW, _E.RELEASE): _S.SUBMITTED,
    (_S.IN_REVIEW, _E.APPROVE): _S.APPROVED,
    (_S.IN_REVIEW, _E.APPROVE_EXCEPTION): _S.AWAITING_COUNTERSIGNATURE,
    (_S.AWAITING_COUNTERSIGNATURE, _E.COUNTERSIGN): _S.APPROVED,
    # Back in the hands of the officer who made the exception (a claim in their name).
    (_S.AWAITING_COUNTERSIGNATURE, _E.SEND_BACK): _S.IN_REVIEW,
    (_S.IN_REVIEW, _E.REJECT): _S.REJECTED,
    (_S.IN_REVIEW, _E.REQUEST_INFO): _S.INFO_REQUESTED,
    (_S.INFO_REQUESTED, _E.ANSWER): _S.SUBMITTED,
    (_S.SUBMITTED, _E.REDECLARE): _S.SUPERSEDED,
    (_S.IN_REVIEW, _E.REDECLARE): _S.SUPERSEDED,
    (_S.INFO_REQUESTED, _E.REDECLARE): _S.SUPERSEDED,
    (_S.AWAITING_COUNTERSIGNATURE, _E.REDECLARE): _S.SUPERSEDED,
    (_S.REJECTED, _E.REDECLARE): _S.SUPERSEDED,
    (_S.APPROVED, _E.REDECLARE): _S.REVOKED,
}

DECISION_EVENT: Final[dict[DecisionOutcome, CaseEvent]] = {
    DecisionOutcome.APPROVE: CaseEvent.APPROVE,
    DecisionOutcome.REJECT: CaseEvent.REJECT,
    DecisionOutcome.REQUEST_INFO: CaseEvent.REQUEST_INFO,
}


class IllegalTransition(ValueError):
    """A case was asked to do something its current status does not allow."""

    def __init__(self, status: CaseStatus, event: CaseEvent) -> None:
        self.status = status
        self.event = event
        allowed = sorted(e.value for e in allowed_events(status))
        hint = ", ".join(allowed) if allowed else "nothing (the case is closed)"
        super().__init__(f"a case that is {status.value!r} cannot {event.value!r}; it can: {hint}")


def advance(status: CaseStatus, event: CaseEvent) -> CaseStatus:
    """The status after `event`, or `IllegalTransition`. The one place the lifecycle is enforced."""
    try:
        return TRANSITIONS[(status, event)]
    except KeyError:
        raise IllegalTransition(status, event) from None


def allowed_events(status: CaseStatus) -> frozenset[CaseEvent]:
    return frozenset(e for (s, e) in TRANSITIONS if s is status)


class AuditAction(StrEnum):
    """Everything the server writes to the append-only audit log."""

    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"
    #: A wrong password for a known account (an unknown name has no mission: server log only).
    SIGN_IN_FAILED = "sign_in_failed"
    LOCKED_OUT = "locked_out"
    SUBMITTED = "submitted"
    REDECLARED = "redeclared"
    SUPERSEDED = "superseded"
    CLAIMED = "claimed"
    RELEASED = "released"
    LEASE_EXPIRED = "lease_expired"
    DOCUMENT_VIEWED = "document_viewed"
    DECIDED = "decided"  # details["exception"] is true for an approval over failed checks
    COUNTERSIGNED = "countersigned"  # a supervisor signed an exception; the certificate exists
    SENT_BACK = "sent_back"  # a supervisor returned an exception to its officer
    ANSWERED = "answered"
    PRINTED = "printed"
    REPRINTED = "reprinted"
    REVOKED = "revoked"


class CountersignVerdict(StrEnum):
    """What a supervisor does with an exception waiting for their signature."""

    COUNTERSIGN = "countersign"
    SEND_BACK = "send_back"

    @property
    def event(self) -> CaseEvent:
        return (
            CaseEvent.COUNTERSIGN if self is CountersignVerdict.COUNTERSIGN else CaseEvent.SEND_BACK
        )
