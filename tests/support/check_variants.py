"""Cases that reach every branch of every check: the demo cases, and one case changed in
each way a traveller, a lab or a forger could change it (hostile documents included).

`every_run` is what the translation tests run the checks over: all a check can say shows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from typing import Any, TypeAlias
from uuid import UUID

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import (
    JPEG,
    OCR,
    PDF,
    PNG,
    DocumentFacts,
    ImageFacts,
    PageText,
    WordBox,
)
from review.policy import MissionPolicy
from tests.support import hostile_documents as hostile
from tests.support.review_demo import DemoCase
from workstation.domain import DocumentKind, TestKind, TestResult
from workstation.protocol import CaseRecord, DocumentRef, PersonName, SameTripElsewhere

Run: TypeAlias = tuple[CaseRecord, Mapping[UUID, DocumentFacts], MissionPolicy]


def with_content(record: CaseRecord, **changes: Any) -> CaseRecord:
    content = record.content.model_copy(update=changes)
    return record.model_copy(update={"content": content})


def with_test(record: CaseRecord, kind: TestKind, **changes: Any) -> CaseRecord:
    tests = [t.model_copy(update=changes) if t.kind is kind else t for t in record.content.tests]
    return with_content(record, tests=tests)


def only_pdf_reports(case: DemoCase) -> bool:
    return all(
        r.media_type == PDF for r in case.case.documents if r.kind is not DocumentKind.OTHER
    ) and not any(r.kind is DocumentKind.TRAVEL_DOCUMENT_SCAN for r in case.case.documents)


def every_run(cases: Sequence[DemoCase], analyser: DocumentAnalyser) -> Iterator[Run]:
    for case in cases:
        yield case.case, case.facts, case.policy
        yield case.case, {}, case.policy  # nothing analysed yet
    clean = next(
        c for c in cases if c.fault is None and only_pdf_reports(c) and c.case.version == 0
    )
    for record in _declarations(clean):
        yield record, clean.facts, clean.policy
    stricter = clean.policy.model_copy(update={"max_redeclarations": 0})
    yield clean.case.model_copy(update={"version": 1}), clean.facts, stricter
    elsewhere = SameTripElsewhere(
        case_id=uuid.uuid4(), mission="USA-NYC", submitted_at=clean.case.submitted_at
    )
    yield clean.case.model_copy(update={"same_trip_elsewhere": [elsewhere]}), {}, clean.policy
    yield clean.case.model_copy(update={"documents": []}), {}, clean.policy
    for facts in _altered(clean, analyser):
        yield _replacing_first_pdf(clean, facts)
    substituted = dataclasses.replace(clean.facts[_first_pdf(clean).document_id], sha256="0" * 64)
    yield clean.case, {**clean.facts, _first_pdf(clean).document_id: substituted}, clean.policy
    for record, facts in _reports(clean):
        yield record, facts, clean.policy
    for record, photographed in _photographed_reports(clean):
        yield record, photographed, clean.policy


def _declarations(clean: DemoCase) -> Iterator[CaseRecord]:
    record, content = clean.case, clean.case.content
    naat = next(t for t in content.tests if t.kind is TestKind.NAAT)
    departure = content.itinerary.departure_time
    yield with_test(record, TestKind.NAAT, result=TestResult.INCONCLUSIVE)
    yield with_test(record, TestKind.NAAT, result=TestResult.POSITIVE)  # the report disagrees
    yield with_test(
        record, TestKind.NAAT, sample_collected_at=record.submitted_at + timedelta(hours=1)
    )
    yield with_test(
        record, TestKind.NAAT, sample_collected_at=naat.sample_collected_at + timedelta(hours=3)
    )
    after_departure = with_test(
        record, TestKind.NAAT, sample_collected_at=departure + timedelta(hours=1)
    )
    yield after_departure.model_copy(update={"submitted_at": departure + timedelta(hours=2)})
    yield with_content(record, tests=[])
    for lab in (
        naat.laboratory.model_copy(update={"name": "Nowhere Diagnostics"}),
        naat.laboratory.model_copy(update={"country": "FR"}),
    ):
        yield with_test(record, TestKind.NAAT, laboratory=lab)
    yield record.model_copy(update={"version": clean.policy.max_redeclarations})
    holder = content.holder
    for name in (
        PersonName(family="Nobody", given="Someone"),
        holder.name.model_copy(update={"given": "Zzyzx"}),
    ):
        yield with_content(record, holder=holder.model_copy(update={"name": name}))
    document = content.travel_document.model_copy(update={"number": "X00000000"})
    yield with_content(record, travel_document=document)


def _altered(clean: DemoCase, analyser: DocumentAnalyser) -> Iterator[DocumentFacts]:
    """Facts of the first PDF as an unreadable, substituted, hostile or edited file would give."""
    first = clean.facts[_first_pdf(clean).document_id]
    created = first.created_at
    assert created is not None
    later = created + timedelta(hours=1)
    yield dataclasses.replace(first, error="not a readable PDF: X")
    yield dataclasses.replace(first, pages=())
    yield dataclasses.replace(first, modified_at=later, incremental_updates=0)
    yield dataclasses.replace(first, modified_at=created, incremental_updates=1)
    yield dataclasses.replace(first, modified_at=created, incremental_updates=2)
    yield dataclasses.replace(first, modified_at=later, incremental_updates=2)
    yield dataclasses.replace(first, encrypted=True)
    yield dataclasses.replace(first, problems=("no end-of-file marker",))
    yield dataclasses.replace(  # more problems than a summary names
        first,
        media_type=PNG,
        encrypted=True,
        scripts=("JavaScript run when the document opens",),
        attachments=("invoice.exe",),
        problems=("no end-of-file marker",),
    )
    yield analyser.analyse(hostile.scripted_pdf())
    yield analyser.analyse(
        hostile.photo(
            exif={0x010F: "Canon", 0x0110: "EOS 80D", 0x0131: "GIMP 2.10"},
            sub_ifd={0x9003: "2024:02:29 18:04:05"},
        )
    )
    yield dataclasses.replace(first, image=ImageFacts(format="PNG", width=10, height=10))


def _first_pdf(case: DemoCase) -> DocumentRef:
    return next(r for r in case.case.documents if r.media_type == PDF)


def _replacing_first_pdf(clean: DemoCase, facts: DocumentFacts) -> Run:
    """The clean case with its first PDF replaced by a file of these facts (same media type)."""
    ref = _first_pdf(clean)
    changed = ref.model_copy(update={"sha256": facts.sha256}) if facts.error is None else ref
    documents = [changed if r is ref else r for r in clean.case.documents]
    record = clean.case.model_copy(update={"documents": documents})
    return record, {**clean.facts, ref.document_id: facts}, clean.policy


#: A NAAT report made out to someone else, with a date read two ways and the wrong result.
FORGED_REPORT = """Patient name: OTHER PERSON
Surname: NOBODY
Given names: SOMEONE
Passport No: X99999999
Dear {family},
Sample collected: 03/04/2024 10:00
Result: positive
"""
#: A NAAT report that names the holder by family name only.
FAMILY_ONLY_REPORT = """Dear {family},
Passport No: {number}
Result: negative
"""
#: A NAAT report that names nobody and gives two results.
CONFUSED_REPORT = """Result: negative
Result: inconclusive
"""


def _reports(clean: DemoCase) -> Iterator[tuple[CaseRecord, dict[UUID, DocumentFacts]]]:
    content = clean.case.content
    family, number = content.holder.name.family, content.travel_document.number
    for text, declared in (
        (FORGED_REPORT.format(family=family), TestResult.NEGATIVE),
        (FAMILY_ONLY_REPORT.format(family=family, number=number), TestResult.NEGATIVE),
        (CONFUSED_REPORT, TestResult.POSITIVE),
    ):
        digest = hashlib.sha256(text.encode()).hexdigest()
        ref = DocumentRef(
            document_id=uuid.uuid4(),
            kind=DocumentKind.NAAT_REPORT,
            filename="naat.pdf",
            media_type=PDF,
            size=len(text),
            sha256=digest,
        )
        facts = DocumentFacts(
            sha256=digest, size=len(text), media_type=PDF, pages=(PageText(1, text),)
        )
        record = with_test(clean.case, TestKind.NAAT, result=declared)
        yield record.model_copy(update={"documents": [ref]}), {ref.document_id: facts}


#: A photo of a report made out to the holder, whose Chinese name OCR read as another.
PHOTO_WITH_CHINESE = """Name:  {latin}
Chinese name:  某某
Passport No: {number}
Sample collected:  {sample}
Result:  negative
"""


def ocr_page(text: str, confidence: float) -> PageText:
    """`text` as OCR would give it: every word placed (nowhere in particular) and rated."""
    words = tuple(
        WordBox(
            start=match.start(),
            end=match.end(),
            quad=(0, 0, 1, 0, 1, 1, 0, 1),
            confidence=confidence,
        )
        for match in re.finditer(r"\S+", text)
    )
    return PageText(1, text, source=OCR, words=words)


def _photographed_reports(
    clean: DemoCase,
) -> Iterator[tuple[CaseRecord, dict[UUID, DocumentFacts]]]:
    """Reports read by OCR: one read too poorly to tell, one with its Chinese name misread."""
    content = clean.case.content
    naat = next(t for t in content.tests if t.kind is TestKind.NAAT)
    holder = content.holder.model_copy(
        update={"name": content.holder.name.model_copy(update={"chinese": "张伟"})}
    )
    record = with_content(clean.case, holder=holder)
    for text, confidence in (
        (FORGED_REPORT.format(family=content.holder.name.family), 0.3),
        (
            PHOTO_WITH_CHINESE.format(
                latin=content.holder.name.latin,
                number=content.travel_document.number,
                sample=naat.sample_collected_at.strftime("%Y-%m-%d %H:%M UTC"),
            ),
            0.95,
        ),
    ):
        data = text.encode()
        digest = hashlib.sha256(data).hexdigest()
        ref = DocumentRef(
            document_id=uuid.uuid4(),
            kind=DocumentKind.NAAT_REPORT,
            filename="IMG_0001.jpg",
            media_type=JPEG,
            size=len(data),
            sha256=digest,
        )
        facts = DocumentFacts(
            sha256=digest,
            size=len(data),
            media_type=JPEG,
            image=ImageFacts(format="JPEG", width=1200, height=1700),
            pages=(ocr_page(text, confidence),),
        )
        yield record.model_copy(update={"documents": [ref]}), {ref.document_id: facts}
    # A photo OCR could read nothing on, beside the same tests' PDF report.
    pdf = _first_pdf(clean)
    blurred = b"a photo too blurred to read"
    digest = hashlib.sha256(blurred).hexdigest()
    photo = pdf.model_copy(
        update={
            "document_id": uuid.uuid4(),
            "filename": "IMG_0002.jpg",
            "media_type": JPEG,
            "size": len(blurred),
            "sha256": digest,
        }
    )
    unread = DocumentFacts(
        sha256=digest,
        size=len(blurred),
        media_type=JPEG,
        image=ImageFacts(format="JPEG", width=1200, height=1700),
        ocr_problem="OCR found no legible text in the image",
    )
    documents = [*clean.case.documents, photo]
    yield (
        clean.case.model_copy(update={"documents": documents}),
        {**clean.facts, photo.document_id: unread},
    )
