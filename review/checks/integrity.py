"""Signs that an uploaded document was altered, is hostile, or cannot be read."""

from __future__ import annotations

import logging

from review.analysis.facts import DocumentFacts
from review.checks.case_file import CaseFile, from_document
from review.checks.results import CheckResult, Findings, Verdict, moment
from workstation.domain import ReasonCode
from workstation.protocol import DocumentRef

log = logging.getLogger(__name__)

_ALTERED = ReasonCode.DOCUMENT_ALTERED


def check_document_integrity(case_file: CaseFile) -> CheckResult:
    findings = Findings("document_integrity")
    for ref in case_file.case.documents:
        facts = case_file.documents.get(ref.document_id)
        if facts is None:
            findings.problem(Verdict.WARN, f"{ref.filename} has not been analysed yet")
            continue
        _examine(ref, facts, findings)
    if not case_file.case.documents:
        return findings.result("no documents uploaded")
    return findings.result("no sign of editing, scripts or damage in any document")


def _examine(ref: DocumentRef, facts: DocumentFacts, findings: Findings) -> None:
    name = ref.filename
    if facts.sha256 != ref.sha256:
        findings.evidence(from_document(ref, "SHA-256 of the file", facts.sha256))
        findings.problem(
            Verdict.FAIL, f"{name} is not the file that was uploaded (SHA-256 differs)", _ALTERED
        )
        return
    if facts.error is not None:
        findings.evidence(from_document(ref, "analysis", facts.error))
        findings.problem(
            Verdict.FAIL, f"{name} cannot be read: {facts.error}", ReasonCode.DOCUMENT_UNREADABLE
        )
        return
    if facts.media_type != ref.media_type:
        findings.evidence(from_document(ref, "content type", str(facts.media_type)))
        findings.problem(
            Verdict.WARN, f"{name} was uploaded as {ref.media_type} but is {facts.media_type}"
        )
    _edits(ref, facts, findings)
    if facts.image is not None:
        findings.evidence(from_document(ref, "image", _image(facts)))
    for script in facts.scripts:
        findings.evidence(from_document(ref, "active content", script))
    if facts.scripts:
        findings.problem(
            Verdict.FAIL, f"{name} contains scripts or actions, which lab reports never need"
        )
    if facts.attachments:
        findings.evidence(from_document(ref, "embedded files", ", ".join(facts.attachments)))
        findings.problem(Verdict.WARN, f"{name} has files embedded in it")
    if facts.encrypted:
        findings.evidence(from_document(ref, "encryption", "encrypted"))
        findings.problem(Verdict.WARN, f"{name} is encrypted")
    for problem in facts.problems:
        findings.evidence(from_document(ref, "structure", problem))
    if facts.problems:
        findings.problem(Verdict.WARN, f"{name} is damaged or incomplete")


def _edits(ref: DocumentRef, facts: DocumentFacts, findings: Findings) -> None:
    """Saved again after creation: a later modification date, incremental updates, or both."""
    if facts.created_at is not None:
        findings.evidence(from_document(ref, "created", moment(facts.created_at)))
    if facts.modified_at is not None:
        findings.evidence(from_document(ref, "modified", moment(facts.modified_at)))
    if facts.producer:
        findings.evidence(from_document(ref, "producer", facts.producer))
    updates = facts.incremental_updates
    if updates:
        findings.evidence(from_document(ref, "incremental updates", str(updates)))
    signs = []
    if facts.edited_after_creation:
        signs.append("modified after it was created")
    if updates:
        signs.append("saved again " + ("once" if updates == 1 else f"{updates} times"))
    if signs:
        # One sign alone has innocent causes (a lab system re-stamping the date, a
        # signature added as an update); both together mean the content was edited.
        verdict = Verdict.FAIL if len(signs) == 2 else Verdict.WARN
        findings.problem(verdict, f"{ref.filename} was {' and '.join(signs)}", _ALTERED)


def _image(facts: DocumentFacts) -> str:
    image = facts.image
    assert image is not None
    parts = [f"{image.format} {image.width}×{image.height}"]
    if image.camera:
        parts.append(f"camera {image.camera}")
    if image.taken_at:
        parts.append(f"taken {image.taken_at:%Y-%m-%d %H:%M}")
    if image.software:
        parts.append(f"software {image.software}")
    return ", ".join(parts)
