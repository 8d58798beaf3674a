"""Decks in the store: their own limits, renames, suspension and retirement (`core.decks` has the rules).

Each change is one transaction: a rename rewrites every key of the renamed decks' cards or none, a
retirement retires every card of the tree or none. Nothing is ever deleted: retired cards keep their
rows and their reviews, a renamed deck keeps its id (so its `sources` rows still point at it).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from flashcards.core.decks import (
    BadDeckName,
    DeckLimitsSet,
    DeckRenamed,
    DeckStatusSet,
    RetirePreview,
    check_deck_name,
    in_tree,
    renamed,
    renamed_key,
)
from flashcards.core.errors import FlashcardsError, NoSuchDeck
from flashcards.core.vocabulary import Status
from flashcards.storage.models import Card, Deck, Review, SourceRoot
from flashcards.storage.store import Store


def _tree(session: Session, root: str) -> list[Deck]:
    """The deck named `root` and every deck under it, in name order; `NoSuchDeck` when there is none."""
    found = sorted((deck for deck in session.scalars(select(Deck)) if in_tree(deck.name, root)),
                   key=lambda deck: deck.name)
    if not found:
        raise NoSuchDeck(root)
    return found


def set_limits(store: Store, name: str, changes: Mapping[str, int | None], budget: tuple[int, int]
               ) -> DeckLimitsSet:
    """Set (an int) or drop (None) the deck's own `new_per_day` / `reviews_per_day`, as `changes` names."""
    with store.transaction() as session:
        deck = session.scalar(select(Deck).where(Deck.name == name))
        if deck is None:
            raise NoSuchDeck(name)
        before = (deck.new_per_day, deck.reviews_per_day)
        if "new_per_day" in changes:
            deck.new_per_day = changes["new_per_day"]
        if "reviews_per_day" in changes:
            deck.reviews_per_day = changes["reviews_per_day"]
        return DeckLimitsSet(deck=name, new_before=before[0], new_after=deck.new_per_day,
                             reviews_before=before[1], reviews_after=deck.reviews_per_day,
                             budget_new=budget[0], budget_reviews=budget[1])


def rename(store: Store, old: str, new: str, now: datetime | None = None) -> DeckRenamed:
    """Rename the tree `old` to `new`: deck names, card keys and sibling keys, imported roots' deck names.

    With `now`, the cards' `content_changed_at` becomes it: their deck is part of what an export shows
    (an Anki note's Context field and tags), and Anki takes only a newer copy of a note.

    Raises:
        NoSuchDeck: no deck is named `old` or is under it.
        BadDeckName: `new` is not a usable name, is under `old`, or a renamed deck's new name is taken.
    """
    new = check_deck_name(new)
    if new == old:
        raise BadDeckName(f"the deck is named {old!r} already")
    if in_tree(new, old):
        raise BadDeckName(f"cannot move {old!r} under itself ({new!r})")
    with store.transaction() as session:
        decks = _tree(session, old)
        moved = {deck.id: renamed(deck.name, old, new) or deck.name for deck in decks}
        others = {name for name in session.scalars(select(Deck.name)) if not in_tree(name, old)}
        for deck in decks:
            if moved[deck.id] in others:
                raise BadDeckName(f"a deck named {moved[deck.id]!r} exists already; nothing was renamed")
            check_deck_name(moved[deck.id])
        pairs = tuple((deck.name, moved[deck.id]) for deck in decks)
        # Two steps, so that no name or key is ever held twice during the change (`a::b::b` -> `a::b`
        # while `a::b` -> `a`): first every row gets a placeholder only it can have, then its new value.
        cards = list(session.scalars(select(Card).where(Card.deck_id.in_(list(moved)))))
        by_id = {deck.id: deck for deck in decks}
        final_keys = {card.id: renamed_key(card.key, by_id[card.deck_id].name, moved[card.deck_id]) or card.key
                      for card in cards}
        final_siblings = {card.id: renamed_key(card.sibling_key, by_id[card.deck_id].name, moved[card.deck_id])
                          for card in cards}
        for deck in decks:
            deck.name = f"|renaming|{deck.id}"
        for card in cards:
            card.key = f"|renaming|{card.id}"
        session.flush()
        for deck in decks:
            deck.name = moved[deck.id]
        for card in cards:
            card.key = final_keys[card.id]
            card.sibling_key = final_siblings[card.id]
            if now is not None:
                card.content_changed_at = now
        roots = 0
        for root in session.scalars(select(SourceRoot)):
            target = renamed(root.deck, old, new)
            if target is not None:
                root.deck = target
                roots += 1
        return DeckRenamed(decks=pairs, cards=len(cards), roots=roots)


def set_status(store: Store, name: str, status: Status) -> DeckStatusSet:
    """Suspend (`Status.SUSPENDED`) or unsuspend (`Status.ACTIVE`) the tree `name`; cards keep their status.

    Raises:
        NoSuchDeck: no deck is named `name` or is under it.
        FlashcardsError: a deck of the tree is retired (a retired deck is not paused, it is gone).
    """
    with store.transaction() as session:
        decks = _tree(session, name)
        retired = [deck.name for deck in decks if deck.status == Status.RETIRED]
        if retired:
            raise FlashcardsError(f"deck {retired[0]!r} is retired; a retired deck cannot be suspended or "
                                  "unsuspended")
        changed = tuple(deck.name for deck in decks if deck.status != status)
        for deck in decks:
            deck.status = status.value
        return DeckStatusSet(changed=changed, unchanged=tuple(deck.name for deck in decks
                                                               if deck.name not in changed))


def _preview(session: Session, decks: list[Deck]) -> RetirePreview:
    ids = [deck.id for deck in decks]
    live = (Card.deck_id.in_(ids), Card.status != Status.RETIRED)
    cards = int(session.scalar(select(func.count()).select_from(Card).where(*live)) or 0)
    studied = int(session.scalar(select(func.count()).select_from(Card).where(*live, Card.due.is_not(None))) or 0)
    reviews = int(session.scalar(select(func.count()).select_from(Review).join(Card, Review.card_id == Card.id)
                                 .where(Card.deck_id.in_(ids))) or 0)
    return RetirePreview(decks=tuple(deck.name for deck in decks), cards=cards, studied=studied, reviews=reviews)


def retire_preview(store: Store, name: str) -> RetirePreview:
    """What retiring the tree `name` would do (its decks not retired yet); changes nothing."""
    with store.read() as session:
        return _preview(session, [deck for deck in _tree(session, name) if deck.status != Status.RETIRED])


def retire(store: Store, name: str) -> RetirePreview:
    """Retire the tree `name`: each deck not retired yet and all of its cards; every review is kept."""
    with store.transaction() as session:
        decks = [deck for deck in _tree(session, name) if deck.status != Status.RETIRED]
        done = _preview(session, decks)
        ids = [deck.id for deck in decks]
        for card in session.scalars(select(Card).where(Card.deck_id.in_(ids), Card.status != Status.RETIRED)):
            card.status = Status.RETIRED.value
        for deck in decks:
            deck.status = Status.RETIRED.value
        return done
