"""The domain vocabulary (`flashcards.core.vocabulary`), the one grade check, and `NoSuchDeck` for every command."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

import click
import pytest
from click.testing import Result

from flashcards.core.cards import KINDS
from flashcards.cli import translate_error
from flashcards.core.errors import FlashcardsError, NoSuchDeck
from flashcards.storage.models import Card, Review
from flashcards.core.vocabulary import (
    CHOICE_RIGHT_GRADE,
    CHOICE_WRONG_GRADE,
    CORRECT_FROM,
    CORRECT_GRADE,
    PASS_GRADE,
    Grade,
    GradeTypeError,
    InvalidGrade,
    Kind,
    Mode,
    Status,
    counts_as_correct,
)
from flashcards.core.session import Session
from flashcards.core.stats import StatsReview, compute_stats
from tests.conftest import make_collection

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)

# ---- the words --------------------------------------------------------------------------------------


def test_the_words_are_the_strings_and_numbers_that_are_stored() -> None:
    assert [s.value for s in Status] == ["active", "suspended", "retired"]
    assert [m.value for m in Mode] == ["scheduled", "repeat", "cram", "anki"]
    assert list(KINDS) == [k.value for k in Kind] and len(KINDS) == 10
    assert [int(g) for g in Grade] == [0, 1, 2, 3, 4, 5]
    assert Status.ACTIVE == "active" and Grade.PERFECT == 5 and f"{Grade.HESITANT}" == "4"


def test_the_database_constraints_are_written_from_the_vocabulary() -> None:
    checks = {c.name: str(c.sqltext) for t in (Card.__table__, Review.__table__)
              for c in t.constraints if hasattr(c, "sqltext")}
    assert checks["ck_cards_status_known"] == "status IN ('active', 'suspended', 'retired')"
    assert checks["ck_reviews_mode_known"] == "mode IN ('scheduled', 'repeat', 'cram', 'anki')"
    assert checks["ck_reviews_grade_range"] == "grade >= 0 AND grade <= 5"


def test_the_thresholds_pass_at_3_correct_at_4() -> None:
    assert (PASS_GRADE, CORRECT_GRADE) == (3, 4)
    assert [g.passed for g in Grade] == [False, False, False, True, True, True]
    assert [g.correct for g in Grade] == [False, False, False, False, True, True]
    # Multiple choice: a right pick is the lowest correct grade, a wrong one a familiar failure.
    assert (CHOICE_RIGHT_GRADE, CHOICE_WRONG_GRADE) == (4, 1)
    assert CHOICE_RIGHT_GRADE.correct and not CHOICE_WRONG_GRADE.passed


def test_one_rule_says_what_counts_as_correct_and_it_is_sm2s_pass() -> None:
    """The quiz's summary and `stats` count "% correct" with the same rule: 3+ (issue 14)."""
    from flashcards.core import session, stats

    assert CORRECT_FROM is PASS_GRADE
    assert [counts_as_correct(g) for g in Grade] == [False, False, False, True, True, True]
    for module in (session, stats):
        assert module.counts_as_correct is counts_as_correct
    graded = Session([1, 2, 3], session_id="s")
    for quality in (3, 2, 5):
        graded.reveal()
        graded.grade(quality)
    assert graded.summary().correct == 2
    reviews = [StatsReview(card_id=n, day=date(2026, 12, 1), grade=q, mode=Mode.SCHEDULED, first_sight=True,
                           duration_ms=None) for n, q in enumerate((3, 2, 5))]
    assert compute_stats([], reviews, {}, date(2026, 12, 1)).day.correct == 2


def test_the_modules_that_had_their_own_copies_use_the_vocabulary() -> None:
    from flashcards.core import answers, scheduling, session, stats

    assert (answers.CORRECT_GRADE, answers.PASSING_GRADE) == (CORRECT_GRADE, PASS_GRADE)
    assert session.REPEAT_BELOW is CORRECT_GRADE
    assert stats.PASS_GRADE is PASS_GRADE and stats.CORRECT_GRADE is CORRECT_GRADE
    assert scheduling.MODES == tuple(Mode) and scheduling.STATUSES == tuple(Status)


def test_kinds_know_their_direction() -> None:
    assert {k for k in Kind if k.is_reverse} == {Kind.DEFINITION_REVERSE, Kind.FLAG_REVERSE, Kind.COMMAND_REVERSE}


# ---- one grade check ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 3, 5, Grade.PERFECT])
def test_a_grade_is_accepted_as_itself(value: int) -> None:
    assert Grade.of(value) == value and type(Grade.of(value)) is Grade


@pytest.mark.parametrize(("value", "message"), [
    (7, "7 is not a grade: grades are 0 to 5"),
    (-1, "-1 is not a grade: grades are 0 to 5"),
])
def test_a_grade_out_of_range_is_one_line(value: int, message: str) -> None:
    with pytest.raises(InvalidGrade) as raised:
        Grade.of(value)
    assert str(raised.value) == message
    assert isinstance(raised.value, FlashcardsError) and isinstance(raised.value, ValueError)


@pytest.mark.parametrize("value", [True, 4.0, "5", None])
def test_what_is_not_an_int_is_not_a_grade(value: object) -> None:
    with pytest.raises(GradeTypeError, match="is not a grade: grades are 0 to 5"):
        Grade.of(value)


@pytest.mark.parametrize(("key", "message"), [
    ("7", "7 is not a grade: grades are 0 to 5"),
    ("x", "x is not a grade: grades are 0 to 5"),
    ("", "an empty line is not a grade: grades are 0 to 5"),
    ("45", "45 is not a grade: grades are 0 to 5"),
])
def test_a_key_that_is_not_a_grade_says_what_was_typed(key: str, message: str) -> None:
    with pytest.raises(InvalidGrade) as raised:
        Grade.from_key(key)
    assert str(raised.value) == message
    assert [Grade.from_key(str(n)) for n in range(6)] == list(Grade)


def test_a_bad_grade_becomes_one_line_and_exit_code_1() -> None:
    translated = translate_error(InvalidGrade("7"))
    assert isinstance(translated, click.ClickException)
    assert (translated.exit_code, translated.format_message()) == (1, "7 is not a grade: grades are 0 to 5")


def test_a_grade_of_7_is_refused_once_at_the_store(isolated_home: Path) -> None:
    from flashcards.storage.reviews import record_grade
    from flashcards.storage.store import Store

    make_collection(isolated_home, NOW, [{"front": "a"}])
    store = Store.open(f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home, NOW)
    try:
        with pytest.raises(InvalidGrade) as raised:
            record_grade(store, card_id=1, quality=7, now=NOW, today=date(2026, 11, 28), mode="scheduled")
        assert str(raised.value) == "7 is not a grade: grades are 0 to 5"
    finally:
        store.close()


def test_a_grade_is_checked_once_on_its_way_to_the_store(
    invoke: Callable[..., Result], seed_notes: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quiz reads the key as a Grade (`from_key`: the one check); the session, `record_grade`,
    `review_card`, `apply_grade` and SM-2 take that Grade as it is and check nothing again."""
    import sqlite3

    monkeypatch.setenv("FLASHCARDS_NOW", "2026-11-28T09:00:00+00:00")
    assert invoke("import", "--deck", "docker", str(seed_notes)).exit_code == 0
    calls: list[str] = []
    real_check, real_key = Grade._checked.__func__, Grade.from_key.__func__  # type: ignore[attr-defined]

    def checked(cls: type[Grade], value: object) -> Grade:
        calls.append(f"checked {value!r}")
        return real_check(cls, value)  # type: ignore[no-any-return]

    def from_key(cls: type[Grade], key: str) -> Grade:
        calls.append(f"from_key {key!r}")
        return real_key(cls, key)  # type: ignore[no-any-return]

    monkeypatch.setattr(Grade, "_checked", classmethod(checked))
    monkeypatch.setattr(Grade, "from_key", classmethod(from_key))
    result = invoke("quiz", input="\n7\n5\nq\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("7 is not a grade: grades are 0 to 5") == 1
    assert calls == ["from_key '7'", "from_key '5'"]
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("SELECT grade, mode FROM reviews").fetchall() == [(5, "scheduled")]
    finally:
        connection.close()


def test_a_plain_int_handed_to_the_rules_is_checked_there() -> None:
    from flashcards.core.scheduling import CardState, apply_grade

    with pytest.raises(InvalidGrade, match="^7 is not a grade: grades are 0 to 5$"):
        apply_grade(CardState.new(), 7, date(2026, 11, 28), "scheduled")


# ---- NoSuchDeck: raised where the deck is looked up, worded once by the CLI --------------------------


def test_no_such_deck_carries_the_name() -> None:
    error = NoSuchDeck("k8s")
    assert error.name == "k8s" and str(error) == "no deck named 'k8s'"
    translated = translate_error(error)
    assert translated is not None and translated.format_message() == "no deck named 'k8s'; see `flashcards decks`"


@pytest.mark.parametrize("args", [
    ("quiz", "nope"),
    ("quiz", "docker", "nope"),
    ("quiz", "--cram", "nope"),
    ("cards", "nope"),
    ("stats", "nope"),
    ("suspend", "--deck", "nope", "1"),
    ("unsuspend", "--deck", "nope", "--search", "a"),
    ("reset", "--deck", "nope", "1"),
    ("exam", "nope"),
    ("exam", "nope", "--date", "2026-12-20"),
    ("exam", "nope", "--clear"),
    ("export", "anki", "nope", "-o", "{tmp}/x.apkg"),
    ("export", "csv", "nope", "-o", "{tmp}/x.txt"),
])
def test_every_command_that_takes_a_deck_says_no_such_deck_the_same_way(
    invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    make_collection(isolated_home, NOW, [{"front": "a"}])
    result = invoke(*[arg.replace("{tmp}", str(tmp_path)) for arg in args])
    assert (result.exit_code, result.output) == (1, "Error: no deck named 'nope'; see `flashcards decks`\n")


def test_the_message_is_written_once() -> None:
    import flashcards

    root = Path(flashcards.__file__).parent
    holders = [path.relative_to(root).as_posix() for path in root.rglob("*.py")
               if "no deck named" in path.read_text(encoding="utf-8")]
    assert sorted(holders) == ["cli/__init__.py", "core/errors.py"]


def test_the_library_raises_no_such_deck_where_it_looks_the_deck_up(isolated_home: Path) -> None:
    from flashcards.export.source import load_cards
    from flashcards.storage.exam_data import clear_exam, set_exam
    from flashcards.storage.queries import require_deck, require_decks
    from flashcards.storage.store import Store

    make_collection(isolated_home, NOW, [{"front": "a"}])
    store = Store.open(f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home, NOW)
    try:
        with store.read() as session:
            require_deck(session, "docker")
            require_deck(session, None)
            for call in (lambda: load_cards(session, "nope", with_reviews=False),
                         lambda: require_deck(session, "nope"),
                         lambda: require_decks(session, ["docker", "nope", "other"])):
                with pytest.raises(NoSuchDeck) as raised:
                    call()
                assert raised.value.name == "nope"
        for change in (lambda: set_exam(store, "nope", date(2026, 12, 20), NOW), lambda: clear_exam(store, "nope")):
            with pytest.raises(NoSuchDeck):
                change()
    finally:
        store.close()


@pytest.mark.parametrize(("line", "expected"), [
    ("4", ("4", "")), (" 4 ", ("4", "")), ("4 docker ps", ("4", "docker ps")), ("4docker ps -a", ("4", "docker ps -a")),
    ("45", ("45", "")), ("4 5", ("4", "5")), ("u", ("u", "")), ("", ("", "")), ("7 x", ("7 x", "")),
    ("q", ("q", "")),
])
def test_a_grade_line_splits_into_the_grade_and_the_next_answer(line: str, expected: tuple[str, str]) -> None:
    from flashcards.core.vocabulary import split_grade_line

    assert split_grade_line(line) == expected


def test_counts_say_their_noun_in_the_singular_and_the_plural() -> None:
    from flashcards.core.vocabulary import plural

    assert [plural(n, "card") for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]
    assert plural(1, "retired card") == "1 retired card"
