"""What a check says: a verdict, one plain sentence, and the evidence it used."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Final
from uuid import UUID

from review.checks.phrases import LIST, SENTENCES, Phrase, Text, joined
from workstation.domain import ReasonCode
from workstation.protocol import CheckOutcomeSummary

log = logging.getLogger(__name__)

_SUMMARY_LIMIT: Final = 200  # protocol.ShortText
_SENTENCES: Final = 3  # problems named in a one-line summary, worst first


class Verdict(StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    WARN = "warn"
    FAIL = "fail"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY: Final = {Verdict.PASS: 0, Verdict.WARN: 1, Verdict.FAIL: 2}


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The most severe verdict; PASS when there is none."""
    return max(verdicts, key=lambda v: v.severity, default=Verdict.PASS)


class Source(StrEnum):
    DECLARATION = "declaration"
    DOCUMENT = "document"
    POLICY = "policy"


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """One fact a check used, and where it came from.

    Document evidence names the file and page, and `span` is the character range of the
    page's extracted text (`DocumentFacts.pages[page - 1].text`) to highlight.
    """

    source: Source
    label: Text
    value: Text  # words as a `Phrase`; a str is data, shown as written
    document_id: UUID | None = None
    filename: str | None = None
    page: int | None = None
    span: tuple[int, int] | None = None

    @property
    def description(self) -> Phrase:
        """The label, the value and where it came from, in one line."""
        if self.source is Source.DECLARATION:
            return Phrase("{label} (declared): {value}", label=self.label, value=self.value)
        if self.source is Source.POLICY:
            return Phrase("{label} (policy): {value}", label=self.label, value=self.value)
        page = Phrase("page {page}", page=self.page) if self.page else None
        place = [part for part in (self.filename, page) if part]
        if not place:
            return Phrase("{label}: {value}", label=self.label, value=self.value)
        return Phrase(
            "{label}: {value} ({place})",
            label=self.label,
            value=self.value,
            place=joined(LIST, place),
        )

    def describe(self) -> str:
        return self.description.english()


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    check: str  # snake_case id, as in protocol.CheckOutcomeSummary.check
    verdict: Verdict
    summary: str  # one line of plain English (the decision record keeps it)
    #: The summary as words the UI translates (None: `summary` is all there is to show).
    headline: Phrase | None = None
    evidence: tuple[Evidence, ...] = ()
    #: Reason codes a decision could cite for what this check found (empty on a pass).
    reasons: tuple[ReasonCode, ...] = ()

    def to_summary(self) -> CheckOutcomeSummary:
        """What the decision request records about this check."""
        summary = self.summary
        if len(summary) > _SUMMARY_LIMIT:
            summary = summary[: _SUMMARY_LIMIT - 1] + "…"
        return CheckOutcomeSummary(check=self.check, verdict=self.verdict.value, summary=summary)


def moment(value: datetime) -> str:
    """A time as evidence shows it: UTC, to the minute."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def hours(seconds: float) -> Phrase:
    value = seconds / 3600
    return Phrase("{hours} h", hours=f"{value:.0f}" if value == int(value) else f"{value:.1f}")


class Findings:
    """Collects one check's problems and evidence, then states its result."""

    def __init__(self, check: str) -> None:
        self.check = check
        self._problems: list[tuple[Verdict, Phrase, ReasonCode | None]] = []
        self._evidence: list[Evidence] = []

    def problem(self, verdict: Verdict, sentence: Phrase, reason: ReasonCode | None = None) -> None:
        self._problems.append((verdict, sentence, reason))

    def evidence(self, *items: Evidence) -> None:
        self._evidence.extend(items)

    def result(self, passed: Phrase) -> CheckResult:
        """The verdict is the worst problem's; the summary leads with the worst problems."""
        verdict = worst(v for v, _, _ in self._problems)
        headline = passed if verdict is Verdict.PASS else self._worst_problems()
        reasons = tuple(dict.fromkeys(r for _, _, r in self._problems if r is not None))
        return CheckResult(
            check=self.check,
            verdict=verdict,
            summary=headline.english(),
            headline=headline,
            evidence=tuple(self._evidence),
            reasons=reasons,
        )

    def _worst_problems(self) -> Phrase:
        """The first few different problems, worst first, as one sentence."""
        ordered = sorted(self._problems, key=lambda p: -p[0].severity)
        sentences: dict[str, Phrase] = {}
        for _, sentence, _ in ordered:
            sentences.setdefault(sentence.english(), sentence)
        shown = joined(SENTENCES, list(sentences.values())[:_SENTENCES])
        if len(sentences) > _SENTENCES:
            more = len(sentences) - _SENTENCES
            shown = Phrase("{problems} (and {count} more)", problems=shown, count=more)
        return shown.as_sentence()
