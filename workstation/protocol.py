"""The wire protocol between workstations and the central server, version 1.

This is the only place the JSON shape is written. The server validates what it
receives with these models and the client validates every reply with them, so
a malformed message fails at the boundary and changes nothing.

Conventions: times are timezone-aware (UTC on the wire); countries are ISO
3166-1 alpha-2 codes; hashes are lower-case hex SHA-256; unknown fields are an
error (a new field means a new protocol version).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Any, Final, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from workstation.domain import (
    MAX_REDECLARATIONS,
    REASONS_FOR,
    AuditAction,
    CaseStatus,
    CountersignVerdict,
    DecisionOutcome,
    DocumentKind,
    IdentityCategory,
    QueueOrder,
    ReasonCode,
    Role,
    Sex,
    TestKind,
    TestResult,
    TravelDocumentType,
)

API_PREFIX: Final = "/api/v1"
PROTOCOL_VERSION: Final = 1
#: `POST /queue/next` carries a request id in this header; the server stores it with the claim
#: and answers a repeat (same user, same id) with the case it claimed then, claiming nothing new.
NEXT_CASE_KEY_HEADER: Final = "Idempotency-Key"
#: A request id is 8 to 64 letters, digits, `-` or `_` (the client sends a UUID).
NEXT_CASE_KEY_PATTERN: Final = r"^[A-Za-z0-9_-]{8,64}$"

#: Media types a traveller may upload, and the most a document may weigh.
DOCUMENT_MEDIA_TYPES: Final = ("application/pdf", "image/jpeg", "image/png")
MAX_DOCUMENT_BYTES: Final = 20 * 1024 * 1024
MAX_DOCUMENTS_PER_DECLARATION: Final = 8

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _no_control_characters(value: str) -> str:
    # Text from travellers ends up in widgets, PDFs and logs: no control or
    # bidi-override characters that could disguise what is shown.
    if _CONTROL.search(value):
        raise ValueError("contains control characters")
    return value


_Clean = AfterValidator(_no_control_characters)
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), _Clean]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000), _Clean]
RequiredText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), _Clean
]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
AirportCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
FlightNumber = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2}[0-9]{1,4}[A-Z]?$")]
PhoneNumber = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")]
DocumentNumber = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{5,20}$")]
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
MissionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}(-[A-Z]{2,4})?$")]
UserName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9._-]{1,39}$")]
#: Letters (any script, with accents), single spaces, hyphens, apostrophes and dots between words.
LatinName = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=80,
        pattern=r"^[^\W\d_]+([ '\-.][^\W\d_]+)*$",
    ),
]
ChineseName = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=20, pattern=r"^[\u3400-\u9fff\u00b7]+$"
    ),
]
#: A check's id (`review.checks`), e.g. "required_tests".
CheckName = Annotated[str, StringConstraints(pattern=r"^[a-z_]{2,40}$")]
DocumentManifest = Annotated[
    list["DocumentManifestEntry"], Field(max_length=MAX_DOCUMENTS_PER_DECLARATION)
]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------------------------
# What a declaration holds


class PersonName(WireModel):
    """As printed on the travel document (Latin letters), plus the Chinese name if there is one."""

    family: LatinName
    given: LatinName | None = None
    chinese: ChineseName | None = None

    @property
    def latin(self) -> str:
        return f"{self.family} {self.given}" if self.given else self.family


class Holder(WireModel):
    name: PersonName
    sex: Sex
    date_of_birth: date
    nationality: CountryCode
    mobile_phone: PhoneNumber


class TravelDocument(WireModel):
    type: TravelDocumentType
    number: DocumentNumber
    issuing_country: CountryCode
    expiry_date: date | None = None


class Address(WireModel):
    line: RequiredText
    city: RequiredText
    country: CountryCode


class Flight(WireModel):
    number: FlightNumber
    departure_airport: AirportCode
    departure_time: AwareDatetime
    arrival_airport: AirportCode


class Itinerary(WireModel):
    flights: Annotated[list[Flight], Field(min_length=1, max_length=6)]
    transit_points: Annotated[list[AirportCode], Field(max_length=5)] = []
    port_of_entry: AirportCode
    arrival_date: date

    @property
    def departure_time(self) -> datetime:
        """When the traveller first boards: what test windows are measured against."""
        return min(f.departure_time for f in self.flights)


class Laboratory(WireModel):
    name: RequiredText
    city: ShortText = ""
    country: CountryCode


class LabTest(WireModel):
    kind: TestKind
    sample_collected_at: AwareDatetime
    result: TestResult
    laboratory: Laboratory
    result_issued_at: AwareDatetime | None = None


class Vaccination(WireModel):
    product: RequiredText  # EU value set code where there is one, e.g. "EU/1/20/1528"
    manufacturer: ShortText = ""
    dose_number: Annotated[int, Field(ge=1, le=9)]
    total_doses: Annotated[int, Field(ge=1, le=9)]
    date: date
    country: CountryCode


class Diagnosis(WireModel):
    """A confirmed infection in the traveller's history, and the recovery if any."""

    confirmed_on: date
    recovered_on: date | None = None
    description: ShortText = ""


class HealthHistory(WireModel):
    previous_tests: Annotated[list[LabTest], Field(max_length=20)] = []
    diagnoses: Annotated[list[Diagnosis], Field(max_length=10)] = []


class Declarant(WireModel):
    """Someone who declares for another person (explicitly allowed, e.g. for the elderly)."""

    name: LatinName
    relationship: RequiredText
    mobile_phone: PhoneNumber


class DeclarationContent(WireModel):
    """Everything the traveller (or the declarant) states. Identical on server and client."""

    holder: Holder
    travel_document: TravelDocument
    residence: Address
    employer: ShortText = ""
    identity_category: IdentityCategory
    itinerary: Itinerary
    tests: Annotated[list[LabTest], Field(max_length=10)] = []
    vaccinations: Annotated[list[Vaccination], Field(max_length=10)] = []
    history: HealthHistory = HealthHistory()
    declarant: Declarant | None = None


class DocumentRef(WireModel):
    document_id: UUID
    kind: DocumentKind
    filename: RequiredText
    media_type: Literal["application/pdf", "image/jpeg", "image/png"]
    size: Annotated[int, Field(ge=1, le=MAX_DOCUMENT_BYTES)]
    sha256: Sha256Hex


# --------------------------------------------------------------------------------------------
# Traveller submissions (what the phone app sends; the server's demo seeding uses it too)


class DocumentManifestEntry(WireModel):
    """Describes one uploaded file part (matched by `filename`) in a submission."""

    filename: RequiredText
    kind: DocumentKind
    sha256: Sha256Hex


class DeclarationSubmission(WireModel):
    mission: MissionCode
    content: DeclarationContent
    documents: DocumentManifest
    supersedes: UUID | None = None  # set for a re-declaration


class SubmissionReceipt(WireModel):
    case_id: UUID
    version: int
    status: CaseStatus
    #: Secret the traveller's app keeps to re-declare or answer a request (header
    #: `X-Traveller-Token`); the server stores only its hash.
    traveller_token: Annotated[str, StringConstraints(min_length=32, max_length=128)]
    superseded: UUID | None = None
    revoked_certificate: str | None = None


class SupplementAnswer(WireModel):
    """The traveller's answer to a request for supplementary materials."""

    note: LongText = ""
    documents: DocumentManifest


# --------------------------------------------------------------------------------------------
# Sign-in


class LoginRequest(WireModel):
    username: UserName
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class UserInfo(WireModel):
    username: UserName
    display_name: ShortText
    role: Role
    mission: MissionCode


class LoginReply(WireModel):
    token: Annotated[str, StringConstraints(min_length=32, max_length=128)]
    expires_at: AwareDatetime
    user: UserInfo


# --------------------------------------------------------------------------------------------
# Cases, the queue and claims


class Claim(WireModel):
    officer: UserName
    expires_at: AwareDatetime


class CountersignatureRecord(WireModel):
    """A supervisor's answer to an exception: signed (certificate issued) or sent back."""

    idempotency_key: UUID
    verdict: CountersignVerdict
    note: LongText = ""
    supervisor: UserName
    decided_at: AwareDatetime
    recorded_at: AwareDatetime


class DecisionRecord(WireModel):
    idempotency_key: UUID
    outcome: DecisionOutcome
    reason_codes: list[ReasonCode]
    note: LongText  # the message to the traveller
    officer: UserName
    decided_at: AwareDatetime
    recorded_at: AwareDatetime
    #: For the record only (staff see it, the traveller never does).
    justification: LongText = ""
    #: The failed checks an exception overrules (empty for an ordinary decision).
    overruled_checks: list[CheckName] = []
    #: The supervisor's answer to an exception, once given.
    countersignature: CountersignatureRecord | None = None

    @property
    def is_exception(self) -> bool:
        return bool(self.overruled_checks)


class CertificateRef(WireModel):
    certificate_id: Annotated[str, StringConstraints(pattern=r"^URN:UVCI:[A-Z0-9:/#]{8,72}$")]
    issued_at: AwareDatetime
    revoked_at: AwareDatetime | None = None
    #: First recorded print, by any workstation: a later print is a reprint.
    printed_at: AwareDatetime | None = None


class SameTripElsewhere(WireModel):
    """Another mission's live declaration for the same travel document and first flight.

    The server accepts both (refusing the second would let anyone who knows a passport
    number and a flight block the real traveller, and tell them a declaration exists) and
    links them for the officers, who decide which is genuine.
    """

    case_id: UUID
    mission: MissionCode
    submitted_at: AwareDatetime


class CaseRecord(WireModel):
    """One declaration version as the server holds it."""

    case_id: UUID
    mission: MissionCode
    status: CaseStatus
    version: Annotated[int, Field(ge=0, le=MAX_REDECLARATIONS)]  # number of re-declarations
    supersedes: UUID | None = None
    superseded_by: UUID | None = None
    submitted_at: AwareDatetime
    change_seq: Annotated[int, Field(ge=1)]
    content: DeclarationContent
    documents: list[DocumentRef]
    claim: Claim | None = None
    decision: DecisionRecord | None = None
    certificate: CertificateRef | None = None
    #: Possible duplicates: the same trip declared at other missions (newest versions only).
    same_trip_elsewhere: Annotated[list[SameTripElsewhere], Field(max_length=50)] = []


class CaseChanges(WireModel):
    """A page of the incremental feed: cases of my mission that changed after `since`."""

    since: Annotated[int, Field(ge=0)]
    cursor: Annotated[int, Field(ge=0)]  # pass as `since` next time
    has_more: bool
    order: QueueOrder
    server_time: AwareDatetime
    cases: list[CaseRecord]

    @model_validator(mode="after")
    def _cursor_moves_forward(self) -> CaseChanges:
        if self.cursor < self.since:
            raise ValueError("cursor moved backwards")
        if any(not (self.since < c.change_seq <= self.cursor) for c in self.cases):
            raise ValueError("a case lies outside the page's cursor range")
        return self


class ClaimRequest(WireModel):
    # Short leases are allowed so tests can watch one expire; officers get the default.
    lease_seconds: Annotated[int, Field(ge=1, le=4 * 3600)] = 900


# --------------------------------------------------------------------------------------------
# Decisions


class CheckOutcomeSummary(WireModel):
    """What an automatic check showed the officer when they decided (kept in the audit log)."""

    check: CheckName
    verdict: Literal["pass", "warn", "fail"]
    summary: ShortText = ""
    #: What the check found, as reason codes (the mission's policy forbids overruling some).
    reasons: Annotated[list[ReasonCode], Field(max_length=12)] = []


class DecisionRequest(WireModel):
    """An officer's decision. Two notes for two audiences: `note` is the message to the
    traveller (required to reject or request materials), `justification` is for the record
    and never reaches the traveller.

    Approving over a failed check is an *exception*: the officer names every failed check
    they overrule (`overruled_checks`) and writes a justification; the server then applies
    the mission's `ExceptionRules` (some failures may never be overruled; a supervisor may
    have to countersign).
    """

    outcome: DecisionOutcome
    reason_codes: Annotated[list[ReasonCode], Field(min_length=1, max_length=8)]
    note: LongText = ""
    decided_at: AwareDatetime  # on the officer's clock, when they confirmed
    checks: Annotated[list[CheckOutcomeSummary], Field(max_length=32)] = []
    document_sha256: Annotated[
        list[Sha256Hex], Field(max_length=MAX_DOCUMENTS_PER_DECLARATION)
    ] = []
    justification: LongText = ""
    overruled_checks: Annotated[list[CheckName], Field(max_length=32)] = []

    @property
    def failed_checks(self) -> list[str]:
        return sorted({c.check for c in self.checks if c.verdict == "fail"})

    @property
    def is_exception(self) -> bool:
        return self.outcome is DecisionOutcome.APPROVE and bool(self.failed_checks)

    @model_validator(mode="after")
    def _note_and_reasons_fit(self) -> DecisionRequest:
        if self.outcome.needs_note and not self.note.strip():
            raise ValueError(
                f"a note is required to {self.outcome.value.replace('_', ' ')}: "
                "the message that tells the traveller why"
            )
        wrong = [r.value for r in self.reason_codes if r not in REASONS_FOR[self.outcome]]
        if wrong:
            raise ValueError(f"reason codes {wrong} do not fit outcome {self.outcome.value!r}")
        self._exception_is_deliberate()
        return self

    def _exception_is_deliberate(self) -> None:
        failed = set(self.failed_checks)
        overruled = set(self.overruled_checks)
        if overruled and self.outcome is not DecisionOutcome.APPROVE:
            raise ValueError("only an approval overrules failed checks")
        if overruled - failed:
            raise ValueError(
                f"overruled_checks names checks that did not fail: {sorted(overruled - failed)}"
            )
        if not self.is_exception:
            return
        if ReasonCode.ALL_CHECKS_PASSED in self.reason_codes:
            raise ValueError(f"checks failed ({', '.join(sorted(failed))}): not all passed")
        if failed - overruled:
            raise ValueError(
                "approving over failed checks is an exception: name each failed check you "
                f"overrule ({', '.join(sorted(failed - overruled))})"
            )
        if not self.justification.strip():
            raise ValueError(
                "approving over failed checks is an exception: a justification is required"
            )


class ExceptionRules(WireModel):
    """A mission's rules for exceptions (`[exceptions]` in its policy file).

    Read by the officer's workstation (to say before confirming) and by the server (to
    enforce): a failed check that found one of `forbidden_reasons` may not be overruled.
    """

    forbidden_reasons: Annotated[list[ReasonCode], Field(max_length=16)] = [
        ReasonCode.TEST_POSITIVE
    ]
    countersignature: bool = True  # an exception waits for a supervisor before a certificate

    def forbidden(self, checks: Sequence[CheckOutcomeSummary]) -> dict[str, list[ReasonCode]]:
        """Each failed check that may not be overruled, with the forbidden reasons it found."""
        found: dict[str, list[ReasonCode]] = {}
        for check in checks:
            reasons = [r for r in check.reasons if r in self.forbidden_reasons]
            if check.verdict == "fail" and reasons:
                found.setdefault(check.check, []).extend(reasons)
        return found


class CountersignRequest(WireModel):
    """A supervisor countersigns an exception or sends it back (a note is required then)."""

    verdict: CountersignVerdict
    #: The exception it answers (`DecisionRecord.idempotency_key`): a newer decision is not it.
    decision_key: UUID
    note: LongText = ""
    decided_at: AwareDatetime

    @model_validator(mode="after")
    def _send_back_says_why(self) -> CountersignRequest:
        if self.verdict is CountersignVerdict.SEND_BACK and not self.note.strip():
            raise ValueError("a note is required to send an exception back to the officer")
        return self


# --------------------------------------------------------------------------------------------
# Prints and revocation


class PrintRequest(WireModel):
    certificate_id: str
    case_id: UUID
    copies: Annotated[int, Field(ge=1, le=20)] = 1
    reprint: bool = False
    printed_at: AwareDatetime
    certificate_sha256: Sha256Hex  # of the HC1 string printed in the QR code
    kid: Annotated[str, StringConstraints(min_length=8, max_length=16)]


class PrintRecord(WireModel):
    print_id: UUID
    certificate_id: str
    case_id: UUID
    copies: int
    reprint: bool
    clerk: UserName
    printed_at: AwareDatetime
    recorded_at: AwareDatetime


class RevocationList(WireModel):
    issued_at: AwareDatetime
    issuer_country: CountryCode
    #: SHA-256 (hex) of each revoked certificate identifier, as the DCC revocation scheme does.
    revoked_uvci_sha256: list[Sha256Hex]


# --------------------------------------------------------------------------------------------
# Audit log


class AuditEntry(WireModel):
    """One append-only log entry, hash-chained to the one before it."""

    seq: Annotated[int, Field(ge=1)]
    at: AwareDatetime
    actor: ShortText  # a user name, or "traveller" / "system"
    role: ShortText
    mission: MissionCode
    action: AuditAction
    case_id: UUID | None = None
    outcome: ShortText = ""
    note: LongText = ""
    details: dict[str, str | int | bool | list[str]] = {}
    prev_hash: Sha256Hex
    hash: Sha256Hex

    def computed_hash(self) -> str:
        return audit_hash(self.model_dump(mode="json", exclude={"hash"}))

    @property
    def hash_ok(self) -> bool:
        return self.computed_hash() == self.hash


#: `prev_hash` of the first entry.
AUDIT_GENESIS_HASH: Final = "0" * 64


def audit_hash(entry_without_hash: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an entry (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(
        entry_without_hash, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditPage(WireModel):
    after_seq: Annotated[int, Field(ge=0)]
    entries: list[AuditEntry]
    has_more: bool
    head_seq: Annotated[int, Field(ge=0)]


class AuditCheckpoint(WireModel):
    """The server's signature over the log head (Ed25519), published for auditors."""

    seq: Annotated[int, Field(ge=1)]
    head_hash: Sha256Hex
    signed_at: AwareDatetime
    key_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
    signature: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{128}$")]

    def signed_message(self) -> bytes:
        return checkpoint_message(self.seq, self.head_hash, self.signed_at)


def checkpoint_message(seq: int, head_hash: str, signed_at: datetime) -> bytes:
    stamp = signed_at.astimezone(UTC).isoformat()
    return f"consular-audit-checkpoint:v1:{seq}:{head_hash}:{stamp}".encode()


class AuditSigningKey(WireModel):
    """A public key the server signs audit checkpoints with (`GET /audit/keys`).

    Ed25519, the raw 32-byte public key in hex; `key_id` is `audit_key_id()` of it.
    An auditor pins the keys it has seen: a key that changes its id is not the same key.
    """

    key_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
    public_key: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    created_at: AwareDatetime


def audit_key_id(public_key: bytes) -> str:
    """First 8 bytes (16 hex) of the SHA-256 of the raw Ed25519 public key."""
    return hashlib.sha256(public_key).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# Errors


class ErrorReply(WireModel):
    """Every error the server returns has this shape, with a message a person can read."""

    error: Annotated[str, StringConstraints(pattern=r"^[a-z_]{2,40}$")]
    message: str
    details: list[dict[str, Any]] = []


class ServerInfo(WireModel):
    name: str
    protocol_version: int
    server_time: AwareDatetime
