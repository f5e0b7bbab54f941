"""Where a stored entry's nationality comes from: the entry that opened its case, else the case.

Entries from servers that did not yet write the nationality into submissions fall
back to the locally held case; a value that is not a country code is not taken.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from tests.support.audit_store import Log, add_case
from workstation.audit_log import store_entries
from workstation.domain import AuditAction
from workstation.models import AuditEntryRow
from workstation.store import Store


def stored_nationalities(store: Store) -> dict[int, str | None]:
    with store.reader() as session:
        return dict(session.execute(select(AuditEntryRow.seq, AuditEntryRow.nationality)).all())


def test_the_log_gives_the_nationality_else_the_case_held_here(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    held, stated, malformed, unknown = (uuid.uuid4() for _ in range(4))
    add_case(store, held, {})  # a case synced here: nationality CN
    log = Log()
    log.add("traveller", "traveller", AuditAction.SUBMITTED, held, "submitted", version=0)
    log.add("traveller", "traveller", AuditAction.SUBMITTED, stated, "submitted", nationality="GB")
    log.add("traveller", "traveller", AuditAction.SUBMITTED, malformed, "submitted",
            nationality="<b>GB</b>")  # fmt: skip
    log.add("traveller", "traveller", AuditAction.SUBMITTED, unknown, "submitted")
    # Only entries that open a case state a nationality; a claim saying otherwise is not taken.
    log.add("lon.ada", "officer", AuditAction.CLAIMED, unknown, nationality="FR")
    first_page = len(log.entries)
    for case in (held, stated, malformed, unknown):
        log.add("lon.ada", "officer", AuditAction.CLAIMED, case, lease_seconds=900)
    store_entries(store, log.entries[:first_page])
    store_entries(store, log.entries[first_page:])
    try:
        assert stored_nationalities(store) == {
            1: "CN", 2: "GB", 3: None, 4: None, 5: None, 6: "CN", 7: "GB", 8: None, 9: None,
        }  # fmt: skip
    finally:
        store.close()
