"""The synthetic collection: the same cards, states, due dates and history for both sides.

Both builders (`build_ours`, `build_anki`) consume `iter_cards(spec)`, a deterministic stream, so the
two collections hold exactly the same cards without either builder reading the other's output, and
they can run in parallel on a two-core machine.

The history is simulated rather than drawn at random so that it is internally consistent: each
reviewed card is graded through our own `scheduling.apply_grade` from its first review up to its
deck's last study day, so the stored state equals the replay of its log (what `flashcards check`
verifies), due dates follow SM-2 intervals, and the backlog of overdue cards differs per deck the way
it does for a learner who skipped some decks for a few days. No review falls on `spec.today`, so
neither side has anything counted against today's limits before the benchmark starts.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple
from datetime import UTC, date, datetime, time, timedelta

from flashcards.core.scheduling import REPEAT, SCHEDULED, CardState, apply_grade

# Bump when the stream changes: cached collections built by an older generator are rebuilt.
GENERATOR_VERSION = 1

ANKI_ROOT = "bench"
"""Anki parent deck holding every benchmark deck, so one Anki study session covers all of them."""

HISTORY_DAYS = 365
SHARE_NEW = 0.25
SHARE_SUSPENDED_BY_HAND = 0.02
CARDS_PER_CHAPTER = 50



def _table(values: Sequence[int], weights: Sequence[int]) -> tuple[int, ...]:
    """A lookup table for weighted draws: `table[int(rng.random() * len(table))]` is 4x `choices`."""
    return tuple(value for value, weight in zip(values, weights, strict=True) for _ in range(weight))


# SuperMemo grades 0..5 for a scheduled review, and for same-session repeats (graded below 4 first).
SCHEDULED_GRADES = _table(range(6), (2, 3, 5, 15, 45, 30))
REPEAT_GRADES = _table((2, 3, 4, 5), (5, 15, 45, 35))
# Days a learner is late for a due card: usually on time, sometimes a few days, rarely two weeks.
DELAYS = _table((0, 1, 2, 3, 5, 8, 14), (60, 15, 9, 6, 5, 3, 2))
_REFERENCE_DAY = date(2000, 1, 1)

WORDS = (
    "container image volume network port layer cache registry build tag process signal socket "
    "namespace cgroup mount bridge overlay daemon client server request response header token "
    "session schema index query join transaction commit rollback snapshot replica shard lease"
).split()


@dataclass(frozen=True)
class Spec:
    """What to generate: how many cards in how many decks, seeded, as of which review day."""

    cards: int
    today: date
    decks: int = 8
    seed: int = 20261128

    def deck_name(self, index: int) -> str:
        return f"deck{index + 1:02d}"

    def deck_names(self) -> list[str]:
        return [self.deck_name(index) for index in range(self.decks)]

    def last_study_day(self, deck_index: int) -> date:
        """The learner's last session in this deck: 1 to 11 days ago, so backlogs differ per deck."""
        return self.today - timedelta(days=1 + (deck_index * 3) % 11)


@dataclass(frozen=True, slots=True)
class SyntheticReview:
    """One logged grade with the states around it (our `reviews` row, Anki's `revlog` row)."""

    reviewed_at: datetime
    day: date
    grade: int
    mode: str
    before: CardState
    after: CardState
    duration_ms: int


@dataclass(frozen=True, slots=True)
class SyntheticCard:
    """One card: content, origin, final state and the history that produced it."""

    number: int
    deck_index: int
    deck: str
    position: int
    key: str
    front: str
    back: str
    context: tuple[str, ...]
    source_path: str
    source_line: int
    created_at: datetime
    state: CardState
    last_reviewed_at: datetime | None
    reviews: tuple[SyntheticReview, ...]

    @property
    def answers(self) -> int:
        """Anki's `reps`: every answer that counted (scheduled grades and same-session repeats)."""
        return len(self.reviews)


class _Content(NamedTuple):
    deck_index: int
    deck: str
    position: int
    key: str
    front: str
    back: str
    context: tuple[str, ...]
    source_path: str


def _content(spec: Spec, number: int, rng: random.Random) -> _Content:
    """Card `number`'s text and origin: decks take turns, 50 cards a chapter, 10 a section."""
    deck_index = number % spec.decks
    position = number // spec.decks + 1
    chapter = (position - 1) // CARDS_PER_CHAPTER + 1
    section = (position - 1) // 10 % 5 + 1
    deck = spec.deck_name(deck_index)
    context = (f"Chapter {chapter}", f"Section {section}")
    term = f"term {number:06d}"
    return _Content(
        deck_index=deck_index, deck=deck, position=position,
        key=f"{deck}|definition|{' › '.join(context)}|{term}",
        front=f"What does {term} mean in {deck}?",
        back=f"Meaning {number}: " + " ".join(rng.choices(WORDS, k=_between(rng, 6, 18))),
        context=context, source_path=f"/bench/notes/{deck}/chapter-{chapter:03d}.md",
    )


def _draw(rng: random.Random, table: tuple[int, ...]) -> int:
    return table[int(rng.random() * len(table))]


def _between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


@lru_cache(maxsize=65536)
def _graded_on_reference_day(
    repetitions: int, ef_hundredths: int, interval: int, lapses: int, status: str, tags: frozenset[str], grade: int
) -> CardState:
    """`apply_grade` on a fixed day, cached: the result depends on the day only through `due`."""
    state = CardState(repetitions, ef_hundredths, interval, None, lapses, status, tags)
    return apply_grade(state, grade, _REFERENCE_DAY, SCHEDULED)


def _grade(state: CardState, grade: int, day: date) -> CardState:
    """Exactly `apply_grade(state, grade, day, SCHEDULED)` (due = day + interval, no exam cap), fast.

    The simulation grades three quarters of a million times at 100,000 cards; most (state, grade)
    pairs repeat, so the SM-2 step is computed once per pair and only the due date is moved.
    """
    graded = _graded_on_reference_day(state.repetitions, state.ef_hundredths, state.interval, state.lapses,
                                      state.status, state.tags, grade)
    assert graded.due is not None
    return CardState(graded.repetitions, graded.ef_hundredths, graded.interval,
                     day + (graded.due - _REFERENCE_DAY), graded.lapses, graded.status, graded.tags)


def _history(rng: random.Random, first: date, last: date) -> list[SyntheticReview]:
    """Reviews from `first` up to `last`: scheduled grades, each failure followed by repeats."""
    reviews: list[SyntheticReview] = []
    state = CardState.new()
    day = first
    while day <= last:
        moment = datetime.combine(day, time(7), UTC) + timedelta(seconds=_between(rng, 0, 12 * 3600))
        grade = _draw(rng, SCHEDULED_GRADES)
        after = _grade(state, grade, day)
        duration = _between(rng, 1500, 25000)
        reviews.append(SyntheticReview(moment, day, grade, SCHEDULED, state, after, duration))
        state = after
        while grade < 4:  # SM-2 step 7: same-session repeats until the card scores 4 or more
            moment += timedelta(milliseconds=duration + _between(rng, 30_000, 300_000))
            grade = _draw(rng, REPEAT_GRADES)
            duration = _between(rng, 1500, 15000)
            reviews.append(SyntheticReview(moment, day, grade, REPEAT, state, state, duration))
        if state.status != "active":  # a leech is suspended: the learner no longer sees it
            break
        assert state.due is not None
        day = state.due + timedelta(days=_draw(rng, DELAYS))
    return reviews


def iter_cards(spec: Spec) -> Iterator[SyntheticCard]:
    """The collection's cards in id order (card n has id n + 1 in our database)."""
    rng = random.Random(spec.seed)
    for number in range(spec.cards):
        content = _content(spec, number, rng)
        last = spec.last_study_day(content.deck_index)
        first = spec.today - timedelta(days=_between(rng, 1, HISTORY_DAYS))
        reviews: list[SyntheticReview] = []
        if rng.random() >= SHARE_NEW and first <= last:
            reviews = _history(rng, first, last)
        state = reviews[-1].after if reviews else CardState.new()
        if reviews and state.status == "active" and rng.random() < SHARE_SUSPENDED_BY_HAND:
            state = replace(state, status="suspended")
        scheduled = [review for review in reviews if review.mode == SCHEDULED]
        created = datetime.combine(spec.today - timedelta(days=HISTORY_DAYS + 1), time(0), UTC)
        yield SyntheticCard(
            number=number, deck_index=content.deck_index, deck=content.deck, position=content.position,
            key=content.key, front=content.front, back=content.back, context=content.context,
            source_path=content.source_path, source_line=content.position * 2, created_at=created, state=state,
            last_reviewed_at=scheduled[-1].reviewed_at if scheduled else None, reviews=tuple(reviews),
        )


def batches(spec: Spec, size: int = 5000) -> Iterator[list[SyntheticCard]]:
    """The stream in lists of `size` cards, for bulk inserts (both builders write batch by batch)."""
    batch: list[SyntheticCard] = []
    for card in iter_cards(spec):
        batch.append(card)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def expected_counts(spec: Spec, new_per_day: int = 20, reviews_per_day: int = 200) -> dict[str, tuple[int, int]]:
    """Per deck (reviews due today, new) after the default daily limits, straight from the stream.

    The benchmark compares both real collections with each other; this is the third opinion the
    smoke test uses to tell which side went wrong.
    """
    due = dict.fromkeys(spec.deck_names(), 0)
    new = dict.fromkeys(spec.deck_names(), 0)
    for card in iter_cards(spec):
        if card.state.status != "active":
            continue
        if card.state.due is None:
            new[card.deck] += 1
        elif card.state.due <= spec.today:
            due[card.deck] += 1
    return {deck: (min(due[deck], reviews_per_day), min(new[deck], new_per_day)) for deck in due}
