"""Which daily backups to keep (pure): the last 7 days, one a week for 4 weeks, one a month for 12.

A backup is taken before the first write of each review day (`storage/backups.py`), so a learner who
ran the wrong `reset --search` can go back to the morning, and one who finds the damage weeks later
still has a copy from before it. Backups taken before a migration are not daily ones and are never
pruned here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

DAILY, WEEKLY, MONTHLY = 7, 4, 12


def kept_days(days: Iterable[date], today: date) -> set[date]:
    """The days whose daily backup is kept, of those taken (`days`), on `today`.

    The newest backup of each of the last `DAILY` days, of each of the last `WEEKLY` ISO weeks and of
    each of the last `MONTHLY` calendar months is kept; so is any backup dated after `today` (a clock
    set back must not delete the newest copies).
    """
    taken = sorted(set(days), reverse=True)
    keep = {day for day in taken if day > today}
    keep.update(day for day in taken if today - timedelta(days=DAILY) < day <= today)
    weeks: dict[tuple[int, int], date] = {}
    months: dict[tuple[int, int], date] = {}
    for day in taken:
        if day > today:
            continue
        weeks.setdefault(day.isocalendar()[:2], day)
        months.setdefault((day.year, day.month), day)
    this_week = today - timedelta(days=today.weekday())
    for week_day in weeks.values():
        if (this_week - (week_day - timedelta(days=week_day.weekday()))).days // 7 < WEEKLY:
            keep.add(week_day)
    for (year, month), month_day in months.items():
        if (today.year - year) * 12 + today.month - month < MONTHLY:
            keep.add(month_day)
    return keep


@dataclass(frozen=True)
class BackupInfo:
    """One backup as `flashcards backups` lists it (counts None when the file cannot be read)."""

    name: str
    path: str  # the file, as the shell found it
    taken_at: datetime
    size: int
    cards: int | None
    reviews: int | None
