"""Shared by the inspector's tests and its benchmark: demo cases as the store holds them,
real facts from the sandboxed analyser, and an inspector on an offscreen screen.

The fixtures are registered for tests/ui by its conftest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from pytestqt.qtbot import QtBot

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import DocumentFacts, sniff_media_type
from server.demodata import (
    DemoDeclaration,
    DemoFault,
    LabReport,
    generate,
    render_lab_report,
)
from tests.support.review_demo import REFERENCE_TIME, as_case
from ui.common.operations import ErrorRoute, Pools
from ui.officer.inspector import DocumentInspector
from workstation.cases import StoredDocument
from workstation.domain import DocumentKind
from workstation.protocol import CaseRecord, DeclarationContent, DocumentRef

DEMO_COUNT = 28  # one fault block: every fault once, photos and scans among the rest


@dataclass(frozen=True)
class InspectedCase:
    """A case's documents as the store holds them, their facts and the declaration."""

    documents: list[StoredDocument]
    facts: dict[UUID, DocumentFacts]
    content: DeclarationContent
    case: CaseRecord | None = None  # as the server would hold it, for the checks

    def leading(self, media_type: str) -> InspectedCase:
        """The same case with its first document of `media_type` moved to the front."""
        first = next(d for d in self.documents if d.ref.media_type == media_type)
        rest = [d for d in self.documents if d is not first]
        return dataclasses.replace(self, documents=[first, *rest])


def inspected_case(declaration: DemoDeclaration, analyser: DocumentAnalyser) -> InspectedCase:
    case, files = as_case(declaration)
    documents = [StoredDocument(ref=ref, content=files[ref.document_id]) for ref in case.documents]
    facts = {d.ref.document_id: analyser.analyse(files[d.ref.document_id]) for d in documents}
    return InspectedCase(documents, facts, case.content, case)


def single_document(
    data: bytes,
    content: DeclarationContent,
    analyser: DocumentAnalyser,
    *,
    filename: str = "report.pdf",
) -> InspectedCase:
    """A case of one uploaded file, whatever its bytes (the server sniffs the media type)."""
    ref = DocumentRef(
        document_id=uuid.uuid4(),
        kind=DocumentKind.COMBINED_REPORT,
        filename=filename,
        media_type=sniff_media_type(data) or "application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return InspectedCase(
        [StoredDocument(ref=ref, content=data)], {ref.document_id: analyser.analyse(data)}, content
    )


def report_pdf(content: DeclarationContent, *, pages: int) -> bytes:
    """The declaration's own lab report, `pages` long (pages after the first: method, QC)."""
    report = LabReport(
        laboratory=content.tests[0].laboratory,
        report_number="HDL-240301-00001",
        patient=content.holder.name,
        date_of_birth=content.holder.date_of_birth,
        sex=content.holder.sex,
        document_number=content.travel_document.number,
        tests=tuple(content.tests),
    )
    return render_lab_report(report, pages=pages)


def demo_declarations() -> list[DemoDeclaration]:
    return list(generate(count=DEMO_COUNT, seed=1, reference_time=REFERENCE_TIME))


def pick(
    declarations: list[DemoDeclaration], fault: DemoFault | None, *suffixes: str
) -> DemoDeclaration:
    """The first declaration with `fault` that has a file with each of these suffixes."""
    for declaration in declarations:
        names = {e.filename.rsplit(".", 1)[-1] for e in declaration.submission.documents}
        if declaration.fault is fault and names.issuperset(suffixes):
            return declaration
    raise LookupError(f"no demo declaration with {fault} and files {suffixes}")


@pytest.fixture(scope="module")
def analyser() -> Iterator[DocumentAnalyser]:
    with DocumentAnalyser() as shared:
        yield shared


@pytest.fixture(scope="module")
def declarations() -> list[DemoDeclaration]:
    return demo_declarations()


@pytest.fixture
def pools() -> Iterator[Pools]:
    made = Pools()
    yield made
    assert made.wait(10_000), "background work still running after the test"


@pytest.fixture
def inspector(qtbot: QtBot, pools: Pools) -> DocumentInspector:
    widget = DocumentInspector(pools=pools, errors=ErrorRoute())
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show(qtbot: QtBot, inspector: DocumentInspector, case: InspectedCase) -> None:
    """`show_case` and wait until the first page or photo is on screen."""
    with qtbot.waitSignal(inspector.first_page_rendered, timeout=5000) as shown:
        inspector.show_case(case.documents, case.facts, case.content)
    assert shown.args == [case.documents[0].ref.document_id]
