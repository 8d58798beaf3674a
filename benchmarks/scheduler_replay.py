"""Replay a real review log under SM-2, FSRS-6 with default parameters and FSRS-6 fitted to the log.

Issue 17 asks whether FSRS predicts this learner's recall better than our SM-2 and whether it would
ask for fewer reviews. The shared log (`../shared/data/review-logs-one-learner.csv`: card_id,
review_rating 1-4 = Again/Hard/Good/Easy, review_time, review_duration) was recorded under another
scheduler, so each model is run over the *same* reviews at the times they really happened and asked,
before each review, how likely the card was to be recalled; a review rated Again counts as forgotten.

The models, each from the previous state of the card:

- **SM-2** exactly as flashcards schedules: `flashcards.core.scheduling.apply_grade` with the ratings
  mapped to grades 1 → 1 (Again), 2 → 3, 3 → 4, 4 → 5 (the inverse of the FSRS mapping 0-2 Again,
  3 Hard, 4 Good, 5 Easy). Review days are `flashcards.core.days.review_day` in UTC (the log's zone)
  with the default 04:00 rollover. The first review of a card on a review day is the scheduled one;
  later reviews that day are same-session repeats (they leave n, EF and I alone, as in the product).
  Recall is `flashcards.core.recall.predicted_recall`: p = 0.9^(t/I), t = whole review days since the
  last scheduled review, I = the interval it gave.
- **FSRS-6** (the `fsrs` package's `Scheduler` and `Card`, fuzzing off): every review updates the card
  (same-day ones through FSRS-6's short-term stability), as the package's Optimizer replays a history.
  Retrievability is given two ways: the package's own `get_card_retrievability`, which counts whole
  24-hour periods since the last review (what the Optimizer fits and the product would show), and the
  same forgetting curve R = (1 + F·t/S)^(−w20), F = 0.9^(−1/w20) − 1, at fractional days t.
- **FSRS-6 fitted**: parameters from `fsrs.Optimizer` (the `optimizer` extra). To keep the training
  data out of the test, the cards are split into K folds (seeded shuffle); each fold is predicted with
  parameters fitted to the other K − 1 folds' whole histories, so every figure is out of sample.

Two sets of reviews are scored, identical for every model:

- **next-day**: the first review of a card on each review day after the day it was first seen: the
  reviews SM-2 schedules (t >= 1 calendar day). The package's whole-day retrievability is 1.0 for a
  review less than 24 hours after the last, so on this set FSRS is scored at fractional days only.
- **24 h**: reviews at least 24 hours after the card's previous review (a subset of next-day): the
  set the Optimizer trains on, where the package's own retrievability is defined.

Figures: log loss (mean −[y ln p + (1−y) ln(1−p)], p clipped to [1e-7, 1 − 1e-7]); RMSE of
calibration bins (10 equal-width bins of predicted p; sqrt of Σ n_b (mean p_b − recall rate_b)² / N);
AUC (how well p ranks remembered above forgotten, 0.5 = chance).

**Reviews per retained card** needs a learner, since a scheduler changes when reviews happen. The
simulated learner is FSRS-6 with parameters fitted to the whole log (the best description of this
learner that we have; it favours FSRS, the fitted scheduler most of all, and the output says so).
Each card enters at its real first review with its real first rating; from then on the scheduler
decides every review up to the log's last review time, the learner recalls with the package's
retrievability and rates a recalled card Hard/Good/Easy with the log's frequencies. Every review
the scheduler asks for counts, same-day ones included (SM-2: flashcards' repeats of a grade below 4,
10 minutes apart, until a 4 or 5; FSRS: the package's default learning steps, and once more without
learning steps but with flashcards' repeats, which FSRS-6 takes into its state). Reviews per retained
card = all reviews / the expected number of cards recalled at the log's last review time (Σ R),
averaged over seeds; the log itself, as the learner really studied, is given for comparison.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fsrs import Card, Rating, ReviewLog, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from flashcards.core.days import DEFAULT_ROLLOVER_HOUR, review_day
from flashcards.core.recall import predicted_recall
from flashcards.core.scheduling import REPEAT, SCHEDULED, CardState, apply_grade

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_LOG = PROJECT.parent / "shared" / "data" / "review-logs-one-learner.csv"
COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")

# FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy) -> SM-2 grade: the inverse of grade -> rating (0-2 Again,
# 3 Hard, 4 Good, 5 Easy) that the FSRS option and the Anki export use.
GRADE_OF_RATING = {1: 1, 2: 3, 3: 4, 4: 5}
# flashcards repeats a card graded below this in the same session until it reaches it (SM-2's step 7).
REPEAT_BELOW = 4
REPEAT_GAP = timedelta(minutes=10)
MAX_REPEATS = 50
EPSILON = 1e-7
BINS = 10
UTC_ZONE = ZoneInfo("UTC")
DAY_SECONDS = 86400.0


class LogError(ValueError):
    """The log cannot be read: `main` prints this one line (it names the file and line) and exits 1."""


@dataclass(frozen=True, slots=True)
class Review:
    """One row of the log, checked."""

    card_id: int
    rating: int
    at: datetime
    duration_ms: int


def read_log(path: Path) -> list[Review]:
    """Every review in `path`, oldest first per card; a bad row stops with its file:line."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as error:
        raise LogError(f"{path}: cannot read the review log ({error.strerror})") from None
    reviews: list[Review] = []
    with handle:
        rows = csv.reader(handle)
        header = next(rows, None)
        if header is None or tuple(h.strip() for h in header) != COLUMNS:
            raise LogError(f"{path}:1: expected the header {','.join(COLUMNS)}, got {','.join(header or [])!r}")
        for number, row in enumerate(rows, start=2):
            if not row:
                continue
            reviews.append(_review(row, f"{path}:{number}"))
    if not reviews:
        raise LogError(f"{path}: the review log has no reviews")
    reviews.sort(key=lambda r: (r.card_id, r.at))
    return reviews


def _review(row: list[str], where: str) -> Review:
    if len(row) != len(COLUMNS):
        raise LogError(f"{where}: expected {len(COLUMNS)} fields, got {len(row)}")
    card, rating, moment, duration = (field.strip() for field in row)
    if not card.isdigit():
        raise LogError(f"{where}: card_id {card!r} is not a whole number")
    if rating not in ("1", "2", "3", "4"):
        raise LogError(f"{where}: review_rating {rating!r} is not 1-4 (Again, Hard, Good, Easy)")
    try:
        at = datetime.fromisoformat(moment)
    except ValueError:
        raise LogError(f"{where}: review_time {moment!r} is not an ISO 8601 date and time") from None
    if at.tzinfo is None:
        raise LogError(f"{where}: review_time {moment!r} has no time zone")
    if not duration.isdigit():
        raise LogError(f"{where}: review_duration {duration!r} is not a whole number of milliseconds")
    return Review(int(card), int(rating), at.astimezone(UTC), int(duration))


def by_card(reviews: Sequence[Review]) -> dict[int, list[Review]]:
    """Each card's reviews in time order (`reviews` is already sorted by card, then time)."""
    cards: dict[int, list[Review]] = {}
    for review in reviews:
        cards.setdefault(review.card_id, []).append(review)
    return cards


def first_cards(reviews: Sequence[Review], count: int) -> list[Review]:
    """The reviews of the `count` cards first seen earliest: a small slice of the log with whole histories."""
    cards = by_card(reviews)
    keep = sorted(cards, key=lambda c: (cards[c][0].at, c))[:count]
    return [review for card in sorted(keep) for review in cards[card]]


def _day(moment: datetime) -> date:
    return review_day(moment, UTC_ZONE, DEFAULT_ROLLOVER_HOUR)


# --- which reviews are scored ---------------------------------------------------------------------

NEXT_DAY = "next-day"
FULL_DAY = "24 h"
SETS = (NEXT_DAY, FULL_DAY)
FRACTIONAL = ", fractional days"


def scored_sets(history: Sequence[Review]) -> list[tuple[bool, bool]]:
    """For each review of one card: (in the next-day set, in the 24 h set). The first review is in neither."""
    marks = [(False, False)]
    for before, review in zip(history, history[1:], strict=False):
        marks.append((_day(review.at) != _day(before.at), (review.at - before.at).days > 0))
    return marks


# --- predictions ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prediction:
    """A model's predicted recall for one scored review, and whether the card was recalled."""

    p: float
    recalled: bool


Predictions = dict[str, list[Prediction]]


def sm2_predictions(cards: dict[int, list[Review]]) -> Predictions:
    """SM-2 as flashcards runs it: p = 0.9^(t/I) before each first review of a day."""
    out: Predictions = {NEXT_DAY: [], FULL_DAY: [], FULL_DAY + FRACTIONAL: []}
    for history in cards.values():
        state = CardState.new()
        last_day: date | None = None
        for index, (review, (next_day, full_day)) in enumerate(zip(history, scored_sets(history), strict=True)):
            today = _day(review.at)
            if next_day:
                assert last_day is not None
                prediction = Prediction(predicted_recall(last_day, state.interval, today), review.rating > 1)
                out[NEXT_DAY].append(prediction)
                if full_day:
                    out[FULL_DAY].append(prediction)
                    out[FULL_DAY + FRACTIONAL].append(prediction)  # SM-2 counts whole days either way
            # The first review of a card on a review day is the scheduled one; the rest are repeats.
            scheduled = index == 0 or next_day
            state = apply_grade(state, GRADE_OF_RATING[review.rating], today, SCHEDULED if scheduled else REPEAT)
            if scheduled:
                last_day = today
    return out


def curve(parameters: Sequence[float], stability: float, days: float) -> float:
    """FSRS-6's forgetting curve at `days` (fractional) after the last review, for stability S."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * max(0.0, days) / stability) ** decay)


def fsrs_predictions(cards: dict[int, list[Review]], parameters: Sequence[float]) -> Predictions:
    """FSRS-6 with `parameters`, every review applied; the next-day set at fractional days, the 24 h set
    both ways (keys `24 h` for the package's whole days, `24 h, fractional days` for the curve)."""
    scheduler = Scheduler(parameters=parameters, enable_fuzzing=False)
    out: Predictions = {NEXT_DAY: [], FULL_DAY: [], FULL_DAY + FRACTIONAL: []}
    for card_id, history in cards.items():
        card = Card(card_id=card_id, due=history[0].at)
        for review, (next_day, full_day) in zip(history, scored_sets(history), strict=True):
            if next_day:
                assert card.stability is not None and card.last_review is not None
                elapsed = (review.at - card.last_review).total_seconds() / DAY_SECONDS
                recalled = review.rating > 1
                fractional = Prediction(curve(parameters, card.stability, elapsed), recalled)
                out[NEXT_DAY].append(fractional)
                if full_day:
                    out[FULL_DAY].append(Prediction(scheduler.get_card_retrievability(card, review.at), recalled))
                    out[FULL_DAY + FRACTIONAL].append(fractional)
            card, _ = scheduler.review_card(card, Rating(review.rating), review.at)
    return out



def fold_of(card_ids: Sequence[int], folds: int, seed: int) -> dict[int, int]:
    """A seeded, balanced assignment of cards to `folds` folds."""
    order = sorted(card_ids)
    random.Random(seed).shuffle(order)
    return {card: index % folds for index, card in enumerate(order)}


def fit(reviews: Sequence[Review]) -> list[float]:
    """FSRS parameters fitted to `reviews` by the package's Optimizer (needs the `optimizer` extra)."""
    from fsrs import Optimizer

    logs = [ReviewLog(card_id=r.card_id, rating=Rating(r.rating), review_datetime=r.at,
                      review_duration=r.duration_ms) for r in reviews]
    return [float(x) for x in Optimizer(logs).compute_optimal_parameters()]


def fitted_predictions(cards: dict[int, list[Review]], folds: int, seed: int,
                       progress: Callable[[str], None]) -> tuple[Predictions, list[list[float]]]:
    """Out-of-sample FSRS predictions: each fold predicted with parameters fitted to the other folds."""
    assignment = fold_of(list(cards), folds, seed)
    out: Predictions = {}
    fitted: list[list[float]] = []
    for fold in range(folds):
        train = [r for card, history in cards.items() if assignment[card] != fold for r in history]
        test = {card: history for card, history in cards.items() if assignment[card] == fold}
        started = time.monotonic()
        parameters = fit(train)
        fitted.append(parameters)
        progress(f"fold {fold + 1}/{folds}: fitted on {len(train)} reviews in {time.monotonic() - started:.0f} s")
        for name, predictions in fsrs_predictions(test, parameters).items():
            out.setdefault(name, []).extend(predictions)
    return out, fitted


# --- figures ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figures:
    """How well one model's predictions fit what happened."""

    reviews: int
    log_loss: float
    rmse_bins: float
    auc: float
    mean_p: float
    recall_rate: float


def figures(predictions: Sequence[Prediction]) -> Figures:
    """Log loss, RMSE of calibration bins and AUC of `predictions` (see the module docstring)."""
    n = len(predictions)
    if n == 0:
        raise ValueError("no reviews to score")
    loss = 0.0
    bins: list[list[float]] = [[0, 0.0, 0.0] for _ in range(BINS)]
    for prediction in predictions:
        p = min(1 - EPSILON, max(EPSILON, prediction.p))
        loss -= math.log(p) if prediction.recalled else math.log(1 - p)
        row = bins[min(BINS - 1, int(prediction.p * BINS))]
        row[0] += 1
        row[1] += prediction.p
        row[2] += prediction.recalled
    squared = sum((total_p - hits) ** 2 / count for count, total_p, hits in bins if count)
    return Figures(reviews=n, log_loss=loss / n, rmse_bins=math.sqrt(squared / n), auc=_auc(predictions),
                   mean_p=sum(x.p for x in predictions) / n,
                   recall_rate=sum(x.recalled for x in predictions) / n)


def _auc(predictions: Sequence[Prediction]) -> float:
    """The chance that a recalled review has a higher p than a forgotten one (ties count half)."""
    positives = sum(x.recalled for x in predictions)
    negatives = len(predictions) - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    ranked = sorted(predictions, key=lambda x: x.p)
    rank_sum = 0.0
    start = 0
    while start < len(ranked):
        end = start
        while end < len(ranked) and ranked[end].p == ranked[start].p:
            end += 1
        average_rank = (start + 1 + end) / 2
        rank_sum += average_rank * sum(x.recalled for x in ranked[start:end])
        start = end
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


# --- reviews per retained card ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Workload:
    """A scheduler's simulated reviews over the log's period, averaged over seeds.

    `same_day` counts the reviews given on the same review day as the card's previous review (learning
    steps, repeats); `reviews_per_retained` is the mean over seeds of reviews / retained.
    """

    reviews: float
    same_day: float
    retained: float
    reviews_per_retained: float
    spread: tuple[float, float]


class Learner:
    """The simulated learner: FSRS-6 with fitted parameters as its memory, one card at a time."""

    def __init__(self, parameters: Sequence[float], success_ratings: Sequence[tuple[int, float]]) -> None:
        self.memory = Scheduler(parameters=parameters, enable_fuzzing=False)
        self.success_ratings = [rating for rating, _ in success_ratings]
        self.success_weights = [weight for _, weight in success_ratings]

    def answer(self, card: Card, at: datetime, rng: random.Random) -> tuple[Card, int]:
        """Whether the learner recalls `card` at `at` (by its retrievability) and the rating they give."""
        recalled = rng.random() < self.memory.get_card_retrievability(card, at)
        rating = rng.choices(self.success_ratings, self.success_weights)[0] if recalled else 1
        return self.remember(card, rating, at), rating

    def remember(self, card: Card, rating: int, at: datetime) -> Card:
        return self.memory.review_card(card, Rating(rating), at)[0]


def _sm2_card(learner: Learner, first: Review, end: datetime, rng: random.Random) -> tuple[list[datetime], Card]:
    """One card under flashcards' SM-2: scheduled reviews every I days, repeats below 4 the same day.

    Returns the times of every review and the learner's memory of the card at the end."""
    memory = learner.remember(Card(card_id=first.card_id, due=first.at), first.rating, first.at)
    state = CardState.new()
    times = [first.at]
    at, rating = first.at, first.rating
    while True:
        grade = GRADE_OF_RATING[rating]
        state = apply_grade(state, grade, _day(at), SCHEDULED)
        repeat_at = at
        for _ in range(MAX_REPEATS):
            if grade >= REPEAT_BELOW:
                break
            repeat_at += REPEAT_GAP
            if repeat_at > end:
                return times, memory
            memory, repeat_rating = learner.answer(memory, repeat_at, rng)
            grade = GRADE_OF_RATING[repeat_rating]
            times.append(repeat_at)
        at += timedelta(days=state.interval)
        if at > end:
            return times, memory
        memory, rating = learner.answer(memory, at, rng)
        times.append(at)


def _fsrs_card(learner: Learner, scheduler: Scheduler, first: Review, end: datetime,
               rng: random.Random) -> tuple[list[datetime], Card]:
    """One card under an FSRS scheduler, as `_sm2_card`.

    With learning steps, the package decides every review. Without them (`NO_STEPS`), a rating below
    Good is repeated 10 minutes later until Good or Easy, as flashcards repeats a grade below 4, and
    the repeats go to the scheduler too (FSRS-6 takes same-day reviews into its state)."""
    memory = learner.remember(Card(card_id=first.card_id, due=first.at), first.rating, first.at)
    card, _ = scheduler.review_card(Card(card_id=first.card_id, due=first.at), Rating(first.rating), first.at)
    repeats = not scheduler.learning_steps and not scheduler.relearning_steps
    times = [first.at]
    rating = first.rating
    while True:
        at = times[-1]
        for _ in range(MAX_REPEATS if repeats else 0):
            if GRADE_OF_RATING[rating] >= REPEAT_BELOW:
                break
            at += REPEAT_GAP
            if at > end:
                return times, memory
            memory, rating = learner.answer(memory, at, rng)
            card, _ = scheduler.review_card(card, Rating(rating), at)
            times.append(at)
        if card.due > end:
            return times, memory
        memory, rating = learner.answer(memory, card.due, rng)
        times.append(card.due)
        card, _ = scheduler.review_card(card, Rating(rating), card.due)


def _same_day(times: Sequence[datetime]) -> int:
    return sum(_day(later) == _day(earlier) for earlier, later in zip(times, times[1:], strict=False))


def simulate(cards: dict[int, list[Review]], learner: Learner, scheduler: Scheduler | None,
             seeds: int) -> Workload:
    """Reviews per retained card for SM-2 (`scheduler` None) or an FSRS scheduler, over `seeds` runs."""
    end = max(history[-1].at for history in cards.values())
    runs: list[tuple[int, int, float]] = []
    for seed in range(seeds):
        total = same_day = 0
        retained = 0.0
        for card_id, history in cards.items():
            rng = random.Random(f"{seed}:{card_id}")
            if scheduler is None:
                times, memory = _sm2_card(learner, history[0], end, rng)
            else:
                times, memory = _fsrs_card(learner, scheduler, history[0], end, rng)
            total += len(times)
            same_day += _same_day(times)
            retained += learner.memory.get_card_retrievability(memory, end)
        runs.append((total, same_day, retained))
    ratios = [total / retained for total, _, retained in runs]
    return Workload(reviews=sum(r[0] for r in runs) / seeds, same_day=sum(r[1] for r in runs) / seeds,
                    retained=sum(r[2] for r in runs) / seeds, reviews_per_retained=sum(ratios) / seeds,
                    spread=(min(ratios), max(ratios)))


def as_studied(cards: dict[int, list[Review]], learner: Learner) -> Workload:
    """The log itself: its reviews over the learner's expected recall at the end (no randomness)."""
    end = max(history[-1].at for history in cards.values())
    retained = 0.0
    same_day = 0
    for card_id, history in cards.items():
        memory = Card(card_id=card_id, due=history[0].at)
        for review in history:
            memory = learner.remember(memory, review.rating, review.at)
        retained += learner.memory.get_card_retrievability(memory, end)
        same_day += _same_day([review.at for review in history])
    total = sum(len(history) for history in cards.values())
    return Workload(reviews=total, same_day=same_day, retained=retained, reviews_per_retained=total / retained,
                    spread=(total / retained, total / retained))


def success_ratings(cards: dict[int, list[Review]]) -> list[tuple[int, float]]:
    """How often a recalled card was rated Hard, Good and Easy (after its first review), as weights."""
    counts = {2: 0, 3: 0, 4: 0}
    for history in cards.values():
        for review in history[1:]:
            if review.rating > 1:
                counts[review.rating] += 1
    if not any(counts.values()):
        return [(3, 1.0)]
    return [(rating, float(count)) for rating, count in counts.items() if count]


# --- the run ----------------------------------------------------------------------------------------


SM2 = "SM-2 (flashcards)"
DEFAULTS = "FSRS-6 defaults"
FITTED = "FSRS-6 fitted"
NO_STEPS = ", no steps"
AS_STUDIED = "the log, as studied"


def has_optimizer() -> bool:
    """Whether fsrs's Optimizer can run here (the `optimizer` extra brings torch)."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def run(reviews: Sequence[Review], *, folds: int, seeds: int, seed: int, optimize: bool,
        progress: Callable[[str], None]) -> dict[str, Any]:
    """Every figure for `reviews`, as a JSON-ready dictionary."""
    cards = by_card(reviews)
    result: dict[str, Any] = {
        "reviews": len(reviews), "cards": len(cards),
        "first": min(r.at for r in reviews).isoformat(), "last": max(r.at for r in reviews).isoformat(),
        "folds": folds, "seeds": seeds, "models": {}, "workload": {},
    }
    started = time.monotonic()
    models: dict[str, Predictions] = {SM2: sm2_predictions(cards), DEFAULTS: fsrs_predictions(cards, DEFAULT_PARAMETERS)}
    progress(f"SM-2 and FSRS defaults replayed in {time.monotonic() - started:.1f} s")
    fitted_all: list[float] | None = None
    if optimize:
        models[FITTED], per_fold = fitted_predictions(cards, folds, seed, progress)
        result["fold_parameters"] = per_fold
        started = time.monotonic()
        fitted_all = fit(reviews)
        progress(f"fitted on the whole log (the simulated learner) in {time.monotonic() - started:.0f} s")
        result["learner_parameters"] = fitted_all
    for model, predictions in models.items():
        result["models"][model] = {name: asdict(figures(p)) for name, p in predictions.items() if p}
    if fitted_all is not None:
        learner = Learner(fitted_all, success_ratings(cards))
        schedulers: dict[str, Scheduler | None] = {
            SM2: None,
            DEFAULTS: Scheduler(enable_fuzzing=False),
            FITTED: Scheduler(parameters=fitted_all, enable_fuzzing=False),
            DEFAULTS + NO_STEPS: Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False),
            FITTED + NO_STEPS: Scheduler(parameters=fitted_all, learning_steps=(), relearning_steps=(),
                                         enable_fuzzing=False),
        }
        started = time.monotonic()
        result["workload"][AS_STUDIED] = asdict(as_studied(cards, learner))
        for model, scheduler in schedulers.items():
            result["workload"][model] = asdict(simulate(cards, learner, scheduler, seeds))
        progress(f"simulated {seeds} run(s) per scheduler in {time.monotonic() - started:.0f} s")
    return result


def report(result: dict[str, Any]) -> Iterator[str]:
    """The figures as plain text lines of at most 80 columns."""
    yield (f"{result['reviews']:,} reviews of {result['cards']:,} cards, "
           f"{result['first'][:10]} to {result['last'][:10]}.")
    yield from _wrap("Recalled = any rating but Again. Each model predicts recall from the card's state "
                     "before the review; the first review of a card has no prediction.")
    titles = {
        NEXT_DAY: "A. First review of a card on a later review day (UTC, 04:00 rollover); FSRS at "
                  "fractional days",
        FULL_DAY: "B. Reviews 24 h or more after the card's previous one; FSRS's retrievability as the "
                  "package computes it (whole days)",
        FULL_DAY + FRACTIONAL: "C. The reviews of B, FSRS at fractional days",
    }
    for name, title in titles.items():
        rows = [(model, sets[name]) for model, sets in result["models"].items() if name in sets]
        if not rows:
            continue
        yield ""
        yield from _wrap(f"{title}: {rows[0][1]['reviews']:,} reviews, recalled {rows[0][1]['recall_rate']:.1%}.")
        yield f"  {'model':<26} {'log loss':>8} {'RMSE(bins)':>10} {'AUC':>6} {'mean p':>7}"
        for model, f in rows:
            yield f"  {model:<26} {f['log_loss']:>8.4f} {f['rmse_bins']:>10.4f} {f['auc']:>6.3f} {f['mean_p']:>7.3f}"
    yield ""
    if FITTED in result["models"]:
        yield from _wrap(f"FSRS-6 fitted: out of sample, {result['folds']}-fold by card (each card predicted "
                         "with parameters fitted to the other folds' cards).")
    else:
        yield "FSRS-6 fitted: skipped (needs the optimizer extra: pip install -e '.[optimizer]')."
    if result["workload"]:
        yield ""
        yield from _wrap(f"Reviews per retained card over the log's period: simulated learner = FSRS-6 fitted "
                         f"to the whole log; mean of {result['seeds']} seed(s); FSRS at desired retention 0.90.")
        yield f"  {'scheduler':<26} {'reviews':>7} {'same day':>8} {'retained':>8} {'/retained':>9} {'min-max':>9}"
        for model, w in result["workload"].items():
            low, high = w["spread"]
            yield (f"  {model:<26} {w['reviews']:>7.0f} {w['same_day']:>8.0f} {w['retained']:>8.1f}"
                   f" {w['reviews_per_retained']:>9.2f} {low:.2f}-{high:.2f}")
        yield from _wrap("Same day: reviews on the card's previous review day: FSRS's learning steps (1 and 10 "
                         "min), or, for SM-2 and 'no steps', flashcards' repeats of a grade below 4 (10 min "
                         "apart). Retained: expected cards recalled at the log's last review. The learner is "
                         "FSRS fitted to this log, which favours the FSRS schedulers, the fitted one most.",
                         indent="  ")


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width=80, initial_indent=indent, subsequent_indent=indent + "  " if not indent
                         else indent)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scheduler_replay",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--log", type=Path, default=DEFAULT_LOG, help="the review log (CSV)")
    parser.add_argument("--cards", type=int, default=0, help="only the N cards first seen earliest (0: all)")
    parser.add_argument("--folds", type=int, default=5, help="folds by card for the fitted parameters")
    parser.add_argument("--seeds", type=int, default=5, help="simulation runs per scheduler")
    parser.add_argument("--seed", type=int, default=17, help="seed of the fold assignment")
    parser.add_argument("--no-optimizer", action="store_true", help="skip everything that fits parameters")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--report", type=Path, metavar="JSON", help="print the figures saved by --save; run nothing")
    parser.add_argument("--save", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    if args.report:
        print("\n".join(report(json.loads(args.report.read_text(encoding="utf-8")))))
        return
    if args.folds < 2 or args.seeds < 1 or args.cards < 0:
        parser.error("--folds must be at least 2, --seeds at least 1, --cards at least 0")
    try:
        reviews = read_log(args.log)
    except LogError as error:
        print(error, file=sys.stderr)
        raise SystemExit(1) from None
    if args.cards:
        reviews = first_cards(reviews, args.cards)
    optimize = not args.no_optimizer and has_optimizer()

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    result = run(reviews, folds=args.folds, seeds=args.seeds, seed=args.seed, optimize=optimize,
                 progress=progress)
    if args.save:
        args.save.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print("\n".join(report(result)))


if __name__ == "__main__":
    main()
