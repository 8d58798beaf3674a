"""Review days: pure calendar arithmetic, no clock.

A review day starts at the rollover hour (default 04:00) in the learner's time zone, so a session at
00:30 still counts for the evening before. Due dates are calendar dates: a card due in 1 day is due on
the next local date, whatever the number of hours in between (23 or 25 on DST days).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_ROLLOVER_HOUR = 4


def review_day(moment: datetime, zone: ZoneInfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> date:
    """The review day that an aware `moment` belongs to in `zone`."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    if not 0 <= rollover_hour <= 23:
        raise ValueError(f"rollover hour must be 0..23, got {rollover_hour}")
    local = moment.astimezone(zone)
    day = local.date()
    if local.time() < time(rollover_hour):
        day -= timedelta(days=1)
    return day


def add_days(day: date, days: int) -> date:
    """A calendar date `days` after `day` (dates, never seconds)."""
    return day + timedelta(days=days)
