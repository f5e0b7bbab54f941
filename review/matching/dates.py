"""Dates (and times) written in a report, and whether one can be a declared moment.

Reports write dates many ways: 2024-03-01, 01/03/2024, 1 March 2024, March 1, 2024,
2024年3月1日, often with a time and rarely with a zone. Slashed dates are read day first
unless that is impossible; when both readings are possible both are kept.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Final

from review.matching.folding import FoldedText, words_before

log = logging.getLogger(__name__)

_MONTH_NAMES: Final = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# "08:30", "08:30:15", and the Chinese "08时30分", "8点30分15秒".
_TIME: Final = (
    r"(?:[\s,]*(?:at\s+|t)?(?P<hour>\d{1,2})(?:[:：]|\s*[时点]\s*)(?P<minute>\d{2})"
    r"(?:[:：](?P<second>\d{2})|\s*分(?:\s*(?P<zh_second>\d{2})\s*秒)?)?"
    r"(?:\s*(?P<ampm>am|pm))?(?:\s*(?P<zone>utc|gmt|z|[+\-]\d{2}:?\d{2})(?![a-z]))?)?"
)
_DATE: Final = re.compile(
    r"(?<![\d.])(?:"
    r"(?P<iso_y>\d{4})[-/.](?P<iso_m>\d{1,2})[-/.](?P<iso_d>\d{1,2})"
    r"|(?P<num_a>\d{1,2})[/.\-](?P<num_b>\d{1,2})[/.\-](?P<num_y>\d{4})"
    r"|(?P<dmy_d>\d{1,2})(?:st|nd|rd|th)?[\s\-]+(?P<dmy_m>" + _MONTH_NAMES + r")\.?,?[\s\-]+"
    r"(?P<dmy_y>\d{4})"
    r"|(?<![a-z])(?P<mdy_m>" + _MONTH_NAMES + r")\.?\s+(?P<mdy_d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<mdy_y>\d{4})"
    r"|(?P<zh_y>\d{4})\s*年\s*(?P<zh_m>\d{1,2})\s*月\s*(?P<zh_d>\d{1,2})\s*日"
    r")(?:(?<=日)|(?![\d]))" + _TIME
)
_MONTHS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_SAMPLE_LABEL: Final = re.compile(r"sampl|specimen|collect|swab|采样|采集|取样")
_LABEL_REACH: Final = 60  # characters before a date that may hold its label
#: Zones in use span UTC-12 to UTC+14; offsets are whole quarter hours.
_EARLIEST_ZONE: Final = timedelta(hours=-12)
_LATEST_ZONE: Final = timedelta(hours=14)
_QUARTER_HOUR: Final = timedelta(minutes=15)
#: Reports print minutes; a declared time may carry seconds the report dropped.
_SLACK: Final = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class DateFound:
    start: int
    end: int
    days: tuple[date, ...]  # one reading, or two when day and month could be swapped
    at: time | None = None
    zone: tzinfo | None = None
    sample: bool = False  # labelled as the sample collection time

    def describe(self) -> str:
        day = " or ".join(d.isoformat() for d in self.days)
        if self.at is None:
            return day
        clock = self.at.strftime("%H:%M")
        return f"{day} {clock}" + (f" {self.zone}" if self.zone else "")

    def may_be(self, moment: datetime) -> bool:
        """Whether this written date (and time) can be `moment` in the lab's time zone."""
        if self.at is not None and self.zone is not None:
            return any(
                abs(datetime.combine(d, self.at, self.zone) - moment) < _SLACK for d in self.days
            )
        wall = moment.astimezone(UTC).replace(tzinfo=None)
        earliest, latest = wall + _EARLIEST_ZONE, wall + _LATEST_ZONE
        for day in self.days:
            if self.at is None:
                if earliest.date() <= day <= latest.date():
                    return True
                continue
            written = datetime.combine(day, self.at)
            if not earliest - _SLACK <= written <= latest + _SLACK:
                continue
            offset = (written - wall) % _QUARTER_HOUR
            if offset < _SLACK or _QUARTER_HOUR - offset < _SLACK:
                return True
        return False


def find_dates(text: FoldedText) -> list[DateFound]:
    found: list[DateFound] = []
    previous_end = 0
    for match in _DATE.finditer(text.folded):
        days = _days(match)
        if not days:
            continue
        start, end = match.span()
        at = _clock(match)
        if at is None:
            end = _date_end(match)
        found.append(
            DateFound(
                *text.span(start, end),
                days=days,
                at=at,
                zone=_zone(match.group("zone")) if at else None,
                sample=_labelled_sample(text.folded, start, previous_end),
            )
        )
        previous_end = end
    return found


def _days(match: re.Match[str]) -> tuple[date, ...]:
    g = match.group
    if g("iso_y"):
        candidates = [(g("iso_y"), g("iso_m"), g("iso_d"))]
    elif g("num_y"):
        a, b, year = g("num_a"), g("num_b"), g("num_y")
        candidates = [(year, b, a), (year, a, b)] if a != b else [(year, b, a)]
    elif g("dmy_y"):
        candidates = [(g("dmy_y"), str(_month(g("dmy_m"))), g("dmy_d"))]
    elif g("mdy_y"):
        candidates = [(g("mdy_y"), str(_month(g("mdy_m"))), g("mdy_d"))]
    else:
        candidates = [(g("zh_y"), g("zh_m"), g("zh_d"))]
    days: list[date] = []
    for year, month, day in candidates:
        try:
            days.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return tuple(days)


def _month(name: str) -> int:
    return _MONTHS.index(name[:3]) + 1


def _clock(match: re.Match[str]) -> time | None:
    if not match.group("hour"):
        return None
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    second = int(match.group("second") or match.group("zh_second") or 0)
    ampm = match.group("ampm")
    if ampm and 1 <= hour <= 12:
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        return None


def _date_end(match: re.Match[str]) -> int:
    ends = [match.end(name) for name in match.groupdict() if name.endswith(("_y", "_d"))]
    return max(e for e in ends if e >= 0)


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text in ("utc", "gmt", "z"):
        return UTC
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(-offset if text[0] == "-" else offset)


def _labelled_sample(folded: str, start: int, previous_end: int) -> bool:
    """Whether the words before the date (since the previous date) name a sample time."""
    before = words_before(folded, start, floor=previous_end, reach=_LABEL_REACH)
    return bool(_SAMPLE_LABEL.search(before))
