from __future__ import annotations

from datetime import timedelta

from review.versions import FieldChange, changes_between
from tests.support.declarations import build_declaration
from workstation.protocol import DeclarationContent


def make_content() -> DeclarationContent:
    return build_declaration(mission="GBR-LON").submission.content


def test_a_newer_test_shows_as_changed_fields() -> None:
    before = make_content()
    newer = before.tests[0].model_copy(
        update={"sample_collected_at": before.tests[0].sample_collected_at + timedelta(hours=20)}
    )
    after = before.model_copy(update={"tests": [newer, *before.tests[1:]]})
    changes = changes_between(before, after)
    assert [c.path for c in changes] == [("tests", 0, "sample_collected_at")]
    assert changes[0].label == "tests › 1 › sample collected at"
    assert changes[0].before != changes[0].after


def test_no_change_no_lines_and_removed_fields_are_listed() -> None:
    before = make_content()
    assert changes_between(before, before) == []
    after = before.model_copy(update={"tests": before.tests[:1]})
    removed = changes_between(before, after)
    assert removed and all(c.after == "" for c in removed)
    assert all(isinstance(c, FieldChange) and c.path[:2] == ("tests", 1) for c in removed)
