"""The officer's window: start-up, sign-in to a full queue, the queue over 100,000 cases, the PDF
case opened to its first page and to ready (highlights drawn, checks shown).

    python benchmarks/ui_bench.py [--cases 100000] [--rounds 5] [--declarations 10000]

- startup_ms: from starting a fresh process to the main window painted, signed in against
  the reference server (`ui.shell.launch.open_signed_in_window`, what `demo` runs), its
  first sync not waited for (`ui_startup.py window`).
- signin_to_queue_ms: a fresh process runs the workstation as `gui` does (the sign-in
  dialog of `ui.shell.launch.WorkstationShell`), with a fresh local store, against a
  reference server holding `--declarations` (10,000) declarations of the officer's
  mission: from the click on Sign in to the queue's first rows painted with their check
  summaries. In between: the sign-in request, the main window, and its first sync pulling
  the cases and running the automatic checks (`ui_startup.py signin`).
- queue_load_100k_ms: `QueueModel.reload()` over a store holding 100,000 cases, until the
  visible rows are painted in a `QueueView`: the median of reloads of one model (its store
  and Python warm). The store is filled through `workstation.cases.upsert_records`, the
  function every sync writes with, with records varied from 2,000 generated demo
  declarations (generating 100,000 PDF reports would take about 25 minutes and is not
  what this measures).
- cold_queue_load_100k_ms: the first load of a fresh `QueueView` over that store, in a
  fresh process each round (empty SQLite cache, the queue's queries never run before;
  the OS file cache is warm, as after a sync): the model built, the ids read, the visible
  rows fetched and painted (`ui_startup.py queue`).
- queue_filter_100k_ms: typing a search into that queue: the filtered reload, painted.
- first_page_ms: `ReviewWorkspace.open_case` on a case whose 5-page PDF report is on the
  reference server and not yet on this workstation (each round signs in with a fresh local
  store in a fresh folder and pulls the queue, untimed), until the inspector has painted
  page 1: the report's download, its sandboxed analysis and the checks included.
- case_ready_ms: the same open, timed to the case ready to judge: page 1 painted with the
  marks of what the report states (placed from the text layer's word positions, coloured
  by the checks), the text highlighted, and every check's result in the checks panel
  (`DocumentInspector.marks_painted` after the assessment arrived). Same rounds as
  first_page_ms, each cold: a fresh store and folder, the page renderer's cache empty.

Medians over the rounds. The last line is
`startup_ms=<f> queue_load_100k_ms=<f> queue_filter_100k_ms=<f> first_page_ms=<f>
signin_to_queue_ms=<f> cold_queue_load_100k_ms=<f> case_ready_ms=<f>` (one line).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid5

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # demo builders shared with the tests

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from review.checks import CheckResult  # noqa: E402
from server.demodata import generate  # noqa: E402
from server.harness import ReferenceServerProcess  # noqa: E402
from tests.support.declarations import Upload, build_declaration, manifest_entry, submit  # noqa: E402
from tests.support.inspection import report_pdf  # noqa: E402
from ui.common.operations import ErrorRoute, Pools  # noqa: E402
from ui.common.queue_view import QueueView  # noqa: E402
from ui.common.services import open_services  # noqa: E402
from ui.common.sync_controller import SyncController  # noqa: E402
from ui.officer.checks_panel import RESULT_ROLE  # noqa: E402
from ui.officer.workspace import ReviewWorkspace  # noqa: E402
from ui.shell.app import create_application  # noqa: E402
from workstation.cases import upsert_records  # noqa: E402
from workstation.client import CentralClient  # noqa: E402
from workstation.config import load_settings  # noqa: E402
from workstation.domain import CaseStatus, DocumentKind  # noqa: E402
from workstation.models import CaseRow  # noqa: E402
from workstation.protocol import CaseRecord, DocumentRef  # noqa: E402
from workstation.queue import QueueFilter  # noqa: E402
from workstation.store import Store  # noqa: E402

MISSION = "GBR-LON"
SEARCHES = ("zhang", "müller", "E1", "wang wei", "de", "GB", "smith", "li")
NAMESPACE = UUID("6f1c8e52-6c1b-4d4a-9a51-0d7c8b1f3a10")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def child(folder: Path, mode: str, *arguments: str, password: str = "") -> dict[str, str]:
    """Run `ui_startup.py MODE ...` in a fresh process; its `name=value` lines as a dict.

    Its settings and QSettings live in `folder`, never in the user's own configuration.
    """
    environment = {
        **os.environ,
        "CW_PASSWORD": password,
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
    }
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "ui_startup.py"), mode, *arguments],
        capture_output=True, text=True, cwd=REPO, env=environment, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"ui_startup.py {mode} failed:\n{done.stdout}{done.stderr[-3000:]}")
    values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    if "never" in values.values():
        raise SystemExit(f"ui_startup.py {mode}: something never happened: {values}")
    return values


def startup_times(server: ReferenceServerProcess, folder: Path, rounds: int) -> list[float]:
    officer = server.user("officer", MISSION)
    times = []
    for number in range(rounds):
        began = time.perf_counter()
        values = child(
            folder, "window", server.url, officer.username,
            f"sqlite:///{folder / f'startup-{number}.sqlite3'}", password=officer.password,
        )  # fmt: skip
        times.append(float(values["shown_at"]) - began)
    return times


def signin_to_queue_times(server: ReferenceServerProcess, folder: Path, rounds: int) -> list[float]:
    """Seconds from the click on Sign in to the first checked rows painted, per fresh process."""
    officer = server.user("officer", MISSION)
    times = []
    for number in range(rounds):
        values = child(
            folder, "signin", server.url, officer.username,
            f"sqlite:///{folder / f'signin-{number}.sqlite3'}", password=officer.password,
        )  # fmt: skip
        clicked = float(values["clicked_at"])
        times.append(float(values["queue_at"]) - clicked)
        print(
            f"  sign-in {number + 1}: window {(float(values['window_at']) - clicked) * 1000:.0f} "
            f"ms, first checked rows {times[-1] * 1000:.0f} ms, "
            f"first sync done {(float(values['synced_at']) - clicked) * 1000:.0f} ms"
        )
    return times


def cold_queue_times(folder: Path, database_url: str, rounds: int) -> list[float]:
    """Seconds of a fresh queue's first load over the store, each in a fresh process."""
    return [float(child(folder, "queue", database_url)["queue_ms"]) / 1000 for _ in range(rounds)]


def varied_records(count: int) -> list[CaseRecord]:
    """`count` distinct, valid records built from 2,000 generated declarations."""
    base = [d.submission for d in generate(count=2000, seed=11, missions=[MISSION])]
    names = [s.content.holder.name for s in base]
    now = datetime.now(UTC)
    statuses = [CaseStatus.SUBMITTED] * 8 + [CaseStatus.IN_REVIEW, CaseStatus.APPROVED]
    records = []
    for index in range(count):
        submission = base[index % len(base)]
        name = names[(index * 7) % len(names)].model_copy(
            update={"given": names[(index * 13) % len(names)].given}
        )
        holder = submission.content.holder.model_copy(update={"name": name})
        document = submission.content.travel_document.model_copy(update={"number": f"X{index:08d}"})
        content = submission.content.model_copy(
            update={"holder": holder, "travel_document": document}
        )
        references = [
            DocumentRef(
                document_id=uuid5(NAMESPACE, f"{index}/{position}"),
                kind=entry.kind,
                filename=entry.filename,
                media_type="application/pdf",
                size=1000,
                sha256=entry.sha256,
            )
            for position, entry in enumerate(submission.documents)
        ]
        records.append(
            CaseRecord(
                case_id=uuid5(NAMESPACE, str(index)),
                mission=MISSION,
                status=statuses[index % len(statuses)],
                version=0,
                submitted_at=now - timedelta(seconds=count - index),
                change_seq=index + 1,
                content=content,
                documents=references,
            )
        )
    return records


def filled_store(folder: Path, count: int) -> Store:
    store = Store.open(queue_store_url(folder))
    records = varied_records(count)
    for start in range(0, count, 1000):
        with store.session() as session:
            upsert_records(session, records[start : start + 1000], synced_at=datetime.now(UTC))
    return store


def queue_store_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'queue-100k.sqlite3'}"


def painted(view: QueueView, action: Callable[[], None]) -> float:
    began = time.perf_counter()
    action()
    view.table.viewport().repaint()
    return time.perf_counter() - began


def store_count(store: Store) -> int:
    with store.reader() as session:
        return session.query(CaseRow).count()


def queue_times(store: Store, rounds: int) -> tuple[list[float], list[float]]:
    view = QueueView(store)
    view.resize(1200, 800)
    view.show()
    loads = [painted(view, view.model.reload) for _ in range(rounds)]
    print(f"queue: {view.model.rowCount()} open cases of {store_count(store)} stored")

    def search(text: str) -> Callable[[], None]:
        return lambda: view.model.reload(QueueFilter(text=text))

    filters = [painted(view, search(text)) for text in SEARCHES[: max(rounds, 1)]]
    view.close()
    return loads, filters


def five_page_case(server: ReferenceServerProcess) -> str:
    upload = build_declaration(mission=MISSION, family="Zhang", given="Wei")
    pdf = report_pdf(upload.submission.content, pages=5)
    manifest = [manifest_entry("report.pdf", pdf, DocumentKind.COMBINED_REPORT)]
    submission = upload.submission.model_copy(update={"documents": manifest})
    reply = submit(server.url, Upload(submission=submission, files={"report.pdf": pdf}))
    reply.raise_for_status()
    return str(reply.json()["case_id"])


def wait_for(signal: object, timeout_ms: int = 20_000) -> None:
    """Run the event loop until `signal` fires; a run that never sees it fails, not counts."""
    loop = QEventLoop()
    fired: list[bool] = []

    def on_fired(*_: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(on_fired)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(on_fired)  # type: ignore[attr-defined]
    if not fired:
        raise SystemExit(f"benchmark failed: nothing happened within {timeout_ms} ms")


def settle(milliseconds: int) -> None:
    """Let the event loop run, as while the officer reads the queue before opening a case."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def open_case_time(
    server: ReferenceServerProcess, folder: Path, number: int, case_id: str
) -> tuple[float, float]:
    """One cold round: sign in with a fresh store in a fresh folder and pull (untimed); then
    open the case, its report not local. Seconds to page 1 painted, and to the case ready
    (page 1 painted with its marks, every check result shown)."""
    officer = server.user("officer", MISSION)
    round_folder = folder / f"officer-{number}"
    settings = load_settings(
        environ={}, server_url=server.url,
        database_url=f"sqlite:///{round_folder / 'workstation.sqlite3'}",
        data_dir=str(round_folder),
    )  # fmt: skip
    round_folder.mkdir(parents=True)
    client = CentralClient(server.url)
    client.login(officer.username, officer.password)
    store = Store.open(settings.effective_database_url)
    services = open_services(
        settings=settings, store=store, client=client, pools=Pools(), errors=ErrorRoute()
    )
    try:
        sync = SyncController(services, interval_ms=3_600_000)
        services.sync.pull()
        workspace = ReviewWorkspace(services, sync)
        workspace.resize(1400, 900)
        workspace.show()
        settle(1000)  # the sandbox worker started at sign-in is up, as it is for a person
        moments: dict[str, float] = {}

        def page_shown(_document: object) -> None:
            moments.setdefault("page", time.perf_counter())

        def ready(_document: object) -> None:
            # Marks come from the assessment: by now every check's result is in the panel.
            checks = workspace.checks
            rows = [checks.topLevelItem(i) for i in range(checks.topLevelItemCount())]
            results = [r.data(0, RESULT_ROLE) for r in rows if r is not None]
            if len(results) < 5 or not all(isinstance(r, CheckResult) for r in results):
                raise SystemExit(f"benchmark failed: marks drawn with {len(rows)} check rows")
            moments.setdefault("ready", time.perf_counter())

        workspace.inspector.first_page_rendered.connect(page_shown)
        workspace.inspector.marks_painted.connect(ready)
        began = time.perf_counter()
        workspace.open_case(case_id)
        wait_for(workspace.inspector.marks_painted)
        if "page" not in moments:
            raise SystemExit("benchmark failed: the case was ready before page 1 was painted")
        workspace.close()
    finally:
        services.close()
        store.close()
    return moments["page"] - began, moments["ready"] - began


def open_case_times(
    server: ReferenceServerProcess, folder: Path, case_id: str, rounds: int
) -> tuple[list[float], list[float]]:
    """first_page and case_ready seconds, one cold open per round."""
    times = [open_case_time(server, folder, number, case_id) for number in range(rounds)]
    return [page for page, _ in times], [ready for _, ready in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--declarations", type=int, default=10_000, help="on the server for signin_to_queue_ms"
    )
    args = parser.parse_args()
    app = create_application()
    with tempfile.TemporaryDirectory(prefix="ui-bench-") as folder_name:
        folder = Path(folder_name)
        server = ReferenceServerProcess(
            database_url=f"sqlite:///{folder / 'central.sqlite3'}", workdir=folder, seed=40
        ).start()
        try:
            startup = startup_times(server, folder, args.rounds)
            print(f"startup: {[round(t * 1000) for t in startup]} ms")
            case_id = five_page_case(server)
            first_page, case_ready = open_case_times(server, folder, case_id, args.rounds)
            print(f"first page: {[round(t * 1000) for t in first_page]} ms")
            print(f"case ready: {[round(t * 1000) for t in case_ready]} ms")
        finally:
            server.stop()
        began = time.perf_counter()
        full = ReferenceServerProcess(
            database_url=f"sqlite:///{folder / 'central-full.sqlite3'}", workdir=folder,
            seed=args.declarations, extra_args=["--seed-missions", MISSION],
        ).start()  # fmt: skip
        print(f"seeded {args.declarations} declarations in {time.perf_counter() - began:.0f} s")
        try:
            signin = signin_to_queue_times(full, folder, args.rounds)
            print(f"sign-in to queue: {[round(t * 1000) for t in signin]} ms")
        finally:
            full.stop()
        began = time.perf_counter()
        queue_store = filled_store(folder, args.cases)
        print(f"filled a store with {args.cases} cases in {time.perf_counter() - began:.0f} s")
        loads, filters = queue_times(queue_store, args.rounds)
        print(f"queue load: {[round(t * 1000) for t in loads]} ms")
        print(f"queue filter: {[round(t * 1000) for t in filters]} ms")
        queue_store.close()
        cold = cold_queue_times(folder, queue_store_url(folder), args.rounds)
        print(f"cold queue load: {[round(t * 1000) for t in cold]} ms")
    app.quit()
    print(
        f"startup_ms={median_ms(startup):.1f} queue_load_100k_ms={median_ms(loads):.1f} "
        f"queue_filter_100k_ms={median_ms(filters):.1f} first_page_ms={median_ms(first_page):.1f} "
        f"signin_to_queue_ms={median_ms(signin):.1f} cold_queue_load_100k_ms={median_ms(cold):.1f} "
        f"case_ready_ms={median_ms(case_ready):.1f}"
    )


if __name__ == "__main__":
    main()
