"""Review days: the rollover hour, DST days, travel, and Hypothesis properties over real time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashcards.core.days import DEFAULT_ROLLOVER_HOUR, add_days, day_start, review_day

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def local(
    zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int, *, fold: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone, fold=fold)


def is_due(due: date, moment: datetime, zone: ZoneInfo) -> bool:
    return due <= review_day(moment, zone)


# ---- the rollover hour ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (0, 30, date(2026, 5, 11)),
        (3, 59, date(2026, 5, 11)),
        (4, 0, date(2026, 5, 12)),
        (4, 1, date(2026, 5, 12)),
        (23, 59, date(2026, 5, 12)),
    ],
)
def test_rollover_at_four(hour: int, minute: int, expected: date) -> None:
    assert DEFAULT_ROLLOVER_HOUR == 4
    assert review_day(local(BERLIN, 2026, 5, 12, hour, minute), BERLIN) == expected


def test_the_zone_decides_not_the_offset_of_the_moment() -> None:
    # 01:30 UTC is 03:30 in Berlin (summer): still the previous review day there.
    assert review_day(datetime(2026, 5, 12, 1, 30, tzinfo=UTC), BERLIN) == date(2026, 5, 11)
    assert review_day(datetime(2026, 5, 12, 2, 30, tzinfo=UTC), BERLIN) == date(2026, 5, 12)


def test_other_rollover_hours() -> None:
    moment = local(BERLIN, 2026, 5, 12, 0, 30)
    assert review_day(moment, BERLIN, rollover_hour=0) == date(2026, 5, 12)
    assert review_day(moment, BERLIN, rollover_hour=1) == date(2026, 5, 11)
    assert day_start(date(2026, 5, 12), BERLIN, 0) == datetime(2026, 5, 11, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("hour", "error"), [(-1, ValueError), (24, ValueError), (True, TypeError), (4.0, TypeError)]
)
def test_bad_rollover_hour(hour: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="rollover hour"):
        review_day(local(BERLIN, 2026, 5, 12, 12, 0), BERLIN, hour)  # type: ignore[arg-type]
    with pytest.raises(error, match="rollover hour"):
        day_start(date(2026, 5, 12), BERLIN, hour)  # type: ignore[arg-type]


def test_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        review_day(datetime(2026, 5, 12, 12, 0), BERLIN)


def test_day_start_wants_a_date() -> None:
    with pytest.raises(TypeError, match="date"):
        day_start(datetime(2026, 5, 12, 12, 0, tzinfo=UTC), BERLIN)


def test_day_start_is_utc() -> None:
    start = day_start(date(2026, 5, 12), BERLIN)
    assert start == local(BERLIN, 2026, 5, 12, 4, 0)
    assert start.tzinfo is UTC


def test_add_days_is_calendar_arithmetic() -> None:
    assert add_days(date(2026, 2, 28), 1) == date(2026, 3, 1)
    assert add_days(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert add_days(date(2026, 3, 28), 6) == date(2026, 4, 3)


# ---- DST days -------------------------------------------------------------------------------------

# The date the clocks change, and the length of the review day that contains the change. Clocks change
# at 02:00 or 03:00 local time, before the 04:00 rollover, so that review day is the one *before* the
# change date: it runs from 04:00 on the eve to 04:00 on the change date.
DST_DAYS = [
    pytest.param(BERLIN, date(2026, 3, 29), timedelta(hours=23), id="berlin-spring"),
    pytest.param(BERLIN, date(2026, 10, 25), timedelta(hours=25), id="berlin-autumn"),
    pytest.param(NEW_YORK, date(2026, 3, 8), timedelta(hours=23), id="new-york-spring"),
    pytest.param(NEW_YORK, date(2026, 11, 1), timedelta(hours=25), id="new-york-autumn"),
]


def ymd(day: date) -> tuple[int, int, int]:
    return day.year, day.month, day.day


@pytest.mark.parametrize(("zone", "change", "length"), DST_DAYS)
def test_due_tomorrow_is_the_next_local_date(zone: ZoneInfo, change: date, length: timedelta) -> None:
    eve = change - timedelta(days=1)
    # Reviewed at 09:00 on the eve with I = 1: due on the change date, from 04:00 local time, which is
    # 23 or 25 hours after the eve's review day began.
    reviewed = local(zone, *ymd(eve), 9, 0)
    due = add_days(review_day(reviewed, zone), 1)
    assert due == change
    assert day_start(due, zone) - day_start(eve, zone) == length
    assert not is_due(due, local(zone, *ymd(change), 3, 59), zone)
    assert is_due(due, local(zone, *ymd(change), 4, 0), zone)
    # Adding 24 hours to the instant instead would land at 10:00 (spring) or 08:00 (autumn).
    later = (reviewed.astimezone(UTC) + timedelta(hours=24)).astimezone(zone)
    assert later.hour == 9 + (timedelta(hours=24) - length) // timedelta(hours=1)

    # Reviewed on the change date itself, with I = 1: due on the next date.
    reviewed = local(zone, *ymd(change), 9, 0)
    assert add_days(review_day(reviewed, zone), 1) == change + timedelta(days=1)


@pytest.mark.parametrize(("zone", "change", "length"), DST_DAYS)
def test_the_changed_review_day_is_one_day(zone: ZoneInfo, change: date, length: timedelta) -> None:
    eve = change - timedelta(days=1)
    start = day_start(eve, zone)
    assert start.astimezone(zone).hour == 4
    assert review_day(start, zone) == eve
    assert review_day(start - timedelta(microseconds=1), zone) == eve - timedelta(days=1)
    # All 23 or 25 hours belong to the eve's review day, the change itself included.
    assert review_day(start + length - timedelta(microseconds=1), zone) == eve
    assert review_day(start + length, zone) == change


def test_a_review_just_after_the_change_counts_for_the_eve() -> None:
    # 03:30 CEST on 29 March exists (just after the jump) and is before the rollover: a card failed
    # then (I = 1) is due on 29 March, the same calendar date, from 04:00.
    reviewed = local(BERLIN, 2026, 3, 29, 3, 30)
    assert reviewed.utcoffset() == timedelta(hours=2)
    assert add_days(review_day(reviewed, BERLIN), 1) == date(2026, 3, 29)


def test_the_skipped_hour_belongs_to_the_previous_review_day() -> None:
    # Berlin, 29 March 2026: 01:59:59 CET is followed by 03:00:00 CEST, both before 04:00.
    just_before = datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)
    just_after = datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC)
    assert just_after.astimezone(BERLIN).hour == 3
    assert review_day(just_before, BERLIN) == review_day(just_after, BERLIN) == date(2026, 3, 28)


def test_the_repeated_hour_belongs_to_one_review_day() -> None:
    # New York, 1 November 2026: 01:00-01:59 happens twice, both times on review day 31 October.
    first = local(NEW_YORK, 2026, 11, 1, 1, 30, fold=0)
    second = local(NEW_YORK, 2026, 11, 1, 1, 30, fold=1)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert review_day(first, NEW_YORK) == review_day(second, NEW_YORK) == date(2026, 10, 31)


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # The rollover time 02:00 does not exist on these days: the day starts at the jump.
        (BERLIN, date(2026, 3, 29), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),  # 03:00 CEST
        (NEW_YORK, date(2026, 3, 8), datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),  # 03:00 EDT
        # 02:00 happens twice (Berlin) / 01:00 happens twice (rollover 1, New York): the first reading.
        (BERLIN, date(2026, 10, 25), datetime(2026, 10, 25, 0, 0, tzinfo=UTC)),  # 02:00 CEST
    ],
)
def test_day_start_in_a_gap_or_a_fold(zone: ZoneInfo, day: date, expected: datetime) -> None:
    assert day_start(day, zone, 2) == expected
    assert review_day(expected, zone, 2) == day
    assert review_day(expected - timedelta(seconds=1), zone, 2) == day - timedelta(days=1)


def test_day_start_in_a_fold_with_rollover_one() -> None:
    start = day_start(date(2026, 11, 1), NEW_YORK, 1)
    assert start == datetime(2026, 11, 1, 5, 0, tzinfo=UTC)  # 01:00 EDT, the first reading
    # The second 01:00-01:59 (EST) is an hour later and already belongs to the new day.
    assert review_day(local(NEW_YORK, 2026, 11, 1, 1, 15, fold=1), NEW_YORK, 1) == date(2026, 11, 1)


def test_clocks_falling_back_across_the_rollover_never_step_back_a_day() -> None:
    # Chatham Islands, 5 April 2026: at 03:45 CHADT clocks fall back to 02:45 CHAST. With rollover 3
    # the wall clock reads "before 3 o'clock" again for 15 minutes; the day that has begun stays.
    chatham = ZoneInfo("Pacific/Chatham")
    before = datetime(2026, 4, 4, 13, 59, 59, tzinfo=UTC)
    after = datetime(2026, 4, 4, 14, 0, 0, tzinfo=UTC)
    assert before.astimezone(chatham).strftime("%H:%M") == "03:44"
    assert after.astimezone(chatham).strftime("%H:%M") == "02:45"
    assert review_day(before, chatham, 3) == date(2026, 4, 5)
    assert review_day(after, chatham, 3) == date(2026, 4, 5)
    assert review_day(after + timedelta(minutes=20), chatham, 3) == date(2026, 4, 5)


def test_a_review_day_can_be_a_few_hours_long() -> None:
    # Samoa skipped 30 December 2011 (23:59:59 on the 29th, then 00:00 on the 31st). With the rollover
    # at 04:00, review day 30 December still exists: from the jump to 04:00 on the 31st, four hours.
    apia = ZoneInfo("Pacific/Apia")
    start = day_start(date(2011, 12, 30), apia)
    assert start == datetime(2011, 12, 30, 10, 0, tzinfo=UTC)
    assert day_start(date(2011, 12, 31), apia) - start == timedelta(hours=4)
    assert review_day(start - timedelta(seconds=1), apia) == date(2011, 12, 29)
    assert review_day(start, apia) == date(2011, 12, 30)


# ---- travelling -----------------------------------------------------------------------------------


def test_travelling_west_shifts_today_by_at_most_one_day() -> None:
    # Reviewed in Berlin on 10 June 2026 at 20:00 with I = 1: due 11 June (a date, stored as such).
    due = add_days(review_day(local(BERLIN, 2026, 6, 10, 20, 0), BERLIN), 1)
    assert due == date(2026, 6, 11)
    # The learner flies to New York. At 04:30 UTC it is 06:30 in Berlin (due there) but 00:30 in
    # New York, still review day 10 June: the card waits until 04:00 New York time, six hours later.
    moment = datetime(2026, 6, 11, 4, 30, tzinfo=UTC)
    assert is_due(due, moment, BERLIN)
    assert not is_due(due, moment, NEW_YORK)
    assert review_day(moment, BERLIN) - review_day(moment, NEW_YORK) == timedelta(days=1)
    assert day_start(due, NEW_YORK) - day_start(due, BERLIN) == timedelta(hours=6)
    assert is_due(due, day_start(due, NEW_YORK), NEW_YORK)


def test_travelling_east_shifts_today_by_at_most_one_day() -> None:
    due = add_days(review_day(local(BERLIN, 2026, 6, 10, 20, 0), BERLIN), 1)
    # At 20:00 UTC it is 22:00 in Berlin (10 June) but 05:00 on 11 June in Tokyo: due seven hours
    # sooner there. Nothing is due twice and nothing is skipped, because nothing stored changes.
    moment = datetime(2026, 6, 10, 20, 0, tzinfo=UTC)
    assert not is_due(due, moment, BERLIN)
    assert is_due(due, moment, TOKYO)
    assert day_start(due, BERLIN) - day_start(due, TOKYO) == timedelta(hours=7)


# Zones whose UTC offsets are less than 24 hours apart all year round (-10 .. +13).
TRAVEL_ZONES = [
    "Pacific/Honolulu",
    "America/Los_Angeles",
    "America/New_York",
    "America/Sao_Paulo",
    "UTC",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
]

moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
)


@given(moments, st.sampled_from(TRAVEL_ZONES), st.sampled_from(TRAVEL_ZONES))
def test_changing_zone_moves_today_by_at_most_one_day(moment: datetime, home: str, away: str) -> None:
    shift = review_day(moment, ZoneInfo(away)) - review_day(moment, ZoneInfo(home))
    assert abs(shift) <= timedelta(days=1)


# ---- properties over real time zones --------------------------------------------------------------

rollovers = st.integers(min_value=0, max_value=23)
steps = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3))


@given(st.timezones(), rollovers, moments, steps)
def test_review_day_never_goes_backwards(
    zone: ZoneInfo, rollover: int, moment: datetime, step: timedelta
) -> None:
    assert review_day(moment, zone, rollover) <= review_day(moment + step, zone, rollover)


@given(st.timezones(), moments, st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=1)))
def test_an_hour_moves_the_default_review_day_by_at_most_one(
    zone: ZoneInfo, moment: datetime, step: timedelta
) -> None:
    # True in every IANA zone between 2000 and 2037 at the default rollover (even across Samoa's
    # skipped day). At some other rollover hours a 24-hour jump can skip a whole review day.
    shift = review_day(moment + step, zone) - review_day(moment, zone)
    assert timedelta(0) <= shift <= timedelta(days=1)


@given(
    st.sampled_from(TRAVEL_ZONES),
    rollovers,
    moments,
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=1)),
)
def test_an_hour_moves_the_review_day_by_at_most_one_at_any_rollover(
    zone_name: str, rollover: int, moment: datetime, step: timedelta
) -> None:
    zone = ZoneInfo(zone_name)
    shift = review_day(moment + step, zone, rollover) - review_day(moment, zone, rollover)
    assert timedelta(0) <= shift <= timedelta(days=1)


@given(st.timezones(), rollovers, moments)
def test_a_moment_lies_between_its_day_start_and_the_next(
    zone: ZoneInfo, rollover: int, moment: datetime
) -> None:
    day = review_day(moment, zone, rollover)
    assert day_start(day, zone, rollover) <= moment < day_start(add_days(day, 1), zone, rollover)


@given(st.timezones(), rollovers, st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 31)))
def test_day_starts_are_ordered_and_start_their_day(zone: ZoneInfo, rollover: int, day: date) -> None:
    start = day_start(day, zone, rollover)
    following = day_start(add_days(day, 1), zone, rollover)
    assert start <= following
    if start < following:  # a day can only be empty where a jump of 24 hours skips it entirely
        assert review_day(start, zone, rollover) == day


def clock_changes(zone: ZoneInfo, year: int) -> list[datetime]:
    """The instants (to the hour) at which `zone` changes its UTC offset during `year`."""
    moment = datetime(year, 1, 1, tzinfo=UTC)
    changes = []
    while moment.year == year:
        following = moment + timedelta(hours=1)
        if moment.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            changes.append(following)
        moment = following
    return changes


@pytest.mark.parametrize(
    ("zone_name", "year"),
    [
        ("Europe/Berlin", 2026),
        ("America/New_York", 2026),
        ("Australia/Sydney", 2026),
        ("Australia/Lord_Howe", 2026),  # half-hour DST
        ("Pacific/Chatham", 2026),  # changes at 02:45 / 03:45
        ("America/Santiago", 2026),  # changes at midnight
        ("America/Havana", 2026),  # changes at midnight / 01:00
        ("Pacific/Apia", 2011),  # skipped a whole day
    ],
)
def test_every_rollover_minute_by_minute_across_clock_changes(zone_name: str, year: int) -> None:
    zone = ZoneInfo(zone_name)
    changes = clock_changes(zone, year)
    assert changes
    for change in changes:
        for rollover in range(24):
            previous = None
            for minutes in range(-6 * 60, 6 * 60, 5):
                moment = change + timedelta(minutes=minutes)
                day = review_day(moment, zone, rollover)
                assert day_start(day, zone, rollover) <= moment < day_start(add_days(day, 1), zone, rollover)
                if previous is not None:
                    assert previous <= day
                previous = day
