"""FSRS as a deck's scheduler (issue 17): the core rule, the store, `decks set --scheduler`, exams.

The model is py-fsrs's: these tests compare our use of it with py-fsrs called directly, and check what
is ours (whole days, the grade mapping, modes, lapses, leeches, exam caps, the replay, the switch).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import fsrs
import pytest
from click.testing import Result

from flashcards.core.exam import ExamCard
from flashcards.core.queue import QueueCard, _risks
from flashcards.core.reschedule import plan_reschedule
from flashcards.core.schedulers import SM2, DeckScheduler, FsrsMemory, InvalidScheduler, SchedulerKind, fsrs_rating
from flashcards.core.scheduling import LEECH_TAG, CardState, apply_grade, replay
from flashcards.core.vocabulary import Status, anki_button
from flashcards.export.scheduling import anki_ease
from tests.conftest import make_collection

FSRS = DeckScheduler(SchedulerKind.FSRS)
TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


# ---- pure ------------------------------------------------------------------------------------------


def test_grades_map_to_ratings_as_the_anki_export_maps_them() -> None:
    assert [anki_button(grade) for grade in range(6)] == [1, 1, 1, 2, 3, 4]
    assert [anki_ease(grade) for grade in range(6)] == [anki_button(grade) for grade in range(6)]
    assert [fsrs_rating(grade) for grade in range(6)] == [fsrs.Rating.Again] * 3 + [
        fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy]
    with pytest.raises(ValueError, match="0..5"):
        anki_button(6)


def test_fsrs_grades_follow_py_fsrs_in_whole_days() -> None:
    """Our FSRS card equals py-fsrs's own card reviewed at midnight UTC of each day, no steps, no fuzz."""
    model = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    theirs = fsrs.Card(card_id=1, due=datetime(2026, 11, 28, tzinfo=UTC))
    ours = CardState.new()
    day = TODAY
    for grade in (4, 4, 5, 1, 3, 4, 0, 4):
        when = datetime(day.year, day.month, day.day, tzinfo=UTC)
        theirs, _ = model.review_card(theirs, fsrs_rating(grade), when)
        ours = apply_grade(ours, grade, day, "scheduled", scheduler=FSRS)
        assert ours.memory is not None
        assert ours.memory.stability == theirs.stability and ours.memory.difficulty == theirs.difficulty
        assert ours.interval == (theirs.due - when).days >= 1
        assert ours.due == day + timedelta(days=ours.interval) == theirs.due.date()
        day = ours.due
    assert ours.ef_hundredths == 250  # FSRS does not use EF; it stays where it was


def test_fsrs_keeps_the_modes_lapses_and_leech_rule() -> None:
    state = apply_grade(CardState.new(), 4, TODAY, "scheduled", scheduler=FSRS)
    assert apply_grade(state, 0, TODAY, "repeat", scheduler=FSRS) is state
    assert apply_grade(state, 5, TODAY, "cram", scheduler=FSRS) is state
    assert state.repetitions == 1 and state.lapses == 0
    first_fail = apply_grade(CardState.new(), 0, TODAY, "scheduled", scheduler=FSRS)
    assert first_fail.lapses == 0  # never learned: not a lapse, as under SM-2
    day = TODAY
    for _ in range(8):
        day = state.due or day
        state = apply_grade(state, 4, day, "scheduled", scheduler=FSRS)
        state = apply_grade(state, 1, state.due or day, "scheduled", scheduler=FSRS)
        day = state.due or day
    assert state.lapses == 8 and LEECH_TAG in state.tags and state.status == Status.SUSPENDED


def test_fsrs_replay_is_the_fold_of_its_grades_and_sm2_is_untouched() -> None:
    events = [(4, TODAY, "scheduled"), (1, TODAY, "repeat"), (3, TODAY + timedelta(days=3), "scheduled"),
              (5, TODAY + timedelta(days=9), "anki"), (0, TODAY + timedelta(days=30), "scheduled")]
    folded = CardState.new()
    for grade, day, mode in events:
        folded = apply_grade(folded, grade, day, mode, scheduler=FSRS)
    assert replay(events, scheduler=FSRS) == folded
    assert replay(events) == replay(events, scheduler=SM2) != folded
    assert replay(events).memory is None


def test_an_exam_caps_fsrs_due_dates_while_it_is_ahead() -> None:
    exam = TODAY + timedelta(days=5)
    state = CardState.new()
    for offset in (0, 2, 4):
        state = apply_grade(state, 5, TODAY + timedelta(days=offset), "scheduled", cap_due=exam, scheduler=FSRS)
        assert state.due is not None and state.due <= exam
    assert state.interval > 5  # the interval is FSRS's; only the due date is capped
    after = apply_grade(state, 5, exam + timedelta(days=1), "scheduled", cap_due=exam, scheduler=FSRS)
    assert after.due is not None and after.due > exam


def test_fsrs_readiness_and_catch_up_use_its_retrievability() -> None:
    memory = FsrsMemory(stability=10.0, difficulty=5.0, last_review=TODAY)
    card = ExamCard(id=1, context=(), due=TODAY + timedelta(days=10), interval=10, memory=memory, scheduler=FSRS)
    model = fsrs.Scheduler()
    theirs = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=10.0, difficulty=5.0,
                       due=datetime(2026, 12, 8, tzinfo=UTC), last_review=datetime(2026, 11, 28, tzinfo=UTC))
    exam = TODAY + timedelta(days=12)
    assert card.recall_on(exam) == pytest.approx(model.get_card_retrievability(theirs, datetime(2026, 12, 10, tzinfo=UTC)))
    assert card.ready_on(TODAY + timedelta(days=10)) and not card.ready_on(exam)
    # The same card under SM-2 reads 0.9 ** (t / I).
    assert ExamCard(id=1, context=(), due=card.due, interval=10).recall_on(exam) == pytest.approx(0.9 ** 1.2)
    # Catch-up: lowest recall first, on one scale with SM-2 cards (an FSRS R is the t / I giving it).
    risky, safe = QueueCard(1, "d", TODAY, recall=0.5), QueueCard(2, "d", TODAY, recall=0.85)
    sm2 = QueueCard(3, "d", TODAY, interval=10, last_review=TODAY - timedelta(days=20))  # 0.9 ** 2 = 0.81
    risks = _risks([risky, safe, sm2], TODAY)
    assert risks[0] > risks[2] > risks[1]


def test_bad_scheduler_settings_are_one_line_errors() -> None:
    with pytest.raises(InvalidScheduler, match=r"^desired retention must be 0.70..0.99, got 1.5$"):
        DeckScheduler(SchedulerKind.FSRS, 1.5)
    with pytest.raises(InvalidScheduler, match="unknown scheduler 'sm3'"):
        DeckScheduler.of("sm3")
    with pytest.raises(InvalidScheduler, match="21 numbers"):
        DeckScheduler.of("fsrs", 0.9, [1.0, 2.0])
    with pytest.raises(InvalidScheduler, match=r"^FSRS parameters out of bounds: parameters\[0\]"):
        DeckScheduler.of("fsrs", 0.9, [500.0] + list(fsrs.scheduler.DEFAULT_PARAMETERS[1:]))


def test_the_plan_counts_changes_and_shows_the_earliest() -> None:
    new = CardState.new()
    moved = CardState(repetitions=1, interval=1, due=TODAY + timedelta(days=1))
    plan = plan_reschedule("d", SM2, FSRS, [
        (1, "a", moved, CardState(repetitions=1, interval=2, due=TODAY + timedelta(days=2)), 1),
        (2, "b", new, new, 0),
        (3, "c", moved, moved, 1)])
    assert (plan.cards, plan.reviewed, plan.changed, plan.reviews) == (3, 2, 1, 2)
    assert [change.card_id for change in plan.examples] == [1] and not plan.same


# ---- the store and the commands ---------------------------------------------------------------------


def query(db: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def on(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setenv("FLASHCARDS_NOW", f"{day.isoformat()}T09:00:00+00:00")


def check_ok(invoke: Callable[..., Result]) -> None:
    result = invoke("check")
    assert result.exit_code == 0, result.output
    assert "card states equal the replay of the review log" in result.output


def states(db: Path) -> list[tuple[object, ...]]:
    return query(db, "SELECT id, repetitions, ef_hundredths, interval, due, lapses, status, tags, fsrs_stability,"
                     " fsrs_difficulty, fsrs_reviewed_on FROM cards ORDER BY id")


def study(invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, days: int, answers: str) -> None:
    for offset in range(days):
        on(monkeypatch, TODAY + timedelta(days=offset))
        result = invoke("quiz", input=answers * 100)
        assert result.exit_code == 0, result.output


def test_switch_to_fsrs_and_back_replays_the_log_and_loses_nothing(
        invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, db_path: Path, isolated_home: Path) -> None:
    """Acceptance 2: every card equals the replay under the active scheduler, check passes, no review lost."""
    make_collection(isolated_home, NOW, [{"front": f"q{n}"} for n in range(6)])
    study(invoke, monkeypatch, 6, "\n4\n\n2\n\n5\n")
    sm2_before = states(db_path)
    reviews = query(db_path, "SELECT * FROM reviews ORDER BY id")
    assert reviews and all(row[8] is None for row in sm2_before)

    refused = invoke("decks", "set", "docker", "--scheduler", "FSRS")  # no terminal, no --yes; any case
    assert refused.exit_code == 1 and "needs a terminal to ask, or --yes; nothing was changed" in refused.output
    assert states(db_path) == sm2_before and query(db_path, "SELECT scheduler FROM decks") == [("sm2",)]

    switched = invoke("decks", "set", "docker", "--scheduler", "fsrs", "--yes")
    assert switched.exit_code == 0, switched.output
    said = " ".join(switched.output.split())  # Rich wraps at 80 columns
    assert "docker: SM-2 -> FSRS (retention 0.90, default parameters)." in said
    assert f"The log of {len(reviews)} reviews (6 cards studied) is replayed under FSRS" in said
    assert "no review is changed or lost" in said and "docker now uses FSRS" in said
    assert max(len(line) for line in switched.output.splitlines()) <= 80
    listed = invoke("decks")
    assert "Scheduled with FSRS: docker (retention 0.90)." in " ".join(listed.output.split())  # no other deck
    (deck,) = json.loads(invoke("decks", "--json").output)
    assert (deck["scheduler"], deck["desired_retention"]) == ("fsrs", 0.9)
    fsrs_states = states(db_path)
    studied = [row for row in fsrs_states if row[4] is not None]
    assert studied and all(row[8] is not None and row[10] is not None for row in studied)
    check_ok(invoke)

    # Grading under FSRS keeps the cards equal to their replay; undo too.
    on(monkeypatch, TODAY + timedelta(days=20))
    graded = invoke("quiz", input="\n4\n" * 3 + "u")
    assert graded.exit_code == 0, graded.output
    check_ok(invoke)
    reviews_fsrs = query(db_path, "SELECT * FROM reviews ORDER BY id")
    assert reviews_fsrs[:len(reviews)] == reviews

    back = invoke("decks", "set", "docker", "--scheduler", "sm2", "--yes")
    assert back.exit_code == 0, back.output
    assert query(db_path, "SELECT * FROM reviews ORDER BY id") == reviews_fsrs
    assert all(row[8] is None and row[9] is None and row[10] is None for row in states(db_path))
    check_ok(invoke)
    again = invoke("decks", "set", "docker", "--scheduler", "sm2", "--yes")
    assert "uses SM-2 already; nothing to change" in " ".join(again.output.split())


def test_the_replay_under_the_stored_scheduler_equals_every_card(
        invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, db_path: Path, isolated_home: Path) -> None:
    from flashcards.core.replay import replay_standing
    from flashcards.storage.models import Card
    from flashcards.storage.reviews import scheduler_of, state_of
    from flashcards.storage.store import Store

    make_collection(isolated_home, NOW, [{"front": f"q{n}"} for n in range(4)])
    assert invoke("decks", "set", "docker", "--scheduler", "fsrs", "--retention", "0.85", "--yes").exit_code == 0
    study(invoke, monkeypatch, 8, "\n5\n\n1\n\n4\n")
    store = Store.open(f"sqlite:///{db_path}", isolated_home, NOW)
    try:
        with store.read() as session:
            for card in session.query(Card).all():
                scheduler = scheduler_of(card.deck)
                assert scheduler == DeckScheduler(SchedulerKind.FSRS, 0.85)
                replayed = replay_standing(card.reviews, reset_at=card.reset_at, exam_date=None, scheduler=scheduler)
                assert replayed.replayed_fields == state_of(card).replayed_fields
    finally:
        store.close()
    check_ok(invoke)


def test_check_finds_an_fsrs_card_changed_behind_its_log(
        invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, db_path: Path, isolated_home: Path) -> None:
    make_collection(isolated_home, NOW, [{"front": "q"}])
    assert invoke("decks", "set", "docker", "--scheduler", "fsrs", "--yes").exit_code == 0
    study(invoke, monkeypatch, 1, "\n4\n")
    check_ok(invoke)
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE cards SET fsrs_stability = fsrs_stability + 1")
    connection.commit()
    connection.close()
    result = invoke("check")
    assert result.exit_code == 1 and "1 card differ" in result.output


def test_bad_scheduler_options_are_one_line_errors(invoke: Callable[..., Result], isolated_home: Path,
                                                   db_path: Path) -> None:
    make_collection(isolated_home, NOW, [{"front": "q"}])
    before = query(db_path, "SELECT * FROM decks")
    for args, message in (
            (("--scheduler", "fsrs", "--retention", "1.2"), "Error: desired retention must be 0.70..0.99, got 1.2"),
            (("--scheduler", "fsrs", "--retention", "high"), "Error: --retention must be a number such as 0.90"),
            (("--retention", "0.8"), "Error: --retention is FSRS's desired retention; add --scheduler fsrs")):
        result = invoke("decks", "set", "docker", *args, "--yes")
        assert result.exit_code == 1, result.output
        assert result.output.strip().splitlines() == [result.output.strip()] and message in result.output
        assert "Traceback" not in result.output
    assert query(db_path, "SELECT * FROM decks") == before


def test_an_exam_capped_fsrs_deck(invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch,
                                  db_path: Path, isolated_home: Path) -> None:
    """Acceptance 3: while the exam is ahead no card is due after it; readiness is FSRS's retrievability."""
    make_collection(isolated_home, NOW, [{"front": f"q{n}"} for n in range(8)])
    assert invoke("decks", "set", "docker", "--scheduler", "fsrs", "--yes").exit_code == 0
    exam = TODAY + timedelta(days=10)
    assert invoke("exam", "docker", "--date", exam.isoformat()).exit_code == 0
    for offset in range(10):
        on(monkeypatch, TODAY + timedelta(days=offset))
        assert invoke("quiz", input="\n5\n" * 100).exit_code == 0
        assert query(db_path, "SELECT count(*) FROM cards WHERE due > ?", exam.isoformat()) == [(0,)]
        check_ok(invoke)
    assert query(db_path, "SELECT max(interval) FROM cards")[0][0] > 10  # FSRS's own intervals, capped dues
    on(monkeypatch, TODAY + timedelta(days=9))
    result = invoke("exam", "--json")
    assert result.exit_code == 0, result.output
    (deck,) = json.loads(result.output)
    from flashcards.storage.exam_data import exam_decks
    from flashcards.storage.store import Store

    store = Store.open(f"sqlite:///{db_path}", isolated_home, NOW)
    try:
        with store.read() as session:
            (exam_deck,) = exam_decks(session)
    finally:
        store.close()
    cards = exam_deck.cards
    assert cards and all(card.scheduler.is_fsrs and card.memory is not None for card in cards)
    model = fsrs.Scheduler()
    on_exam = datetime(exam.year, exam.month, exam.day, tzinfo=UTC)
    recalls = []
    for card in cards:
        assert card.memory is not None
        theirs = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=card.memory.stability,
                           difficulty=card.memory.difficulty, due=on_exam,
                           last_review=datetime.combine(card.memory.last_review, datetime.min.time(), UTC))
        recalls.append(model.get_card_retrievability(theirs, on_exam))
        assert card.recall_on(exam) == pytest.approx(recalls[-1])
    # `exam --json` reports py-fsrs's retrievability: the mean, and the cards at 0.9 or more.
    assert deck["readiness"]["mean_recall"] == pytest.approx(sum(recalls) / len(recalls))
    assert deck["readiness"]["ready"] == sum(recall >= 0.9 for recall in recalls)
    for command in (("exam",), ("stats",), ("due",)):
        shown = invoke(*command)
        assert shown.exit_code == 0 and "Traceback" not in shown.output, (command, shown.output)


# ---- optimize ----------------------------------------------------------------------------------------


def long_log(isolated_home: Path, cards: int = 60, grades: int = 11) -> Path:
    """A deck whose cards were each graded `grades` times on their due days: (grades - 1) * cards reviews
    the fit learns from (a review a day or more after the card's previous one)."""
    from flashcards.storage.reviews import record_grade
    from flashcards.storage.store import Store

    ids = make_collection(isolated_home, NOW, [{"front": f"q{n}"} for n in range(cards)])
    store = Store.open(f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home, NOW)
    try:
        for card_id in ids:
            day = TODAY
            for n in range(grades):
                grade = (5, 4, 3, 1, 4, 4, 2, 5)[(card_id + n) % 8]
                outcome = record_grade(store, card_id=card_id, quality=grade, now=NOW + timedelta(days=(day - TODAY).days),
                                       today=day, mode="scheduled")
                day = outcome.after.due or day
    finally:
        store.close()
    return isolated_home / "flashcards.db"


def test_optimize_says_how_many_reviews_it_needs(invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch,
                                                 isolated_home: Path, db_path: Path) -> None:
    make_collection(isolated_home, NOW, [{"front": f"q{n}"} for n in range(3)])
    study(invoke, monkeypatch, 3, "\n4\n")
    before = query(db_path, "SELECT * FROM decks")
    result = invoke("optimize", "docker", "--yes")
    assert result.exit_code == 1, result.output
    (line,) = result.output.strip().splitlines()
    usable = len(query(db_path, "SELECT id FROM reviews")) - 3  # each card's first grade does not count
    assert line == (f"Error: docker has {usable} reviews to fit FSRS to (a review a day or more after the card's"
                    f" previous one); the fit needs at least 512, {512 - usable} more")
    assert query(db_path, "SELECT * FROM decks") == before
    unknown = invoke("optimize", "nosuch")
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output


def test_optimize_says_how_to_install_the_extra(invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch,
                                                isolated_home: Path) -> None:
    import importlib.util

    db = long_log(isolated_home)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == "torch" else real(name, *args))
    before = query(db, "SELECT * FROM decks")
    result = invoke("optimize", "docker", "--yes")
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: fitting FSRS parameters needs the optimizer extra:"
                                     " pip install 'flashcards[optimizer]'")
    assert query(db, "SELECT * FROM decks") == before


def test_optimize_fits_the_deck_and_replays_under_the_fit(invoke: Callable[..., Result], isolated_home: Path) -> None:
    """With the extra installed (the test extra installs it): fitted parameters are stored and used."""
    from importlib.util import find_spec

    if find_spec("torch") is None:
        pytest.skip("the optimizer extra (torch) is not installed: pip install -e '.[optimizer]'")
    db = long_log(isolated_home)
    assert invoke("decks", "set", "docker", "--scheduler", "fsrs", "--yes").exit_code == 0
    reviews = query(db, "SELECT * FROM reviews ORDER BY id")
    result = invoke("optimize", "docker", "--yes")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Fitted FSRS parameters to 600 reviews of docker." in said
    assert "FSRS (retention 0.90, default parameters) -> FSRS (retention 0.90, fitted parameters)" in said
    ((stored,),) = query(db, "SELECT fsrs_parameters FROM decks")
    parameters = json.loads(str(stored))
    assert len(parameters) == 21 and parameters != list(fsrs.scheduler.DEFAULT_PARAMETERS)
    assert query(db, "SELECT * FROM reviews ORDER BY id") == reviews
    check_ok(invoke)
    # Back to SM-2 and to FSRS again: the fit stays on the deck and is used again.
    assert invoke("decks", "set", "docker", "--scheduler", "sm2", "--yes").exit_code == 0
    again = invoke("decks", "set", "docker", "--scheduler", "fsrs", "--yes")
    assert "FSRS (retention 0.90, fitted parameters)" in " ".join(again.output.split())
    check_ok(invoke)


# ---- Anki export -------------------------------------------------------------------------------------


@pytest.mark.anki
def test_anki_export_carries_fsrs_memory_state(invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch,
                                               isolated_home: Path, db_path: Path, tmp_path: Path,
                                               anki_col: object) -> None:
    """An FSRS deck's cards arrive in Anki (the real backend) with their stability, difficulty and the
    deck's desired retention; an SM-2 card arrives without a memory state."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    make_collection(isolated_home, NOW, [{"front": f"q{n}"} for n in range(3)])
    assert invoke("decks", "set", "docker", "--scheduler", "fsrs", "--retention", "0.85", "--yes").exit_code == 0
    study(invoke, monkeypatch, 3, "\n4\n")
    out = tmp_path / "fsrs.apkg"
    result = invoke("export", "anki", "-o", str(out), "--with-scheduling")
    assert result.exit_code == 0, result.output
    col: Any = anki_col
    col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(out), options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False)))
    ours = {front: (stability, difficulty) for front, stability, difficulty in
            query(db_path, "SELECT front, fsrs_stability, fsrs_difficulty FROM cards")}
    theirs = {}
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        front = card.note()["Front"] if "Front" in card.note() else card.note().fields[0]
        theirs[front] = card
    assert len(theirs) == 3
    for front, (stability, difficulty) in ours.items():
        card = next(card for shown, card in theirs.items() if front in shown)
        assert stability is not None and card.memory_state is not None
        # Anki keeps them as 32-bit floats, difficulty rounded to 3 decimals.
        assert card.memory_state.stability == pytest.approx(stability, abs=1e-3)
        assert card.memory_state.difficulty == pytest.approx(difficulty, abs=1e-3)
        assert card.desired_retention == pytest.approx(0.85)

    # The same collection back on SM-2: no memory state is written.
    assert invoke("decks", "set", "docker", "--scheduler", "sm2", "--yes").exit_code == 0
    from flashcards.export.scheduling import fsrs_card_data
    from flashcards.export.source import ExportCard

    plain = ExportCard(key="k", deck="d", kind="qa", front="f", back="b", context=(), source_path="x.md",
                       source_line=1, position=0, status="active", tags="", repetitions=1, ef_hundredths=250,
                       interval=1, due=TODAY, lapses=0, content_changed_at=NOW, last_reviewed_at=NOW)
    assert fsrs_card_data(plain) == ""
    fsrs_card = ExportCard(**{**plain.__dict__, "fsrs_stability": 2.5, "fsrs_difficulty": 4.0, "desired_retention": 0.9})
    assert json.loads(fsrs_card_data(fsrs_card)) == {"s": 2.5, "d": 4.0, "dr": 0.9}


# ---- catch-up ----------------------------------------------------------------------------------------


def test_an_fsrs_backlog_comes_lowest_retrievability_first(invoke: Callable[..., Result], isolated_home: Path,
                                                           db_path: Path) -> None:
    """More reviews due than the deck's limit: FSRS's retrievability today orders them (py-fsrs's)."""
    cards: list[dict[str, object]] = []
    for n in range(8):
        last = TODAY - timedelta(days=3 + 5 * n)
        cards.append({"front": f"card {n}", "due": TODAY - timedelta(days=n % 3), "interval": 3 + n, "repetitions": 2,
                      "fsrs_stability": (2.0, 40.0, 7.5, 1.2, 90.0, 15.0, 4.0, 25.0)[n], "fsrs_difficulty": 5.0,
                      "fsrs_reviewed_on": last})
    ids = make_collection(isolated_home, NOW, cards, reviews_per_day=3, scheduler="fsrs")
    memories = {card_id: FsrsMemory(float(str(card["fsrs_stability"])), 5.0, card["fsrs_reviewed_on"])  # type: ignore[arg-type]
                for card_id, card in zip(ids, cards, strict=True)}
    expected = sorted(ids, key=lambda card_id: FSRS.retrievability(memories[card_id], TODAY))[:3]
    result = invoke("quiz", input="\n4\n" * 20)
    assert result.exit_code == 0, result.output
    assert "Catching up in docker: 8 reviews due" in " ".join(result.output.split())
    graded = [card_id for (card_id,) in query(
        db_path, "SELECT card_id FROM reviews WHERE mode = 'scheduled' ORDER BY reviewed_at, id")]
    assert graded == expected


def test_undo_on_an_fsrs_card_gives_back_its_memory_state(store: Any) -> None:
    from flashcards.storage.models import Card, Deck
    from flashcards.storage.reviews import record_grade, state_of, undo_review

    with store.transaction() as session:
        session.query(Deck).one().scheduler = "fsrs"
    first = record_grade(store, card_id=1, quality=4, now=NOW, today=TODAY, mode="scheduled")
    second = record_grade(store, card_id=1, quality=5, now=NOW + timedelta(days=3), today=TODAY + timedelta(days=3),
                          mode="scheduled")
    assert first.after.memory is not None and second.after.memory is not None
    assert second.after.memory.last_review == TODAY + timedelta(days=3)
    assert second.after == apply_grade(first.after, 5, TODAY + timedelta(days=3), "scheduled", scheduler=FSRS)
    undone = undo_review(store, second.review_id, NOW + timedelta(days=3, minutes=1))
    assert undone.replayed_fields == first.after.replayed_fields
    with store.read() as session:
        assert state_of(session.get_one(Card, 1)).memory == first.after.memory


# ---- migration 0007 ------------------------------------------------------------------------------------


def test_migration_0007_keeps_every_deck_on_sm2_backs_up_and_refuses_to_drop_fsrs(tmp_path: Path) -> None:
    from alembic import command

    from flashcards.storage.migrate import alembic_config, open_database
    from tests.test_migrations import _released_database

    before = "6a0b3e7d2c18"
    home = tmp_path / "home"
    db = home / "flashcards.db"
    _released_database(db)
    url = f"sqlite:///{db}"
    command.upgrade(alembic_config(url), before)
    cards_before = query(db, "SELECT id, repetitions, ef_hundredths, interval, due, lapses FROM cards ORDER BY id")
    reviews_before = query(db, "SELECT * FROM reviews ORDER BY id")
    result = open_database(url, home, NOW)
    assert result.revision_before == before and result.backup is not None and result.backup.exists()
    assert query(db, "SELECT scheduler, desired_retention, fsrs_parameters FROM decks") == [("sm2", 0.9, None)]
    assert query(db, "SELECT id, repetitions, ef_hundredths, interval, due, lapses FROM cards ORDER BY id") == cards_before
    assert query(db, "SELECT fsrs_stability, fsrs_difficulty, fsrs_reviewed_on FROM cards") == [(None,) * 3] * 2
    assert query(db, "SELECT * FROM reviews ORDER BY id") == reviews_before
    connection = sqlite3.connect(db)
    for bad in ("UPDATE decks SET scheduler = 'sm3'", "UPDATE decks SET desired_retention = 1.5"):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            connection.execute(bad)
    connection.execute("UPDATE decks SET scheduler = 'fsrs'")
    connection.commit()
    connection.close()
    with pytest.raises(RuntimeError, match="1 deck uses FSRS and the older schema replays every card under SM-2"):
        command.downgrade(alembic_config(url), before)
    assert query(db, "SELECT scheduler FROM decks") == [("fsrs",)]
    connection = sqlite3.connect(db)
    connection.execute("UPDATE decks SET scheduler = 'sm2'")
    connection.commit()
    connection.close()
    command.downgrade(alembic_config(url), before)
    assert query(db, "SELECT * FROM reviews ORDER BY id") == reviews_before
    assert "scheduler" not in {row[1] for row in query(db, "PRAGMA table_info(decks)")}


def test_reset_starts_an_fsrs_card_over_and_check_still_passes(
        invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, db_path: Path, isolated_home: Path) -> None:
    make_collection(isolated_home, NOW, [{"front": "q"}])
    assert invoke("decks", "set", "docker", "--scheduler", "fsrs", "--yes").exit_code == 0
    study(invoke, monkeypatch, 1, "\n4\n")
    assert query(db_path, "SELECT fsrs_stability IS NOT NULL FROM cards") == [(1,)]
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-11-28T10:00:00+00:00")
    assert invoke("reset", "1").exit_code == 0
    assert query(db_path, "SELECT due, fsrs_stability, fsrs_difficulty, fsrs_reviewed_on FROM cards") == [(None,) * 4]
    check_ok(invoke)
    on(monkeypatch, TODAY + timedelta(days=1))
    assert invoke("quiz", input="\n5\n").exit_code == 0
    check_ok(invoke)
    ((stability,),) = query(db_path, "SELECT fsrs_stability FROM cards")
    assert stability == fsrs.scheduler.DEFAULT_PARAMETERS[3]  # a new card's first Easy: FSRS's S0(Easy)


# ---- import-anki -------------------------------------------------------------------------------------


def test_anki_grades_on_an_fsrs_deck_run_fsrs_here_and_in_the_replay(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        db_path: Path) -> None:
    from tests.test_anki_import import _package, day, ms

    (card,) = make_collection(isolated_home, NOW, [{"front": "a", "guid": "ga"}], scheduler="fsrs")
    package = _package(tmp_path / "deck.apkg", [(1, "ga")], [(11, 1, 0)],
                       [(ms(day(n)), 11, ease, 1) for n, ease in ((1, 3), (3, 4), (9, 1))])
    monkeypatch.setenv("FLASHCARDS_NOW", day(12).isoformat())
    result = invoke("import-anki", str(package))
    assert result.exit_code == 0, result.output
    # Good, Easy, Again: grades 4, 5, 1 through FSRS on their review days.
    expected = replay([(4, day(1).date(), "anki"), (5, day(3).date(), "anki"), (1, day(9).date(), "anki")],
                      scheduler=FSRS)
    ((repetitions, interval, due, lapses, stability, difficulty, reviewed_on),) = query(
        db_path, "SELECT repetitions, interval, due, lapses, fsrs_stability, fsrs_difficulty, fsrs_reviewed_on"
                 " FROM cards WHERE id = ?", card)
    assert expected.memory is not None
    assert (repetitions, interval, due, lapses) == (expected.repetitions, expected.interval,
                                                    str(expected.due), expected.lapses) == (0, expected.interval,
                                                                                            str(expected.due), 1)
    assert (stability, difficulty, reviewed_on) == (expected.memory.stability, expected.memory.difficulty,
                                                    str(expected.memory.last_review))
    check_ok(invoke)


def test_a_rating_is_only_ever_made_from_a_grade() -> None:
    for bad in (True, 4.0, 6, -1, "4"):
        with pytest.raises(ValueError):
            fsrs_rating(bad)  # type: ignore[arg-type]


def test_the_switch_asks_and_a_no_changes_nothing(invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch,
                                                  db_path: Path, isolated_home: Path) -> None:
    make_collection(isolated_home, NOW, [{"front": f"q{n}"} for n in range(2)])
    study(invoke, monkeypatch, 2, "\n4\n")
    monkeypatch.setattr("flashcards.cli.prompts.can_ask", lambda: True)
    before = (query(db_path, "SELECT * FROM decks"), states(db_path))
    declined = invoke("decks", "set", "docker", "--scheduler", "fsrs", "--new-per-day", "3", input="n\n")
    assert declined.exit_code == 1 and "Reschedule docker? [y/N]" in declined.output
    assert declined.output.rstrip().endswith("Error: nothing was changed")
    assert (query(db_path, "SELECT * FROM decks"), states(db_path)) == before  # the limit neither
    accepted = invoke("decks", "set", "docker", "--scheduler", "fsrs", "--new-per-day", "3", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert query(db_path, "SELECT scheduler, new_per_day FROM decks") == [("fsrs", 3)]
    check_ok(invoke)


def test_the_plan_s_words() -> None:
    from flashcards.ui.deck_changes import reschedule_lines

    moved = CardState(repetitions=1, interval=6, due=TODAY + timedelta(days=6))
    after = CardState(repetitions=1, interval=11, due=TODAY + timedelta(days=11))
    plan = plan_reschedule("docker", SM2, FSRS, [
        (12345, "What does docker run --rm do to the container?", moved, after, 3), (2, "b", moved, moved, 2)])
    lines = reschedule_lines(plan)
    assert lines == [
        "docker: SM-2 -> FSRS (retention 0.90, default parameters).",
        "The log of 5 reviews (2 cards studied) is replayed under FSRS (retention 0.90, default parameters):"
        " 1 of 2 cards get a new due date or interval; no review is changed or lost.",
        "For example (due date, then the interval in days):",
        "  card 12345 'What does docker ru…': 2026-12-04 (6 d) -> 2026-12-09 (11 d)",
    ]
    assert max(len(line) for line in lines[2:]) <= 80
    assert reschedule_lines(plan_reschedule("docker", FSRS, FSRS, [])) == [
        "docker uses FSRS (retention 0.90, default parameters) already; nothing to change."]
