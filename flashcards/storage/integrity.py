"""`flashcards check`: everything that can be verified about a collection, as a list of findings."""

from __future__ import annotations

from sqlalchemy import text

from flashcards.core.findings import Finding
from flashcards.storage.engine import is_sqlite
from flashcards.storage.migrate import script_heads
from flashcards.storage.store import Store


def _schema_drift(store: Store) -> list[str]:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from flashcards.storage.models import Base, compared_on

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": compared_on(connection.dialect.name)})
        return [str(diff) for diff in compare_metadata(context, Base.metadata)]


def run_checks(store: Store) -> list[Finding]:
    """Run every check; never raises for a finding, only for a database that cannot be read."""
    findings: list[Finding] = []
    heads, _ = script_heads()
    head = next(iter(heads))
    with store.engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    findings.append(
        Finding("schema revision", revision == head, f"{revision} (the program's head is {head})")
    )
    drift = _schema_drift(store)
    findings.append(
        Finding(
            "schema matches the program",
            not drift,
            "no differences" if not drift else f"{len(drift)} difference(s), first: {drift[0]}",
        )
    )
    if is_sqlite(store.opened.url):
        with store.engine.connect() as connection:
            integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
            findings.append(
                Finding(
                    "SQLite integrity",
                    integrity == ["ok"],
                    "ok" if integrity == ["ok"] else "; ".join(integrity[:3]),
                )
            )
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            findings.append(
                Finding(
                    "references between tables",
                    not broken,
                    "all valid"
                    if not broken
                    else f"{len(broken)} broken, first: {broken[0][0]} row {broken[0][1]} -> {broken[0][2]}",
                )
            )
    findings.append(_replay_finding(store))
    with store.engine.connect() as connection:
        orphans = connection.execute(
            text("SELECT count(*) FROM reviews WHERE card_id NOT IN (SELECT id FROM cards)")
        ).scalar_one()
        findings.append(
            Finding("every review belongs to a card", orphans == 0, f"{orphans} review(s) without a card")
        )
    return findings


def _replay_finding(store: Store) -> Finding:
    """Every card's SM-2 state must equal the replay of its standing log (one streamed pass).

    Which reviews stand and how they fold into a state is `flashcards.core.replay`, the same rule the
    exporter and the tests use; this only streams the rows to it, grouped by card.
    """
    from itertools import groupby

    from sqlalchemy import select

    from flashcards.core.replay import replay_standing
    from flashcards.core.scheduling import CardState
    from flashcards.storage.models import Card, Deck, Review

    with store.read() as session:
        cards = {
            row.id: row
            for row in session.execute(
                select(Card.id, Card.repetitions, Card.ef_hundredths, Card.interval, Card.due, Card.lapses,
                       Card.reset_at, Deck.exam_date).join(Deck, Card.deck_id == Deck.id)
            )
        }
        log = session.execute(
            select(Review.id, Review.card_id, Review.grade, Review.review_day, Review.mode, Review.reviewed_at,
                   Review.undone_at)
            .order_by(Review.card_id, Review.reviewed_at, Review.id)
            .execution_options(yield_per=20_000)  # streamed: the log is never in memory at once
        )
        replayed: dict[int, CardState] = {}
        for card_id, rows in groupby(log, key=lambda row: row.card_id):
            card = cards.get(card_id)
            replayed[card_id] = replay_standing(
                rows,
                reset_at=card.reset_at if card is not None else None,
                exam_date=card.exam_date if card is not None else None,
            )
    new = CardState.new().scheduling_fields
    wrong = [
        card_id
        for card_id, card in cards.items()
        if (card.repetitions, card.ef_hundredths, card.interval, card.due, card.lapses)
        != (replayed[card_id].scheduling_fields if card_id in replayed else new)
    ]
    detail = (
        f"all {len(cards)} card(s) agree with their log"
        if not wrong
        else f"{len(wrong)} card(s) differ from their log, first: card {wrong[0]}"
    )
    return Finding("card states equal the replay of the review log", not wrong, detail)
