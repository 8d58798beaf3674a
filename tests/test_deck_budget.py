"""A load the learner chooses (issue 14, item 2): the collection's daily budget shared across decks,
per-deck caps (`decks set`), `decks rename / suspend / unsuspend / retire`, and `flashcards config`.

The pure rule first (`core.day_plan.plan_day` with a `Budget`), then each command's exact words at 80
columns with and without NO_COLOR, then acceptance 3 on the shared corpus.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result

from flashcards.core.day_plan import DayInputs, DeckDay, plan_day
from flashcards.core.queue import Backlog, Budget, QueueCard

from tests.conftest import SHARED, make_collection

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


# ---- the pure rule ---------------------------------------------------------------------------------


def _deck(name: str, new: int, *, own_new: int | None = None, own_reviews: int | None = None, due: int = 0,
          exam: date | None = None, new_done: int = 0, reviews_done: int = 0) -> DeckDay:
    return DeckDay(name, own_new, own_reviews, exam, due, new, reviews_done, new_done)


def _new_cards(deck: str, count: int, start: int) -> list[QueueCard]:
    return [QueueCard(start + n, deck, None, position=n) for n in range(count)]


def _plan(decks: list[DeckDay], budget: Budget, reviews: list[QueueCard] | None = None) -> dict[str, tuple[int, int]]:
    new = {deck.name: _new_cards(deck.name, deck.new_cards, 1000 * (index + 1)) for index, deck in enumerate(decks)}
    plan = plan_day(DayInputs(TODAY, decks, reviews or [], new, complete_reviews=frozenset(new),
                              complete_new=frozenset(new), budget=budget))
    return {deck.deck: (deck.due, deck.new) for deck in plan.decks}


def test_the_budget_is_shared_in_deck_name_order() -> None:
    """20 new a day for the collection, not 20 per deck: the first deck by name first, then the next."""
    decks = [_deck("git", 30), _deck("aws", 12), _deck("docker", 30)]
    assert _plan(decks, Budget()) == {"aws": (0, 12), "docker": (0, 8), "git": (0, 0)}
    assert _plan(decks, Budget(new_per_day=35)) == {"aws": (0, 12), "docker": (0, 23), "git": (0, 0)}


def test_a_deck_s_own_limit_caps_its_share_and_zero_removes_it() -> None:
    decks = [_deck("aws", 12, own_new=5), _deck("docker", 30, own_new=0), _deck("git", 30)]
    assert _plan(decks, Budget()) == {"aws": (0, 5), "docker": (0, 0), "git": (0, 15)}
    # An own limit above the budget does not raise it: the budget is the day's whole load.
    assert _plan([_deck("aws", 40, own_new=30)], Budget()) == {"aws": (0, 20)}


def test_what_was_done_today_in_any_deck_uses_the_budget_up() -> None:
    decks = [_deck("aws", 12, new_done=4), _deck("docker", 30, new_done=6)]
    assert _plan(decks, Budget(new_done=10)) == {"aws": (0, 10), "docker": (0, 0)}
    # A deck with an own limit gets no more than its limit minus what it did today.
    assert _plan([_deck("aws", 12, own_new=5, new_done=4)], Budget(new_done=4)) == {"aws": (0, 1)}


def test_an_exam_ahead_comes_first_and_may_exceed_the_budget() -> None:
    """80 unseen cards, exam in 6 days (4 learning days): 20 a day; with 8 a day budget the exam still gets 20."""
    exam = TODAY + timedelta(days=6)
    decks = [_deck("aws", 30), _deck("zsh", 80, exam=exam)]
    assert _plan(decks, Budget(new_per_day=8)) == {"aws": (0, 0), "zsh": (0, 20)}
    # Without a limit of its own the exam deck's usual share is the whole budget (max(30, 20) = 30).
    assert _plan(decks, Budget(new_per_day=30)) == {"aws": (0, 0), "zsh": (0, 30)}
    capped = [_deck("aws", 30), _deck("zsh", 80, exam=exam, own_new=5)]  # raised from 5 to 20
    assert _plan(capped, Budget(new_per_day=30)) == {"aws": (0, 10), "zsh": (0, 20)}


def test_reviews_share_the_review_budget_most_overdue_first_and_say_the_backlog() -> None:
    reviews = [QueueCard(n, "aws" if n % 2 else "git", TODAY - timedelta(days=n), interval=1) for n in range(1, 11)]
    decks = [_deck("aws", 0, due=5), _deck("git", 0, due=5)]
    plan = plan_day(DayInputs(TODAY, decks, reviews, {}, complete_reviews=frozenset({"aws", "git"}),
                              budget=Budget(reviews_per_day=4)))
    assert len(plan.queue) == 4 and plan.due == 4
    assert plan.backlog == Backlog(deck=None, due=10, room=4, limit=4)
    assert plan.notices() == ["Catching up: 10 reviews due, at 4 a day that is 3 days. The cards you are most "
                              "likely to have forgotten come first."]
    assert Backlog(None, due=3, room=0, limit=0).describe() == (
        "3 reviews are due but the review budget is 0 a day: nothing will be reviewed until it is raised "
        "(flashcards config reviews-per-day N).")


# ---- the commands ----------------------------------------------------------------------------------


@pytest.fixture(params=["NO_COLOR", "colour allowed"])
def colour(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each message test runs with NO_COLOR and without: the words must be the same."""
    if request.param != "NO_COLOR":
        monkeypatch.delenv("NO_COLOR", raising=False)
    return str(request.param)


def _two_decks(home: Path) -> None:
    make_collection(home, NOW, [{"front": f"a{n}"} for n in range(30)], deck="aws")
    make_collection(home, NOW, [{"front": f"d{n}", "due": TODAY if n < 3 else None, "interval": 1}
                                for n in range(30)], deck="docker")


def _screen(output: str) -> str:
    """The output as the learner reads it: Rich pads a wrapped line with spaces, which nobody sees."""
    return "\n".join(line.rstrip() for line in output.split("\n"))


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return _screen(result.output)


def _error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return _screen(result.output)


def test_decks_set_caps_a_share_and_due_follows(invoke: Callable[..., Result], isolated_home: Path,
                                                colour: str) -> None:
    _two_decks(isolated_home)
    assert json.loads(_ok(invoke("due", "--json")))["new"] == 20
    assert _ok(invoke("decks", "set", "aws", "--new-per-day", "5")) == (
        "aws: new cards at most 5 a day (was: shared from the budget of 20 a day).\n"
        "aws: reviews shared from the budget of 200 a day (unchanged).\n")
    plan = json.loads(_ok(invoke("due", "--json")))
    assert {deck["deck"]: (deck["due"], deck["new"]) for deck in plan["decks"]} == {"aws": (0, 5), "docker": (3, 15)}
    assert _ok(invoke("decks", "set", "aws", "--new-per-day", "50", "--reviews-per-day", "7")) == (
        "aws: new cards at most 50 a day (was: at most 5 a day).\n"
        "The collection's budget of 20 new cards a day still caps it (flashcards config\n"
        "new-per-day N raises it).\n"
        "aws: reviews at most 7 a day (was: shared from the budget of 200 a day).\n")
    assert _ok(invoke("decks", "set", "aws", "--new-per-day", "default", "--reviews-per-day", "default")) == (
        "aws: new cards shared from the budget of 20 a day (was: at most 50 a day).\n"
        "aws: reviews shared from the budget of 200 a day (was: at most 7 a day).\n")


@pytest.mark.parametrize(("args", "message"), [
    (("aws", "--new-per-day", "-3"), "Error: --new-per-day must be a whole number >= 0 or 'default', got '-3'\n"),
    (("aws", "--reviews-per-day", "many"),
     "Error: --reviews-per-day must be a whole number >= 0 or 'default', got 'many'\n"),
    (("aws",), "Error: give --new-per-day N, --reviews-per-day N ('default' drops the deck's own limit) "
              "or --scheduler sm2|fsrs\n"),
    (("aws", "--new-per-day", "100001"), "Error: a daily limit is at most 100,000\n"),
    (("nope", "--new-per-day", "3"), "Error: no deck named 'nope'; see `flashcards decks`\n"),
])
def test_decks_set_refuses_what_is_not_a_limit(invoke: Callable[..., Result], isolated_home: Path, colour: str,
                                               args: tuple[str, ...], message: str) -> None:
    _two_decks(isolated_home)
    assert _error(invoke("decks", "set", *args)) == message


def test_the_decks_listing_shows_the_budget_each_cap_and_a_paused_deck(
        invoke: Callable[..., Result], isolated_home: Path, colour: str) -> None:
    _two_decks(isolated_home)
    _ok(invoke("decks", "set", "docker", "--new-per-day", "4"))
    listing = _ok(invoke("decks"))
    assert listing.splitlines()[0].rstrip() == "Decks on 2026-11-28 (budget: 20 new, 200 reviews a day)"
    assert "│ aws    │    30 │  30 │   0 │ 0 + 20 │         0 │       0 │  shared │" in listing
    assert "│ docker │    30 │  27 │   3 │  3 + 0 │         0 │       0 │       4 │" in listing
    assert _screen(listing).endswith("Due: reviews due today. Today: reviews + new cards the quiz shows today (after\n"
                                     "the daily budget, siblings held back). New/day: a deck's own cap (flashcards\n"
                                     "decks set), or shared.\n")
    _ok(invoke("decks", "suspend", "aws"))
    listing = _ok(invoke("decks"))
    assert "│ aws    │    30 │  30 │   0 │ suspended │         0 │       0 │  shared │" in listing
    assert "│ docker │    30 │  27 │   3 │     3 + 4 │         0 │       0 │       4 │" in listing
    data = {deck["name"]: deck for deck in json.loads(_ok(invoke("decks", "--json")))}
    assert (data["aws"]["status"], data["aws"]["new_per_day"], data["docker"]["new_per_day"]) == ("suspended", None, 4)


def test_suspend_and_unsuspend_a_deck(invoke: Callable[..., Result], isolated_home: Path, db_path: Path,
                                      colour: str) -> None:
    _two_decks(isolated_home)
    assert _ok(invoke("decks", "suspend", "docker")) == (
        "Suspended docker.\n"
        "Its cards keep their progress and are not studied until `flashcards decks\n"
        "unsuspend docker`.\n")
    plan = json.loads(_ok(invoke("due", "--json")))
    assert [deck["deck"] for deck in plan["decks"]] == ["aws"] and (plan["due"], plan["new"]) == (0, 20)
    assert _ok(invoke("decks", "suspend", "docker")) == "docker was suspended already.\n"
    quiz = _ok(invoke("quiz", "docker", input="q\n"))
    assert "Deck docker is suspended; `flashcards decks unsuspend docker` brings it back." in quiz
    assert "Nothing to study now" in quiz
    assert _ok(invoke("quiz", "--cram", "docker", input="q\n")).count("d0") == 0
    connection = sqlite3.connect(db_path)
    statuses = connection.execute("SELECT DISTINCT c.status FROM cards c JOIN decks d ON d.id = c.deck_id"
                                  " WHERE d.name = 'docker'").fetchall()
    connection.close()
    assert statuses == [("active",)]  # the cards keep their own status
    assert _ok(invoke("decks", "unsuspend", "docker")) == "Unsuspended docker.\n"
    assert _ok(invoke("decks", "unsuspend", "docker")) == "docker was active already.\n"
    assert json.loads(_ok(invoke("due", "--json")))["due"] == 3


def _reviews(db_path: Path) -> int:
    connection = sqlite3.connect(db_path)
    try:
        return int(connection.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        connection.close()


def _notes(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    (notes / "linux").mkdir(parents=True)
    (notes / "linux" / "shell.md").write_text("# Shell\n\nPipe\n: Connects two commands.\n\n"
                                              "Redirect\n: Sends output to a file.\n", encoding="utf-8")
    (notes / "linux" / "files.md").write_text("# Files\n\nInode\n: Where a file's metadata lives.\n",
                                              encoding="utf-8")
    return notes


def test_rename_a_parent_renames_its_subdecks_keys_and_roots_and_keeps_history(
        invoke: Callable[..., Result], tmp_path: Path, db_path: Path, colour: str) -> None:
    notes = _notes(tmp_path)
    _ok(invoke("import", str(notes / "linux" / "shell.md"), "--deck", "notes::linux::shell"))
    _ok(invoke("import", str(notes / "linux" / "files.md"), "--deck", "notes::linux::files"))
    _ok(invoke("quiz", input="\n4\n\n5\n"))
    history = _reviews(db_path)
    assert history >= 1
    connection = sqlite3.connect(db_path)
    connection.executemany("INSERT INTO source_roots (path, deck, created_at) VALUES (?, ?, '2026-11-28 09:00')",
                           [(str(notes / "linux"), "notes::linux"), (str(notes / "other"), "notes::linuxes")])
    connection.commit()
    before = connection.execute("SELECT id, guid, deck_id, repetitions FROM cards ORDER BY id").fetchall()
    connection.close()
    assert _ok(invoke("decks", "rename", "notes::linux", "linux")) == (
        "Renamed notes::linux::files to linux::files.\n"
        "Renamed notes::linux::shell to linux::shell.\n"
        "6 cards keep their progress and history; 3 imported folders or files follow.\n")
    connection = sqlite3.connect(db_path)
    after = connection.execute("SELECT id, guid, deck_id, repetitions FROM cards ORDER BY id").fetchall()
    keys = [key for (key,) in connection.execute("SELECT key FROM cards")]
    siblings = [key for (key,) in connection.execute("SELECT sibling_key FROM cards WHERE sibling_key IS NOT NULL")]
    roots = connection.execute("SELECT deck FROM source_roots ORDER BY deck").fetchall()
    names = connection.execute("SELECT name FROM decks ORDER BY name").fetchall()
    connection.close()
    assert after == before and _reviews(db_path) == history
    assert all(key.startswith(("linux::files|", "linux::shell|")) for key in keys + siblings) and siblings
    assert set(siblings) <= set(keys)
    # The two imported files and the folder follow; a name that only starts alike stays.
    assert roots == [("linux",), ("linux::files",), ("linux::shell",), ("notes::linuxes",)]
    assert names == [("linux::files",), ("linux::shell",)]
    # Importing the renamed file again keeps its deck: nothing new, no deck made under the old name.
    _ok(invoke("import", str(notes / "linux" / "shell.md")))
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT name FROM decks ORDER BY name").fetchall() == names
    assert connection.execute("SELECT count(*) FROM cards WHERE status = 'active'").fetchone() == (6,)
    connection.close()


@pytest.mark.parametrize(("old", "new", "message"), [
    ("aws", "docker", "Error: a deck named 'docker' exists already; nothing was renamed\n"),
    ("aws", "aws::old", "Error: cannot move 'aws' under itself ('aws::old')\n"),
    ("aws", "a|b", "Error: a deck name cannot hold '|' (it separates the parts of a card's key): 'a|b'\n"),
    ("aws", "  ", "Error: a deck name cannot be empty\n"),
    ("aws", "a::::b", "Error: a deck name cannot have an empty level between '::': 'a::::b'\n"),
    ("nope", "x", "Error: no deck named 'nope'; see `flashcards decks`\n"),
])
def test_rename_refuses_a_taken_or_bad_name(invoke: Callable[..., Result], isolated_home: Path, db_path: Path,
                                            colour: str, old: str, new: str, message: str) -> None:
    _two_decks(isolated_home)
    assert _error(invoke("decks", "rename", old, new)) == message
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT name FROM decks ORDER BY name").fetchall() == [("aws",), ("docker",)]
    connection.close()


def test_retire_asks_first_keeps_the_history_and_stays_retired(
        invoke: Callable[..., Result], isolated_home: Path, db_path: Path, colour: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _two_decks(isolated_home)
    _ok(invoke("quiz", "docker", input="\n4\n\n4\n"))
    history = _reviews(db_path)
    preview = ("Retiring docker takes 30 cards (3 of them studied) out of the quiz for good;\n"
               f"their {history} reviews stay in the history.\n")
    assert _error(invoke("decks", "retire", "docker")) == (
        preview + "Error: retiring docker needs a terminal to ask, or --yes; nothing was changed\n")
    monkeypatch.setattr("flashcards.cli.prompts.can_ask", lambda: True)
    assert _error(invoke("decks", "retire", "docker", input="n\n")) == (
        preview + "Retire docker? [y/N]: n\nError: nothing was changed\n")
    assert json.loads(_ok(invoke("due", "--json")))["due"] > 0
    assert _ok(invoke("decks", "retire", "docker", input="y\n")) == (
        preview + f"Retire docker? [y/N]: y\nRetired docker: 30 cards retired, {history} reviews kept.\n")
    assert _reviews(db_path) == history
    assert _ok(invoke("decks", "retire", "docker", "--yes")) == "docker is retired already.\n"
    assert _error(invoke("decks", "unsuspend", "docker")) == (
        "Error: deck 'docker' is retired; a retired deck cannot be suspended or unsuspended\n")
    plan = json.loads(_ok(invoke("due", "--json")))
    assert [deck["deck"] for deck in plan["decks"]] == ["aws"]
    quiz = _ok(invoke("quiz", "docker", input="q\n"))
    assert "Deck docker is retired; its cards are kept only for their history." in quiz


def test_config_shows_sets_checks_and_unsets(invoke: Callable[..., Result], isolated_home: Path,
                                             colour: str) -> None:
    _two_decks(isolated_home)
    listing = _ok(invoke("config"))
    assert listing.splitlines()[0].rstrip() == "Settings"
    assert "│ new-per-day     │ (default) │ 20                    │ New cards a day,       │" in listing
    assert listing.splitlines()[-1] == (
        "Change one with: flashcards config NAME VALUE (--unset restores the default).")
    assert _ok(invoke("config", "new-per-day", "35")) == "new-per-day is now 35 (default 20).\n"
    assert json.loads(_ok(invoke("due", "--json")))["new"] == 35
    assert "│ new-per-day │ 35    │ 20      │ New cards a day, shared by every deck. │" in _ok(
        invoke("config", "new-per-day"))
    assert _ok(invoke("config", "rollover-hour", "6")) == "rollover-hour is now 6 (default 4).\n"
    assert _ok(invoke("config", "timezone", "Europe/Berlin")) == (
        "timezone is now Europe/Berlin (default FLASHCARDS_TZ, TZ or the system's).\n")
    assert _ok(invoke("config", "editor", "code --wait")) == (
        "editor is now code --wait (default $VISUAL or $EDITOR).\n")
    assert _ok(invoke("config", "new-per-day", "--unset")) == "new-per-day is back to its default: 20.\n"
    assert _ok(invoke("config", "timezone", "default")) == (
        "timezone is back to its default: FLASHCARDS_TZ, TZ or the system's.\n")
    assert json.loads(_ok(invoke("due", "--json")))["new"] == 20


@pytest.mark.parametrize(("args", "message"), [
    (("new-per-day", "-1"), "Error: new-per-day must be a whole number from 0 to 100,000, got '-1'\n"),
    (("reviews-per-day", "lots"), "Error: reviews-per-day must be a whole number from 0 to 100,000, got 'lots'\n"),
    (("rollover-hour", "24"), "Error: rollover-hour must be a whole hour from 0 to 23, got '24'\n"),
    (("timezone", "Mars/Base"),
     "Error: timezone must be an IANA time zone name (such as Europe/Berlin), got 'Mars/Base'\n"),
    (("editor", " "), "Error: editor cannot be empty; use --unset to go back to $VISUAL or $EDITOR\n"),
    (("colour", "red"), "Error: no setting named 'colour'; the settings are new-per-day, reviews-per-day, "
                        "rollover-hour, timezone, editor, note-suffixes\n"),
    (("new-per-day", "3", "--unset"), "Error: give new-per-day a VALUE or --unset, not both\n"),
])
def test_config_refuses_a_bad_value_and_changes_nothing(invoke: Callable[..., Result], isolated_home: Path,
                                                        colour: str, args: tuple[str, ...], message: str) -> None:
    _two_decks(isolated_home)
    assert _error(invoke("config", *args)) == message
    assert "(default)" in _ok(invoke("config")) and "│ 35" not in _ok(invoke("config"))


def test_a_bad_stored_budget_is_one_line(invoke: Callable[..., Result], isolated_home: Path, db_path: Path) -> None:
    _two_decks(isolated_home)
    connection = sqlite3.connect(db_path)
    connection.execute("INSERT INTO settings (key, value) VALUES ('new_per_day', 'twenty')")
    connection.commit()
    connection.close()
    assert _error(invoke("due")) == (
        "Error: setting new_per_day='twenty' is not a whole number from 0 to 100,000\n")


# ---- acceptance 3: the whole shared corpus ----------------------------------------------------------

CORPUS = SHARED / "corpus"


@pytest.fixture(scope="module")
def corpus_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared corpus imported once into a fresh home (the slow part), copied by each test."""
    if not CORPUS.is_dir() or not any(CORPUS.glob("*.md")):
        pytest.skip(f"the shared corpus is absent ({CORPUS})")
    from click.testing import CliRunner

    from flashcards.cli import cli

    home = tmp_path_factory.mktemp("corpus") / "home"
    env = {"FLASHCARDS_HOME": str(home), "FLASHCARDS_NOW": "2026-11-28T09:00:00+00:00", "FLASHCARDS_TZ": "UTC",
           "NO_COLOR": "1", "COLUMNS": "80", "FLASHCARDS_DATABASE_URL": None}
    result = CliRunner().invoke(cli, ["import", str(CORPUS)], env=env)  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture
def corpus(corpus_home: Path, isolated_home: Path) -> Path:
    import shutil

    shutil.copytree(corpus_home, isolated_home)
    return isolated_home


def _quiz_plan(home: Path) -> tuple[int, int]:
    """The quiz's own plan (the store path, as the quiz reads it once the store is open)."""
    from flashcards.application.collection import Collection

    with Collection(home, f"sqlite:///{home / 'flashcards.db'}", now=lambda: NOW) as collection:
        collection.store()  # the full path, not the `sqlite3` reader `due` takes
        plan = collection.plan()
        return plan.due, plan.new


def test_acceptance_3_the_corpus_offers_the_collection_s_budget(
        invoke: Callable[..., Result], corpus: Path) -> None:
    plan = json.loads(_ok(invoke("due", "--json")))
    decks_with_new = [deck["deck"] for deck in plan["decks"] if deck["new"]]
    assert len(plan["decks"]) > 5 and plan["new"] == 20 and _quiz_plan(corpus) == (0, 20)
    assert sum(deck["new"] for deck in plan["decks"]) == 20
    assert _ok(invoke("config", "new-per-day", "35")) == "new-per-day is now 35 (default 20).\n"
    plan = json.loads(_ok(invoke("due", "--json")))
    assert plan["new"] == 35 and _quiz_plan(corpus) == (0, 35)
    first = decks_with_new[0]
    shares = {deck["deck"]: deck["new"] for deck in plan["decks"]}
    _ok(invoke("decks", "set", first, "--new-per-day", "0"))
    plan = json.loads(_ok(invoke("due", "--json")))
    after = {deck["deck"]: deck["new"] for deck in plan["decks"]}
    assert after[first] == 0 and shares[first] > 0 and plan["new"] == 35  # the next decks take its share
    session = invoke("quiz", input="\n4\n" * 40)
    assert session.exit_code == 0, session.output
    assert session.output.count("Saved") == 35
    assert json.loads(_ok(invoke("due", "--json")))["new"] == 0


def test_retiring_a_tree_never_studied(invoke: Callable[..., Result], isolated_home: Path, colour: str) -> None:
    """`decks retire notes` retires every deck under `notes` (no deck row is named `notes` itself)."""
    make_collection(isolated_home, NOW, [{"front": "a"}], deck="notes::linux::shell")
    make_collection(isolated_home, NOW, [{"front": "b"}, {"front": "c"}], deck="notes::git")
    make_collection(isolated_home, NOW, [{"front": "d"}], deck="notesy")
    assert _ok(invoke("decks", "retire", "notes", "--yes")) == (
        "Retiring 2 decks (notes::git, notes::linux::shell) takes 3 cards out of the quiz\n"
        "for good; they have no reviews yet.\n"
        "Retired 2 decks (notes::git, notes::linux::shell): 3 cards retired.\n")
    plan = json.loads(_ok(invoke("due", "--json")))
    assert [deck["deck"] for deck in plan["decks"]] == ["notesy"]
