"""The JSON body limit leaves room for the largest request the protocol allows.

The limit is checked before a body is parsed, so it must never refuse a valid request: an
officer's decision carrying both notes and every check summary at their longest, written in
characters UTF-8 spends four bytes on, still fits under the default.
"""

from __future__ import annotations

import string
import uuid
from datetime import UTC, datetime

from server.settings import ServerSettings
from workstation.domain import CountersignVerdict, DecisionOutcome, ReasonCode
from workstation.protocol import (
    MAX_DOCUMENTS_PER_DECLARATION,
    CheckOutcomeSummary,
    CountersignRequest,
    DecisionRequest,
)

#: A character UTF-8 spends four bytes on (CJK Extension B): the heaviest text can be.
WIDE = "\U00020000"


def _largest_decision() -> DecisionRequest:
    # 32 failed checks with 40-letter names, each summary and reason list at its longest.
    names = [(letter * 40) for letter in (string.ascii_lowercase + "_")[:27]]
    names += [("ab" + letter) * 13 + "a" for letter in "cdefg"]
    checks = [
        CheckOutcomeSummary(
            check=name, verdict="fail", summary=WIDE * 200, reasons=list(ReasonCode)[:12]
        )
        for name in names
    ]
    return DecisionRequest(
        outcome=DecisionOutcome.APPROVE,
        reason_codes=[ReasonCode.OFFICER_JUDGEMENT] * 8,
        note=WIDE * 4000,
        decided_at=datetime.now(UTC),
        checks=checks,
        document_sha256=["0" * 64] * MAX_DOCUMENTS_PER_DECLARATION,
        justification=WIDE * 4000,
        overruled_checks=names,
    )


def test_the_largest_requests_fit_under_the_default_json_body_limit() -> None:
    limit = ServerSettings().max_json_body_bytes
    decision = _largest_decision()
    assert len(decision.checks) == 32 and len(set(decision.overruled_checks)) == 32
    countersign = CountersignRequest(
        verdict=CountersignVerdict.SEND_BACK,
        decision_key=uuid.uuid4(),
        note=WIDE * 4000,
        decided_at=datetime.now(UTC),
    )
    sizes = {
        "decision": len(decision.model_dump_json().encode("utf-8")),
        "countersignature": len(countersign.model_dump_json().encode("utf-8")),
    }
    print(sizes, "limit", limit)
    assert sizes["decision"] > 64 * 1024, "the case this test is about: over 64 KiB"
    assert max(sizes.values()) < limit
