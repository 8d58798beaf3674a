"""Rendering of `flashcards stats` and `flashcards exam`: tables and character charts with Rich.

Readable at 80 columns and without colour: every chart says what it says with characters (bar heights
in eighth blocks, heat levels as `· ░ ▒ ▓ █` with a legend of the counts each stands for), never with
colour alone, so NO_COLOR, a pipe or a monochrome terminal loses nothing. As everywhere (`ui.py`),
user text (deck names, headings, card fronts) enters Rich only as `Text`, never as markup.
"""

from __future__ import annotations


from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from flashcards.core.stats import CARD_STATES, HEAT_LEVELS, DayCount, Heatmap, Stats, heat_level
from flashcards.core.vocabulary import PASS_GRADE, plural
from flashcards.ui.tables import Col

if TYPE_CHECKING:
    from flashcards.application.stats_report import StatsReport
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text

    from flashcards.core.exam import ExamStatus
    from flashcards.ui.tables import FittedTable

__all__ = ["HEAT_CHARS", "forecast_chart", "heatmap_chart", "render_exams", "render_stats"]

HEAT_CHARS = "·░▒▓█"
EIGHTHS = " ▁▂▃▄▅▆▇█"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FORECAST_HEIGHT = 8
SEPARATOR = " › "


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{round(rate * 100)}%"


def _duration(ms: int) -> str:
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s"


def _day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def section_name(deck: str, context: Sequence[str]) -> str:
    """`deck › heading › path`, the way the quiz's context line names a section."""
    return SEPARATOR.join((deck, *context))


def forecast_chart(days: Sequence[DayCount], height: int = FORECAST_HEIGHT) -> Text:
    """A vertical bar chart, one column of two characters per day, bar tops in eighth blocks.

    The y axis is labelled with the busiest day's count and 0; the x axis every 7 days.
    """
    from rich.text import Text

    top = max((day.count for day in days), default=0)
    if top == 0:
        return Text(f"Nothing due in the next {len(days)} days.")
    width = len(str(top))
    # Bar heights in eighths of a row, rounded half up; a day with any card gets at least one eighth.
    eighths = [0 if d.count == 0 else max(1, (d.count * height * 16 + top) // (2 * top)) for d in days]
    lines = []
    for row in range(height - 1, -1, -1):
        label = f"{top:>{width}} ┤" if row == height - 1 else f"{'':>{width}} │"
        cells = "".join(EIGHTHS[max(0, min(8, e - row * 8))] + " " for e in eighths)
        lines.append(label + cells.rstrip())
    lines.append(f"{0:>{width}} └" + "─" * (2 * len(days)))
    ticks = [" "] * (2 * len(days) + 8)
    for index in range(0, len(days), 7):
        for offset, char in enumerate(_day(days[index].day)):
            ticks[2 * index + offset] = char
    lines.append(" " * (width + 2) + "".join(ticks).rstrip())
    busiest = next(day for day in days if day.count == top)
    lines.append(f"{sum(day.count for day in days)} due in {len(days)} days; "
                 f"the busiest day is {_day(busiest.day)} with {top}.")
    return Text("\n".join(lines))


def _heat_legend(busiest: int) -> str:
    parts = [f"{HEAT_CHARS[0]} 0"]
    for level in range(1, HEAT_LEVELS + 1):
        low, high = busiest * (level - 1) // HEAT_LEVELS + 1, busiest * level // HEAT_LEVELS
        if low <= high:
            parts.append(f"{HEAT_CHARS[level]} {low}" if low == high else f"{HEAT_CHARS[level]} {low}-{high}")
    return "  ".join(parts) + " reviews a day"


def heatmap_chart(heatmap: Heatmap) -> Text:
    """A calendar: one column per week (Monday on top), one character per day, heat as shades."""
    from rich.text import Text

    counts = {day.day: day.count for day in heatmap.days}
    weeks = (heatmap.end - heatmap.start).days // 7 + 1
    mondays = [heatmap.start + timedelta(weeks=week) for week in range(weeks)]
    months = [" "] * (2 * weeks + 4)
    last_end = -1
    for week, monday in enumerate(mondays):
        new_month = week == 0 or monday.month != mondays[week - 1].month
        next_change_close = week == 0 and any(
            mondays[w].month != monday.month for w in range(1, min(2, weeks)))
        if new_month and not next_change_close and 2 * week > last_end:
            for offset, char in enumerate(MONTHS[monday.month - 1]):
                months[2 * week + offset] = char
            last_end = 2 * week + 3
    lines = ["    " + "".join(months).rstrip()]
    for weekday in range(7):
        cells = []
        for monday in mondays:
            day = monday + timedelta(days=weekday)
            if day > heatmap.end:
                cells.append(" ")
            else:
                cells.append(HEAT_CHARS[heat_level(counts.get(day, 0), heatmap.busiest)])
        lines.append(f"{WEEKDAYS[weekday]} " + " ".join(cells).rstrip())
    lines.append("    " + _heat_legend(heatmap.busiest))
    return Text("\n".join(lines))


def _table_style() -> dict[str, Any]:
    """The statistics' tables: a rule under the headings, no frame (Rich's box imported when used)."""
    from rich import box

    return {"title_justify": "left", "box": box.SIMPLE_HEAD, "expand": False, "pad_edge": False,
            "show_edge": False}


def _table(*headers: str, title: str) -> Table:
    from rich.table import Table

    table = Table(**_table_style(), title=title)
    for header in headers:
        table.add_column(header, overflow="fold", justify="left" if header in ("Section", "Card") else "right")
    return table


def _kept_table(columns: Sequence[Col], rows: Sequence[Sequence[Text]], *, title: str) -> FittedTable:
    """A statistics table whose ids or deck names (what one types next) are never cut or folded."""
    from flashcards.ui.tables import FittedTable

    return FittedTable(columns, rows, **_table_style(), title=title)


def render_stats(stats: Stats, deck: str | None, left: tuple[int, int] | None = None) -> Group:
    """The whole `flashcards stats` screen."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from flashcards.ui import one_line

    parts: list[RenderableType] = []
    title = Text("Statistics for ", style="bold")
    title.append(deck if deck is not None else "all decks")
    title.append(f" on {stats.today.isoformat()}")
    parts += [title, Text()]

    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    day = stats.day
    summary.add_row("Today", Text(
        f"{day.reviewed} reviewed, {day.learned} new learned, "
        f"{'-' if day.correct_percent is None else f'{day.correct_percent}%'} correct, "
        f"{_duration(day.time_ms)} spent"))
    if left is not None:
        summary.add_row("To study", Text(f"{left[0]} due, {left[1]} new today, as `flashcards due` counts"))
    streak = stats.streak
    note = "" if streak.studied_today or streak.current == 0 else " (study today to keep it)"
    summary.add_row("Streak", Text(f"{plural(streak.current, 'day')}, longest {streak.longest}{note}"))
    for index, window in enumerate(stats.retention):
        summary.add_row("Retention" if index == 0 else "", Text(
            f"last {window.days:>3} days: {_percent(window.rate):>4} "
            f"({window.passed} of {plural(window.reviews, 'review')} graded {int(PASS_GRADE)}+)"))
    parts += [summary, Text()]

    states = _table(*CARD_STATES, "total", title="Cards")
    states.add_row(*(str(n) for n in stats.states.values()), str(sum(stats.states.values())))
    parts += [states, Text()]

    overdue = f" (today includes {stats.overdue} overdue)" if stats.overdue else ""
    parts += [Text(f"Reviews due, next {len(stats.forecast)} days{overdue}", style="italic"),
              forecast_chart(stats.forecast), Text()]

    weeks = (stats.heatmap.end - stats.heatmap.start).days // 7 + 1
    total = sum(d.count for d in stats.heatmap.days)
    parts += [Text(f"Reviews per day, last {weeks} weeks ({total} in all)", style="italic"),
              heatmap_chart(stats.heatmap), Text()]

    minimum = stats.thresholds.get("min_section_reviews")
    if stats.weakest:
        weakest = _table("Section", "Retention", "Reviews", "Lapses",
                         title=f"Weakest sections (at least {minimum} reviews in a year)")
        for section in stats.weakest:
            weakest.add_row(Text(section_name(section.deck, section.context)),
                            _percent(section.retention), str(section.reviews), str(section.lapses))
        parts += [weakest, Text()]
    else:
        parts += [Text(f"Weakest sections: none yet (a section needs {minimum} reviews in a year)."), Text()]

    if stats.leeches:
        columns = [Col("ID", keep=True, justify="right"), Col("Card", floor=12), Col("Lapses", justify="right"),
                   Col("Section", floor=12)]
        rows = [[Text(str(card.id)), Text(one_line(card.front, 30)), Text(str(card.lapses)),
                 Text(section_name(card.deck, card.context))] for card in stats.leeches]
        parts.append(_kept_table(columns, rows, title="Leeches (rewrite them in your notes)"))
    else:
        parts.append(Text("Leeches: none."))
    return Group(*parts)


def render_exams(statuses: Sequence[ExamStatus]) -> Group:
    """`flashcards exam`: one row per exam, then each deck's weakest sections."""
    from rich.console import Group
    from rich.text import Text

    columns = [Col("Deck", keep=True), Col("Exam", keep=True, justify="right"),
               *(Col(header, justify="right") for header in ("Days left", "Learned", "Today", "Ready"))]
    rows: list[list[Text]] = []
    notes: list[Text] = []
    for status in statuses:
        days = status.days_left
        left = str(days) if days > 0 else ("today" if days == 0 else "past")
        # Today's queue, as `due`, `decks` and the quiz count it (limits, budget and siblings applied).
        new_today = "" if status.load is None else f"{status.queued_new} new + "
        rows.append([Text(status.deck), Text(status.exam_date.isoformat()), Text(left),
                     Text(f"{status.readiness.seen}/{status.readiness.cards}"),
                     Text(f"{new_today}{status.queued_due} due"), Text(f"{round(status.readiness.share * 100)}%")])
        if status.readiness.weakest:
            line = Text("Weakest in ")
            line.append(status.deck)
            line.append(": ")
            for index, section in enumerate(status.readiness.weakest):
                if index:
                    line.append("; ")
                line.append(SEPARATOR.join(section.context) or "(no heading)")
                line.append(f" ({section.ready}/{section.cards} ready)")
            notes.append(line)
        if days < 0:
            line = Text("The exam of ")
            line.append(status.deck)
            line.append(" is past: normal intervals again; `flashcards exam DECK --clear` removes it.")
            notes.append(line)
    legend = Text("Learned: cards seen at least once. Ready: predicted recall on the exam day of 90% "
                  "or more: FSRS's retrievability on an FSRS deck, else 0.9^(t/I) (t: days from the last "
                  "review to the exam, I: the interval).")
    return Group(_kept_table(columns, rows, title="Exams"), Text(), *notes, legend)


def print_stats(report: StatsReport) -> None:
    """`flashcards stats` on the terminal."""
    from flashcards.ui import out

    out().print(render_stats(report.stats, report.deck, (report.plan.due, report.plan.new)))
