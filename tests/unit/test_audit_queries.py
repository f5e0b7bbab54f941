"""The auditor's store queries against a real SQLite store: every filter, order and window
returns exactly what a plain Python reading of the log returns; the note index follows the
log whatever changes it; timelines, document checks, chart figures and exports agree."""

from __future__ import annotations

import csv
import hashlib
import random
import statistics
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import create_engine, delete, insert, update

from review.audit.export import ReportText, csv_safe, iter_history, write_csv, write_pdf
from review.audit.queries import history
from review.audit.queries.figures import decision_figures
from review.audit.queries.history import (
    SORTABLE,
    AuditColumn,
    AuditRow,
    HistoryOrder,
    Shape,
    count_history,
    history_rows,
    plan_history,
    row_key,
    rows_by_seq,
    window,
)
from review.audit.queries.terms import AuditFilter, filter_choices
from review.audit.queries.timeline import (
    DocumentState,
    DocumentVerdict,
    case_timeline,
    check_documents,
)
from tests.support.audit_store import MISSION, START, Log, add_case
from workstation.audit_log import store_entries
from workstation.domain import AuditAction
from workstation.models import AuditEntryRow, DocumentRow
from workstation.protocol import AuditEntry
from workstation.store import MIGRATIONS, Store

OFFICERS = ("lon.ada", "lon.bo", "lon.cy", "lon.dee")
NOTES = (
    "",
    "Sample taken 72 h before departure",
    "PCR report from Randox; name matches passport",
    "核酸检测报告姓名与护照不符",
    "50% of the page unreadable",
    'under_score and "quoted" words',
    "Laboratory letter attached (see Randox)",
)
NATIONALITIES = ("CN", "GB", "FR", None)


def generated_log(cases: int = 400, seed: int = 11) -> tuple[list[AuditEntry], dict[str, Any]]:
    rnd = random.Random(seed)
    log = Log()
    nationality: dict[str, Any] = {}
    for _ in range(cases):
        case = uuid.UUID(int=rnd.getrandbits(128), version=4)
        nationality[str(case)] = rnd.choice(NATIONALITIES)
        officer = rnd.choice(OFFICERS)
        if rnd.random() < 0.2:
            log.add(officer, "officer", AuditAction.SIGNED_IN, None, minutes=rnd.randint(1, 90))
        log.add("traveller", "traveller", AuditAction.SUBMITTED, case, "submitted",
                minutes=rnd.randint(1, 200))  # fmt: skip
        log.add(officer, "officer", AuditAction.CLAIMED, case, "in_review")
        outcome = rnd.choice(("approve", "approve", "reject", "request_info"))
        log.add(officer, "officer", AuditAction.DECIDED, case, outcome, rnd.choice(NOTES),
                minutes=rnd.randint(1, 300))  # fmt: skip
        if outcome == "approve" and rnd.random() < 0.4:
            log.add("lon.clerk", "clerk", AuditAction.PRINTED, case, copies=1)
    return log.entries, nationality


def open_store(folder: Path, entries: list[AuditEntry], nationality: dict[str, Any]) -> Store:
    store = Store.open(f"sqlite:///{folder / 'audit.sqlite3'}")
    store_entries(store, entries)
    with store.session() as session:
        session.execute(
            update(AuditEntryRow),
            [{"seq": e.seq, "nationality": nationality.get(str(e.case_id))} for e in entries],
        )
    return store


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[AuditRow]]]:
    entries, nationality = generated_log()
    store = open_store(tmp_path_factory.mktemp("audit"), entries, nationality)
    rows = rows_by_seq(store, [e.seq for e in entries])
    yield store, rows
    store.close()


# -- the history, against a plain reading of the log ----------------------------------------------


def matches(row: AuditRow, f: AuditFilter) -> bool:
    fields = {"actor": f.actor, "action": f.action, "outcome": f.outcome,
              "nationality": f.nationality, "mission": f.mission}  # fmt: skip
    if any(value and getattr(row, name) != value for name, value in fields.items()):
        return False
    if f.since is not None and row.at < f.since:
        return False
    if f.until is not None and row.at >= f.until:
        return False
    return all(word.lower() in row.note.lower() for word in f.text.split())


_VALUE = {
    AuditColumn.ACTOR: "actor", AuditColumn.ROLE: "role", AuditColumn.ACTION: "action",
    AuditColumn.CASE: "case_id", AuditColumn.OUTCOME: "outcome",
    AuditColumn.NATIONALITY: "nationality",
}  # fmt: skip


def ordered(rows: list[AuditRow], order: HistoryOrder) -> list[int]:
    """SQLite's order: the column (NULL before any value), then the sequence number."""
    name = _VALUE.get(order.column)

    def key(row: AuditRow) -> tuple[bool, str, int]:
        value = getattr(row, name) if name else None
        return (value is not None, value or "", row.seq)

    return [r.seq for r in sorted(rows, key=key, reverse=order.descending)]


filters = st.builds(
    AuditFilter,
    actor=st.sampled_from(("", "", *OFFICERS, "lon.clerk", "traveller", "nobody")),
    action=st.sampled_from(("", "", "decided", "printed", "claimed", "signed_in")),
    outcome=st.sampled_from(("", "", "approve", "reject", "request_info", "submitted")),
    nationality=st.sampled_from(("", "", "CN", "GB", "FR")),
    mission=st.sampled_from(("", MISSION, "FRA-PAR")),
    since=st.one_of(st.none(), st.integers(0, 40).map(lambda d: START + timedelta(days=d))),
    until=st.one_of(st.none(), st.integers(5, 60).map(lambda d: START + timedelta(days=d))),
    text=st.sampled_from(("", "", "randox", "RANDOX letter", "护照", "姓名与护照", "50%",
                          "under_score", '"quoted"', "h b", "zz")),
)  # fmt: skip
orders = st.builds(HistoryOrder, st.sampled_from(sorted(SORTABLE)), st.booleans())


@settings(max_examples=120, deadline=None)
@given(audit_filter=filters, order=orders, drive_limit=st.sampled_from((250_000, 0)),
       start=st.integers(0, 1500))  # fmt: skip
def test_every_filter_order_and_window_is_exactly_the_log(
    logged: tuple[Store, list[AuditRow]],
    audit_filter: AuditFilter,
    order: HistoryOrder,
    drive_limit: int,
    start: int,
) -> None:
    store, rows = logged
    expected = ordered([r for r in rows if matches(r, audit_filter)], order)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(history, "DRIVE_LIMIT", drive_limit)  # 0: every broad plan walks
        plan = plan_history(store, audit_filter, order)
        assert count_history(store, plan) == len(expected)
        assert [r.seq for r in iter_history(store, plan, batch=97)] == expected
        got = [r.seq for r in window(store, plan, start=start, total=len(expected), limit=50)]
        assert got == expected[start : start + 50]
        if plan.keyset and len(expected) > 60:
            middle = rows_by_seq(store, [expected[30]])[0]
            after = history_rows(store, plan, after=row_key(middle, order), limit=20)
            before = history_rows(store, plan, after=row_key(middle, order), limit=20,
                                  reverse=True)  # fmt: skip
            assert [r.seq for r in after] == expected[31:51]
            assert [r.seq for r in before] == expected[10:30][::-1]


def test_the_planner_counts_terms_and_knows_single_term_totals(
    logged: tuple[Store, list[AuditRow]],
) -> None:
    store, rows = logged
    whole = plan_history(store, AuditFilter(), HistoryOrder())
    assert whole.shape is Shape.WALK and whole.total == len(rows)
    officer = plan_history(store, AuditFilter(actor="lon.bo"), HistoryOrder())
    assert officer.shape is Shape.ORDERED and officer.total == sum(
        r.actor == "lon.bo" for r in rows
    )
    nothing = plan_history(store, AuditFilter(actor="lon.clerk", action="decided"), HistoryOrder())
    assert nothing.shape is Shape.EMPTY and history_rows(store, nothing) == []
    two = plan_history(store, AuditFilter(outcome="reject", nationality="CN"), HistoryOrder())
    assert two.total is None, "two terms: counted apart"
    assert two.driver is not None and two.driver.name in {"outcome", "nationality"}
    with pytest.raises(ValueError, match="cannot be sorted"):
        HistoryOrder(AuditColumn.NOTE)


def test_filter_choices_are_the_stored_values(logged: tuple[Store, list[AuditRow]]) -> None:
    store, rows = logged
    choices = filter_choices(store)
    assert choices.actors == tuple(sorted({r.actor for r in rows}))
    assert choices.actions == tuple(sorted({r.action for r in rows}))
    assert choices.nationalities == tuple(sorted({r.nationality for r in rows if r.nationality}))
    assert choices.missions == (MISSION,)
    assert choices.outcomes == tuple(sorted({r.outcome for r in rows if r.outcome}))


# -- the note index follows the log ---------------------------------------------------------------


def found(store: Store, text: str) -> list[int]:
    plan = plan_history(store, AuditFilter(text=text), HistoryOrder(AuditColumn.SEQ, False))
    return [r.seq for r in iter_history(store, plan)]


def test_the_note_index_follows_edits_deletions_and_insertions(tmp_path: Path) -> None:
    log = Log()
    case = uuid.uuid4()
    for note in ("first quokka", "", "second quokka", "nothing here"):
        log.add("lon.ada", "officer", AuditAction.DECIDED, case, "reject", note or "")
    store = open_store(tmp_path, log.entries, {})
    assert found(store, "quokka") == [1, 3]
    with store.session() as session:  # what a tamperer might do to the stored log
        session.execute(update(AuditEntryRow).where(AuditEntryRow.seq == 2).values(note="quokka"))
        session.execute(update(AuditEntryRow).where(AuditEntryRow.seq == 3).values(note="wombat"))
        session.execute(delete(AuditEntryRow).where(AuditEntryRow.seq == 1))
        session.execute(update(AuditEntryRow).where(AuditEntryRow.seq == 4).values(seq=40))
    assert found(store, "quokka") == [2]
    assert found(store, "wombat") == [3]
    assert found(store, "nothing") == [40]
    store.close()


def test_a_store_with_entries_gets_its_note_index_when_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    entry = Log().add("lon.ada", "officer", AuditAction.DECIDED, uuid.uuid4(), "reject",
                      "Kept from before the index")  # fmt: skip
    with engine.begin() as connection:
        connection.execute(insert(AuditEntryRow), [
            {"seq": 1, "at_wire": "x", "at": entry.at, "actor": entry.actor, "role": entry.role,
             "mission": MISSION, "action": "decided", "case_id": str(entry.case_id),
             "outcome": "reject", "note": entry.note, "details_json": "{}",
             "prev_hash": entry.prev_hash, "hash": entry.hash, "nationality": None},
        ])  # fmt: skip
    engine.dispose()
    store = Store.open(url)  # applies 0004
    assert found(store, "before the") == [1]
    store.close()


# -- timelines and the documents decided on -------------------------------------------------------


def test_a_timeline_spans_the_versions_and_checks_each_decision_s_documents(
    tmp_path: Path,
) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    store = Store.open(f"sqlite:///{tmp_path / 'timeline.sqlite3'}")
    old = add_case(store, first, {"a.pdf": b"report a", "b.pdf": b"report b"})
    new = add_case(store, second, {"c.pdf": b"report c", "d.pdf": None})
    log = Log()
    log.add("traveller", "traveller", AuditAction.SUBMITTED, first, "submitted",
            document_sha256=old)  # fmt: skip
    log.add("lon.ada", "officer", AuditAction.DECIDED, first, "approve",
            document_sha256=old, certificate_id="URN:UVCI:01:CN:ABCDEFGH")  # fmt: skip
    log.add("lon.clerk", "clerk", AuditAction.PRINTED, first, copies=1)
    log.add("traveller", "traveller", AuditAction.REDECLARED, second, "submitted",
            supersedes=str(first), document_sha256=new)  # fmt: skip
    log.add("traveller", "traveller", AuditAction.REVOKED, first, "revoked",
            superseded_by=str(second))  # fmt: skip
    log.add("lon.bo", "officer", AuditAction.DECIDED, second, "reject", "too old",
            document_sha256=[new[1], "f" * 64])  # fmt: skip
    log.add("lon.bo", "officer", AuditAction.DECIDED, second, "reject", "no hashes")
    store_entries(store, log.entries)

    for case in (first, second):  # either version opens the whole story
        timeline = case_timeline(store, str(case))
        assert timeline.case_ids == (str(first), str(second))
        assert [s.entry.seq for s in timeline.steps] == [1, 2, 3, 4, 5, 6, 7]
    approved, mismatched, bare = (check_documents(store, timeline, d) for d in timeline.decisions())
    assert approved.verdict is DocumentVerdict.MATCHES
    assert [d.filename for d in approved.documents] == ["a.pdf", "b.pdf"]
    assert mismatched.verdict is DocumentVerdict.DIFFERS
    assert {d.sha256[:4]: d.state for d in mismatched.documents} == {
        new[1][:4]: DocumentState.NOT_FETCHED,
        "ffff": DocumentState.NOT_STORED,
        new[0][:4]: DocumentState.NOT_RECORDED,
    }
    assert bare.verdict is DocumentVerdict.NOT_RECORDED

    with store.session() as session:  # the stored bytes of a decided document change
        session.execute(update(DocumentRow).where(DocumentRow.sha256 == old[0])
                        .values(content=b"report A"))  # fmt: skip
    altered = check_documents(store, timeline, timeline.decisions()[0])
    assert altered.verdict is DocumentVerdict.DIFFERS
    assert altered.documents[0].state is DocumentState.ALTERED
    assert altered.documents[0].actual_sha256 == hashlib.sha256(b"report A").hexdigest()
    store.close()


# -- chart figures --------------------------------------------------------------------------------


def test_chart_figures_are_the_decisions_counted_by_hand(
    logged: tuple[Store, list[AuditRow]],
) -> None:
    store, rows = logged
    figures = decision_figures(store, AuditFilter(action="printed"))  # the action is ignored
    decided = [r for r in rows if r.action == "decided"]
    per_day = Counter((r.at.date(), r.outcome) for r in decided)
    assert {(d.day, o): n for d in figures.per_day for o, n in d.counts.items()} == per_day
    assert {w.officer: w.total for w in figures.workload} == Counter(r.actor for r in decided)
    assert figures.outcomes == ("approve", "reject", "request_info")
    submitted = {r.case_id: r.at for r in rows if r.action == "submitted"}
    for median in figures.median_per_day:
        waits = [(r.at - submitted[r.case_id]).total_seconds() / 3600
                 for r in decided if r.at.date() == median.day]  # fmt: skip
        assert median.median_hours == pytest.approx(statistics.median(waits))
        assert median.decisions == len(waits)
    one = decision_figures(store, AuditFilter(actor="lon.cy", outcome="reject"))
    assert [(w.officer, w.counts) for w in one.workload] == [
        ("lon.cy", {"reject": sum(r.actor == "lon.cy" and r.outcome == "reject" for r in decided)})
    ]


# -- exports --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [("=1+1", "'=1+1"), ("+44", "'+44"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("plain", "plain"), ("a=b", "a=b"), ("", "")],
)  # fmt: skip
def test_csv_cells_are_never_formulas(cell: str, written: str) -> None:
    assert csv_safe(cell) == written


def report_text() -> ReportText:
    return ReportText(
        title="Audit history — GBR-LON",
        facts=[("Filter", "<b>not markup</b>")],
        headings={
            AuditColumn.SEQ: "#",
            AuditColumn.TIME: "Time (UTC)",
            AuditColumn.ACTOR: "Who",
            AuditColumn.ROLE: "Role",
            AuditColumn.ACTION: "Action",
            AuditColumn.CASE: "Case",
            AuditColumn.OUTCOME: "Outcome",
            AuditColumn.NOTE: "Note",
        },
        truncated="This report lists the first {0} of {1} entries.",
        page="Page {0}",
        action_labels={"decided": "Decided"},
        outcome_labels={"reject": "Reject"},
        role_labels={"officer": "Officer"},
    )


def test_exports_hold_the_filtered_history(
    logged: tuple[Store, list[AuditRow]], tmp_path: Path
) -> None:
    store, rows = logged
    audit_filter, order = AuditFilter(action="decided"), HistoryOrder()
    expected = ordered([r for r in rows if matches(r, audit_filter)], order)
    assert write_csv(store, audit_filter, order, tmp_path / "h.csv") == len(expected)
    with (tmp_path / "h.csv").open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.DictReader(stream))
    assert [int(r["seq"]) for r in table] == expected
    assert {r["note"] for r in table} == {n for n in NOTES}
    # Scripts read the CSV by these names: every field of an entry, the time in UTC.
    first = next(r for r in rows if r.seq == expected[0])
    assert list(table[0].items()) == [
        ("seq", str(first.seq)),
        ("time_utc", first.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")),
        ("actor", first.actor),
        ("role", first.role),
        ("mission", first.mission),
        ("action", first.action),
        ("case_id", first.case_id or ""),
        ("outcome", first.outcome),
        ("note", csv_safe(first.note)),
        ("nationality", first.nationality or ""),
        ("details", first.details_json),
        ("hash", first.hash),
    ]
    assert not list(tmp_path.glob(".*.part")), "no partial file is left"

    listed = write_pdf(store, audit_filter, order, tmp_path / "h.pdf", text=report_text(),
                       total=len(expected), max_rows=60)  # fmt: skip
    assert listed == 60
    pages = [page.extract_text() for page in PdfReader(tmp_path / "h.pdf").pages]
    assert "Audit history — GBR-LON" in pages[0] and "<b>not markup</b>" in pages[0]
    headings = ["#", "Time (UTC)", "Who", "Role", "Action", "Case", "Outcome", "Note"]
    assert "\n".join(headings) in pages[0], "the headings, in the table's order"
    assert f"first 60 of {len(expected)} entries" in pages[0]
    text = "\n".join(pages)
    assert "核酸检测报告姓名与护照不符" in text or "Randox" in text
    assert "Page 2" in pages[1]
