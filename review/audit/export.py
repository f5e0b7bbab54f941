"""Exporting the filtered audit history: every entry to CSV, a readable report to PDF.

Both read the history window by window (`review.audit.queries.history`),
so an export of a million entries never holds them all. Cells are data, never
formulas or markup: a CSV cell that a spreadsheet would run as a formula is
prefixed with a quote, and PDF text is escaped before reportlab lays it out.
Files are written next to their destination and renamed into place, so a
failed export leaves no half-written file. The words of the PDF come from the
caller (the UI translates them); this module has no Qt.
"""

from __future__ import annotations

import csv
import functools
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

import resources
from review.audit.columns import CSV_COLUMNS, HISTORY_FIELDS, REPORT_COLUMNS, utc_text
from review.audit.queries.history import (
    AuditColumn,
    AuditRow,
    HistoryOrder,
    HistoryPlan,
    history_rows,
    plan_history,
    row_key,
)
from review.audit.queries.terms import AuditFilter
from workstation.private_files import private_file
from workstation.store import Store

log = logging.getLogger(__name__)

#: A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
#: Rows read per query while exporting.
EXPORT_BATCH: Final = 2000
#: The PDF is for reading: past this many rows it says so and points to the CSV.
PDF_MAX_ROWS: Final = 2000
FONT_NAME: Final = "WenQuanYiMicroHei"

#: `progress(rows_written)`.
Progress = Callable[[int], None]


def csv_safe(value: str) -> str:
    """The cell as text a spreadsheet shows and does not evaluate."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def iter_history(
    store: Store, plan: HistoryPlan, *, limit: int | None = None, batch: int = EXPORT_BATCH
) -> Iterator[AuditRow]:
    """Every matching row in the plan's order (or the first `limit`), one batch at a time."""
    produced = 0
    last: AuditRow | None = None
    while limit is None or produced < limit:
        size = batch if limit is None else min(batch, limit - produced)
        if plan.keyset:
            after = row_key(last, plan.order) if last is not None else None
            rows = history_rows(store, plan, after=after, limit=size)
        else:
            rows = history_rows(store, plan, offset=produced, limit=size)
        yield from rows
        produced += len(rows)
        if len(rows) < size:
            return
        last = rows[-1]


def _replace_when_done(path: Path) -> Path:
    """The file written first, made owner-only before anything is in it (personal data)."""
    return private_file(path.with_name(f".{path.name}.part"))


def write_csv(
    store: Store,
    audit_filter: AuditFilter,
    order: HistoryOrder,
    path: Path,
    *,
    progress: Progress | None = None,
) -> int:
    """Write every entry the filter matches; returns how many."""
    plan = plan_history(store, audit_filter, order)
    partial = _replace_when_done(path)
    written = 0
    try:
        with partial.open(
            "w", encoding="utf-8-sig", newline=""
        ) as stream:  # BOM: Excel reads UTF-8
            writer = csv.writer(stream)
            writer.writerow(CSV_COLUMNS)
            for row in iter_history(store, plan):
                writer.writerow(csv_safe(field.text(row)) for field in HISTORY_FIELDS)
                written += 1
                if progress and written % EXPORT_BATCH == 0:
                    progress(written)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    log.info("audit history: %d entries exported to %s", written, path)
    return written


# -- PDF -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportText:
    """The report's words, in the reader's language (given by the caller)."""

    title: str
    #: (label, value) lines under the title: mission, who exported it, when, the filter, integrity.
    facts: Sequence[tuple[str, str]]
    #: The heading of each of `REPORT_COLUMNS` (time in UTC, as the report gives it).
    headings: Mapping[AuditColumn, str]
    #: "{0} of {1}" style sentence when the list stops at the limit.
    truncated: str
    #: "Page {0}".
    page: str
    action_labels: Mapping[str, str]
    outcome_labels: Mapping[str, str]
    role_labels: Mapping[str, str]


@functools.cache
def _font() -> str:
    # Parsing the 5 MB font collection once per process; Chinese notes need it.
    pdfmetrics.registerFont(
        TTFont(FONT_NAME, str(resources.path("fonts", "wqy-microhei.ttc")), subfontIndex=0)
    )
    return FONT_NAME


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    #: Notes may be Chinese, which breaks between any two characters.
    note: ParagraphStyle


def _styles() -> _Styles:
    font = _font()
    return _Styles(
        title=ParagraphStyle("title", fontName=font, fontSize=16, leading=20, spaceAfter=8),
        body=ParagraphStyle("body", fontName=font, fontSize=8.5, leading=11),
        label=ParagraphStyle(
            "label", fontName=font, fontSize=8.5, leading=11, textColor=colors.HexColor("#555555")
        ),
        cell=ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9.5),
        note=ParagraphStyle("note", fontName=font, fontSize=7.5, leading=9.5, wordWrap="CJK"),
    )


def _para(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


#: Column widths in cm; together they fill a landscape A4 page inside its margins.
_REPORT_WIDTHS: Final = {
    AuditColumn.SEQ: 1.4,
    AuditColumn.TIME: 3.2,
    AuditColumn.ACTOR: 2.6,
    AuditColumn.ROLE: 1.8,
    AuditColumn.ACTION: 2.5,
    AuditColumn.CASE: 1.7,
    AuditColumn.OUTCOME: 3.0,
    AuditColumn.NOTE: 10.5,
}


def _cell(row: AuditRow, column: AuditColumn, text: ReportText, styles: _Styles) -> object:
    match column:
        case AuditColumn.SEQ:
            return str(row.seq)
        case AuditColumn.TIME:
            return utc_text(row)
        case AuditColumn.ACTOR:
            return _para(row.actor, styles.cell)
        case AuditColumn.ROLE:
            return _para(text.role_labels.get(row.role, row.role), styles.cell)
        case AuditColumn.ACTION:
            return _para(text.action_labels.get(row.action, row.action), styles.cell)
        case AuditColumn.CASE:
            return row.case_id[:8] if row.case_id else ""
        case AuditColumn.OUTCOME:
            return _para(text.outcome_labels.get(row.outcome, row.outcome), styles.cell)
        case AuditColumn.NOTE:
            return _para(row.note, styles.note)
        case AuditColumn.NATIONALITY:
            return row.nationality or ""


def _row_cells(row: AuditRow, text: ReportText, styles: _Styles) -> list[object]:
    return [_cell(row, column, text, styles) for column in REPORT_COLUMNS]


def _facts(text: ReportText, styles: _Styles) -> Table:
    facts = Table(
        [[_para(label, styles.label), _para(value, styles.body)] for label, value in text.facts],
        colWidths=[3 * cm, 23.7 * cm],
        hAlign="LEFT",
    )
    facts.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return facts


def write_pdf(
    store: Store,
    audit_filter: AuditFilter,
    order: HistoryOrder,
    path: Path,
    *,
    text: ReportText,
    total: int,
    max_rows: int = PDF_MAX_ROWS,
) -> int:
    """A report of the filtered history (the first `max_rows` entries); returns rows listed."""
    styles = _styles()
    plan = plan_history(store, audit_filter, order)
    rows = list(iter_history(store, plan, limit=max_rows))
    story: list[object] = [Paragraph(escape(text.title), styles.title), _facts(text, styles)]
    if total > len(rows):
        story.append(Spacer(1, 0.15 * cm))
        story.append(_para(text.truncated.format(f"{len(rows):,}", f"{total:,}"), styles.body))
    story.append(Spacer(1, 0.4 * cm))
    table = Table(
        [[text.headings[c] for c in REPORT_COLUMNS]] + [_row_cells(r, text, styles) for r in rows],
        colWidths=[_REPORT_WIDTHS[c] * cm for c in REPORT_COLUMNS],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), _font(), 7.5),
                ("FONT", (0, 0), (-1, 0), _font(), 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eaf0")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f7f9")]),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#555555")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (0, -1), "RIGHT"),
            ]
        )
    )
    story.append(table)

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(_font(), 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawRightString(
            document.pagesize[0] - 1.5 * cm, 1 * cm, text.page.format(document.page)
        )
        canvas.drawString(1.5 * cm, 1 * cm, text.title)
        canvas.restoreState()

    partial = _replace_when_done(path)
    try:
        document = SimpleDocTemplate(
            str(partial),
            pagesize=landscape(A4),
            leftMargin=1.5 * cm,
            rightMargin=1.5 * cm,
            topMargin=1.5 * cm,
            bottomMargin=1.6 * cm,
            title=text.title,
        )
        document.build(story, onFirstPage=footer, onLaterPages=footer)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    log.info("audit history: report of %d entries written to %s", len(rows), path)
    return len(rows)
