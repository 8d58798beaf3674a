"""The shell's clock and time zone: the only place that reads the wall clock or the system zone.

`FLASHCARDS_NOW` (ISO-8601 with an offset) pretends it is that time, for scripts, demos and tests. The
learner's time zone is `FLASHCARDS_TZ`, else `TZ`, else the system's /etc/localtime, else UTC; it must
be an IANA name (Europe/Berlin), never a fixed offset, or DST days would be wrong.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flashcards.core.errors import FlashcardsError

NOW_ENV = "FLASHCARDS_NOW"
TZ_ENV = "FLASHCARDS_TZ"

FIRST_YEAR, LAST_YEAR = 1970, 9899
"""The years a pretended time may fall in. Python's dates end at 9999-12-31 and start at year 1: a
card due 36,500 days (the interval cap) after 9899 is still a date, and the days `stats` counts back
from 1970 are too; the real clock is always inside."""


def now() -> datetime:
    """The current time, aware; `FLASHCARDS_NOW` overrides the wall clock."""
    value = os.environ.get(NOW_ENV)
    if not value:
        return datetime.now(timezone.utc)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FlashcardsError(
            f"{NOW_ENV}={value!r} is not an ISO-8601 time (example: 2026-11-28T09:30:00+01:00)"
        ) from None
    if parsed.tzinfo is None:
        raise FlashcardsError(f"{NOW_ENV}={value!r} has no UTC offset (example: 2026-11-28T09:30:00+01:00)")
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise FlashcardsError(f"{NOW_ENV}={value!r} is outside the years {FIRST_YEAR} to {LAST_YEAR} that "
                              "can be scheduled in")
    return parsed


def _zone(name: str, origin: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FlashcardsError(f"{origin}={name!r} is not a known IANA time zone (example: Europe/Berlin)") from None


def local_zone(configured: str | None = None) -> ZoneInfo:
    """The learner's time zone: a stored setting, the environment, the system, or UTC."""
    if configured:
        return _zone(configured, "the timezone setting")
    for env in (TZ_ENV, "TZ"):
        value = os.environ.get(env, "").lstrip(":")
        if value:
            return _zone(value, env)
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    return ZoneInfo("UTC")
