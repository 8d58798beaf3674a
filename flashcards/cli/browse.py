"""Looking at the collection: `due` (fast, for shell prompts) and `cards` (browse with state)."""

from __future__ import annotations

import json
from typing import Any

import click

from flashcards.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON, per deck too.")
@pass_app
def due(app: AppContext, as_json: bool) -> None:
    """Print what is left to study today, in one line: fast enough for a shell prompt.

    Counts respect each deck's daily limits: `due` are reviews, `new` are cards not seen yet.

    \b
    Example:
        flashcards due            # 12 due, 20 new
        flashcards due --json
    """
    from flashcards.application.day import quick_plan, store_plan
    from flashcards.ui.due import render_due

    now = app.now()
    plan = quick_plan(app.database_url, now)
    if plan is None:
        store = app.store()
        plan = store_plan(store, store.today(now))
    click.echo(render_due(plan, as_json=as_json))


def card_json(card: Any, deck: str) -> dict[str, Any]:
    """The `cards --json` contract for one card."""
    from flashcards.core.vocabulary import card_state

    return {
        "id": card.id, "key": card.key, "deck": deck, "kind": card.kind, "front": card.front,
        "back": card.back, "status": card.status, "state": card_state(card.status, card.due, card.interval),
        "repetitions": card.repetitions, "ef_hundredths": card.ef_hundredths, "interval": card.interval,
        "due": card.due.isoformat() if card.due else None, "lapses": card.lapses,
        "tags": card.tags.split(), "context": list(card.context),
        "source": {"path": card.source_path, "line": card.source_line},
    }


@click.command()
@click.argument("deck", required=False)
@click.option("--search", metavar="TEXT", help="Only cards whose front, back or key contains TEXT.")
@click.option("--json", "as_json", is_flag=True, help="Print the cards as a JSON array.")
@pass_app
def cards(app: AppContext, deck: str | None, search: str | None, as_json: bool) -> None:
    """Browse cards with their state, next due date and source file:line.

    \b
    Example:
        flashcards cards docker --search "docker run"
        flashcards cards --json
    """
    from rich.table import Table
    from rich.text import Text

    from flashcards import ui
    from flashcards.storage.queries import find_cards, require_deck
    from flashcards.core.vocabulary import card_state

    store = app.store()
    with store.read() as session:
        require_deck(session, deck)
        rows = find_cards(session, deck=deck, search=search)
    if as_json:
        click.echo(json.dumps([card_json(card, name) for card, name in rows], indent=2, ensure_ascii=False))
        return
    table = Table(expand=False)
    for header in ("ID", "Deck", "Front", "State", "Due", "Source"):
        table.add_column(header, overflow="fold")
    for card, name in rows:
        table.add_row(
            Text(str(card.id)), Text(name), Text(ui.one_line(card.front, 40)),
            Text(card_state(card.status, card.due, card.interval)),
            Text(card.due.isoformat() if card.due else "-"), Text(f"{card.source_path}:{card.source_line}"),
        )
    console = ui.out()
    console.print(table)
    console.print(Text(f"{len(rows)} card(s)"))


COMMANDS = [due, cards]
