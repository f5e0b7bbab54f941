"""OCR of photographed lab reports: speed of one page, of a photo case, and how much it reads right.

    python benchmarks/ocr_bench.py [--count 300] [--cases 9]

The demo generator's photos of printed reports (`server.demodata`: turned, seen at an
angle, unevenly lit, JPEG-compressed; some with Chinese names) for `--count` declarations
at a fixed seed and reference time.

- `ocr_page_ms`: median time for the sandboxed analyser (`DocumentAnalyser.analyse`, the
  path the inspector and the checks use) to return the facts of one photo: decoding,
  EXIF, straightening, OCR, the reply checked. A warm worker, one photo at a time.
- `photo_case_ready_ms`: median time from opening a case whose report is only a photo to
  its check results: `CaseAssessor.assess`, what the officer's case view runs off the GUI
  thread when a case opens (records and documents read from the local store, each
  document analysed in the sandbox, every check run, the verdict stored). The documents
  are already in the store: the download from the server, a loopback HTTP request for a
  100 KB file, is left out, and so is painting the widgets.
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
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the demo-case helpers live with the tests

from sqlalchemy import update  # noqa: E402

from review.analysis.analyser import DocumentAnalyser  # noqa: E402
from review.analysis.facts import JPEG, DocumentFacts, PageText  # noqa: E402
from review.analysis.report_facts import page_facts  # noqa: E402
from review.assessment import CaseAssessor  # noqa: E402
from review.checks.case_file import LEGIBLE, REPORTED_TESTS  # noqa: E402
from review.checks.identity import simplified, unconfused  # noqa: E402
from review.matching.dates import find_dates  # noqa: E402
from review.matching.folding import fold, fold_word  # noqa: E402
from review.matching.names import NameOrder, find_holder_name  # noqa: E402
from review.matching.numbers import find_document_number  # noqa: E402
from review.matching.results import find_results  # noqa: E402
from review.policy import packaged_policy  # noqa: E402
from server.demodata import DemoDeclaration, DemoFault, generate  # noqa: E402
from tests.support.review_demo import as_case  # noqa: E402
from workstation.cases import upsert_records  # noqa: E402
from workstation.domain import DocumentKind  # noqa: E402
from workstation.models import DocumentRow  # noqa: E402
from workstation.protocol import CaseRecord, DeclarationContent  # noqa: E402
from workstation.store import Store  # noqa: E402

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
    analyser: DocumentAnalyser, photos: list[tuple[DemoDeclaration, DocumentKind, bytes]]
) -> tuple[list[float], Counter[str]]:
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
        tally += fields_read(page, content, kind, declaration.fault)
    return times, tally


def _ocr_page(facts: DocumentFacts) -> PageText | None:
    if facts.error is not None or not facts.pages or not facts.pages[0].ocr:
        return None
    return facts.pages[0]


def photo_case_times(analyser: DocumentAnalyser, count: int, cases: int) -> list[float]:
    """`CaseAssessor.assess` on demo cases with a report only photographed, store on disk."""
    chosen: list[tuple[CaseRecord, dict[UUID, bytes]]] = []
    for declaration in generate(count=count, seed=SEED, reference_time=REFERENCE):
        record, files = as_case(declaration)
        reports = [d for d in record.documents if d.kind in REPORTED_TESTS]
        photographed = {d.kind for d in reports if d.media_type == JPEG}
        # A report the traveller had no PDF of: the checks read it from the photo alone.
        if photographed - {d.kind for d in reports if d.media_type != JPEG}:
            chosen.append((record, files))
        if len(chosen) == cases:
            break
    if not chosen:
        raise RuntimeError("no demo case with a report only photographed")
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/bench.sqlite3")
        try:
            with store.session() as session:
                upsert_records(session, [r for r, _ in chosen], synced_at=REFERENCE)
                for _, files in chosen:
                    for document_id, content in files.items():
                        session.execute(
                            update(DocumentRow)
                            .where(DocumentRow.document_id == str(document_id))
                            .values(content=content, fetched_at=REFERENCE)
                        )
            for record, _ in chosen:
                assessor = CaseAssessor(store, analyser, packaged_policy(record.mission))
                started = time.perf_counter()
                assessment = assessor.assess(record.case_id)
                times.append((time.perf_counter() - started) * 1000)
                assert assessment.results and all(assessment.facts.values())
        finally:
            store.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="demo declarations to draw on")
    parser.add_argument("--cases", type=int, default=9, help="photo cases to open")
    args = parser.parse_args()
    photos = demo_photos(args.count)
    if not photos:
        raise SystemExit("the demo data holds no photos of reports")
    with DocumentAnalyser(max_workers=1) as analyser:
        analyser.start()
        page_times, tally = ocr_pages(analyser, photos)
        case_times = photo_case_times(analyser, args.count, args.cases)
    fields = sorted({key.split(":")[0] for key in tally})
    right = sum(n for key, n in tally.items() if key.endswith(":ok"))
    total = sum(tally.values())
    print(f"photos: {len(photos)} from {args.count} declarations; photo cases: {len(case_times)}")
    print(f"ocr page ms: min {min(page_times):.0f}, max {max(page_times):.0f}")
    print(f"photo case ms: min {min(case_times):.0f}, max {max(case_times):.0f}")
    for field in fields:
        ok, missed = tally[f"{field}:ok"], tally[f"{field}:missed"]
        print(f"  {field:<16} {ok}/{ok + missed} read right")
    print(
        f"ocr_page_ms={statistics.median(page_times):.0f} "
        f"photo_case_ready_ms={statistics.median(case_times):.0f} "
        f"field_accuracy={right / total:.3f}"
    )


if __name__ == "__main__":
    main()
