from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from pydantic import ValidationError

from workstation.domain import AuditAction, DecisionOutcome, QueueOrder, ReasonCode
from workstation.protocol import (
    AUDIT_GENESIS_HASH,
    AuditEntry,
    CaseChanges,
    DecisionRequest,
    LoginRequest,
    PersonName,
    audit_hash,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_reject_needs_a_note() -> None:
    with pytest.raises(ValidationError, match="note is required to reject"):
        DecisionRequest(
            outcome=DecisionOutcome.REJECT, reason_codes=[ReasonCode.TEST_POSITIVE], decided_at=NOW
        )
    ok = DecisionRequest(
        outcome=DecisionOutcome.REJECT,
        reason_codes=[ReasonCode.TEST_POSITIVE],
        note="NAAT positive on 21 Nov",
        decided_at=NOW,
    )
    assert ok.note.startswith("NAAT")


def test_reason_codes_must_fit_the_outcome() -> None:
    with pytest.raises(ValidationError, match="do not fit"):
        DecisionRequest(
            outcome=DecisionOutcome.APPROVE, reason_codes=[ReasonCode.TEST_POSITIVE], decided_at=NOW
        )


def test_naive_times_and_control_characters_are_refused() -> None:
    with pytest.raises(ValidationError):
        DecisionRequest(
            outcome=DecisionOutcome.APPROVE,
            reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
            decided_at=datetime(2026, 11, 23, 10, 0),
        )
    with pytest.raises(ValidationError, match="control characters"):
        DecisionRequest(
            outcome=DecisionOutcome.APPROVE,
            reason_codes=[ReasonCode.ALL_CHECKS_PASSED],
            note="fine\u202egnp.exe",
            decided_at=NOW,
        )


@pytest.mark.parametrize("name", ["Zoë", "Müller-Lüdenscheidt", "O'Brien", "De la Cruz", "Łukasz"])
def test_latin_names_accept_real_names(name: str) -> None:
    assert PersonName(family=name).family == name


@pytest.mark.parametrize("name", ["<script>", "Bob42", "a  b", ""])
def test_latin_names_refuse_garbage(name: str) -> None:
    with pytest.raises(ValidationError):
        PersonName(family=name)


def test_unknown_fields_are_an_error() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        LoginRequest.model_validate({"username": "lon.officer1", "password": "x", "admin": True})


def test_feed_page_cursor_cannot_move_backwards() -> None:
    with pytest.raises(ValidationError, match="backwards"):
        CaseChanges(
            since=10, cursor=5, has_more=False, order=QueueOrder.SUBMISSION,
            server_time=NOW, cases=[],
        )  # fmt: skip


def test_audit_hash_covers_every_field() -> None:
    fields = {
        "seq": 1, "at": NOW, "actor": "lon.officer1", "role": "officer", "mission": "GBR-LON",
        "action": AuditAction.DECIDED, "case_id": uuid4(), "outcome": "approve",
        "note": "all fine", "details": {"documents": ["ab" * 32]}, "prev_hash": AUDIT_GENESIS_HASH,
    }  # fmt: skip
    wire = AuditEntry.model_construct(**fields, hash="0" * 64).model_dump(mode="json")
    del wire["hash"]
    entry = AuditEntry.model_validate({**wire, "hash": audit_hash(wire)})
    assert entry.hash_ok
    tampered = entry.model_copy(update={"note": "all fine!"})
    assert not tampered.hash_ok
