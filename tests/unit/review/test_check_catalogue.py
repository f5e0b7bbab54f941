"""Everything a check can say is in the UI's catalogue, so the officer reads it translated.

The UI looks a check's `Phrase`s up by their templates, and lupdate sees only the templates
listed in ui/common/check_texts.py. That module is parsed here, not imported: no Qt in unit tests.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from review.analysis.analyser import DocumentAnalyser
from review.checks import CheckResult, phrases, run_checks
from review.checks.case_file import TEST_RESULTS
from review.checks.phrases import JOINS, PATH, Phrase, Text, english
from review.matching import read_page
from review.versions import changes_between, field_name
from tests.support.check_variants import FORGED_REPORT, every_run, with_content, with_test
from tests.support.review_demo import DemoCase
from workstation.domain import TestResult
from workstation.protocol import DeclarationContent

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "ui" / "common" / "check_texts.py"
CHECKS = ROOT / "review" / "checks"


def listed(module: Path) -> list[str]:
    """The messages a module marks with QT_TRANSLATE_NOOP("Checks", ...), as lupdate reads them."""
    found = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "QT_TRANSLATE_NOOP":
            context, text = node.args
            assert isinstance(context, ast.Constant) and context.value == "Checks"
            assert isinstance(text, ast.Constant) and isinstance(text.value, str)
            found.append(text.value)
    return found


#: The joins' names in review.checks.phrases ("LIST", "OR", ...).
JOIN_NAMES = {name for name in phrases.__all__ if getattr(phrases, name) in JOINS}
#: The one branch no check reaches: document evidence always names its file.
UNREACHED = {"{label}: {value}"}


def written_in_the_checks() -> set[str]:
    """Every template spelled out in review/checks/: `Phrase("...")` and the joins used."""
    found = set()
    for module in set(CHECKS.glob("*.py")) - {Path(phrases.__file__)}:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name) and node.id in JOIN_NAMES:
                found.add(getattr(phrases, node.id))
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Phrase":
                template = node.args[0]
                assert isinstance(template, ast.Constant | ast.Name), ast.unparse(node)
                if isinstance(template, ast.Constant):
                    found.add(template.value)
    return found


def templates(text: Text) -> Iterator[str]:
    if isinstance(text, Phrase):
        yield text.template
        for _name, value in text.fields:
            if isinstance(value, Phrase):
                yield from templates(value)


def shown(result: CheckResult) -> Iterator[Text]:
    """What the checks panel shows of a result."""
    assert result.headline is not None
    yield result.headline
    for evidence in result.evidence:
        yield from (evidence.label, evidence.value, evidence.description)


def field_keys(model: type[BaseModel]) -> Iterator[str]:
    """The keys of every field of `model` and of the models inside it."""
    for key, field in model.model_fields.items():
        yield key
        pending = [field.annotation]
        while pending:
            kind = pending.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                yield from field_keys(kind)
            pending += list(getattr(kind, "__args__", ()))


@pytest.fixture(scope="module")
def results(demo_cases: list[DemoCase], analyser: DocumentAnalyser) -> list[CheckResult]:
    return [
        result
        for record, facts, policy in every_run(demo_cases, analyser)
        for result in run_checks(record, facts, policy)
    ]


@pytest.fixture(scope="module")
def produced(results: list[CheckResult]) -> set[str]:
    return {t for result in results for text in shown(result) for t in templates(text)}


def test_every_template_the_checks_produce_is_in_the_catalogue(produced: set[str]) -> None:
    assert sorted(produced - set(listed(CATALOGUE))) == []


def test_the_runs_reach_every_template_the_checks_spell_out(produced: set[str]) -> None:
    # So that the test above sees everything a check can say, not only what demo data says.
    assert sorted(written_in_the_checks() - UNREACHED ^ produced) == []


def test_the_catalogue_lists_each_check_template_or_field_name_once() -> None:
    catalogue = listed(CATALOGUE)
    fields = {field_name(key).template for key in field_keys(DeclarationContent)}
    assert set(catalogue) == written_in_the_checks() | fields | {PATH}
    assert len(catalogue) == len(set(catalogue)) + len(written_in_the_checks() & fields)


def test_the_english_summary_is_the_headline_in_english(results: list[CheckResult]) -> None:
    for result in results:
        assert result.headline is not None and result.summary == result.headline.english()
        # An evidence label is always words, never data.
        assert all(isinstance(evidence.label, Phrase) for evidence in result.evidence)


def test_result_words_are_the_protocols(results: list[CheckResult]) -> None:
    assert {english(word) for word in TEST_RESULTS.values()} == {r.value for r in TestResult}


def test_a_date_read_two_ways_says_both_as_the_matcher_does(
    results: list[CheckResult], demo_cases: list[DemoCase]
) -> None:
    (written,) = read_page(FORGED_REPORT, demo_cases[0].case.content).sample_dates
    assert len(written.days) == 2
    described = [
        e.value
        for result in results
        for e in result.evidence
        if english(e.label) == "sample time in the report" and isinstance(e.value, Phrase)
    ]
    assert described and {english(value) for value in described} == {written.describe()}


def test_redeclared_fields_are_named_in_words(demo_cases: list[DemoCase]) -> None:
    before = demo_cases[0].case
    after = with_content(before, employer=before.content.employer + " Ltd")
    changes = changes_between(before.content, after.content)
    assert [(c.path, c.label) for c in changes] == [(("employer",), "employer")]
    test = before.content.tests[0]
    other = next(result for result in TestResult if result is not test.result)
    later = with_test(before, test.kind, result=other)
    (change,) = changes_between(before.content, later.content)
    assert change.label == "tests › 1 › result"
    assert set(templates(change.wording)) == {"{head} › {tail}", "tests", "result"}
