"""The daily queue: what is due, in which order, within which limits, and siblings kept apart."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashcards.core.queue import DeckLimits, DoneToday, QueueCard, build_queue, sibling_group

TODAY = date(2026, 5, 12)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def review(card_id: int, due: date, *, deck: str = "docker", position: int = 0, **kwargs: str) -> QueueCard:
    return QueueCard(id=card_id, deck=deck, due=due, position=position, **kwargs)


def new(card_id: int, position: int, *, deck: str = "docker", **kwargs: str) -> QueueCard:
    return QueueCard(id=card_id, deck=deck, due=None, position=position, **kwargs)


# ---- what is in the queue -------------------------------------------------------------------------


def test_empty() -> None:
    assert build_queue([], TODAY) == []


def test_due_today_and_before_are_in_future_cards_are_not() -> None:
    cards = [review(1, TODAY), review(2, days_ago(3)), review(3, TODAY + timedelta(days=1))]
    assert build_queue(cards, TODAY) == [2, 1]


@pytest.mark.parametrize("status", ["suspended", "retired"])
def test_inactive_cards_are_never_queued(status: str) -> None:
    cards = [
        QueueCard(id=1, deck="docker", due=days_ago(10), status=status),
        QueueCard(id=2, deck="docker", due=None, status=status),
        review(3, TODAY),
    ]
    assert build_queue(cards, TODAY) == [3]


# ---- order ----------------------------------------------------------------------------------------


def test_reviews_first_most_overdue_first_then_new_in_notes_order() -> None:
    cards = [
        new(10, position=30),
        review(1, days_ago(1), position=5),
        new(11, position=2),
        review(2, days_ago(9), position=50),
        new(12, position=17),
        review(3, TODAY, position=0),
    ]
    assert build_queue(cards, TODAY) == [2, 1, 3, 11, 12, 10]


def test_equally_overdue_reviews_follow_the_notes() -> None:
    cards = [
        review(1, days_ago(2), position=9),
        review(2, days_ago(2), position=3),
        review(3, days_ago(2), position=6),
    ]
    assert build_queue(cards, TODAY) == [2, 3, 1]


def test_reviews_of_all_decks_are_merged_by_due_date() -> None:
    cards = [
        review(1, days_ago(1), deck="git"),
        review(2, days_ago(5), deck="docker"),
        review(3, days_ago(3), deck="git"),
        review(4, days_ago(2), deck="docker"),
    ]
    assert build_queue(cards, TODAY) == [2, 3, 4, 1]


def test_new_cards_come_deck_by_deck() -> None:
    cards = [new(1, 1, deck="git"), new(2, 0, deck="git"), new(3, 5, deck="docker"), new(4, 1, deck="docker")]
    assert build_queue(cards, TODAY) == [4, 3, 2, 1]


def test_order_is_fully_determined() -> None:
    # Same due date and position in two decks: deck name, then id.
    cards = [review(4, TODAY, deck="git"), review(3, TODAY, deck="docker"), review(2, TODAY, deck="docker")]
    assert build_queue(cards, TODAY) == [2, 3, 4]
    assert build_queue(list(reversed(cards)), TODAY) == [2, 3, 4]


# ---- limits ---------------------------------------------------------------------------------------


def test_default_limits_are_20_new_and_200_reviews() -> None:
    assert DeckLimits() == DeckLimits(new_per_day=20, reviews_per_day=200)
    cards = [review(i, days_ago(i % 7)) for i in range(250)] + [new(1000 + i, i) for i in range(30)]
    queue = build_queue(cards, TODAY)
    assert len(queue) == 220
    assert queue[200:] == list(range(1000, 1020))


def test_limits_keep_the_most_overdue_reviews_and_the_first_new_cards() -> None:
    cards = [review(i, days_ago(i)) for i in range(1, 6)] + [new(10 + i, i) for i in range(5)]
    limits = {"docker": DeckLimits(new_per_day=2, reviews_per_day=3)}
    assert build_queue(cards, TODAY, limits=limits) == [5, 4, 3, 10, 11]


def test_what_was_done_today_counts_against_the_limits() -> None:
    cards = [review(i, days_ago(i)) for i in range(1, 6)] + [new(10 + i, i) for i in range(5)]
    limits = {"docker": DeckLimits(new_per_day=2, reviews_per_day=3)}
    assert build_queue(cards, TODAY, limits=limits, done_today={"docker": DoneToday(new=1, reviews=2)}) == [
        5,
        10,
    ]
    # Done more than the limit (the limit was lowered since): nothing, not an error.
    assert build_queue(cards, TODAY, limits=limits, done_today={"docker": DoneToday(new=9, reviews=9)}) == []


def test_a_zero_limit() -> None:
    cards = [review(1, TODAY), new(2, 0)]
    assert build_queue(cards, TODAY, limits={"docker": DeckLimits(new_per_day=0)}) == [1]
    assert build_queue(cards, TODAY, limits={"docker": DeckLimits(reviews_per_day=0)}) == [2]


def test_limits_are_per_deck() -> None:
    cards = [
        *(review(i, days_ago(i), deck="docker") for i in range(1, 4)),
        *(review(10 + i, days_ago(i), deck="git") for i in range(1, 4)),
        *(new(20 + i, i, deck="docker") for i in range(3)),
        *(new(30 + i, i, deck="git") for i in range(3)),
    ]
    limits = {
        "docker": DeckLimits(new_per_day=1, reviews_per_day=1),
        "git": DeckLimits(new_per_day=3, reviews_per_day=2),
    }
    done = {"git": DoneToday(new=1)}
    assert build_queue(cards, TODAY, limits=limits, done_today=done) == [3, 13, 12, 20, 30, 31]


def test_negative_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="daily limits"):
        DeckLimits(new_per_day=-1)


# ---- siblings -------------------------------------------------------------------------------------

FORWARD = "docker|definition|Images|layer"
FORWARD_2 = "docker|definition|Images|tag"


def forward(card_id: int, due: date | None, position: int, key: str = FORWARD) -> QueueCard:
    return QueueCard(id=card_id, deck="docker", due=due, position=position, key=key)


def reverse(card_id: int, due: date | None, position: int, key: str = FORWARD) -> QueueCard:
    # The extractor's convention: the reverse card's sibling key is its forward card's key.
    return QueueCard(id=card_id, deck="docker", due=due, position=position, key=key + "-r", sibling_key=key)


def test_sibling_group() -> None:
    assert sibling_group(FORWARD, None) == FORWARD
    assert sibling_group(FORWARD + "-r", FORWARD) == FORWARD
    assert sibling_group(None, None) is None
    assert forward(1, None, 0).group == reverse(2, None, 1).group == FORWARD


def test_two_new_siblings_are_not_introduced_on_the_same_day() -> None:
    assert build_queue([forward(1, None, 0), reverse(2, None, 1)], TODAY) == [1]


def test_two_due_siblings_the_more_overdue_one_is_shown() -> None:
    assert build_queue([forward(1, days_ago(1), 0), reverse(2, days_ago(4), 1)], TODAY) == [2]


def test_a_due_review_beats_its_new_sibling() -> None:
    assert build_queue([reverse(2, None, 0), forward(1, TODAY, 5)], TODAY) == [1]


def test_a_sibling_graded_today_keeps_the_other_out() -> None:
    cards = [forward(1, TODAY, 0), reverse(2, None, 1), forward(3, None, 2, key=FORWARD_2)]
    assert build_queue(cards, TODAY, seen_today={FORWARD}) == [3]


def test_a_card_left_out_for_its_sibling_uses_no_limit() -> None:
    cards = [
        forward(1, None, 0),
        reverse(2, None, 1),
        forward(3, None, 2, key=FORWARD_2),
        reverse(4, None, 3, key=FORWARD_2),
    ]
    limits = {"docker": DeckLimits(new_per_day=2)}
    assert build_queue(cards, TODAY, limits=limits) == [1, 3]


def test_a_sibling_over_the_limit_does_not_block_the_other() -> None:
    # The reverse card is due but the review limit is used up: the new forward card may still come.
    cards = [reverse(2, days_ago(1), 1), forward(1, None, 0)]
    done = {"docker": DoneToday(reviews=200)}
    assert build_queue(cards, TODAY, done_today=done) == [1]


def test_cards_without_keys_have_no_siblings() -> None:
    assert build_queue([new(1, 0), new(2, 1)], TODAY) == [1, 2]


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="card 1 is listed twice"):
        build_queue([review(1, TODAY), new(1, 0)], TODAY)


def test_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="status"):
        QueueCard(id=1, deck="docker", due=None, status="buried")


# ---- properties -----------------------------------------------------------------------------------

DECKS = ["docker", "git", "k8s"]
GROUPS = [f"term{i}" for i in range(6)]


card_fields = st.tuples(
    st.none() | st.integers(min_value=-5, max_value=3).map(lambda d: TODAY + timedelta(days=d)),
    st.none() | st.sampled_from(GROUPS),
    st.booleans(),
    st.sampled_from(DECKS),
    st.integers(min_value=0, max_value=10),
    st.sampled_from(["active", "active", "active", "suspended", "retired"]),
)


def to_cards(rows: list[tuple[date | None, str | None, bool, str, int, str]]) -> list[QueueCard]:
    cards = []
    for card_id, (due, group, is_reverse, deck, position, status) in enumerate(rows):
        key, sibling = (f"card{card_id}", group) if is_reverse else (group, None)
        cards.append(QueueCard(card_id, deck, due, position, key=key, sibling_key=sibling, status=status))
    return cards


candidates = st.lists(card_fields, max_size=40).map(to_cards)
limits_strategy = st.dictionaries(
    st.sampled_from(DECKS), st.builds(DeckLimits, st.integers(0, 6), st.integers(0, 6)), max_size=3
)
done_strategy = st.dictionaries(
    st.sampled_from(DECKS), st.builds(DoneToday, st.integers(0, 8), st.integers(0, 8))
)


@given(candidates, limits_strategy, done_strategy, st.sets(st.sampled_from(GROUPS), max_size=3))
def test_queue_properties(
    cards: list[QueueCard], limits: dict[str, DeckLimits], done: dict[str, DoneToday], seen: set[str]
) -> None:
    queue = build_queue(cards, TODAY, limits=limits, done_today=done, seen_today=seen)
    by_id = {card.id: card for card in cards}
    chosen = [by_id[card_id] for card_id in queue]

    assert len(set(queue)) == len(queue)
    assert all(card.status == "active" for card in chosen)
    assert all(card.due is None or card.due <= TODAY for card in chosen)
    kinds = ["new" if card.due is None else "review" for card in chosen]
    assert kinds == sorted(kinds, key=lambda kind: kind == "new")  # reviews first
    reviews = [card for card in chosen if card.due is not None]
    assert [card.due for card in reviews] == sorted(card.due for card in reviews if card.due is not None)
    new_cards = [card for card in chosen if card.due is None]
    assert [(card.deck, card.position) for card in new_cards] == sorted(
        (card.deck, card.position) for card in new_cards
    )

    groups = [card.group for card in chosen if card.group is not None]
    assert len(groups) == len(set(groups))
    assert not set(groups) & seen

    def room(deck: str, kind: str) -> int:
        limit, already = limits.get(deck, DeckLimits()), done.get(deck, DoneToday())
        if kind == "new":
            return max(0, limit.new_per_day - already.new)
        return max(0, limit.reviews_per_day - already.reviews)

    used = Counter((card.deck, kind) for card, kind in zip(chosen, kinds, strict=True))
    for (deck, kind), count in used.items():
        assert count <= room(deck, kind)

    # Nothing eligible is left out without a reason: its deck is full or its sibling is in.
    taken = set(groups) | seen
    for card in cards:
        eligible = card.status == "active" and (card.due is None or card.due <= TODAY)
        if eligible and card.id not in queue:
            kind = "new" if card.due is None else "review"
            assert used[(card.deck, kind)] == room(card.deck, kind) or card.group in taken
