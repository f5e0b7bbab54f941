"""The audit history's columns: one list for the auditor's table, the CSV and the PDF report.

The CSV export carries every field of an entry under stable names that scripts
read; the table shows, in the same order, the fields an auditor reads; the PDF
report, one landscape page wide, leaves out the nationality. The headings people
read are the UI's to translate (`ui.auditor.labels.column_title`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from typing import Final

from review.audit.queries.history import AuditColumn, AuditRow


def utc_text(row: AuditRow) -> str:
    return row.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")


@dataclass(frozen=True)
class HistoryField:
    """One field of an entry: its CSV header, its exported text, its column in the table."""

    csv_header: str
    text: Callable[[AuditRow], str]
    #: None for what only the export holds (the mission, the details, the hash).
    column: AuditColumn | None = None


HISTORY_FIELDS: Final = (
    HistoryField("seq", lambda row: str(row.seq), AuditColumn.SEQ),
    HistoryField("time_utc", utc_text, AuditColumn.TIME),
    HistoryField("actor", lambda row: row.actor, AuditColumn.ACTOR),
    HistoryField("role", lambda row: row.role, AuditColumn.ROLE),
    HistoryField("mission", lambda row: row.mission),
    HistoryField("action", lambda row: row.action, AuditColumn.ACTION),
    HistoryField("case_id", lambda row: row.case_id or "", AuditColumn.CASE),
    HistoryField("outcome", lambda row: row.outcome, AuditColumn.OUTCOME),
    HistoryField("note", lambda row: row.note, AuditColumn.NOTE),
    HistoryField("nationality", lambda row: row.nationality or "", AuditColumn.NATIONALITY),
    HistoryField("details", lambda row: row.details_json),
    HistoryField("hash", lambda row: row.hash),
)
CSV_COLUMNS: Final = tuple(field.csv_header for field in HISTORY_FIELDS)
#: The auditor's table, left to right.
TABLE_COLUMNS: Final[tuple[AuditColumn, ...]] = tuple(
    field.column for field in HISTORY_FIELDS if field.column is not None
)
#: The PDF report's table, left to right.
REPORT_COLUMNS: Final[tuple[AuditColumn, ...]] = tuple(
    column for column in TABLE_COLUMNS if column is not AuditColumn.NATIONALITY
)
