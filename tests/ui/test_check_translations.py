"""What the automatic checks say reaches the officer in their language.

The checks (review/, no Qt) say things as `Phrase`s; the checks panel and the case view's
re-declaration history translate them through ui/common/check_texts.py. In Chinese, nothing of a
check's English may remain but the data it quotes; in English, the panel shows exactly the
text the decision record keeps.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from review.analysis.analyser import DocumentAnalyser
from review.checks import CheckResult, Verdict, run_checks
from review.checks.phrases import Phrase, Text, english
from review.policy import packaged_policy
from server.demodata import DemoDeclaration, DemoFault
from tests.support.catalog import CATALOG, HAN, LETTERS, read_catalog
from tests.support.check_variants import with_test
from tests.support.inspection import inspected_case
from tests.support.qt_text import shown
from tests.support.screenshots import save_screenshot
from ui.common.case_view import CaseView
from ui.common.check_texts import CHECK_TEMPLATES, CONTEXT, FIELD_NAMES
from ui.officer.checks_panel import ChecksPanel
from workstation.protocol import CaseRecord

LATER = timedelta(hours=20)
FIELD = re.compile(r"\{(\w+)\}")
#: Latin letters a Chinese check text may keep: test methods and formats.
KEPT_LATIN = re.compile(r"PCR|IgM|IgG|SHA|PDF")
WORDS = frozenset({*CHECK_TEMPLATES, *FIELD_NAMES})


@pytest.fixture(scope="module", params=list(DemoFault))
def faulty(
    request: pytest.FixtureRequest,
    declarations: list[DemoDeclaration],
    analyser: DocumentAnalyser,
) -> list[CheckResult]:
    """Every check's result on the first demo case with this fault (documents analysed)."""
    declaration = next(d for d in declarations if d.fault is request.param)
    inspected = inspected_case(declaration, analyser)
    assert inspected.case is not None
    return run_checks(inspected.case, inspected.facts, packaged_policy(inspected.case.mission))


def data(text: Text) -> Iterator[str]:
    """The data a text quotes: names, file names, times, numbers (not to be translated).

    A catalogued word passed as data is a mistake, and is left to be found in the text.
    """
    if not isinstance(text, Phrase):
        if text not in WORDS:
            yield text
        return
    for _name, value in text.fields:
        yield from data(value if isinstance(value, Phrase) else str(value))


def english_left(shown_text: str, text: Text) -> list[str]:
    """Latin words in `shown_text` that are neither quoted data nor a test's or format's name."""
    for quoted in sorted(filter(None, data(text)), key=len, reverse=True):
        shown_text = shown_text.replace(quoted, " ")
    return LETTERS.findall(KEPT_LATIN.sub(" ", shown_text))


def show(qtbot: QtBot, results: list[CheckResult]) -> ChecksPanel:
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.show_results(results)
    assert panel.topLevelItemCount() == len(results)
    return panel


def items(
    panel: ChecksPanel, results: list[CheckResult]
) -> Iterator[tuple[QTreeWidgetItem, Text, Text]]:
    """Each row with the texts it shows: (item, column 0's text, column 1's text)."""
    for i, result in enumerate(results):
        top = panel.topLevelItem(i)
        assert top is not None and top.childCount() == len(result.evidence)
        assert result.headline is not None
        yield top, "", result.headline
        for j, evidence in enumerate(result.evidence):
            child = top.child(j)
            assert child is not None
            yield child, evidence.label, evidence.description


def test_a_faulty_case_shows_its_checks_in_chinese(
    qtbot: QtBot, chinese: QApplication, faulty: list[CheckResult], request: pytest.FixtureRequest
) -> None:
    assert any(r.verdict is Verdict.FAIL for r in faulty)
    panel = show(qtbot, faulty)
    panel.resize(1000, 420)
    panel.setColumnWidth(0, 280)
    panel.expandAll()
    save_screenshot(panel, f"checks_zh_CN_{request.node.callspec.id}")
    leftovers = []
    for item, label, said in items(panel, faulty):
        assert HAN.search(item.text(0)), item.text(0)  # a check's name or an evidence label
        assert HAN.search(item.text(1)), item.text(1)
        assert shown(item.toolTip(1)) == item.text(1)
        leftovers += english_left(item.text(0), label) + english_left(item.text(1), said)
    assert leftovers == [], "English left in the Chinese checks panel"


def test_english_shows_the_text_the_decision_records(
    qtbot: QtBot, faulty: list[CheckResult]
) -> None:
    panel = show(qtbot, faulty)
    for i, result in enumerate(faulty):
        top = panel.topLevelItem(i)
        assert top is not None
        assert (top.text(1), shown(top.toolTip(1))) == (result.summary, result.summary)
        for j, evidence in enumerate(result.evidence):
            child = top.child(j)
            assert child is not None
            assert child.text(0) == english(evidence.label)
            assert child.text(1) == shown(child.toolTip(1)) == evidence.describe()


@pytest.fixture(scope="module")
def redeclared(declarations: list[DemoDeclaration], analyser: DocumentAnalyser) -> list[CaseRecord]:
    """A demo case and its re-declaration with a later sample time, oldest first."""
    first = inspected_case(declarations[0], analyser).case
    assert first is not None
    test = first.content.tests[0]
    later = with_test(first, test.kind, sample_collected_at=test.sample_collected_at + LATER)
    return [first, later.model_copy(update={"version": 1, "case_id": uuid.uuid4()})]


def changed_fields(view: CaseView) -> list[str]:
    """What the re-declaration history says changed: the field part of each line."""
    (box,) = view.findChildren(QGroupBox, "redeclarationGroup")
    lines = [line for label in box.findChildren(QLabel) for line in label.text().splitlines()]
    return [line.split(": ", 1)[0] for line in lines if "›" in line]


def show_history(qtbot: QtBot, versions: list[CaseRecord]) -> list[str]:
    view = CaseView()
    qtbot.addWidget(view)
    view.show_case(versions[-1], versions)
    return changed_fields(view)


def test_the_redeclaration_history_names_fields_in_english(
    qtbot: QtBot, redeclared: list[CaseRecord]
) -> None:
    assert show_history(qtbot, redeclared) == ["tests › 1 › sample collected at"]


def test_the_redeclaration_history_names_fields_in_chinese(
    qtbot: QtBot, chinese: QApplication, redeclared: list[CaseRecord]
) -> None:
    (field,) = show_history(qtbot, redeclared)
    assert HAN.search(field) and not LETTERS.search(field), field


def test_every_check_template_has_a_finished_chinese_translation() -> None:
    catalogue = {m.source: m for m in read_catalog(CATALOG) if m.context == CONTEXT}
    problems = []
    for template in {*CHECK_TEMPLATES, *FIELD_NAMES}:
        message = catalogue.get(template)
        if message is None or message.state or not message.translation:
            problems.append(f"{template!r} is not translated")
            continue
        if sorted(FIELD.findall(template)) != sorted(FIELD.findall(message.translation)):
            problems.append(f"{template!r}: fields differ in {message.translation!r}")
        if LETTERS.search(KEPT_LATIN.sub("", FIELD.sub("", message.translation))):
            problems.append(f"{template!r}: {message.translation!r} is still English")
    assert problems == []
