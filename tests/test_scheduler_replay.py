"""The scheduler replay (`python -m benchmarks.scheduler_replay`, issue 17): its rules on small made-up
logs, and a smoke run of the script on a slice of the shared real log.

The figures themselves are measurements (README.md, "Schedulers on a real log"); these tests check
that the replay computes what its docstring says: SM-2's p = 0.9^(t/I) from flashcards' own state,
same-day reviews as repeats, FSRS's curve equal to the package's at whole days, fitted parameters
never tested on their own training cards, and figures that are finite and in range.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from benchmarks import scheduler_replay as replay
from benchmarks.scheduler_replay import FRACTIONAL, FULL_DAY, NEXT_DAY, Prediction, Review

REPO = Path(__file__).resolve().parent.parent
LOG = REPO.parent / "shared" / "data" / "review-logs-one-learner.csv"
START = datetime(2024, 3, 1, 18, 0, tzinfo=UTC)


def _reviews(card_id: int, *steps: tuple[float, int]) -> list[Review]:
    """A card's reviews at START + hours, with ratings."""
    return [Review(card_id, rating, START + timedelta(hours=hours), 1000) for hours, rating in steps]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    return path


# --- reading the log ----------------------------------------------------------------------------------


def test_read_log_sorts_each_card_by_time(tmp_path: Path) -> None:
    path = _write(tmp_path, "card_id,review_rating,review_time,review_duration\n"
                            "2,3,2024-03-02T10:00:00+00:00,500\n"
                            "1,1,2024-03-02T10:00:00+01:00,700\n"
                            "1,3,2024-03-01T10:00:00+00:00,900\n")
    reviews = replay.read_log(path)
    assert [(r.card_id, r.rating, r.at.isoformat()) for r in reviews] == [
        (1, 3, "2024-03-01T10:00:00+00:00"), (1, 1, "2024-03-02T09:00:00+00:00"), (2, 3, "2024-03-02T10:00:00+00:00")]


@pytest.mark.parametrize(("row", "message"), [
    ("1,5,2024-03-01T10:00:00+00:00,900", "log.csv:3: review_rating '5' is not 1-4"),
    ("1,3,yesterday,900", "log.csv:3: review_time 'yesterday' is not an ISO 8601"),
    ("1,3,2024-03-01T10:00:00,900", "log.csv:3: review_time '2024-03-01T10:00:00' has no time zone"),
    ("x,3,2024-03-01T10:00:00+00:00,900", "log.csv:3: card_id 'x' is not a whole number"),
    ("1,3,2024-03-01T10:00:00+00:00", "log.csv:3: expected 4 fields, got 3"),
])
def test_a_bad_row_is_named_by_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = _write(tmp_path, f"card_id,review_rating,review_time,review_duration\n1,3,2024-03-01T09:00:00+00:00,1\n{row}\n")
    with pytest.raises(replay.LogError) as caught:
        replay.read_log(path)
    assert str(caught.value).startswith(f"{path.parent / message.split(':')[0]}:") and message in str(caught.value)


def test_a_bad_log_stops_the_script_with_one_line_and_exit_1(tmp_path: Path) -> None:
    path = _write(tmp_path, "card,rating\n1,3\n")
    done = subprocess.run([sys.executable, "-m", "benchmarks.scheduler_replay", "--log", str(path), "--no-optimizer"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"{path}:1: expected the header card_id,review_rating,review_time,review_duration, got 'card,rating'"]


# --- which reviews are scored, and SM-2's prediction ----------------------------------------------


def test_same_day_reviews_are_repeats_and_sm2_predicts_from_its_own_interval() -> None:
    # Day 0 18:00 Good (n=1, I=1); 18:10 Again, same review day: a repeat, state unchanged.
    # Day 3 Good: t=3, I=1 -> p = 0.9^3 (scheduled: n=2, I=6). Day 3 01:00 next morning belongs to day 3
    # (before the 04:00 rollover). Day 9 +1 h: t=6, I=6 -> p = 0.9; rated Again.
    history = _reviews(1, (0, 3), (1 / 6, 1), (72, 3), (72 + 7, 3), (216 + 1, 1))
    marks = replay.scored_sets(history)
    assert marks == [(False, False), (False, False), (True, True), (False, False), (True, True)]
    predictions = replay.sm2_predictions({1: history})
    assert predictions[NEXT_DAY] == [Prediction(0.9 ** 3, True), Prediction(0.9, False)]
    assert predictions[FULL_DAY] == predictions[NEXT_DAY]


def test_the_next_day_set_holds_reviews_under_24_hours_that_the_24h_set_leaves_out() -> None:
    # 18:00 on day 0, then 09:00 the next day: a new review day, but only 15 hours later.
    history = _reviews(1, (0, 3), (15, 1))
    assert replay.scored_sets(history) == [(False, False), (True, False)]
    predictions = replay.fsrs_predictions({1: history}, DEFAULT_PARAMETERS)
    assert len(predictions[NEXT_DAY]) == 1 and predictions[FULL_DAY] == []
    assert 0 < predictions[NEXT_DAY][0].p < 1  # fractional days: not the package's 1.0 at 0 whole days


# --- FSRS ---------------------------------------------------------------------------------------------


def test_the_fractional_curve_is_the_packages_retrievability_at_whole_days() -> None:
    scheduler = Scheduler(enable_fuzzing=False)
    card, _ = scheduler.review_card(Card(card_id=1, due=START), Rating.Good, START)
    assert card.stability is not None
    for days in (1, 2, 5, 30):
        at = START + timedelta(days=days)
        assert replay.curve(DEFAULT_PARAMETERS, card.stability, days) == pytest.approx(
            scheduler.get_card_retrievability(card, at), rel=1e-12)
    # Between whole days the curve keeps falling where the package's value stays put.
    assert replay.curve(DEFAULT_PARAMETERS, card.stability, 1.5) < scheduler.get_card_retrievability(
        card, START + timedelta(days=1.5))


def test_fsrs_predictions_are_the_packages_retrievability_before_each_review() -> None:
    history = _reviews(1, (0, 3), (0.2, 3), (50, 1), (51, 3), (200, 3))
    predictions = replay.fsrs_predictions({1: history}, DEFAULT_PARAMETERS)
    scheduler = Scheduler(enable_fuzzing=False)
    card = Card(card_id=1, due=START)
    expected = []
    for review, (_, full_day) in zip(history, replay.scored_sets(history), strict=True):
        if full_day:
            expected.append(Prediction(scheduler.get_card_retrievability(card, review.at), review.rating > 1))
        card, _ = scheduler.review_card(card, Rating(review.rating), review.at)
    assert predictions[FULL_DAY] == expected and len(expected) == 2
    assert [p.recalled for p in predictions[FULL_DAY + FRACTIONAL]] == [False, True]


def test_fitted_parameters_never_predict_their_own_training_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    cards = {card: _reviews(card, (0, 3), (30, 3), (100, 1)) for card in range(1, 11)}
    trained_on: list[set[int]] = []

    def fake_fit(reviews: list[Review]) -> list[float]:
        trained_on.append({r.card_id for r in reviews})
        return list(DEFAULT_PARAMETERS)

    monkeypatch.setattr(replay, "fit", fake_fit)
    predictions, per_fold = replay.fitted_predictions(cards, 3, 17, lambda _: None)
    assignment = replay.fold_of(list(cards), 3, 17)
    assert sorted(assignment.values()) == [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert len(trained_on) == len(per_fold) == 3
    for fold, cards_seen in enumerate(trained_on):
        tested = {card for card, f in assignment.items() if f == fold}
        assert cards_seen.isdisjoint(tested) and cards_seen | tested == set(cards)
    assert len(predictions[NEXT_DAY]) == 20  # every scored review predicted once, by its own fold


# --- figures ------------------------------------------------------------------------------------------


def test_figures_of_known_predictions() -> None:
    half = replay.figures([Prediction(0.5, True), Prediction(0.5, False)])
    assert half.log_loss == pytest.approx(math.log(2)) and half.rmse_bins == 0 and half.auc == 0.5
    sharp = replay.figures([Prediction(0.95, True), Prediction(0.05, False)])
    assert sharp.log_loss == pytest.approx(-math.log(0.95)) and sharp.auc == 1
    # Bin [0.9, 1.0): mean p 0.95, recall rate 1/2; bin [0.0, 0.1): mean p 0.05, rate 0.
    mixed = replay.figures([Prediction(0.95, True), Prediction(0.95, False), Prediction(0.05, False)])
    assert mixed.rmse_bins == pytest.approx(math.sqrt((2 * 0.45 ** 2 + 0.05 ** 2) / 3))
    # A certain prediction that is wrong costs -ln(1e-7), not infinity.
    assert replay.figures([Prediction(1.0, False)]).log_loss == pytest.approx(-math.log(replay.EPSILON))


# --- the simulation -----------------------------------------------------------------------------------


class AlwaysGood(replay.Learner):
    """A learner who recalls everything: the schedule alone decides the count."""

    def answer(self, card: Card, at: datetime, rng: random.Random) -> tuple[Card, int]:
        return self.remember(card, 3, at), 3


def test_sm2_simulation_asks_at_flashcards_intervals_and_repeats_a_failure_the_same_day() -> None:
    learner = AlwaysGood(DEFAULT_PARAMETERS, [(3, 1.0)])
    end = START + timedelta(days=30)
    rng = random.Random(0)
    # Good first: due after 1, then 6, then ceil(6 x 2.5) = 15 days: days 0, 1, 7, 22 (then 22 + 38 > 30).
    times, _ = replay._sm2_card(learner, Review(1, 3, START, 0), end, rng)
    assert times == [START + timedelta(days=d) for d in (0, 1, 7, 22)]
    # Again first (grade 1: n=0, I=1, EF 1.96): a repeat 10 minutes later (Good, grade 4, state unchanged),
    # then I = 1 (n was 0), 6, ceil(6 x 1.96) = 12: days 0, 0, 1, 2, 8, 20 (then 20 + 24 > 30).
    times, _ = replay._sm2_card(learner, Review(1, 1, START, 0), end, rng)
    assert times == [START, START + timedelta(minutes=10), *(START + timedelta(days=d) for d in (1, 2, 8, 20))]
    assert replay._same_day(times) == 1


def test_fsrs_simulation_counts_learning_steps_and_stops_at_the_end() -> None:
    learner = AlwaysGood(DEFAULT_PARAMETERS, [(3, 1.0)])
    scheduler = Scheduler(enable_fuzzing=False)
    end = START + timedelta(days=30)
    times, _ = replay._fsrs_card(learner, scheduler, Review(1, 3, START, 0), end, random.Random(0))
    card, _ = scheduler.review_card(Card(card_id=1, due=START), Rating.Good, START)
    expected = [START]
    while card.due <= end:
        expected.append(card.due)
        card, _ = scheduler.review_card(card, Rating.Good, card.due)
    assert times == expected
    assert times[1] == START + timedelta(minutes=10)  # the package's second learning step, the same day
    assert len(times) >= 3 and replay._same_day(times) == 1


def test_fsrs_without_learning_steps_repeats_a_failure_as_flashcards_does() -> None:
    learner = AlwaysGood(DEFAULT_PARAMETERS, [(3, 1.0)])
    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    end = START + timedelta(days=30)
    times, _ = replay._fsrs_card(learner, scheduler, Review(1, 1, START, 0), end, random.Random(0))
    # Again on first sight: repeated 10 minutes later (Good), which the scheduler takes too.
    card, _ = scheduler.review_card(Card(card_id=1, due=START), Rating.Again, START)
    card, _ = scheduler.review_card(card, Rating.Good, START + timedelta(minutes=10))
    assert times[:3] == [START, START + timedelta(minutes=10), card.due]
    assert replay._same_day(times) == 1 and times[-1] <= end


# --- the script on the shared log -----------------------------------------------------------------


def _shared_log() -> Path:
    if not LOG.exists():
        pytest.skip(f"{LOG} is absent: the shared real review log is not checked out")
    return LOG


def _in_range(figures: dict[str, float]) -> None:
    assert figures["reviews"] > 0
    assert 0 < figures["log_loss"] < 2
    assert 0 <= figures["rmse_bins"] <= 1
    assert 0 <= figures["auc"] <= 1
    assert 0 < figures["mean_p"] < 1 and 0 < figures["recall_rate"] < 1


def _run(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "benchmarks.scheduler_replay", "--log", str(_shared_log()),
                           "--json", *args], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_script_replays_a_slice_under_sm2_and_fsrs_defaults() -> None:
    result = _run("--cards", "60", "--no-optimizer")
    assert result["cards"] == 60
    models = result["models"]
    assert isinstance(models, dict) and set(models) == {replay.SM2, replay.DEFAULTS}
    for sets in models.values():
        assert set(sets) == {NEXT_DAY, FULL_DAY, FULL_DAY + FRACTIONAL}
        for figures in sets.values():
            _in_range(figures)
        assert sets[FULL_DAY]["reviews"] < sets[NEXT_DAY]["reviews"]


def test_script_fits_fsrs_out_of_sample_and_simulates_every_scheduler() -> None:
    pytest.importorskip("torch", reason="the optimizer extra (fsrs[optimizer], torch) is not installed")
    # 200 cards: each of the 2 folds trains on more than the 512 reviews the Optimizer needs to fit at all.
    result = _run("--cards", "200", "--folds", "2", "--seeds", "1")
    models = result["models"]
    assert isinstance(models, dict) and set(models) == {replay.SM2, replay.DEFAULTS, replay.FITTED}
    for sets in models.values():
        for figures in sets.values():
            _in_range(figures)
    folds = result["fold_parameters"]
    assert isinstance(folds, list) and len(folds) == 2
    for parameters in [*folds, result["learner_parameters"]]:
        assert isinstance(parameters, list) and len(parameters) == 21
        assert parameters != list(DEFAULT_PARAMETERS)  # a real fit, not the Optimizer's fallback
    workload = result["workload"]
    assert isinstance(workload, dict)
    assert set(workload) == {replay.AS_STUDIED, replay.SM2, replay.DEFAULTS, replay.FITTED,
                             replay.DEFAULTS + replay.NO_STEPS, replay.FITTED + replay.NO_STEPS}
    for w in workload.values():
        assert 200 <= w["reviews"] and 0 <= w["same_day"] < w["reviews"] and 0 < w["retained"] <= 200
        assert w["reviews_per_retained"] == pytest.approx(w["reviews"] / w["retained"])
