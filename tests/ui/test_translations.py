"""The Simplified Chinese catalog: complete, compiled, in step with the sources, and used.

The catalog is `resources/translations/consular_zh_CN.ts` (refreshed by
`scripts/translations`) and its compiled `.qm`. lupdate only sees literal
strings in `self.tr(...)` and `QCoreApplication.translate("Context", ...)`, so
the sources are also read here for calls it could not extract and for visible
text that never goes through the catalog at all.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabBar,
    QToolBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

import resources
from tests.support.catalog import CATALOG, HAN, LETTERS, parse, read_catalog
from tests.support.screenshots import save_screenshot
from tests.ui.conftest import OpenServices
from ui.common.queue_model import COLUMNS
from ui.officer.workspace import ReviewWorkspace
from ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
COMPILED = resources.path("translations", "consular_zh_CN.qm")
TIMEOUT = 30_000
HORIZONTAL = Qt.Orientation.Horizontal

PLACEHOLDER = re.compile(r"\{\d+\}")
ACCELERATOR = re.compile(r"&(?!&)")

#: Qt calls whose string argument is shown to the user.
VISIBLE_SETTERS = frozenset(
    {
        "addItem", "addItems", "addMenu", "addTab", "insertTab", "setAccessibleName",
        "setApplicationDisplayName", "setCancelButtonText", "setDetailedText",
        "setHeaderLabels", "setInformativeText", "setLabelText", "setPlaceholderText",
        "setPrefix", "setSpecialValueText", "setStatusTip", "setSuffix", "setTabText",
        "setText", "setTitle", "setTitleText", "setToolTip", "setWhatsThis", "setWindowTitle",
        "showMessage", "setName",
    }
)  # fmt: skip
VISIBLE_CONSTRUCTORS = frozenset(
    {
        "QAction", "QCheckBox", "QGroupBox", "QLabel", "QListWidgetItem", "QMenu",
        "QMessageBox", "QPushButton", "QRadioButton", "QTableWidgetItem", "QToolBar",
        "QToolButton", "QTreeWidgetItem",
    }
)  # fmt: skip
APPLICATION_CLASSES = frozenset({"QCoreApplication", "QGuiApplication", "QApplication"})


# -- the catalog --------------------------------------------------------------------------------


def qt_tool(name: str) -> str:
    """A Qt Linguist tool from PySide6-Essentials (next to this Python, or on the PATH)."""
    beside = Path(sys.executable).with_name(f"pyside6-{name}")
    found = str(beside) if beside.exists() else shutil.which(f"pyside6-{name}")
    assert found, f"pyside6-{name} is missing: it ships with PySide6-Essentials"
    return found


def translated_sources() -> list[Path]:
    """What scripts/translations hands to lupdate."""
    return sorted((ROOT / "ui").rglob("*.py"))


def test_every_message_is_translated_and_keeps_its_placeholders() -> None:
    root = parse(CATALOG)
    assert (root.get("language"), root.get("sourcelanguage")) == ("zh_CN", "en")
    messages = read_catalog(CATALOG)
    assert len(messages) > 100
    problems = []
    for m in messages:
        where = f"{m.context}: {m.source!r}"
        if m.state or not m.translation.strip():
            problems.append(f"{where} is {m.state or 'empty'}")
        if sorted(PLACEHOLDER.findall(m.source)) != sorted(PLACEHOLDER.findall(m.translation)):
            problems.append(f"{where}: placeholders differ in {m.translation!r}")
        if len(ACCELERATOR.findall(m.source)) != len(ACCELERATOR.findall(m.translation)):
            problems.append(f"{where}: the & accelerator is lost in {m.translation!r}")
    assert problems == []


def test_compiled_catalog_is_built_from_the_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "consular_zh_CN.qm"
    subprocess.run(
        [qt_tool("lrelease"), "-silent", str(CATALOG), "-qm", str(fresh)], check=True, timeout=60
    )
    assert fresh.read_bytes() == COMPILED.read_bytes(), "run scripts/translations"


def test_catalog_holds_exactly_the_messages_of_the_sources(tmp_path: Path) -> None:
    copy = tmp_path / CATALOG.name
    shutil.copyfile(CATALOG, copy)
    listing = tmp_path / "sources.lst"
    listing.write_text("\n".join(str(p) for p in translated_sources()) + "\n", encoding="utf-8")
    subprocess.run(
        [qt_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "relative",
         f"@{listing}", "-ts", str(copy)],
        check=True, timeout=120,
    )  # fmt: skip
    shipped = {m.key for m in read_catalog(CATALOG)}
    current = {m.key for m in read_catalog(copy)}
    assert sorted(current - shipped) == [], "new strings: run scripts/translations, translate"
    assert sorted(shipped - current) == [], "gone from the sources: run scripts/translations"


# -- the sources --------------------------------------------------------------------------------


def _ui_modules() -> Iterator[tuple[str, ast.Module]]:
    for path in translated_sources():
        yield str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8"))


def _is_text(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(node.value)


def _is_optional_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str))


class _TrCalls(ast.NodeVisitor):
    """Each tr()/translate() call: the message Qt will look up, or why lupdate cannot see it."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.classes: list[str] = []
        self.problems: list[str] = []
        #: (context, source, disambiguation) as Qt looks them up at run time
        self.messages: set[tuple[str, str, str]] = set()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func, args = node.func, node.args
        where = f"{self.module}:{node.lineno}"
        if isinstance(func, ast.Attribute) and func.attr == "tr":
            if not (isinstance(func.value, ast.Name) and func.value.id == "self"):
                # lupdate takes the context from the receiver's name, Qt from its class.
                self.problems.append(f"{where}: {ast.unparse(func)}() (use self.tr or translate)")
            elif not self.classes:
                self.problems.append(f"{where}: self.tr() outside a class has no context")
            elif args and _is_text(args[0]) and all(map(_is_optional_text, args[1:2])):
                # PySide looks the text up under each class of the object's MRO, this one too.
                self._found(self.classes[-1], args[0], args[1:2])
            else:
                self.problems.append(f"{where}: tr() of {ast.unparse(node)[:60]} is not literal")
        elif isinstance(func, ast.Attribute) and func.attr == "translate":
            if isinstance(func.value, ast.Name) and func.value.id in APPLICATION_CLASSES:
                literal = len(args) >= 2 and _is_text(args[0]) and _is_text(args[1])
                if literal and all(map(_is_optional_text, args[2:3])):
                    assert isinstance(args[0], ast.Constant)
                    self._found(str(args[0].value), args[1], args[2:3])
                else:
                    self.problems.append(f"{where}: {ast.unparse(node)[:70]} is not literal")
        elif isinstance(func, ast.Name) and func.id in {"tr", "translate", "QT_TR_NOOP"}:
            self.problems.append(f"{where}: {func.id}() without a context")
        self.generic_visit(node)

    def _found(self, context: str, text: ast.expr, disambiguation: list[ast.expr]) -> None:
        assert isinstance(text, ast.Constant)
        comment = disambiguation[0] if disambiguation else None
        note = comment.value if isinstance(comment, ast.Constant) and comment.value else ""
        self.messages.add((context, str(text.value), str(note)))


def _literal_texts(node: ast.expr) -> Iterator[ast.expr]:
    """Literal words inside an argument: constants, f-string text, lists, concatenations."""
    if isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            yield from _literal_texts(element)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from _literal_texts(node.left)
        yield from _literal_texts(node.right)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        if LETTERS.search(node.value):
            yield node
    elif isinstance(node, ast.JoinedStr):
        literal = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        if LETTERS.search(literal):
            yield node


def test_every_tr_call_is_in_the_catalog_under_the_context_qt_looks_up() -> None:
    problems: list[str] = []
    looked_up: set[tuple[str, str, str]] = set()
    for module, tree in _ui_modules():
        calls = _TrCalls(module)
        calls.visit(tree)
        problems += calls.problems
        looked_up |= calls.messages
    assert problems == []
    # lupdate guesses classes from indentation; Python decides. They must agree.
    translated = {m.key for m in read_catalog(CATALOG) if m.translation and not m.state}
    assert sorted(looked_up - translated) == []
    contexts = {context for context, _source, _note in looked_up}
    assert {"Labels", "QueueModel", "StatusPanel", "MainWindow", "CaseView"} <= contexts


def test_no_visible_text_bypasses_the_catalog() -> None:
    problems = []
    for module, tree in _ui_modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in VISIBLE_SETTERS or name in VISIBLE_CONSTRUCTORS:
                arguments = [*node.args, *(k.value for k in node.keywords if k.arg == "text")]
                problems += [
                    f"{module}:{text.lineno}: {ast.unparse(text)[:70]}"
                    for argument in arguments
                    for text in _literal_texts(argument)
                ]
    assert problems == []


# -- the real window in Chinese -----------------------------------------------------------------


def english_patterns() -> list[re.Pattern[str]]:
    """Each English message (with any text in place of its placeholders) that has Chinese."""
    patterns = []
    for m in read_catalog(CATALOG):
        if m.translation != m.source and LETTERS.search(PLACEHOLDER.sub("", m.source)):
            parts = PLACEHOLDER.split(m.source.replace("&", ""))
            patterns.append(re.compile(".+".join(re.escape(part) for part in parts)))
    return patterns


def visible_texts(window: MainWindow) -> list[str]:
    texts = [window.windowTitle(), *(a.text() for a in window.menuBar().actions())]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts.append(widget.currentText())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QToolBar):
            texts += [action.text() for action in widget.actions()]
        elif isinstance(widget, QHeaderView) and widget.orientation() == HORIZONTAL:
            model = widget.model()
            texts += [str(model.headerData(i, HORIZONTAL)) for i in range(widget.count())]
    return [text for text in texts if text]


def test_officer_window_speaks_chinese(
    qtbot: QtBot, open_signed_in: OpenServices, chinese: QApplication
) -> None:
    services = open_signed_in("officer")
    window = MainWindow(services, sync_interval_ms=3_600_000)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sync.finished, timeout=TIMEOUT):
        window.show()
    workspace = window.workspace
    assert isinstance(workspace, ReviewWorkspace)
    first = workspace.queue.model.case_id(0)
    assert first is not None and workspace.queue.select_case(first)
    qtbot.waitUntil(lambda: workspace.checks.topLevelItemCount() >= 5, timeout=TIMEOUT)
    assert workspace.current_case is not None and str(workspace.current_case.case_id) == first

    assert window.windowTitle().startswith("领事工作站 — ")
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert isinstance(toolbar, QToolBar)
    actions = [action.text() for action in toolbar.actions() if not action.isSeparator()]
    assert {"立即同步", "下一个案件", "释放案件", "验证证书…", "退出登录"} <= set(actions)
    assert all(HAN.search(text) for text in actions), actions
    model = workspace.queue.model
    headers = [model.headerData(i, HORIZONTAL) for i in range(len(COLUMNS))]
    assert headers[:3] == ["持证人", "离境时间", "自动检查"]
    assert all(HAN.search(header) for header in headers), headers
    assert window.status.connection.text() == "● 在线"
    assert window.status.outbox.text().startswith("发件箱：")
    assert window.status.last_sync.text().startswith("上次同步")
    assert workspace.checks.headerItem().text(0) == "检查项"
    assert "持证人" in [box.title() for box in workspace.case_view.findChildren(QGroupBox)]

    texts, english = visible_texts(window), english_patterns()
    assert len(texts) > 40 and any(p.fullmatch("Outbox: 3 waiting") for p in english)
    leaks = [text for text in texts if any(p.fullmatch(text) for p in english)]
    assert leaks == [], "English shown although the catalog has it in Chinese"

    # The packaged CJK font is in the application font, so no character shows as a box.
    families = QApplication.font().families()
    assert any(
        QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
        for family in families
    ), families
    save_screenshot(window, "officer_zh_CN")
