"""How times and dates are shown: local time, one format everywhere."""

from __future__ import annotations

from datetime import date, datetime


def local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def local_date(day: date) -> str:
    return day.isoformat()
