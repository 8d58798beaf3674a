"""The `Collection` driven directly, without the command line: each method, and each typed error."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from flashcards.application.collection import Collection
from flashcards.core.card_changes import needs_reset, reset_state, suspended, unsuspended
from flashcards.core.errors import CannotExplain, ExamNotAhead, NoExam, NoSuchCard, NoSuchDeck, NothingMatches
from flashcards.core.sm2 import INITIAL_EF_HUNDREDTHS
from flashcards.core.vocabulary import Status
from tests.conftest import make_collection

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 28)


def _open(home: Path) -> Collection:
    return Collection(home, f"sqlite:///{home / 'flashcards.db'}", now=lambda: NOW)


@pytest.fixture
def ids(isolated_home: Path) -> list[int]:
    return make_collection(isolated_home, NOW, [
        {"front": "docker ps"},
        {"front": "docker run", "due": TODAY - timedelta(days=2), "repetitions": 2, "interval": 6,
         "ef_hundredths": 236, "lapses": 1},
        {"front": "docker rmi", "status": "suspended"},
        {"front": "gone", "status": "retired"},
    ])


@pytest.fixture
def collection(isolated_home: Path, ids: list[int]) -> Iterator[Collection]:
    opened = _open(isolated_home)
    yield opened
    opened.close()


def test_constructing_opens_nothing_and_imports_no_database_library(isolated_home: Path) -> None:
    code = ("import sys; from pathlib import Path; from flashcards.application.collection import Collection; "
            f"c = Collection(Path({str(isolated_home)!r}), 'sqlite:///x.db'); c.close(); "
            "print('sqlalchemy' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"
    assert not (isolated_home / "flashcards.db").exists()


def test_the_store_opens_once_and_closes(collection: Collection) -> None:
    assert collection.store() is collection.store()
    collection.close()
    collection.close()  # a second close is harmless
    assert collection.today() == TODAY  # and the next method opens it again


def test_require_deck(collection: Collection) -> None:
    collection.require_deck("docker")
    collection.require_deck(None)
    with pytest.raises(NoSuchDeck) as raised:
        collection.require_deck("nope")
    assert raised.value.name == "nope"


def test_check_reports_every_finding(collection: Collection, ids: list[int]) -> None:
    report = collection.check()
    assert report.url.endswith("flashcards.db")
    # The fixture wrote a studied card with no review log: a finding, not an error.
    (failed,) = report.failed
    assert failed.check == "card states equal the replay of the review log"
    assert failed.detail.endswith(f"first: card {ids[1]}")
    assert len(report.findings) > 1


def test_cards_rows_and_their_json(collection: Collection, ids: list[int]) -> None:
    rows = collection.cards(deck="docker")
    assert [row.id for row in rows] == ids
    run = rows[1]
    assert (run.state, run.due, run.source) == ("learning", TODAY - timedelta(days=2), "/notes/x.md:2")
    assert list(run.to_dict()) == ["id", "key", "deck", "kind", "front", "back", "status", "state",
                                   "repetitions", "ef_hundredths", "interval", "due", "lapses", "tags",
                                   "context", "source"]
    assert run.to_dict()["source"] == {"path": "/notes/x.md", "line": 2}
    assert [row.front for row in collection.cards(search="RMI")] == ["docker rmi"]
    with pytest.raises(NoSuchDeck):
        collection.cards(deck="nope")


def test_suspend_and_unsuspend(collection: Collection, ids: list[int]) -> None:
    changes = collection.suspend(ids[:3])
    assert [card.id for card in changes.changed] == ids[:2]
    assert (changes.matched, changes.already) == (3, 1)
    again = collection.unsuspend(search="docker")
    assert [card.front for card in again.changed] == ["docker ps", "docker run", "docker rmi"]
    retired = collection.unsuspend([ids[3]])
    assert (retired.changed, retired.already) == ((), 1)


def test_reset_starts_a_card_over_and_keeps_a_new_one(collection: Collection, ids: list[int]) -> None:
    changes = collection.reset([ids[0], ids[1]])
    assert [card.id for card in changes.changed] == [ids[1]]
    (row,) = [row for row in collection.cards() if row.id == ids[1]]
    assert (row.repetitions, row.ef_hundredths, row.interval, row.due, row.lapses) == (
        0, INITIAL_EF_HUNDREDTHS, 0, None, 0)
    assert collection.reset([ids[1]]).changed == ()


def test_card_changes_raise_and_change_nothing(collection: Collection, ids: list[int]) -> None:
    with pytest.raises(NoSuchCard) as missing:
        collection.suspend([ids[0], 999, 998])
    assert missing.value.ids == [998, 999]
    assert str(missing.value) == "no card with id 998, 999; nothing was changed"
    assert collection.cards()[0].status == "active"  # the transaction rolled back
    with pytest.raises(NothingMatches) as nothing:
        collection.reset(search="kubectl")
    assert str(nothing.value) == "no card matches 'kubectl'; nothing was changed"
    (other,) = make_collection(collection.home, NOW, [{"front": "git log"}], deck="git")
    with pytest.raises(NoSuchCard):  # a card of another deck is not a card of this one
        collection.suspend([other], deck="docker")
    with pytest.raises(NoSuchDeck):
        collection.suspend([ids[0]], deck="nope")
    with pytest.raises(ValueError):
        collection.suspend()


def test_the_card_change_rules() -> None:
    assert suspended("active") is Status.SUSPENDED
    assert suspended("retired") is None and suspended("suspended") is None
    assert unsuspended("suspended") is Status.ACTIVE and unsuspended("retired") is None
    new = reset_state()
    assert not needs_reset(repetitions=new.repetitions, ef_hundredths=new.ef_hundredths, due=new.due,
                           lapses=new.lapses)
    assert needs_reset(repetitions=0, ef_hundredths=new.ef_hundredths, due=None, lapses=1)


def test_set_and_clear_an_exam(collection: Collection, ids: list[int]) -> None:
    day = TODAY + timedelta(days=10)
    result = collection.set_exam("docker", day)
    assert (result.exam_date, result.today, result.moved_from) == (day, TODAY, None)
    assert result.status.deck == "docker" and result.status.load is not None
    moved = collection.set_exam("docker", day + timedelta(days=1))
    assert moved.moved_from == day
    cleared = collection.clear_exam("docker")
    assert (cleared.previous, cleared.exam_date) == (day + timedelta(days=1), None)


def test_exam_errors(collection: Collection) -> None:
    with pytest.raises(ExamNotAhead) as raised:
        collection.set_exam("docker", TODAY)
    assert str(raised.value) == "the exam date 2026-11-28 is not after today (2026-11-28); pick a day ahead"
    with pytest.raises(NoSuchDeck):
        collection.set_exam("nope", TODAY + timedelta(days=3))
    with pytest.raises(NoExam) as none:
        collection.clear_exam("docker")
    assert str(none.value) == "deck 'docker' has no exam to clear"
    with pytest.raises(NoSuchDeck):
        collection.clear_exam("nope")


def test_stats(collection: Collection) -> None:
    report = collection.stats("docker")
    data = report.to_dict()
    assert (data["date"], data["deck"]) == ("2026-11-28", "docker")
    assert data["cards"]["total"] == 4
    assert collection.stats().deck is None
    with pytest.raises(NoSuchDeck):
        collection.stats("nope")


def test_import_plan_then_apply(isolated_home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "git.md"
    notes.write_text("# Git\n\n## Commands\n\n<dl>\n<dt>git log</dt>\n<dd>Shows the history</dd>\n</dl>\n")
    with _open(isolated_home) as collection:
        plan = collection.plan_import([str(notes)])
        assert not plan.applied and plan.plan.writes_anything and plan.drafts
        assert collection.cards() == []
        done = collection.import_notes([str(notes)])
        assert len(collection.cards(deck="git")) == len(done.drafts)
        assert not collection.import_notes([str(notes)]).plan.writes_anything
        nothing = collection.import_notes([str(tmp_path / "missing.md")])
        assert nothing.nothing_readable and nothing.problems


def test_explain_reads_one_note_and_never_opens_the_database(isolated_home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "git.md"
    notes.write_text("# Git\n\n<dl>\n<dt>git log</dt>\n<dd>Shows the history</dd>\n</dl>\n")
    collection = _open(isolated_home)
    found = collection.explain_note(str(notes), "vcs")
    assert (found.display, found.deck) == (str(notes), "vcs")
    assert found.explanation.lines
    with pytest.raises(CannotExplain, match="no such file"):
        collection.explain_note(str(tmp_path / "missing.md"))
    with pytest.raises(CannotExplain, match="it is a folder"):
        collection.explain_note(str(tmp_path))
    assert collection._store is None
    assert not (isolated_home / "flashcards.db").exists()


def test_exports(collection: Collection, tmp_path: Path) -> None:
    anki = collection.export_anki("docker", tmp_path / "docker.apkg", with_scheduling=True)
    assert (anki.notes, anki.cards, anki.retired, anki.decks) == (4, 4, 1, 1)  # the retired card suspended
    assert anki.retired_included
    assert anki.progress is not None and anki.progress.review_cards == 1
    assert collection.export_anki(None, tmp_path / "all.apkg", with_scheduling=False).progress is None
    csv = collection.export_csv("docker", tmp_path / "docker.txt", separator="comma")
    assert (csv.notes, csv.retired, csv.decks, csv.progress) == (3, 1, None, None)
    assert (tmp_path / "docker.txt").exists()
    with pytest.raises(NoSuchDeck):
        collection.export_anki("nope", tmp_path / "x.apkg", with_scheduling=False)
    with pytest.raises(NoSuchDeck):
        collection.export_csv("nope", tmp_path / "x.txt")


CONVERTED = ("check", "cards", "manage", "stats", "notes", "export")


@pytest.mark.parametrize("name", CONVERTED)
def test_converted_commands_reach_no_storage_and_use_no_any(name: str) -> None:
    import ast

    source = (Path(__file__).resolve().parent.parent / "flashcards" / "cli" / f"{name}.py").read_text()
    imported = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            imported.append(node.module or "")
            imported.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.extend(alias.name for alias in node.names)
    assert not [module for module in imported if module.startswith("flashcards.storage")]
    assert "typing.Any" not in imported


def test_a_second_scheduled_grade_after_another_quiz_graded_the_card_is_refused(
        collection: Collection, ids: list[int]) -> None:
    from flashcards.core.errors import GradedElsewhere
    from flashcards.core.vocabulary import Grade, Mode

    (card,) = collection.quiz_cards([ids[1]]).values()
    planned = NOW - timedelta(minutes=5)
    collection.grade(card, Grade.of(4), mode=Mode.SCHEDULED, presentation_id="other:1", planned_at=planned)
    with pytest.raises(GradedElsewhere, match=f"card {card.id} was graded in another quiz meanwhile"):
        collection.grade(card, Grade.of(5), mode=Mode.SCHEDULED, presentation_id="mine:1", planned_at=planned)
    assert collection.grade(card, Grade.of(5), mode=Mode.REPEAT, presentation_id="other:2",
                            planned_at=planned).review_id  # the other quiz's own repeat is fine
    # A quiz that planned after that grade may grade the card (another day's plan, or after an undo).
    assert collection.grade(card, Grade.of(5), mode=Mode.SCHEDULED, presentation_id="later:1",
                            planned_at=NOW + timedelta(minutes=1)).review_id
