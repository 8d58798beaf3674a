"""What is left to study today, per deck: the numbers behind `flashcards due` and the quiz's limits.

Definitions shared by every caller (and by the queue):
- a *review* is an active card with a due date on or before today;
- a *new* card is an active card that has never been graded (no due date);
- what was already done today counts against the daily limits: scheduled grades given today (not
  undone) on cards that had a due date before the grade are reviews; on cards that had none, new cards;
- a deck with an exam ahead may have its new limit raised to see every card in time
  (`flashcards.core.exam.exam_load`), exactly as the quiz raises it.

The SQL here is plain and portable so it runs both through SQLAlchemy and, for the fast path of
`flashcards due`, through the standard `sqlite3` module without importing SQLAlchemy at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flashcards.core.exam import exam_load

DECK_COUNTS_SQL = """
SELECT d.name, d.new_per_day, d.reviews_per_day, d.exam_date,
       (SELECT count(*) FROM cards c WHERE c.deck_id = d.id AND c.status = 'active'
            AND c.due IS NOT NULL AND c.due <= :today) AS due_reviews,
       (SELECT count(*) FROM cards c WHERE c.deck_id = d.id AND c.status = 'active'
            AND c.due IS NULL) AS new_cards,
       (SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card_id
            WHERE c.deck_id = d.id AND r.review_day = :today AND r.mode = 'scheduled'
            AND r.undone_at IS NULL AND r.due_before IS NOT NULL) AS reviews_done,
       (SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card_id
            WHERE c.deck_id = d.id AND r.review_day = :today AND r.mode = 'scheduled'
            AND r.undone_at IS NULL AND r.due_before IS NULL) AS new_done
FROM decks d ORDER BY d.name
"""


@dataclass(frozen=True)
class DeckDue:
    """One deck's work for today, after its daily limits."""

    deck: str
    due: int
    new: int
    due_total: int
    new_total: int
    reviews_done: int
    new_done: int


def apply_limits(
    today: date, deck: str, new_per_day: int, reviews_per_day: int, exam_date: date | str | None,
    due_reviews: int, new_cards: int, reviews_done: int, new_done: int,
) -> DeckDue:
    """Cap what is due by what the daily limits (raised for an exam ahead) still allow."""
    exam = date.fromisoformat(exam_date) if isinstance(exam_date, str) else exam_date
    if exam is not None and exam > today:
        new_per_day = exam_load(deck=deck, exam_date=exam, today=today, unseen=new_cards + new_done,
                                new_per_day=new_per_day, new_done=new_done).new_today
    return DeckDue(
        deck=deck,
        due=min(due_reviews, max(0, reviews_per_day - reviews_done)),
        new=min(new_cards, max(0, new_per_day - new_done)),
        due_total=due_reviews,
        new_total=new_cards,
        reviews_done=reviews_done,
        new_done=new_done,
    )


def due_report(today: date, decks: list[DeckDue], *, as_json: bool) -> str:
    """What `flashcards due` prints: `12 due, 20 new`, or the same as JSON with each deck."""
    total_due = sum(deck.due for deck in decks)
    total_new = sum(deck.new for deck in decks)
    if not as_json:
        return f"{total_due} due, {total_new} new"
    import json

    return json.dumps({
        "today": today.isoformat(), "due": total_due, "new": total_new,
        "decks": [{"deck": deck.deck, "due": deck.due, "new": deck.new} for deck in decks],
    })
