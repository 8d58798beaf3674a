"""Smoke test of the benchmark generator: a tiny collection built for both sides must agree.

The benchmarks themselves are too slow for CI and no test asserts a timing; this keeps the generator
and the agreement check working, so `python -m benchmarks.run` does not rot between runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("anki")

from benchmarks import agreement  # noqa: E402
from benchmarks.generate import Collections, build_env, cached_spec  # noqa: E402
from benchmarks.synthetic import expected_counts, iter_cards  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.anki


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Collections:
    """200 cards in 8 decks, built for ours and Anki's by the generator's command line."""
    out = tmp_path_factory.mktemp("bench") / "200"
    done = subprocess.run([sys.executable, "-m", "benchmarks.generate", "--cards", "200", "--out", str(out)],
                          cwd=REPO, env=build_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return Collections(out, cached_spec(out))


def test_both_sides_have_the_same_cards_due_today(tiny: Collections) -> None:
    counts = agreement.check(tiny)
    expected = expected_counts(tiny.spec)
    assert counts.decks == expected
    assert (counts.due, counts.new) == (sum(d for d, _ in expected.values()), sum(n for _, n in expected.values()))
    assert counts.due > 0 and counts.new > 0


def test_our_collection_passes_flashcards_check(tiny: Collections) -> None:
    """Bulk-inserted rows read like the program's own: schema at head, states equal their log."""
    env = dict(build_env(), FLASHCARDS_HOME=str(tiny.ours_home))
    done = subprocess.run([sys.executable, "-m", "flashcards", "check"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all 200 cards agree with their log" in done.stdout


def test_a_disagreement_stops_the_benchmark(tiny: Collections, tmp_path: Path) -> None:
    """One more card due in Anki's copy only: the check names the deck instead of timing anything."""
    copy = Collections(tmp_path / "copy", tiny.spec)
    shutil.copytree(tiny.folder, copy.folder)
    code = (
        "import sys; from anki.collection import Collection; col = Collection(sys.argv[1]); "
        "cid = col.db.scalar('select id from cards where queue = 2 and due > ? order by due limit 1', "
        "col.sched.today); col.db.execute('update cards set due = ? where id = ?', col.sched.today, cid); col.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(copy.anki_path)], check=True, env=build_env(), timeout=60)
    with pytest.raises(agreement.Disagreement, match=r"200-card collection: deck deck\d\d has"):
        agreement.check(copy)


def test_the_stream_is_the_same_every_time(tiny: Collections) -> None:
    """Both builders regenerate the stream independently: it must not depend on anything but the spec."""
    first, second = list(iter_cards(tiny.spec)), list(iter_cards(tiny.spec))
    assert first == second
    assert any(card.reviews for card in first) and any(not card.reviews for card in first)


def test_the_big_note_is_the_same_every_time_and_feeds_the_extractor(tmp_path: Path) -> None:
    """The 1 MB note row times a real extraction: the note must give cards of the common kinds."""
    from benchmarks.notes import big_note_text, write_big_note

    assert big_note_text(20_000) == big_note_text(20_000)
    note = write_big_note(tmp_path / "guide.md", 20_000)
    assert note.stat().st_size >= 20_000
    env = dict(build_env(), FLASHCARDS_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-m", "flashcards", "import", str(note), "--dry-run", "--json"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    kinds = {card["kind"] for card in json.loads(done.stdout)}
    assert {"definition", "command", "steps"} <= kinds


def test_a_fresh_copy_gets_new_paths_and_decks(tmp_path: Path) -> None:
    """The imports run under the grade and PostgreSQL rows must write new cards each time."""
    from benchmarks.run import _fresh_copy

    source = tmp_path / "notes"
    (source / "sub").mkdir(parents=True)
    (source / "a.md").write_text("# A\n", encoding="utf-8")
    (source / "sub" / "b.md").write_text("# B\n", encoding="utf-8")
    _fresh_copy(source, tmp_path / "copy", "r1-")
    copied = sorted(path.relative_to(tmp_path / "copy").as_posix() for path in (tmp_path / "copy").rglob("*.md"))
    assert copied == ["r1-a.md", "sub/r1-b.md"]


def test_anki_quiz_reports_that_it_grades_at_synchronous_full(tiny: Collections, tmp_path: Path) -> None:
    """The answer-latency row compares both sides at the same durability; Anki's side says which."""
    from benchmarks.measure import Conversation, timed_answer
    from benchmarks.run import FRONT, SYNCHRONOUS_LINE

    collection = tmp_path / "collection.anki2"
    shutil.copy2(tiny.anki_path, collection)
    quiz = Conversation([sys.executable, "-m", "benchmarks.anki_side", "quiz", str(collection)], build_env(),
                        cwd=str(REPO))
    try:
        assert quiz.read_match(SYNCHRONOUS_LINE).group(1) == b"2"  # FULL
        quiz.wait_for(FRONT)
        started, finished = timed_answer(quiz, shown=FRONT, grade_prompt=b"Grade 0-5")
        assert finished >= started
    finally:
        quiz.close()


@pytest.mark.postgres
def test_the_throwaway_postgres_server_takes_a_collection(tmp_path: Path) -> None:
    """The `due`-on-PostgreSQL row's server: started, a database created, `flashcards due` answers."""
    from benchmarks.postgres import server_binaries, throwaway_server

    binaries = server_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    with throwaway_server(binaries) as server:
        env = dict(build_env(), FLASHCARDS_HOME=str(tmp_path / "home"),
                   FLASHCARDS_DATABASE_URL=server.create_database("bench"))
        env = {key: value for key, value in env.items() if not key.startswith("PG")}
        done = subprocess.run([sys.executable, "-m", "flashcards", "due"], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=120)
    assert done.returncode == 0, done.stderr
