"""The queue's search, filter and sorting, the case view of a proxy re-declaration, sign-in to an
untrusted HTTPS server, the remembered language and the keyboard: through the real main window
against the real reference server."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from server.harness import ReferenceServerProcess
from tests.support.officer_ui import (
    HOLDER,
    TIMEOUT,
    activate,
    answer_next_question,
    column,
    declining_questions,
    demo_declarations,
    open_window,
    review_workspace,
    show_statuses,
    type_search,
)
from tests.support.tls import self_signed
from tests.ui.conftest import MISSION, SEED, OpenServices
from ui.common.operations import ErrorRoute, Pools
from ui.common.queue_model import COLUMNS, SORT_VALUE_ROLE
from ui.common.queue_view import EVERY, OPEN, QueueView
from ui.shell.i18n import LANGUAGES, SETTING, install_language, saved_language
from ui.shell.signin_dialog import SignInDialog
from workstation.domain import CaseStatus, DecisionOutcome
from workstation.queue import QueueColumn
from workstation.text import fold

DEPARTURE = COLUMNS.index(QueueColumn.DEPARTURE)
STATUS = COLUMNS.index(QueueColumn.STATUS)
CTRL = Qt.KeyboardModifier.ControlModifier
NOTE_MISSING = "Write a note: the traveller must be told why."
NOT_TRUSTED = (
    "The server's certificate is not trusted. Check the address, or ask IT to install the "
    "mission's CA certificate."
)


def click_header(qtbot: QtBot, queue: QueueView, position: int) -> None:
    header = queue.table.horizontalHeader()
    x = header.sectionViewportPosition(position) + header.sectionSize(position) // 2
    with qtbot.waitSignal(queue.model.modelReset, timeout=TIMEOUT):
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )


# -- the queue ----------------------------------------------------------------------------------


def test_typing_a_family_name_narrows_the_queue_to_that_traveller(
    qtbot: QtBot, open_signed_in: OpenServices, central: ReferenceServerProcess
) -> None:
    window = open_window(qtbot, open_signed_in("officer"))
    queue = review_workspace(window).queue
    holders = column(queue.model, HOLDER)
    total = len(holders)
    assert total > 10 and queue.count.text() == f"{total} cases"

    # A family name of the seeded travellers that some, but not all, queued cases carry.
    families = {
        d.submission.content.holder.name.family
        for d in demo_declarations(central, SEED)
        if d.submission.mission == MISSION
    }
    matches = {
        family: sum(fold(family) in fold(holder) for holder in holders)
        for family in sorted(families)
        if family.isascii() and len(family) >= 3
        and not set(family.lower()) <= set("abcdef")  # could match inside a case id
    }  # fmt: skip
    family, expected = max(
        ((f, n) for f, n in matches.items() if 0 < n < total), key=lambda item: item[1]
    )

    type_search(qtbot, queue, family)
    found = column(queue.model, HOLDER)
    assert len(found) == expected < total
    assert all(fold(family) in fold(holder) for holder in found), (family, found)
    assert queue.count.text() == f"{expected} cases"

    with qtbot.waitSignal(queue.model.modelReset, timeout=TIMEOUT):
        queue.search.clear()
    assert queue.model.rowCount() == total and queue.count.text() == f"{total} cases"


def test_status_filter_shows_only_the_chosen_status(
    qtbot: QtBot, open_signed_in: OpenServices
) -> None:
    window = open_window(qtbot, open_signed_in("officer"))
    queue = review_workspace(window).queue
    show_statuses(qtbot, queue, EVERY)
    every = queue.model.rowCount()

    shown: dict[CaseStatus, int] = {}
    for status in CaseStatus:
        show_statuses(qtbot, queue, status.value)
        rows = column(queue.model, STATUS)
        label = queue.status_filter.currentText()
        assert all(text == label for text in rows), (status, set(rows))
        assert queue.count.text() == f"{len(rows)} cases"
        shown[status] = len(rows)
    # The statuses split the whole queue between them, and more than one of them has cases.
    assert sum(shown.values()) == every
    assert sum(1 for n in shown.values() if n) >= 2, shown
    assert 0 < shown[CaseStatus.SUPERSEDED] < every


def test_sorting_by_departure_ascending_then_descending(
    qtbot: QtBot, open_signed_in: OpenServices
) -> None:
    window = open_window(qtbot, open_signed_in("officer"))
    queue = review_workspace(window).queue
    show_statuses(qtbot, queue, EVERY)
    header = queue.table.horizontalHeader()

    click_header(qtbot, queue, DEPARTURE)
    assert header.sortIndicatorSection() == DEPARTURE
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    ascending = column(queue.model, DEPARTURE, SORT_VALUE_ROLE)  # the text is "in 3 h 20 min"
    assert len(ascending) > 10 and ascending[0] < ascending[-1]
    for row, (earlier, later) in enumerate(itertools.pairwise(ascending)):
        assert earlier <= later, f"rows {row} and {row + 1}: {earlier} > {later}"

    click_header(qtbot, queue, DEPARTURE)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    descending = column(queue.model, DEPARTURE, SORT_VALUE_ROLE)
    assert sorted(descending) == sorted(ascending), "the same cases, in another order"
    for row, (later, earlier) in enumerate(itertools.pairwise(descending)):
        assert later >= earlier, f"rows {row} and {row + 1}: {later} < {earlier}"


def test_sync_progress_shows_while_syncing_and_hides_after(
    qtbot: QtBot, open_signed_in: OpenServices
) -> None:
    window = open_window(qtbot, open_signed_in("officer"))
    progress = window.status.progress
    assert not progress.isVisible(), "hidden once the first sync finished"
    with qtbot.waitSignal(window.sync.finished, timeout=TIMEOUT) as finished:
        window.sync.sync_now()
        during = progress.isVisible()
    assert during, "the progress indicator shows while the sync runs"
    assert finished.args == [True, ""]
    assert not progress.isVisible()
    assert window.status.last_sync.text().startswith("Last sync ")


# -- the case view ------------------------------------------------------------------------------


# -- sign-in ------------------------------------------------------------------------------------


def test_sign_in_to_an_https_server_with_an_untrusted_certificate(
    qtbot: QtBot, tmp_path: Path
) -> None:
    cert_file, key_file = self_signed(tmp_path)
    server = ReferenceServerProcess(
        database_url=f"sqlite:///{tmp_path / 'tls.sqlite3'}",
        workdir=tmp_path,
        extra_args=["--tls-certfile", str(cert_file), "--tls-keyfile", str(key_file)],
    ).start()
    pools = Pools()
    try:
        assert server.url.startswith("https://")
        officer = server.user("officer", MISSION)

        def dialog_for(ca_bundle: Path | None) -> SignInDialog:
            dialog = SignInDialog(
                server_url=server.url, pools=pools, errors_route=ErrorRoute(), ca_bundle=ca_bundle
            )
            qtbot.addWidget(dialog)
            assert dialog.server.text() == server.url
            dialog.user.setText(officer.username)
            dialog.password.setText(officer.password)
            dialog.show()
            return dialog

        untrusted = dialog_for(None)
        sign_in = untrusted.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(sign_in, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: untrusted.message.text() != "Signing in…", timeout=TIMEOUT)
        assert untrusted.message.text() == NOT_TRUSTED
        assert untrusted.client is None and untrusted.result() != QDialog.DialogCode.Accepted
        assert untrusted.buttons.isEnabled(), "the officer can correct the address and retry"

        # The same server, with the mission's CA certificate installed: signed in.
        trusted = dialog_for(cert_file)
        with qtbot.waitSignal(trusted.accepted, timeout=TIMEOUT):
            qtbot.mouseClick(
                trusted.buttons.button(QDialogButtonBox.StandardButton.Ok),
                Qt.MouseButton.LeftButton,
            )
        assert trusted.client is not None and trusted.client.user is not None
        trusted.client.close()
    finally:
        pools.wait()
        # The dialogs' finished operations delete their relays later: let the event loop do
        # that while the dialogs still exist (pytest-qt holds them only weakly).
        qtbot.wait(100)
        pools.wait()
        server.stop()


# -- language -----------------------------------------------------------------------------------


def test_chosen_language_is_remembered_for_the_next_start(
    qtbot: QtBot, open_signed_in: OpenServices
) -> None:
    settings_file = Path(QSettings().fileName())
    assert any(part.startswith("qsettings") for part in settings_file.parts), settings_file
    assert QSettings().value(SETTING) is None and saved_language() == "en"

    window = open_window(qtbot, open_signed_in("officer"))
    menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Language"
    )
    actions = {action.text(): action for action in menu.actions()}
    english, chinese = actions[LANGUAGES["en"]], actions[LANGUAGES["zh_CN"]]
    assert english.isChecked() and not chinese.isChecked()

    chinese.trigger()
    assert chinese.isChecked() and not english.isChecked()
    assert saved_language() == "zh_CN"
    QSettings().sync()
    assert f"{SETTING}=zh_CN" in settings_file.read_text(encoding="utf-8")
    assert "next time" in window.statusBar().currentMessage()
    sync_action = window.findChild(QAction, "syncAction")
    assert isinstance(sync_action, QAction) and sync_action.text() == "Sync now"

    # The next start installs the saved language: the same window speaks Chinese.
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        assert install_language(app, saved_language())
        assert QCoreApplication.translate("MainWindow", "Sync now") == "立即同步"
        again = open_window(qtbot, open_signed_in("officer"))
        again_sync = again.findChild(QAction, "syncAction")
        assert isinstance(again_sync, QAction) and again_sync.text() == "立即同步"
        chosen = [a for a in again.findChildren(QAction) if a.text() == LANGUAGES["zh_CN"]]
        assert len(chosen) == 1 and chosen[0].isChecked()
    finally:
        install_language(app, "en")
    assert QCoreApplication.translate("MainWindow", "Sync now") == "Sync now"


# -- the keyboard -------------------------------------------------------------------------------


def test_keyboard_takes_the_next_case_and_decides_it(
    qtbot: QtBot, open_signed_in: OpenServices
) -> None:
    services = open_signed_in("officer")
    window = open_window(qtbot, services)
    workspace = review_workspace(window)
    decision = workspace.decision
    activate(qtbot, window)
    assert workspace.current_case is None

    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: workspace.current_case is not None, timeout=TIMEOUT)
    taken = workspace.current_case
    assert taken is not None and taken.claim is not None
    assert taken.claim.officer == services.user.username
    qtbot.waitUntil(lambda: workspace.checks.topLevelItemCount() >= 5, timeout=TIMEOUT)
    qtbot.waitUntil(decision.confirm_button.isEnabled, timeout=TIMEOUT)

    def chosen() -> DecisionOutcome | None:
        button = decision.outcomes.checkedButton()
        return None if button is None else DecisionOutcome(button.property("outcome"))

    # Reject and request materials without a note: both refused in the panel, nothing recorded.
    for outcome, key in (
        (DecisionOutcome.REJECT, Qt.Key.Key_2),
        (DecisionOutcome.REQUEST_INFO, Qt.Key.Key_3),
    ):
        qtbot.keyClick(window, key, CTRL)
        assert chosen() is outcome
        reasons = [decision.reasons.item(i) for i in range(decision.reasons.count())]
        assert reasons, outcome
        if all(item.checkState() != Qt.CheckState.Checked for item in reasons):
            reasons[0].setCheckState(Qt.CheckState.Checked)  # only the note is missing
        with declining_questions() as asked:
            qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
        assert asked == [], "refused before any confirmation is asked"
        assert decision.message.text() == NOTE_MISSING, outcome
        counts = services.outbox.counts()
        assert (counts.pending, counts.delivered) == (0, 0)

    # Approve from the keyboard: confirmed, recorded and delivered.
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert chosen() is DecisionOutcome.APPROVE
    seen: list[str] = []
    answer_next_question(seen, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: services.outbox.counts().delivered == 1, timeout=TIMEOUT)
    assert taken.content.holder.name.latin in seen[0]
    assert services.client.case(taken.case_id).status is CaseStatus.APPROVED
    show_statuses(qtbot, workspace.queue, OPEN)
    assert workspace.queue.model.row_of(str(taken.case_id)) == -1
