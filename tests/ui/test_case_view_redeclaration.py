"""The case view of a re-declaration made by a proxy (someone declaring for the holder).

The demo generator decides by chance which trips are re-declared and who declares them, so
this module does not hope the shared seed holds such a trip: it looks for the first demo seed
that does (the generator is deterministic) and starts its own reference server on it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel
from pytestqt.qtbot import QtBot

from server.demodata import generate
from server.harness import ReferenceServerProcess
from tests.support.officer_ui import (
    HOLDER,
    REDECLARATIONS,
    TIMEOUT,
    column,
    demo_declarations,
    form_rows,
    only_group,
    open_window,
    redeclared_chains,
    review_workspace,
    show_statuses,
    type_search,
)
from tests.ui.conftest import MISSION, SEED, OpenServices
from ui.common.queue_view import EVERY

#: Seeds tried in turn; with ~4% re-declarations and ~10% proxies, a few suffice.
CANDIDATE_SEEDS = range(1, 60)


def _has_proxy_redeclaration(seed_value: int) -> bool:
    declarations = list(generate(count=SEED, seed=seed_value))
    return any(
        chain.latest.submission.content.declarant is not None
        for chain in redeclared_chains(declarations, MISSION)
    )


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceServerProcess]:
    seed_value = next(s for s in CANDIDATE_SEEDS if _has_proxy_redeclaration(s))
    folder = tmp_path_factory.mktemp("central")
    server = ReferenceServerProcess(
        database_url=f"sqlite:///{folder / 'central.sqlite3'}",
        workdir=folder,
        seed=SEED,
        seed_value=seed_value,
    ).start()
    yield server
    server.stop()


def test_case_view_shows_a_proxy_redeclaration_with_what_changed(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    chains = [
        chain
        for chain in redeclared_chains(demo_declarations(central, SEED), MISSION)
        if chain.latest.submission.content.declarant is not None
    ]
    assert chains, "the seed has a re-declared trip declared by someone else"
    chain = max(
        chains,
        key=lambda c: (len(c.versions), bool(c.latest.submission.content.vaccinations)),
    )
    content = chain.latest.submission.content
    version = len(chain.versions) - 1
    assert content.declarant is not None and version >= 1

    window = open_window(qtbot, open_signed_in("officer"))
    workspace = review_workspace(window)
    queue = workspace.queue
    show_statuses(qtbot, queue, EVERY)
    type_search(qtbot, queue, chain.document_number)
    model = queue.model
    versions = column(model, REDECLARATIONS)
    assert sorted(versions) == [str(v) for v in range(len(chain.versions))], versions
    row = versions.index(str(version))
    rect = queue.table.visualRect(model.index(row, HOLDER))
    qtbot.mouseClick(queue.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: workspace.current_case is not None, timeout=TIMEOUT)
    assert workspace.current_case is not None
    assert str(workspace.current_case.case_id) == model.case_id(row)
    assert workspace.case_view.isVisible() and workspace.inspector.isVisible()  # side by side

    view = workspace.case_view
    title = view.findChild(QLabel, "caseTitle")
    assert isinstance(title, QLabel) and content.holder.name.latin in title.text()
    case = dict(form_rows(only_group(view, "caseGroup")))
    assert case["Re-declarations"] == str(version)
    assert case["Status"] == "Waiting"

    declarant = dict(form_rows(only_group(view, "declarantGroup")))
    assert declarant["Declarant"] == content.declarant.name
    assert declarant["Relationship"] == content.declarant.relationship
    assert declarant["Mobile phone"] == content.declarant.mobile_phone
    holder = dict(form_rows(only_group(view, "holderGroup")))
    assert holder["Name (travel document)"] == content.holder.name.latin
    assert holder["Mobile phone"] == content.holder.mobile_phone
    document = dict(form_rows(only_group(view, "travelDocumentGroup")))
    assert document["Number"] == content.travel_document.number
    residence = dict(form_rows(only_group(view, "residenceGroup")))
    assert residence["Employer or school"] == (content.employer or "—")
    assert residence["City"] == content.residence.city
    itinerary = dict(form_rows(only_group(view, "itineraryGroup")))
    assert itinerary["Port of entry"] == content.itinerary.port_of_entry
    assert content.itinerary.flights[0].number in itinerary["Flight 1"]

    tests = form_rows(only_group(view, "testsGroup"))
    assert len(tests) == len(content.tests) >= 1
    for (_kind, line), test in zip(tests, content.tests, strict=True):
        assert test.laboratory.name in line
        assert test.sample_collected_at.astimezone().strftime("%Y-%m-%d %H:%M") in line
    if content.vaccinations:
        vaccinations = form_rows(only_group(view, "vaccinationsGroup"))
        assert len(vaccinations) == len(content.vaccinations)
    else:
        assert view.findChildren(QGroupBox, "vaccinationsGroup") == []
    history = form_rows(only_group(view, "historyGroup"))
    earlier = [line for label, line in history if label == "Earlier test"]
    # The re-declaration keeps the tests of the earlier declaration in the history.
    assert len(earlier) == len(content.history.previous_tests) >= 1
    previous_lab = chain.versions[-2].submission.content.tests[0].laboratory.name
    assert any(previous_lab in line for line in earlier)

    changes = form_rows(only_group(view, "redeclarationGroup"))
    assert [heading for heading, _ in changes] == [
        f"Version {v} → {v + 1}" + (" (this one)" if v + 1 == version else "")
        for v in range(version)
    ]
    before = chain.versions[-2].submission.content.model_dump(mode="json")
    after = content.model_dump(mode="json")
    old, new = before["tests"][0]["sample_collected_at"], after["tests"][0]["sample_collected_at"]
    assert old != new
    lines = changes[-1][1].splitlines()
    assert f"tests › 1 › sample collected at: {old} → {new}" in lines
    assert all(line.startswith(("tests ›", "history ›")) for line in lines), lines
