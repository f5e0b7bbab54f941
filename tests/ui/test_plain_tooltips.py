"""Tooltips that carry a traveller's or a document's words show them literally, never as HTML."""

from __future__ import annotations

from uuid import uuid4

from pytestqt.qtbot import QtBot

from review.checks import CheckResult, Evidence, Source, Verdict
from tests.support.qt_text import shown
from ui.common.plain import plain_tooltip
from ui.officer.checks_panel import ChecksPanel

HOSTILE_LAB = "<img src='http://203.0.113.9/x.png'><b>Acme</b> Labs & Co"
HOSTILE_FILE = "<a href='file:///etc/passwd'>report</a>.pdf"


def test_plain_tooltip_keeps_every_character() -> None:
    assert shown(plain_tooltip(HOSTILE_LAB, "second line")) == f"{HOSTILE_LAB}\nsecond line"


def test_check_summaries_and_evidence_show_markup_as_written(qtbot: QtBot) -> None:
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    evidence = Evidence(
        source=Source.DOCUMENT,
        label="Laboratory",
        value=HOSTILE_LAB,
        document_id=uuid4(),
        filename=HOSTILE_FILE,
        page=1,
    )
    result = CheckResult(
        check="approved_lab",
        verdict=Verdict.FAIL,
        summary=f"{HOSTILE_LAB} is not on the approved list",
        evidence=(evidence,),
    )
    panel.show_results([result])
    top = panel.topLevelItem(0)
    assert top is not None and top.child(0) is not None
    assert shown(top.toolTip(1)) == result.summary
    assert shown(top.child(0).toolTip(1)) == evidence.describe()
    assert HOSTILE_FILE in shown(top.child(0).toolTip(1))
