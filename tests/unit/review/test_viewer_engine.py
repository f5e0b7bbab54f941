"""The second reading with pdfium, the engine the workstation's PDF viewer runs."""

from __future__ import annotations

import dataclasses

from review.analysis.analyser import DocumentAnalyser
from review.analysis.facts import identify
from review.analysis.viewer_engine import read_with_viewer_engine
from server.demodata import DemoDeclaration


def _first_pdf(declarations: list[DemoDeclaration]) -> bytes:
    for declaration in declarations:
        for name, content in declaration.files.items():
            if name.endswith(".pdf"):
                return content
    raise AssertionError("no PDF among the demo files")


def test_a_demo_report_reads_the_same_in_both_engines(
    demo_declarations: list[DemoDeclaration], analyser: DocumentAnalyser
) -> None:
    facts = analyser.analyse(_first_pdf(demo_declarations))
    assert facts.error is None and facts.problems == ()
    assert read_with_viewer_engine(_first_pdf(demo_declarations), facts) == facts


def test_a_different_page_count_is_a_problem_that_keeps_it_from_the_viewer(
    demo_declarations: list[DemoDeclaration], analyser: DocumentAnalyser
) -> None:
    pdf = _first_pdf(demo_declarations)
    told_otherwise = dataclasses.replace(analyser.analyse(pdf), page_count=3)
    checked = read_with_viewer_engine(pdf, told_otherwise)
    assert any("finds 1 page(s) where the text reader finds 3" in p for p in checked.problems)


def test_bytes_the_engine_cannot_open_are_an_error() -> None:
    garbage = b"%PDF-1.7\n" + b"\x00" * 200
    facts = dataclasses.replace(identify(garbage), page_count=1)
    assert "cannot open it" in (read_with_viewer_engine(garbage, facts).error or "")
