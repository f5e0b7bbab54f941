"""OCR of photographed lab reports: speed of one page, of a photo case, and how much it reads right.

    python benchmarks/ocr_bench.py [--count 300] [--cases 9] [--server-count 600]

The demo generator's photos of printed reports (`server.demodata`: seen at an angle,
unevenly lit, JPEG-compressed; some with Chinese names, some of reports printed in Chinese
(姓名, 采样时间, 检测结果：阴性); some taken sideways with an EXIF orientation, some of a
sheet lying sideways or upside down) for `--count` declarations at a fixed seed and
reference time. The photos of Chinese reports are also tallied on their own.

- `ocr_page_ms`: median time for the sandboxed analyser (`DocumentAnalyser.analyse`, the
  path the inspector and the checks use) to return the facts of one photo: decoding,
  EXIF, turning and straightening, OCR, the reply checked. A warm worker, one photo at a
  time.
- `photo_case_ready_ms`: median time an officer waits, from opening a case whose lab
  report is only a photo (`ReviewWorkspace.open_case`, the click on a queue row) until
  its check results are in the checks panel. The reference server runs as a process on
  loopback with `--server-count` seeded demo declarations; each round signs an officer of
  the case's mission in with a fresh local store and pulls the queue (untimed), so the
  case's documents are still only on the server when it opens: their download (with its
  hash check), the sandboxed analysis and OCR of each, every check and the verdict
  stored are all timed, in the real widgets offscreen, as in `ui_bench.py`'s
  `first_page_ms`. The analysis worker has had a second to start, as after a sign-in.
- `field_accuracy`: the share of the facts printed on the photos that the workstation
  reads right, as the checks find them: the holder's name, the Chinese name when there is
  one (in either script, as the identity check compares it), the document number (O for
  0 and the like allowed, as the check allows), each sample time, the results (read
  surely enough to pass or fail on) and the laboratory. Faults that change what is
  printed (another name or number) leave that field out; everything else printed is what
  was declared.

Last line: `ocr_page_ms=<median> photo_case_ready_ms=<median> field_accuracy=<0..1>`.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Set
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the demo-case helpers live with the tests

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from sqlalchemy import select  # noqa: E402

from review.analysis.analyser import DocumentAnalyser  # noqa: E402
from review.analysis.facts import JPEG, DocumentFacts, PageText  # noqa: E402
from review.analysis.report_facts import page_facts  # noqa: E402
from review.checks.case_file import LEGIBLE, REPORTED_TESTS  # noqa: E402
from review.checks.identity import simplified, unconfused  # noqa: E402
from review.matching.dates import find_dates  # noqa: E402
from review.matching.folding import fold, fold_word  # noqa: E402
from review.matching.names import NameOrder, find_holder_name  # noqa: E402
from review.matching.numbers import find_document_number  # noqa: E402
from review.matching.results import find_results  # noqa: E402
from server.demodata import DemoDeclaration, DemoFault, generate, generator  # noqa: E402
from server.demodata.wording import ReportLayout  # noqa: E402
from server.harness import ReferenceServerProcess  # noqa: E402
from ui.common.operations import ErrorRoute, Pools  # noqa: E402
from ui.common.services import open_services  # noqa: E402
from ui.common.sync_controller import SyncController  # noqa: E402
from ui.officer.checks_panel import RESULT_ROLE  # noqa: E402
from ui.officer.workspace import ReviewWorkspace  # noqa: E402
from ui.shell.app import create_application  # noqa: E402
from workstation.client import CentralClient  # noqa: E402
from workstation.config import load_settings  # noqa: E402
from workstation.domain import DocumentKind  # noqa: E402
from workstation.models import DocumentRow  # noqa: E402
from workstation.protocol import DeclarationContent  # noqa: E402
from workstation.store import Store  # noqa: E402
from workstation.sync import SyncEngine  # noqa: E402

REFERENCE = datetime(2024, 5, 13, 12, tzinfo=UTC)
_HAN = re.compile(r"[\u3400-\u9fff]")
SEED = 1


def demo_photos(count: int) -> list[tuple[DemoDeclaration, DocumentKind, bytes]]:
    """Every JPEG photo of a report among `count` demo declarations, with its declaration."""
    photos = []
    for declaration in generate(count=count, seed=SEED, reference_time=REFERENCE):
        for entry in declaration.submission.documents:
            data = declaration.files[entry.filename]
            if entry.filename.endswith(".jpg") and entry.kind in REPORTED_TESTS:
                photos.append((declaration, entry.kind, data))
    return photos


def chinese_photos(count: int) -> set[bytes]:
    """The photos (as in `demo_photos`) of reports printed in Chinese: those that differ
    when the same demo data is made with every report in English."""
    with mock.patch.object(generator, "layout_for", lambda number: ReportLayout.ENGLISH):
        english = {data for _, _, data in demo_photos(count)}
    return {data for _, _, data in demo_photos(count) if data not in english}


def fields_read(
    page: PageText, content: DeclarationContent, kind: DocumentKind, fault: DemoFault | None
) -> Counter[str]:
    """For each field printed on the page: 'name:ok' or 'name:missed' (and so on).

    A field is read right when the checks find it agreeing with the declaration, as they
    would: a reading that agrees counts at any confidence (a misread does not agree by
    chance); a result counts only when read surely enough to pass or fail on.
    """
    tally: Counter[str] = Counter()
    text = fold(page.text)

    def count(field: str, ok: bool) -> None:
        tally[f"{field}:{'ok' if ok else 'missed'}"] += 1

    name = content.holder.name
    if fault is not DemoFault.WRONG_NAME:
        found = find_holder_name(text, name)
        count("name", any(n.complete and n.order is not NameOrder.CHINESE for n in found))
        if name.chinese:
            # As the identity check compares it: in simplified form (詩 is 诗).
            chinese = simplified(name.chinese)
            read = [f for f in page_facts(page) if f.kind == "name" and _HAN.search(f.text)]
            count(
                "chinese_name",
                any(simplified("".join(_HAN.findall(f.text))) == chinese for f in read),
            )
    if fault is not DemoFault.WRONG_DOCUMENT_NUMBER:
        # As the identity check reads it: exactly, or with O for 0 and the like.
        number = content.travel_document.number
        found_numbers = find_document_number(text, number) or find_document_number(
            fold(unconfused(page.text)), unconfused(number)
        )
        count("document_number", bool(found_numbers))
    tests = [t for t in content.tests if t.kind in REPORTED_TESTS[kind]]
    dates = [d for d in find_dates(text) if d.sample]
    for test in tests:
        count("sample_time", any(d.may_be(test.sample_collected_at) for d in dates))
    results = {
        r.result
        for r in find_results(text)
        if r.labelled and page.confidence(r.start, r.end) >= LEGIBLE
    }
    count("result", bool(tests) and results == {t.result for t in tests})
    if tests:
        lab = fold_word(tests[0].laboratory.name)
        labs = [f for f in page_facts(page) if f.kind == "laboratory"]
        count("laboratory", any(fold_word(f.text) == lab for f in labs))
    return tally


def ocr_pages(
    analyser: DocumentAnalyser,
    photos: list[tuple[DemoDeclaration, DocumentKind, bytes]],
    chinese: Set[bytes] = frozenset(),
) -> tuple[list[float], Counter[str]]:
    """Times and fields read; fields of photos of Chinese reports are also tallied as
    `zh.<field>` (left out of the totals)."""
    times: list[float] = []
    tally: Counter[str] = Counter()
    analyser.analyse(photos[0][2])  # the worker loads its OCR models once
    for declaration, kind, data in photos:
        started = time.perf_counter()
        facts = analyser.analyse(data)
        times.append((time.perf_counter() - started) * 1000)
        page = _ocr_page(facts)
        if page is None:
            tally["unread:missed"] += 1
            continue
        content = declaration.submission.content
        read = fields_read(page, content, kind, declaration.fault)
        tally += read
        if data in chinese:
            tally += Counter({f"zh.{key}": n for key, n in read.items()})
            tally["zh.photos:ok"] += 1
    return times, tally


def _ocr_page(facts: DocumentFacts) -> PageText | None:
    if facts.error is not None or not facts.pages or not facts.pages[0].ocr:
        return None
    return facts.pages[0]


def photo_case_times(count: int, cases: int) -> list[float]:
    """`ReviewWorkspace.open_case` on photo cases whose documents are only on the server."""
    app = create_application()
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as folder_name:
        folder = Path(folder_name)
        server = ReferenceServerProcess(
            database_url=f"sqlite:///{folder / 'central.sqlite3'}",
            workdir=folder,
            seed=count,
            seed_value=SEED,
        ).start()
        try:
            chosen = _photo_cases(server, folder, cases)
            times = [
                _case_ready_time(server, folder, number, mission, case_id)
                for number, (mission, case_id) in enumerate(chosen)
            ]
        finally:
            server.stop()
    app.quit()
    return times


def _photo_cases(
    server: ReferenceServerProcess, folder: Path, wanted: int
) -> list[tuple[str, str]]:
    """(mission, case id) of cases with a lab report the traveller only photographed."""
    found: list[tuple[str, str]] = []
    for mission in server.missions:
        store, client = _signed_in(server, folder, f"survey-{mission}", mission)
        try:
            SyncEngine(client, store).pull()
            with store.reader() as session:
                rows = session.execute(
                    select(DocumentRow.case_id, DocumentRow.kind, DocumentRow.media_type)
                ).all()
        finally:
            store.close()
        kinds: dict[str, dict[str, set[str]]] = {}
        for case_id, kind, media_type in rows:
            if DocumentKind(kind) in REPORTED_TESTS:
                kinds.setdefault(case_id, {}).setdefault(media_type, set()).add(kind)
        for case_id, by_media in sorted(kinds.items()):
            photographed = by_media.get(JPEG, set())
            if photographed - set().union(*(k for m, k in by_media.items() if m != JPEG)):
                found.append((mission, case_id))
    if not found:
        raise SystemExit("benchmark failed: the demo data holds no case with only a photo")
    found.sort(key=lambda pair: pair[1])  # case ids are random: the missions mix
    return found[:wanted]


def _signed_in(
    server: ReferenceServerProcess, folder: Path, name: str, mission: str
) -> tuple[Store, CentralClient]:
    officer = server.user("officer", mission)
    client = CentralClient(server.url)
    client.login(officer.username, officer.password)
    return Store.open(f"sqlite:///{folder / f'{name}.sqlite3'}"), client


def _case_ready_time(
    server: ReferenceServerProcess, folder: Path, number: int, mission: str, case_id: str
) -> float:
    """One round: sign in with a fresh store and pull (untimed); open the case, time it."""
    store, client = _signed_in(server, folder, f"officer-{number}", mission)
    settings = load_settings(
        environ={}, server_url=server.url,
        database_url=f"sqlite:///{folder / f'officer-{number}.sqlite3'}",
        data_dir=str(folder / f"officer-{number}"),
    )  # fmt: skip
    services = open_services(
        settings=settings, store=store, client=client, pools=Pools(), errors=ErrorRoute()
    )
    try:
        sync = SyncController(services, interval_ms=3_600_000)
        services.sync.pull()
        with store.reader() as session:
            here = session.scalars(
                select(DocumentRow.fetched_at).where(DocumentRow.case_id == case_id)
            ).all()
        assert here and all(at is None for at in here), "the documents must not be local yet"
        workspace = ReviewWorkspace(services, sync)
        workspace.resize(1400, 900)
        workspace.show()
        _settle(1000)  # the analysis worker started at sign-in is up, as it is for a person
        checks = workspace.checks
        loop = QEventLoop()

        def on_rows(*_: object) -> None:
            first = checks.topLevelItem(0)
            if first is not None and first.data(0, RESULT_ROLE) is not None:
                loop.quit()  # quits once the slot that fills the panel has returned

        checks.model().rowsInserted.connect(on_rows)
        QTimer.singleShot(60_000, loop.quit)
        began = time.perf_counter()
        workspace.open_case(case_id)
        loop.exec()
        elapsed = (time.perf_counter() - began) * 1000
        first = checks.topLevelItem(0)
        if first is None or first.data(0, RESULT_ROLE) is None:
            raise SystemExit(f"benchmark failed: no checks for case {case_id} within a minute")
        workspace.close()
    finally:
        services.close()
        store.close()
    return elapsed


def _settle(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="demo declarations to draw on")
    parser.add_argument("--cases", type=int, default=9, help="photo cases to open")
    parser.add_argument(
        "--server-count",
        type=int,
        default=600,
        help="demo declarations seeded on the server (about one in sixty has only a photo)",
    )
    args = parser.parse_args()
    photos = demo_photos(args.count)
    if not photos:
        raise SystemExit("the demo data holds no photos of reports")
    with DocumentAnalyser(max_workers=1) as analyser:
        analyser.start()
        page_times, tally = ocr_pages(analyser, photos, chinese_photos(args.count))
    case_times = photo_case_times(args.server_count, args.cases)
    fields = sorted({key.split(":")[0] for key in tally})
    right = sum(n for key, n in tally.items() if key.endswith(":ok") and not key.startswith("zh."))
    total = sum(n for key, n in tally.items() if not key.startswith("zh."))
    print(f"photos: {len(photos)} from {args.count} declarations; photo cases: {len(case_times)}")
    print(f"ocr page ms: min {min(page_times):.0f}, max {max(page_times):.0f}")
    print(f"photo case ms: min {min(case_times):.0f}, max {max(case_times):.0f}")
    for field in fields:
        ok, missed = tally[f"{field}:ok"], tally[f"{field}:missed"]
        print(f"  {field:<19} {ok}/{ok + missed} read right")
    zh_right = sum(n for k, n in tally.items() if k.startswith("zh.") and k.endswith(":ok"))
    zh_total = sum(n for k, n in tally.items() if k.startswith("zh."))
    zh_photos = tally["zh.photos:ok"]
    print(
        f"photos of Chinese reports: {zh_photos}, "
        f"fields read right {zh_right - zh_photos}/{zh_total - zh_photos}"
    )
    print(
        f"ocr_page_ms={statistics.median(page_times):.0f} "
        f"photo_case_ready_ms={statistics.median(case_times):.0f} "
        f"field_accuracy={right / total:.3f}"
    )


if __name__ == "__main__":
    main()
