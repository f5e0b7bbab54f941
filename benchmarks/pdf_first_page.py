"""The inspector alone: from handing it a 5-page PDF report to its first page painted, offscreen.

    python benchmarks/pdf_first_page.py [--runs 9]

A real demo report (`server.demodata.render_lab_report(..., pages=5)`) with its real facts
from the sandboxed analyser, analysed before timing and already local. Each run calls
`DocumentInspector.show_case` with a fresh document id and waits for
`first_page_rendered`, which fires from the paint that first draws a rendered page. The
first run (QtPdf and the font caches warming up) is reported apart; the figure is the
median of the runs after it. Last line: `inspector_first_page_ms=<f>`.

This is one part of what an officer waits for: `ui_bench.py`'s `first_page_ms` times the
whole of opening a case, the report's download and analysis included.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the demo-case helpers live with the tests

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from review.analysis.analyser import DocumentAnalyser  # noqa: E402
from tests.support.inspection import (  # noqa: E402 - also applies the None work-around
    demo_declarations,
    pick,
    report_pdf,
    single_document,
)
from ui.common.operations import ErrorRoute, Pools  # noqa: E402
from ui.officer.inspector import DocumentInspector  # noqa: E402
from workstation.cases import StoredDocument  # noqa: E402

PAGES = 5
TIMEOUT_MS = 10_000


def first_page_times(runs: int) -> list[float]:
    """Milliseconds from `show_case` to the first painted page, for `runs` + 1 runs."""
    app = QApplication.instance() or QApplication([])
    content = pick(demo_declarations(), None, "pdf").submission.content
    with DocumentAnalyser() as analyser:
        case = single_document(report_pdf(content, pages=PAGES), content, analyser)
    (document,) = case.documents
    facts = case.facts[document.ref.document_id]
    assert facts.error is None and facts.page_count == PAGES, facts

    pools = Pools()
    inspector = DocumentInspector(pools=pools, errors=ErrorRoute())
    inspector.resize(1280, 800)
    inspector.show()
    app.processEvents()
    times: list[float] = []
    try:
        for _ in range(runs + 1):
            # A new id each time, as when the officer opens another case.
            ref = document.ref.model_copy(update={"document_id": uuid.uuid4()})
            fresh = StoredDocument(ref=ref, content=document.content)
            loop = QEventLoop()
            inspector.first_page_rendered.connect(loop.quit)
            QTimer.singleShot(TIMEOUT_MS, loop.quit)
            started = time.perf_counter()
            inspector.show_case(
                [fresh], {ref.document_id: dataclasses.replace(facts)}, case.content
            )
            loop.exec()
            elapsed = (time.perf_counter() - started) * 1000
            inspector.first_page_rendered.disconnect(loop.quit)
            if inspector.pdf_viewer.page_count() != PAGES or elapsed >= TIMEOUT_MS:
                raise RuntimeError("the first page was not shown")
            times.append(elapsed)
            inspector.clear()
            app.processEvents()
    finally:
        inspector.close()
        pools.wait()
    return times


def inspector_first_page_ms(runs: int = 9) -> float:
    """Median milliseconds to the first painted page, after one warm-up run."""
    return statistics.median(first_page_times(runs)[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    times = first_page_times(runs)
    warm = times[1:]
    print(f"pdf pages: {PAGES}, runs: {runs} (+1 warm-up), offscreen 1280x800")
    print(f"first run (cold): {times[0]:.1f} ms")
    print(f"warm runs: min {min(warm):.1f} ms, max {max(warm):.1f} ms")
    print(f"inspector_first_page_ms={statistics.median(warm):.1f}")


if __name__ == "__main__":
    main()
