"""A lab report printed in Chinese (issue 11), as a PDF and as a phone photo: opened in the
review workspace, its facts are marked where the page prints them and agree with the
declaration, in the English and the Chinese interface.

With `CW_SHOTS_DIR` set, the workspace (1366x768) is saved there as a PNG for each case
and language, to look at.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from review.checks import CheckResult, Verdict
from review.marks import Tone
from review.matching import DeclaredField
from server.demodata import LabReport, render_lab_report
from server.demodata.photos import render_report_photo
from server.demodata.wording import ReportLayout
from server.harness import ReferenceServerProcess
from tests.support.declarations import Upload, build_declaration, manifest_entry, submit
from tests.support.officer_ui import open_window
from tests.ui.conftest import MISSION, OpenServices
from ui.officer.checks_panel import RESULT_ROLE
from ui.officer.workspace import ReviewWorkspace
from workstation.client import CentralClient
from workstation.domain import CaseStatus
from workstation.protocol import Laboratory

TIMEOUT = 60_000


def _submitted(central: ReferenceServerProcess, medium: str) -> str:
    upload = build_declaration(
        mission=MISSION,
        family="Zhang",
        given="Wei",
        # Fixed, so the photo is the same on every run (OCR of it too).
        document_number="E73192846" if medium == "photo" else "E73192847",
        departure=datetime.now(UTC).replace(microsecond=0) + timedelta(hours=20),
    )
    content = upload.submission.content
    name = content.holder.name.model_copy(update={"chinese": "张伟"})
    # A laboratory the mission approves, so that every check can pass.
    lab = Laboratory(name="Harley Diagnostics Laboratory", city="London", country="GB")
    tests = [t.model_copy(update={"laboratory": lab}) for t in content.tests]
    content = content.model_copy(
        update={"holder": content.holder.model_copy(update={"name": name}), "tests": tests}
    )
    report = dataclasses.replace(
        LabReport.of(content, report_number="CTL-000000-00007"), layout=ReportLayout.CHINESE
    )
    if medium == "photo":
        filename = "IMG_20240301_101500.jpg"
        data = render_report_photo(report, seed=3, taken_at=report.issued_at, upright=True)
    else:
        filename = f"{report.report_number}.pdf"
        data = render_lab_report(report)
    manifest = [manifest_entry(filename, data, report.kind)]
    submission = upload.submission.model_copy(update={"content": content, "documents": manifest})
    reply = submit(central.url, Upload(submission=submission, files={filename: data}))
    reply.raise_for_status()
    return str(reply.json()["case_id"])


@pytest.fixture(scope="module", params=["photo", "pdf"])
def chinese_report_case(
    request: pytest.FixtureRequest, central: ReferenceServerProcess
) -> Iterator[tuple[str, str]]:
    case_id = _submitted(central, request.param)
    yield request.param, case_id
    officer = central.user("officer", MISSION)  # give back anything claimed meanwhile
    client = CentralClient(central.url)
    try:
        client.login(officer.username, officer.password)
        record = client.case(uuid.UUID(case_id))
        if record.status is CaseStatus.IN_REVIEW:
            client.release(record.case_id)
    finally:
        client.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_chinese_report_is_marked_where_it_says_so(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    open_signed_in: OpenServices,
    chinese_report_case: tuple[str, str],
    language: str,
) -> None:
    if language == "zh_CN":
        request.getfixturevalue("chinese")
    medium, case_id = chinese_report_case
    window = open_window(qtbot, open_signed_in("officer"))
    window.resize(1366, 768)
    workspace = window.workspace
    assert isinstance(workspace, ReviewWorkspace)
    with qtbot.waitSignal(workspace.inspector.marks_painted, timeout=TIMEOUT):
        assert workspace.queue.select_case(case_id)
    qtbot.waitUntil(lambda: workspace.checks.topLevelItemCount() >= 5, timeout=TIMEOUT)

    document_id = workspace.inspector.current_document()
    assert document_id is not None
    marks = workspace.inspector.marks(document_id)
    assert marks is not None
    for field in (
        DeclaredField.HOLDER_NAME,
        DeclaredField.DOCUMENT_NUMBER,
        DeclaredField.SAMPLE_TIME,
        DeclaredField.RESULT,
    ):
        mark = marks.where(field)
        assert mark is not None, field
        assert mark.placed and mark.tone is Tone.AGREES, (field, mark)
    assert marks.where(DeclaredField.RESULT).text in ("阴性", "未检出")  # type: ignore[union-attr]
    results = [
        workspace.checks.topLevelItem(i).data(0, RESULT_ROLE)  # type: ignore[union-attr]
        for i in range(workspace.checks.topLevelItemCount())
    ]
    checked = {r.check: r for r in results if isinstance(r, CheckResult)}
    identity = checked["identity_in_report"]
    assert identity.verdict is Verdict.PASS, identity.summary
    assert Verdict.FAIL not in {r.verdict for r in checked.values()}, checked

    # Shown where the report says it: the result, lower on the page.
    button = workspace.inspector.facts_panel.show_button(DeclaredField.RESULT)
    assert button is not None
    button.click()

    folder = os.environ.get("CW_SHOTS_DIR")
    if folder:
        qtbot.wait(300)
        Path(folder).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(folder) / f"chinese_report_{medium}_{language}.png"))
