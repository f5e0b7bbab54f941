"""Marks for the page: what a report states, placed, and coloured by what the checks made of
it (demo reports analysed in the real sandbox, the real checks)."""

from __future__ import annotations

import dataclasses
from uuid import UUID

import pytest

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import OCR, PDF, DocumentFacts, PageText, Quad, WordBox, identify
from review.checks import CheckResult, Verdict, run_checks
from review.marks import Mark, Tone, document_marks, evidence_to_show, joined_quads
from review.matching import DeclaredField, MatchKind
from review.policy import packaged_policy
from server.demodata import DemoDeclaration, DemoFault
from tests.support.declarations import build_declaration
from tests.support.review_demo import as_case
from workstation.protocol import CaseRecord, DocumentRef


@dataclasses.dataclass(frozen=True)
class Analysed:
    case: CaseRecord
    report: DocumentRef
    facts: dict[UUID, DocumentFacts]
    results: list[CheckResult]


def _analysed(
    declarations: list[DemoDeclaration], fault: DemoFault, analyser: DocumentAnalyser
) -> Analysed:
    """The first demo case with `fault` whose first document is a PDF, analysed and checked."""
    declaration = next(
        d
        for d in declarations
        if d.fault is fault and d.submission.documents[0].filename.endswith(".pdf")
    )
    case, files = as_case(declaration)
    facts = {document_id: analyser.analyse(data) for document_id, data in files.items()}
    results = run_checks(case, facts, packaged_policy(case.mission))
    return Analysed(case, case.documents[0], facts, results)


def _failed(analysed: Analysed, check: str) -> CheckResult:
    result = next(r for r in analysed.results if r.check == check)
    assert result.verdict is Verdict.FAIL
    return result


def _marks_of(analysed: Analysed) -> list[Mark]:
    ref = analysed.report
    marks = document_marks(
        analysed.facts[ref.document_id],
        analysed.case.content,
        analysed.results,
        document_id=ref.document_id,
    )
    return list(marks.all())


def test_another_document_number_is_a_placed_contradiction_and_the_name_still_agrees(
    demo_declarations: list[DemoDeclaration], analyser: DocumentAnalyser
) -> None:
    analysed = _analysed(demo_declarations, DemoFault.WRONG_DOCUMENT_NUMBER, analyser)
    _failed(analysed, "identity_in_report")
    marks = _marks_of(analysed)

    (number,) = [m for m in marks if m.kind is MatchKind.OTHER_NUMBER]
    assert number.tone is Tone.CONTRADICTS and number.placed
    assert number.field is DeclaredField.DOCUMENT_NUMBER
    assert "identity_in_report" in number.checks
    names = [m for m in marks if m.kind is MatchKind.HOLDER_NAME]
    assert names and all(m.tone is Tone.AGREES and m.placed for m in names)
    # Cited by the failed check too, but the name is not what is wrong.
    assert any("identity_in_report" in m.checks for m in names)

    ref = analysed.report
    found = document_marks(
        analysed.facts[ref.document_id], analysed.case.content, analysed.results,
        document_id=ref.document_id,
    )  # fmt: skip
    assert found.where(DeclaredField.DOCUMENT_NUMBER) == number
    assert (number.page, number.start, number.end) in found.failed
    assert not any((m.page, m.start, m.end) in found.failed for m in names)


def test_a_failed_check_leads_to_its_contradicted_fact_and_a_passed_one_to_its_first(
    demo_declarations: list[DemoDeclaration], analyser: DocumentAnalyser
) -> None:
    analysed = _analysed(demo_declarations, DemoFault.WRONG_DOCUMENT_NUMBER, analyser)
    ref = analysed.report
    marks = {
        ref.document_id: document_marks(
            analysed.facts[ref.document_id], analysed.case.content, analysed.results,
            document_id=ref.document_id,
        )
    }  # fmt: skip
    identity = _failed(analysed, "identity_in_report")
    cited = [e for e in identity.evidence if e.span is not None]
    assert cited[0].label != cited[-1].label  # the holder's name is cited before the number
    shown = evidence_to_show(identity, marks)
    assert shown is not None and shown.span is not None and shown.page is not None
    text = analysed.facts[ref.document_id].pages[shown.page - 1].text
    assert text[shown.span[0] : shown.span[1]] != analysed.case.content.travel_document.number
    mark = marks[ref.document_id].at(shown.page, shown.span)
    assert mark is not None and mark.tone is Tone.CONTRADICTS

    passed = next(r for r in analysed.results if r.check == "required_tests")
    first = next((e for e in passed.evidence if e.span is not None), None)
    assert evidence_to_show(passed, marks) == first
    approved_lab = next(r for r in analysed.results if r.check == "approved_lab")
    assert evidence_to_show(approved_lab, marks) is None  # it cites no document's text


def test_a_sample_time_a_check_failed_on_is_red_though_it_matches_the_declaration(
    demo_declarations: list[DemoDeclaration], analyser: DocumentAnalyser
) -> None:
    analysed = _analysed(demo_declarations, DemoFault.SAMPLE_TOO_EARLY, analyser)
    _failed(analysed, "test_window")
    marks = _marks_of(analysed)
    samples = [m for m in marks if m.field is DeclaredField.SAMPLE_TIME]
    assert samples
    assert all(m.tone is Tone.CONTRADICTS and m.placed for m in samples)
    assert all("test_window" in m.checks for m in samples)
    # Without the checks' results the same times simply agree with the declaration.
    ref = analysed.report
    plain = document_marks(analysed.facts[ref.document_id], analysed.case.content)
    assert {m.tone for m in plain.all() if m.field is DeclaredField.SAMPLE_TIME} == {Tone.AGREES}


def test_words_ocr_read_unsure_are_marked_uncertain() -> None:
    content = build_declaration(mission="GBR-LON", family="Zhang", given="Wei").submission.content
    number = content.travel_document.number
    text = f"Name: ZHANG Wei\nPassport no.: {number}"
    starts = [text.index(w) for w in ("Name:", "ZHANG", "Wei", "Passport", "no.:", number)]

    def box(start: int, word: str, confidence: float) -> WordBox:
        left = 10.0 * start
        quad = (left, 20.0, left + 9 * len(word), 20.0, left + 9 * len(word), 34.0, left, 34.0)
        return WordBox(start=start, end=start + len(word), quad=quad, confidence=confidence)

    words = tuple(
        box(start, word, 0.3 if word == number else 0.95)
        for start, word in zip(
            starts, ("Name:", "ZHANG", "Wei", "Passport", "no.:", number), strict=True
        )
    )
    page = PageText(number=1, text=text, source=OCR, words=words)
    facts = dataclasses.replace(identify(b"\x89PNG\r\n\x1a\n"), pages=(page,))
    marks = document_marks(facts, content)
    by_field = {m.field: m for m in marks.all()}
    assert by_field[DeclaredField.DOCUMENT_NUMBER].uncertain
    assert not by_field[DeclaredField.HOLDER_NAME].uncertain
    # "ZHANG" and "Wei" side by side on one line: one box.
    assert len(by_field[DeclaredField.HOLDER_NAME].quads) == 1


@pytest.mark.parametrize(
    ("quads", "joined"),
    [
        # two words on one line, a space apart: one box
        (
            [(0, 0, 10, 0, 10, 10, 0, 10), (13, 0, 20, 0, 20, 10, 13, 10)],
            [(0, 0, 20, 0, 20, 10, 0, 10)],
        ),
        # the next line: two boxes
        (
            [(0, 0, 10, 0, 10, 10, 0, 10), (0, 12, 10, 12, 10, 22, 0, 22)],
            [(0, 0, 10, 0, 10, 10, 0, 10), (0, 12, 10, 12, 10, 22, 0, 22)],
        ),
        # a word turned by a photo's perspective keeps its quad
        (
            [(0, 0, 10, 1, 10, 11, 0, 10), (13, 1, 20, 2, 20, 12, 13, 11)],
            [(0, 0, 10, 1, 10, 11, 0, 10), (13, 1, 20, 2, 20, 12, 13, 11)],
        ),
    ],
)
def test_neighbouring_upright_words_are_joined(quads: list[Quad], joined: list[Quad]) -> None:
    assert list(joined_quads(quads)) == joined


def test_a_document_without_text_has_no_marks() -> None:
    facts = dataclasses.replace(identify(b"%PDF-1.7\n"), media_type=PDF, pages=())
    content = build_declaration(mission="GBR-LON", family="Li", given="Na").submission.content
    marks = document_marks(facts, content)
    assert list(marks.all()) == [] and marks.where(DeclaredField.RESULT) is None
