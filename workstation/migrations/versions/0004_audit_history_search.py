"""Indexes and a note search for the auditor's history over a million entries

The history filters on role, outcome and mission too, and sorts on each column;
without an index a filter or sort on them reads every row. Notes are searched
by substring in any script (Chinese has no spaces between words), so on SQLite
an external-content FTS5 table with the trigram tokenizer indexes the non-empty
notes; triggers keep it in step with `audit_entries` whatever writes the rows.
Other databases search notes with LIKE.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = (
    ("ix_audit_entries_role", ["role"]),
    ("ix_audit_entries_outcome", ["outcome"]),
    ("ix_audit_entries_mission", ["mission"]),
    # Officer and action together are the auditor's commonest question ("what did X decide").
    ("ix_audit_entries_action_actor", ["action", "actor"]),
)

# Only non-empty notes are indexed: an external-content table must be told the exact
# old text to forget a row, so rows that never went in must never be "deleted".
_FTS = (
    "CREATE VIRTUAL TABLE audit_notes USING fts5("
    "note, content='audit_entries', content_rowid='seq', tokenize='trigram', columnsize=0)",
    "CREATE TRIGGER audit_notes_after_insert AFTER INSERT ON audit_entries "
    "WHEN new.note <> '' BEGIN "
    "INSERT INTO audit_notes(rowid, note) VALUES (new.seq, new.note); END",
    "CREATE TRIGGER audit_notes_after_delete AFTER DELETE ON audit_entries "
    "WHEN old.note <> '' BEGIN "
    "INSERT INTO audit_notes(audit_notes, rowid, note) VALUES ('delete', old.seq, old.note); END",
    "CREATE TRIGGER audit_notes_after_update AFTER UPDATE OF seq, note ON audit_entries BEGIN "
    "INSERT INTO audit_notes(audit_notes, rowid, note) "
    "SELECT 'delete', old.seq, old.note WHERE old.note <> ''; "
    "INSERT INTO audit_notes(rowid, note) SELECT new.seq, new.note WHERE new.note <> ''; END",
    "INSERT INTO audit_notes(rowid, note) SELECT seq, note FROM audit_entries WHERE note <> ''",
)


def upgrade() -> None:
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        for name, columns in _INDEXES:
            batch_op.create_index(name, columns, unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for statement in _FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("after_insert", "after_delete", "after_update"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_notes_{trigger}")
        op.execute("DROP TABLE IF EXISTS audit_notes")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        for name, _columns in reversed(_INDEXES):
            batch_op.drop_index(name)
