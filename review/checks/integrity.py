"""Signs that an uploaded document was altered, is hostile, or cannot be read."""

from __future__ import annotations

import logging

from review.analysis.facts import DocumentFacts
from review.checks.case_file import CaseFile, from_document
from review.checks.phrases import LIST, Phrase, joined
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
            findings.problem(
                Verdict.WARN, Phrase("{file} has not been analysed yet", file=ref.filename)
            )
            continue
        _examine(ref, facts, findings)
    if not case_file.case.documents:
        return findings.result(Phrase("no documents uploaded"))
    return findings.result(Phrase("no sign of editing, scripts or damage in any document"))


def _examine(ref: DocumentRef, facts: DocumentFacts, findings: Findings) -> None:
    name = ref.filename
    if facts.sha256 != ref.sha256:
        findings.evidence(from_document(ref, Phrase("SHA-256 of the file"), facts.sha256))
        findings.problem(
            Verdict.FAIL,
            Phrase("{file} is not the file that was uploaded (SHA-256 differs)", file=name),
            _ALTERED,
        )
        return
    if facts.error is not None:
        findings.evidence(from_document(ref, Phrase("analysis"), facts.error))
        findings.problem(
            Verdict.FAIL,
            Phrase("{file} cannot be read: {error}", file=name, error=facts.error),
            ReasonCode.DOCUMENT_UNREADABLE,
        )
        return
    if facts.media_type != ref.media_type:
        findings.evidence(from_document(ref, Phrase("content type"), str(facts.media_type)))
        findings.problem(
            Verdict.WARN,
            Phrase(
                "{file} was uploaded as {declared} but is {actual}",
                file=name,
                declared=ref.media_type,
                actual=str(facts.media_type),
            ),
        )
    _edits(ref, facts, findings)
    if facts.image is not None:
        findings.evidence(from_document(ref, Phrase("image"), _image(facts)))
    for script in facts.scripts:
        findings.evidence(from_document(ref, Phrase("active content"), script))
    if facts.scripts:
        findings.problem(
            Verdict.FAIL,
            Phrase("{file} contains scripts or actions, which lab reports never need", file=name),
        )
    if facts.attachments:
        files = ", ".join(facts.attachments)
        findings.evidence(from_document(ref, Phrase("embedded files"), files))
        findings.problem(Verdict.WARN, Phrase("{file} has files embedded in it", file=name))
    if facts.encrypted:
        findings.evidence(from_document(ref, Phrase("encryption"), Phrase("encrypted")))
        findings.problem(Verdict.WARN, Phrase("{file} is encrypted", file=name))
    for problem in facts.problems:
        findings.evidence(from_document(ref, Phrase("structure"), problem))
    if facts.problems:
        findings.problem(Verdict.WARN, Phrase("{file} is damaged or incomplete", file=name))


def _edits(ref: DocumentRef, facts: DocumentFacts, findings: Findings) -> None:
    """Saved again after creation: a later modification date, incremental updates, or both."""
    if facts.created_at is not None:
        findings.evidence(from_document(ref, Phrase("created"), moment(facts.created_at)))
    if facts.modified_at is not None:
        findings.evidence(from_document(ref, Phrase("modified"), moment(facts.modified_at)))
    if facts.producer:
        findings.evidence(from_document(ref, Phrase("producer"), facts.producer))
    updates = facts.incremental_updates
    if updates:
        findings.evidence(from_document(ref, Phrase("incremental updates"), str(updates)))
    if not facts.edited_after_creation and not updates:
        return
    # One sign alone has innocent causes (a lab system re-stamping the date, a signature
    # added as an update); both together mean the content was edited.
    verdict = Verdict.FAIL if facts.edited_after_creation and updates else Verdict.WARN
    edited = Phrase("modified after it was created")
    saved = (
        Phrase("saved again once")
        if updates == 1
        else Phrase("saved again {count} times", count=updates)
    )
    if verdict is Verdict.FAIL:
        signs = Phrase("modified after it was created and {saved}", saved=saved)
    else:
        signs = edited if facts.edited_after_creation else saved
    findings.problem(
        verdict, Phrase("{file} was {signs}", file=ref.filename, signs=signs), _ALTERED
    )


def _image(facts: DocumentFacts) -> Phrase | str:
    image = facts.image
    assert image is not None
    parts: list[Phrase | str] = [f"{image.format} {image.width}×{image.height}"]
    if image.camera:
        parts.append(Phrase("camera {camera}", camera=image.camera))
    if image.taken_at:
        parts.append(Phrase("taken {time}", time=f"{image.taken_at:%Y-%m-%d %H:%M}"))
    if image.software:
        parts.append(Phrase("software {software}", software=image.software))
    return joined(LIST, parts)
