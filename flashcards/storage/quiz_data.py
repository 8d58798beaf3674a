"""What the quiz reads from the store besides the day's plan (`storage/day_rows.py`): card views,
cram selections, multiple-choice options, tomorrow's count.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from flashcards.core.quiz_items import QuizCard
from flashcards.core.search import has_words, search_words
from flashcards.storage.models import Card, Deck
from flashcards.storage.queries import word_candidates
from flashcards.core.vocabulary import REVERSE_SUFFIX, Status


def _deck_filter(decks: list[str] | None):  # type: ignore[no-untyped-def]
    return Deck.name.in_(decks) if decks else True


def cram_ids(session: Session, decks: list[str] | None, search: str | None, limit: int, *,
             reverse_only: bool = False) -> list[int]:
    """Cards to cram: active cards of the chosen active decks (or holding the words of `search`; only reverse
    cards with `reverse_only`, as `quiz --reverse` plans them), weakest first.

    Weakest: lowest easiness, then most lapses, then the soonest due; cards never seen come last.
    """
    query = (select(Card.id, Card.front, Card.back).join(Deck, Card.deck_id == Deck.id)
             .where(Card.status == Status.ACTIVE, Deck.status == Status.ACTIVE, _deck_filter(decks)))
    if reverse_only:
        query = query.where(Card.kind.endswith(REVERSE_SUFFIX, autoescape=True))
    words = search_words(search or "")
    if words:
        query = query.where(*word_candidates(search or ""))
    query = query.order_by(Card.due.is_(None), Card.ef_hundredths, Card.lapses.desc(), Card.due, Card.position)
    if not words:
        return list(session.scalars(query.with_only_columns(Card.id).limit(limit)))
    chosen: list[int] = []
    for card_id, front, back in session.execute(query):
        if has_words(words, front, back):
            chosen.append(card_id)
            if len(chosen) == limit:
                break
    return chosen


def quiz_cards(session: Session, ids: list[int]) -> dict[int, QuizCard]:
    """The cards of a session, by id (the SQL the fast path runs too: `storage/quiz_rows.py`)."""
    from flashcards.storage.quiz_rows import read_quiz_cards
    from flashcards.storage.sql_run import session_runner

    return read_quiz_cards(session_runner(session), ids)


def distractors(session: Session, card: QuizCard, count: int) -> list[str]:
    """Wrong options for a multiple-choice question: the backs of sibling terms of the same list.

    Siblings are cards of the same deck, kind and heading path (the other flags of one flag list, the
    other terms of one glossary); deterministic order (notes order) so the shell can shuffle with a seed.
    """
    context = list(card.context)
    rows = session.execute(
        select(Card.back, Card.context)
        .join(Deck, Card.deck_id == Deck.id)
        .where(Deck.name == card.deck, Card.kind == card.kind, Card.id != card.id, Card.status != Status.RETIRED)
        .order_by(Card.position)
    ).all()
    same_list = [back for back, ctx in rows if list(ctx) == context and back != card.back]
    others = [back for back, ctx in rows if list(ctx) != context and back != card.back]
    unique: dict[str, None] = {}
    for back in same_list + others:
        unique.setdefault(back, None)
    return list(unique)[:count]


def due_on(session: Session, day: date, decks: list[str] | None = None) -> int:
    """Active cards of active decks due on or before `day` (a suspended deck's are not studied)."""
    return int(session.scalar(
        select(func.count()).select_from(Card).join(Deck, Card.deck_id == Deck.id)
        .where(Card.status == Status.ACTIVE, Deck.status == Status.ACTIVE, Card.due.is_not(None), Card.due <= day, _deck_filter(decks))
    ) or 0)



def editor_setting(session: Session) -> str | None:
    """The collection's `editor` setting (`flashcards config editor ...`), or None when it is unset."""
    from flashcards.core.editor import EDITOR_SETTING
    from flashcards.storage.models import Setting

    return session.scalar(select(Setting.value).where(Setting.key == EDITOR_SETTING))
