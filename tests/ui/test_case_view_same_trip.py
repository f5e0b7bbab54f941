"""The case view puts a trip declared at another mission in front of the officer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from PySide6.QtWidgets import QGroupBox, QLabel
from pytestqt.qtbot import QtBot

from tests.support.declarations import build_declaration
from ui.common.case_view import CaseView
from workstation.domain import CaseStatus
from workstation.protocol import CaseRecord, SameTripElsewhere

MISSION = "GBR-LON"


def _record(links: list[SameTripElsewhere]) -> CaseRecord:
    upload = build_declaration(mission=MISSION)
    return CaseRecord(
        case_id=uuid.uuid4(),
        mission=MISSION,
        status=CaseStatus.SUBMITTED,
        version=0,
        submitted_at=datetime(2026, 12, 5, 8, 0, tzinfo=UTC),
        change_seq=1,
        content=upload.submission.content,
        documents=[],
        same_trip_elsewhere=links,
    )


def test_a_possible_duplicate_is_shown_with_the_other_mission(qtbot: QtBot) -> None:
    other = SameTripElsewhere(
        case_id=uuid.uuid4(),
        mission="USA-NYC",
        submitted_at=datetime(2026, 12, 5, 9, 30, tzinfo=UTC),
    )
    view = CaseView()
    qtbot.addWidget(view)
    view.show_case(_record([other]))
    (box,) = view.findChildren(QGroupBox, "sameTripGroup")
    assert "possible duplicate" in box.title()
    texts = [label.text() for label in box.findChildren(QLabel)]
    assert "USA-NYC" in texts
    assert any(str(other.case_id) in text for text in texts)


def test_no_link_no_group(qtbot: QtBot) -> None:
    view = CaseView()
    qtbot.addWidget(view)
    view.show_case(_record([]))
    assert view.findChildren(QGroupBox, "sameTripGroup") == []
