"""Review days: pure calendar arithmetic, no clock.

A review day starts at the rollover hour (default 04:00) in the learner's time zone, so a session at
00:30 still counts for the evening before. Due dates are calendar dates: a card due in 1 day is due on
the next local date, whatever the number of hours in between (23 or 25 on DST days).

Two rules make the edge cases well defined:

- **A day starts at the first instant the local clock reads its rollover time.** If a DST gap skips
  that time (clocks jump from 01:59 to 03:00 and the rollover hour is 2), the day starts at the jump.
  If a fold repeats it (clocks fall back over it), the day starts at the first reading.
- **A review day, once begun, never ends early.** `review_day` is the latest day that has begun. When
  clocks fall back across the rollover hour (none of the IANA zones does this at 04:00 between 1990 and
  2040, but some do at other hours), the repeated stretch stays in the new day instead of stepping
  back into yesterday, so review days never go backwards as time goes forwards.

A learner who travels keeps their due dates (they are dates, not instants); only "today" moves, by the
difference between the two zones, so by at most one day between zones less than 24 hours apart.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = ["DEFAULT_ROLLOVER_HOUR", "add_days", "day_start", "review_day"]

DEFAULT_ROLLOVER_HOUR = 4

_ONE_SECOND = timedelta(seconds=1)


def parse_rollover_hour(raw: str | None) -> int:
    """The rollover hour from its stored text setting; the default when it is not set.

    Raises:
        ValueError: the setting is not a whole hour 0..23.
    """
    if raw is None:
        return DEFAULT_ROLLOVER_HOUR
    text = raw.strip()
    if not text.isdigit() or not 0 <= int(text) <= 23:
        raise ValueError(f"setting rollover_hour={raw!r} is not an hour 0..23")
    return int(text)


def review_day(moment: datetime, zone: ZoneInfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> date:
    """The review day that an aware `moment` belongs to in `zone`.

    Args:
        moment: An aware instant.
        zone: The learner's IANA time zone.
        rollover_hour: The local hour (0..23) at which a new review day begins.

    Returns:
        The latest day whose start (see `day_start`) is at or before `moment`.

    Raises:
        TypeError: `rollover_hour` is not an int (booleans and floats are refused).
        ValueError: `moment` is naive or `rollover_hour` is not 0..23.
    """
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    _check_rollover(rollover_hour)
    local = moment.astimezone(zone)
    day = local.date()
    if local.time() < time(rollover_hour):
        day -= timedelta(days=1)
    # The wall clock alone is right except just after clocks fell back across the rollover hour:
    # then the next day has already begun although the clock reads earlier than the rollover.
    if day < date.max:
        following = day + timedelta(days=1)
        if day_start(following, zone, rollover_hour) <= moment:
            return following
    return day


def day_start(day: date, zone: ZoneInfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> datetime:
    """The instant at which review day `day` begins, in UTC.

    UTC rather than `zone` because Python compares two datetimes that share a tzinfo by their wall
    clock, ignoring `fold`, which is wrong across a DST fold; UTC values always compare correctly.

    Args:
        day: The review day (a date, not a datetime).
        zone: The learner's IANA time zone.
        rollover_hour: The local hour (0..23) at which a new review day begins.

    Returns:
        The first instant whose local wall time is at or after `day` at the rollover hour: the first
        of two readings in a fold, the end of the jump in a gap.

    Raises:
        TypeError: `day` is a datetime, or `rollover_hour` is not an int.
        ValueError: `rollover_hour` is not 0..23.
    """
    if isinstance(day, datetime):
        raise TypeError("day must be a date, not a datetime")
    _check_rollover(rollover_hour)
    wall = datetime.combine(day, time(rollover_hour))
    # fold=0 is the earlier reading of an ambiguous time; for a time inside a gap it is interpreted
    # with the offset from before the jump, which lands just *after* the jump.
    after = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _wall_clock(after, zone=zone) == wall:
        return after
    # `wall` never appears on the clock: the day starts at the jump, which lies between the instant
    # that fold=1 gives (the offset after the jump, so before it) and `after`.
    before = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    return _first_instant_at_or_after(wall, zone=zone, before=before, after=after)


def add_days(day: date, days: int) -> date:
    """A calendar date `days` after `day` (dates, never seconds)."""
    return day + timedelta(days=days)


def _check_rollover(rollover_hour: int) -> None:
    if isinstance(rollover_hour, bool) or not isinstance(rollover_hour, int):
        raise TypeError(f"rollover hour must be an int 0..23, got {rollover_hour!r}")
    if not 0 <= rollover_hour <= 23:
        raise ValueError(f"rollover hour must be 0..23, got {rollover_hour}")


def _wall_clock(moment: datetime, *, zone: ZoneInfo) -> datetime:
    """What a clock in `zone` reads at `moment`, as a naive datetime."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _first_instant_at_or_after(
    wall: datetime, *, zone: ZoneInfo, before: datetime, after: datetime
) -> datetime:
    """The first whole second whose wall clock reads `wall` or later, by bisection.

    `before` reads earlier than `wall` and `after` reads `wall` or later. Time zone transitions happen
    on whole seconds, so bisecting to one second finds the jump exactly (a day-long gap takes 17 steps).
    """
    low = before.replace(microsecond=0)
    high = after
    while high - low > _ONE_SECOND:
        middle = low + (high - low) // 2
        middle = middle.replace(microsecond=0)
        if _wall_clock(middle, zone=zone) >= wall:
            high = middle
        else:
            low = middle
    return high
