"""The settings a learner may change (`flashcards config`): their names, defaults and valid values.

Stored as text in the `settings` table under the keys the readers already use (`timezone` and
`rollover_hour` decide the review day, `new_per_day` and `reviews_per_day` the day's budget, `editor`
the command the quiz's `e` runs), so a value set here reaches `due`, the quiz and every other command
at once, on the fast path too. Each value is checked here with the same rule its reader applies
(`core.settings.parse_count`, `core.days.parse_rollover_hour`, an IANA zone): a value this command
accepts is never refused later. Removing a key gives its default back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flashcards.core.days import DEFAULT_ROLLOVER_HOUR, parse_rollover_hour
from flashcards.core.settings import (
    DEFAULT_NEW_PER_DAY,
    DEFAULT_REVIEWS_PER_DAY,
    BadSetting,
    parse_count,
    parse_suffixes,
)

__all__ = ["SETTINGS", "SettingSpec", "SettingValue", "spec_named"]


def _count(name: str) -> Callable[[str], str]:
    def check(raw: str) -> str:
        try:
            return str(parse_count(name, raw, 0))
        except BadSetting:
            raise BadSetting(f"{name} must be a whole number from 0 to 100,000, got {raw!r}") from None
    return check


def _hour(raw: str) -> str:
    try:
        return str(parse_rollover_hour(raw))
    except ValueError:
        raise BadSetting(f"rollover-hour must be a whole hour from 0 to 23, got {raw!r}") from None


def _zone(raw: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = raw.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadSetting(f"timezone must be an IANA time zone name (such as Europe/Berlin), got {raw!r}") from None
    return name


def _text(raw: str) -> str:
    text = raw.strip()
    if not text:
        raise BadSetting("editor cannot be empty; use --unset to go back to $VISUAL or $EDITOR")
    return text


def _suffixes(raw: str) -> str:
    return " ".join(sorted(parse_suffixes("note-suffixes", raw))) or ""


@dataclass(frozen=True)
class SettingSpec:
    """One setting.

    Attributes:
        name: Its name on the command line (`flashcards config NAME VALUE`).
        key: Its key in the `settings` table.
        default: What applies when it is not set, as the learner reads it.
        meaning: One short sentence.
        check: The value as stored from what the learner typed; raises `BadSetting`.
    """

    name: str
    key: str
    default: str
    meaning: str
    check: Callable[[str], str]


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("new-per-day", "new_per_day", str(DEFAULT_NEW_PER_DAY),
                "New cards a day, shared by every deck.", _count("new-per-day")),
    SettingSpec("reviews-per-day", "reviews_per_day", str(DEFAULT_REVIEWS_PER_DAY),
                "Reviews a day, shared by every deck.", _count("reviews-per-day")),
    SettingSpec("rollover-hour", "rollover_hour", str(DEFAULT_ROLLOVER_HOUR),
                "The hour (0-23) a new review day starts.", _hour),
    SettingSpec("timezone", "timezone", "FLASHCARDS_TZ, TZ or the system's",
                "The time zone review days follow.", _zone),
    SettingSpec("editor", "editor", "$VISUAL or $EDITOR",
                "The command the quiz's e opens a note with.", _text),
    SettingSpec("note-suffixes", "note_suffixes", "none",
                "More file suffixes read as notes, besides .md and .markdown (.txt .org).", _suffixes),
)
"""Every setting, in the order `flashcards config` lists them."""


@dataclass(frozen=True)
class SettingValue:
    """A setting and its stored value (None: the default applies)."""

    spec: SettingSpec
    value: str | None


def spec_named(name: str) -> SettingSpec:
    """The setting called `name` on the command line (`new-per-day`; `new_per_day` is accepted too).

    Raises:
        BadSetting: no setting has that name.
    """
    wanted = name.strip().lower().replace("_", "-")
    for spec in SETTINGS:
        if spec.name == wanted:
            return spec
    raise BadSetting(f"no setting named {name!r}; the settings are {', '.join(spec.name for spec in SETTINGS)}")
