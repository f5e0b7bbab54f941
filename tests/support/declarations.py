"""Build valid traveller submissions for tests, and send them as the phone app would.

`build_declaration` makes a `DeclarationSubmission` whose manifest matches the
files it returns (small but real PDF/JPEG/PNG headers, unique bytes per call);
`submit` posts it as multipart: a `submission` JSON part plus one `documents`
file part per manifest entry, matched by filename.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import requests

from workstation.domain import (
    DecisionOutcome,
    DocumentKind,
    IdentityCategory,
    ReasonCode,
    Sex,
    TestKind,
    TestResult,
    TravelDocumentType,
)
from workstation.protocol import (
    API_PREFIX,
    Address,
    DeclarationContent,
    DeclarationSubmission,
    DocumentManifestEntry,
    Flight,
    Holder,
    Itinerary,
    Laboratory,
    LabTest,
    PersonName,
    SupplementAnswer,
    TravelDocument,
)

_MEDIA = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def pdf_bytes(text: str) -> bytes:
    """A small well-formed one-page PDF carrying `text` (so every file is unique)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def image_bytes(kind: str, text: str) -> bytes:
    """Bytes that start like a JPEG or PNG (the server sniffs the magic number only)."""
    magic = b"\xff\xd8\xff\xe0" if kind == "jpg" else b"\x89PNG\r\n\x1a\n"
    return magic + text.encode("utf-8")


def document_file(kind: str, text: str) -> bytes:
    return pdf_bytes(text) if kind == "pdf" else image_bytes(kind, text)


def manifest_entry(filename: str, content: bytes, kind: DocumentKind) -> DocumentManifestEntry:
    return DocumentManifestEntry(
        filename=filename, kind=kind, sha256=hashlib.sha256(content).hexdigest()
    )


@dataclass(frozen=True)
class Upload:
    submission: DeclarationSubmission
    files: dict[str, bytes] = field(default_factory=dict)

    def redeclared(self, supersedes: UUID) -> Upload:
        """The same trip declared again (new document bytes) replacing `supersedes`."""
        # Appending keeps each file's magic number and changes its hash.
        files = {name: content + b"\n" for name, content in self.files.items()}
        manifest = [
            manifest_entry(entry.filename, files[entry.filename], entry.kind)
            for entry in self.submission.documents
        ]
        submission = self.submission.model_copy(
            update={"supersedes": supersedes, "documents": manifest}
        )
        return Upload(submission=submission, files=files)


def build_declaration(
    *,
    mission: str,
    family: str = "Lindqvist",
    given: str = "Anna",
    document_number: str | None = None,
    flight_number: str = "CA938",
    departure: datetime | None = None,
    kinds: tuple[str, ...] = ("pdf",),
) -> Upload:
    """A consistent declaration for `mission` with one document per entry of `kinds`."""
    departure = departure or datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    number = document_number or "E" + secrets.token_hex(4).upper()
    lab = Laboratory(name="Central Test Laboratory", city="London", country="GB")
    sampled = departure - timedelta(hours=30)
    content = DeclarationContent(
        holder=Holder(
            name=PersonName(family=family, given=given),
            sex=Sex.FEMALE,
            date_of_birth=date(1990, 5, 17),
            nationality="CN",
            mobile_phone="+447700900123",
        ),
        travel_document=TravelDocument(
            type=TravelDocumentType.ORDINARY_PASSPORT, number=number, issuing_country="CN"
        ),
        residence=Address(line="1 Example Street", city="London", country="GB"),
        identity_category=IdentityCategory.STUDENT,
        itinerary=Itinerary(
            flights=[
                Flight(
                    number=flight_number,
                    departure_airport="LHR",
                    departure_time=departure,
                    arrival_airport="PEK",
                )
            ],
            port_of_entry="PEK",
            arrival_date=(departure + timedelta(hours=11)).date(),
        ),
        tests=[
            LabTest(
                kind=kind, sample_collected_at=sampled, result=TestResult.NEGATIVE, laboratory=lab
            )
            for kind in (TestKind.NAAT, TestKind.IGM_ANTIBODY)
        ],
    )
    files: dict[str, bytes] = {}
    manifest = []
    for index, kind in enumerate(kinds):
        filename = f"report-{index + 1}.{kind}"
        files[filename] = document_file(
            kind, f"{family} {given} {number} {index} {secrets.token_hex(4)}"
        )
        manifest.append(manifest_entry(filename, files[filename], DocumentKind.COMBINED_REPORT))
    submission = DeclarationSubmission(mission=mission, content=content, documents=manifest)
    return Upload(submission=submission, files=files)


def multipart(
    json_part: str, body: str, files: dict[str, bytes]
) -> list[tuple[str, tuple[str | None, bytes | str, str]]]:
    parts: list[tuple[str, tuple[str | None, bytes | str, str]]] = [
        (json_part, (None, body, "application/json"))
    ]
    for name, content in files.items():
        media = _MEDIA.get(name.rsplit(".", 1)[-1], "application/octet-stream")
        parts.append(("documents", (name, content, media)))
    return parts


def submit(
    base_url: str, upload: Upload, *, traveller_token: str | None = None
) -> requests.Response:
    headers = {"X-Traveller-Token": traveller_token} if traveller_token else {}
    return requests.post(
        f"{base_url}{API_PREFIX}/declarations",
        files=multipart("submission", upload.submission.model_dump_json(), upload.files),
        headers=headers,
        timeout=60,
    )


def answer(
    base_url: str,
    case_id: UUID,
    *,
    traveller_token: str,
    note: str = "Here is the newer report.",
    kinds: tuple[str, ...] = ("pdf",),
) -> requests.Response:
    """Answer a request for supplementary materials with fresh documents."""
    files = {
        f"supplement-{i + 1}.{kind}": document_file(kind, f"supplement {i} {secrets.token_hex(4)}")
        for i, kind in enumerate(kinds)
    }
    body = SupplementAnswer(
        note=note,
        documents=[manifest_entry(n, c, DocumentKind.NAAT_REPORT) for n, c in files.items()],
    )
    return requests.post(
        f"{base_url}{API_PREFIX}/declarations/{case_id}/supplement",
        files=multipart("answer", body.model_dump_json(), files),
        headers={"X-Traveller-Token": traveller_token},
        timeout=60,
    )


_DEFAULT_REASON = {
    DecisionOutcome.APPROVE: ReasonCode.ALL_CHECKS_PASSED,
    DecisionOutcome.REJECT: ReasonCode.TEST_POSITIVE,
    DecisionOutcome.REQUEST_INFO: ReasonCode.TEST_TOO_OLD,
}


def decision_body(
    outcome: DecisionOutcome = DecisionOutcome.APPROVE,
    *,
    note: str = "",
    reasons: tuple[ReasonCode, ...] = (),
    document_sha256: tuple[str, ...] = (),
) -> dict[str, object]:
    """A `DecisionRequest` as JSON, unvalidated (so tests can also send what gets refused)."""
    return {
        "outcome": outcome.value,
        "reason_codes": [r.value for r in reasons or (_DEFAULT_REASON[outcome],)],
        "note": note,
        "decided_at": datetime.now(UTC).isoformat(),
        "document_sha256": list(document_sha256),
    }
