"""What `decks set / rename / suspend / unsuspend / retire` and `config` say (plain sentences as `Text`).

Each message is made by a function that returns its lines, so a test can hold the exact words, and
printed by one that hands them to Rich as `Text` (deck names and settings are user text, never markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from flashcards.core.vocabulary import plural

if TYPE_CHECKING:
    from flashcards.application.settings import SettingValue
    from flashcards.core.decks import DeckLimitsSet, DeckRenamed, DeckStatusSet, RetirePreview
    from flashcards.core.reschedule import CardChange, ReschedulePlan


def _print(lines: Sequence[str]) -> None:
    from rich.text import Text

    from flashcards.ui import out

    console = out()
    for line in lines:
        console.print(Text(line))


def _limit(own: int | None, budget: int) -> str:
    return f"at most {own} a day" if own is not None else f"shared from the budget of {budget} a day"


def limits_lines(change: DeckLimitsSet) -> list[str]:
    """Both of the deck's limits after `decks set` (and before, where changed), then where the budget
    still caps an own limit set above it."""
    lines = []
    for what, before, after, budget, setting in (
            ("new cards", change.new_before, change.new_after, change.budget_new, "new-per-day"),
            ("reviews", change.reviews_before, change.reviews_after, change.budget_reviews, "reviews-per-day")):
        was = "unchanged" if before == after else f"was: {_limit(before, budget)}"
        lines.append(f"{change.deck}: {what} {_limit(after, budget)} ({was}).")
        if after is not None and after > budget:
            lines.append(f"The collection's budget of {budget} {what} a day still caps it "
                         f"(flashcards config {setting} N raises it).")
    return lines


def print_limits(change: DeckLimitsSet) -> None:
    _print(limits_lines(change))


def rename_lines(done: DeckRenamed) -> list[str]:
    """One line per renamed deck, then the totals."""
    lines = [f"Renamed {old} to {new}." for old, new in done.decks]
    cards = "1 card keeps its" if done.cards == 1 else f"{done.cards} cards keep their"
    roots = {0: "", 1: "; the imported folder or file follows"}.get(
        done.roots, f"; {done.roots} imported folders or files follow")
    lines.append(f"{cards} progress and history{roots}.")
    return lines


def print_rename(done: DeckRenamed) -> None:
    _print(rename_lines(done))


def status_lines(done: DeckStatusSet, *, suspended: bool) -> list[str]:
    """`Suspended docker.` per deck changed, `docker was suspended already.` per other, then what it means."""
    verb, state = ("Suspended", "suspended") if suspended else ("Unsuspended", "active")
    lines = [f"{verb} {name}." for name in done.changed]
    lines += [f"{name} was {state} already." for name in done.unchanged]
    if done.changed and suspended:
        lines.append("Its cards keep their progress and are not studied until "
                     f"`flashcards decks unsuspend {done.changed[0]}`." if len(done.changed) == 1 else
                     "Their cards keep their progress and are not studied until the decks are unsuspended.")
    return lines


def print_status(done: DeckStatusSet, *, suspended: bool) -> None:
    _print(status_lines(done, suspended=suspended))


def _decks(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{len(names)} decks ({', '.join(names)})"


def retire_preview_lines(preview: RetirePreview) -> list[str]:
    """What retiring will do, before the question."""
    studied = f" ({preview.studied} of them studied)" if preview.studied else ""
    history = (f"their {plural(preview.reviews, 'review')} stay in the history" if preview.reviews
               else "they have no reviews yet")
    return [f"Retiring {_decks(preview.decks)} takes {plural(preview.cards, 'card')}{studied} out of the quiz "
            f"for good; {history}."]


def print_retire_preview(preview: RetirePreview) -> None:
    _print(retire_preview_lines(preview))


def retired_lines(done: RetirePreview) -> list[str]:
    kept = f", {plural(done.reviews, 'review')} kept" if done.reviews else ""
    return [f"Retired {_decks(done.decks)}: {plural(done.cards, 'card')} retired{kept}."]


def print_retired(done: RetirePreview) -> None:
    _print(retired_lines(done))


def setting_line(setting: SettingValue) -> str:
    """`new-per-day is now 35 (default 20).` or `new-per-day is back to its default: 20.`"""
    spec = setting.spec
    if setting.value is None:
        return f"{spec.name} is back to its default: {spec.default}."
    return f"{spec.name} is now {setting.value} (default {spec.default})."


def print_setting(setting: SettingValue) -> None:
    _print([setting_line(setting)])


def print_settings(settings: Sequence[SettingValue]) -> None:
    """Every setting as a table: its name, its value (or `default`), its default and what it means."""
    from rich.table import Table
    from rich.text import Text

    from flashcards.ui import out

    table = Table(title="Settings", title_justify="left")
    for header in ("Setting", "Value", "Default", "Meaning"):
        table.add_column(header, overflow="fold")
    for setting in settings:
        table.add_row(Text(setting.spec.name), Text(setting.value if setting.value is not None else "(default)"),
                      Text(setting.spec.default), Text(setting.spec.meaning))
    console = out()
    console.print(table)
    console.print(Text("Change one with: flashcards config NAME VALUE (--unset restores the default).", style="dim"))


def _shortened(text: str, width: int = 20) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[:width - 1] + "…"


def _when(change_due: object, interval: int) -> str:
    if change_due is None:
        return "new"
    return f"{change_due} ({interval} d)"


def _example(change: CardChange) -> str:
    """One example, within 80 columns for ids and intervals up to 5 digits: the card, its due date and
    interval (d: days) before and after."""
    return (f"  card {change.card_id} {_shortened(change.front)!r}: "
            f"{_when(change.due_before, change.interval_before)} -> {_when(change.due_after, change.interval_after)}")


def reschedule_lines(plan: ReschedulePlan) -> list[str]:
    """The plan of a scheduler switch: from what to what, how many cards move, a few examples."""
    if plan.same:
        return [f"{plan.deck} uses {plan.after.describe()} already; nothing to change."]
    lines = [f"{plan.deck}: {plan.before.describe()} -> {plan.after.describe()}.",
             f"The log of {plural(plan.reviews, 'review')} ({plural(plan.reviewed, 'card')} studied) is replayed"
             f" under {plan.after.describe()}: {plan.changed} of {plural(plan.cards, 'card')} get a new due date"
             " or interval; no review is changed or lost."]
    if plan.examples:
        lines.append("For example (due date, then the interval in days):")
    lines += [_example(change) for change in plan.examples]
    return lines


def print_reschedule_plan(plan: ReschedulePlan) -> None:
    _print(reschedule_lines(plan))


def rescheduled_lines(plan: ReschedulePlan) -> list[str]:
    """After the switch."""
    return [f"{plan.deck} now uses {plan.after.describe()}; {plural(plan.changed, 'card')} rescheduled."]


def print_rescheduled(plan: ReschedulePlan) -> None:
    _print(rescheduled_lines(plan))
