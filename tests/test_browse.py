"""`due`, `cards`, `suspend`, `unsuspend`, `reset` on a small collection."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import Result

from flashcards.application.day import store_plan
from flashcards.core.day_plan import DayPlan
from flashcards.storage import fast
from flashcards.storage.store import Store
from tests.conftest import make_collection

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 28)


def _full_plan(url: str, home: Path) -> DayPlan:
    """The plan through SQLAlchemy, as every command but `due` reads it."""
    store = Store.open(url, home, NOW)
    try:
        return store_plan(store, store.today(NOW))
    finally:
        store.close()


@pytest.fixture
def collection(isolated_home: Path) -> list[int]:
    cards: list[dict[str, object]] = [{"front": f"new {n}"} for n in range(25)]
    cards += [{"front": f"due {n}", "due": date(2026, 11, 20) + timedelta(days=n), "repetitions": 2, "interval": 6}
              for n in range(12)]  # Nov 20..28 due (9 cards), Nov 29..Dec 1 not yet
    cards += [{"front": "suspended", "status": "suspended", "due": date(2026, 11, 1)},
              {"front": "retired", "status": "retired"}]
    return make_collection(isolated_home, NOW, cards, new_per_day=20, reviews_per_day=5)


def test_due_line_respects_limits(invoke: Callable[..., Result], collection: list[int]) -> None:
    result = invoke("due")
    assert result.exit_code == 0
    assert result.output == "5 due, 20 new\n"


def test_due_json(invoke: Callable[..., Result], collection: list[int]) -> None:
    data = json.loads(invoke("due", "--json").output)
    assert data == {"today": "2026-11-28", "due": 5, "new": 20, "decks": [{"deck": "docker", "due": 5, "new": 20}]}


def test_fast_path_equals_full_path(collection: list[int], isolated_home: Path) -> None:
    url = f"sqlite:///{isolated_home / 'flashcards.db'}"
    found = fast.day_plan(url, NOW)
    assert found is not None
    slow = _full_plan(url, isolated_home)
    assert found == slow
    assert found.today == TODAY
    (deck,) = slow.decks
    assert (deck.due_total, deck.new_total) == (9, 25)


def test_fast_path_declines_an_old_schema(collection: list[int], isolated_home: Path) -> None:
    db = isolated_home / "flashcards.db"
    connection = sqlite3.connect(db)
    connection.execute("UPDATE alembic_version SET version_num = 'older'")
    connection.commit()
    connection.close()
    assert fast.day_plan(f"sqlite:///{db}", NOW) is None
    assert fast.day_plan(f"sqlite:///{isolated_home / 'absent.db'}", NOW) is None


def test_due_before_the_rollover_hour_counts_for_yesterday(invoke: Callable[..., Result], collection: list[int],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-11-28T03:59:00+00:00")
    assert json.loads(invoke("due", "--json").output)["today"] == "2026-11-27"
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-11-28T04:01:00+00:00")
    assert json.loads(invoke("due", "--json").output)["today"] == "2026-11-28"


def test_cards_json_contract(invoke: Callable[..., Result], collection: list[int]) -> None:
    data = json.loads(invoke("cards", "docker", "--search", "due 3", "--json").output)
    assert len(data) == 1
    (card,) = data
    assert {"key", "deck", "kind", "front", "back", "status", "repetitions", "ef_hundredths", "interval",
            "due", "lapses", "source"} <= set(card)
    assert card["due"] == "2026-11-23" and card["status"] == "active" and card["state"] == "learning"
    assert card["source"] == {"path": "/notes/x.md", "line": 29}
    new = json.loads(invoke("cards", "--search", "new 0", "--json").output)
    assert new[0]["due"] is None and new[0]["state"] == "new"


def test_cards_table_and_unknown_deck(invoke: Callable[..., Result], collection: list[int]) -> None:
    table = invoke("cards", "docker")
    assert table.exit_code == 0 and "39 cards" in table.output
    unknown = invoke("cards", "nope")
    assert unknown.exit_code == 1
    assert unknown.output == "Error: no deck named 'nope'; see `flashcards decks`\n"


def test_suspend_unsuspend_reset(invoke: Callable[..., Result], collection: list[int]) -> None:
    target = collection[25]  # "due 0"
    assert invoke("suspend", str(target)).exit_code == 0
    assert json.loads(invoke("cards", "--search", "due 0", "--json").output)[0]["status"] == "suspended"
    assert invoke("due").output == "5 due, 20 new\n"  # 8 left due, still capped at 5
    assert invoke("unsuspend", str(target)).exit_code == 0
    reset = invoke("reset", "--search", "due 0", "--yes")
    assert reset.exit_code == 0 and "1 card reset" in reset.output
    card = json.loads(invoke("cards", "--search", "due 0", "--json").output)[0]
    assert (card["due"], card["repetitions"], card["ef_hundredths"], card["state"]) == (None, 0, 250, "new")


def test_management_bad_input_changes_nothing(invoke: Callable[..., Result], collection: list[int]) -> None:
    before = invoke("cards", "--json").output
    missing = invoke("suspend", str(collection[0]), "99999")
    assert missing.exit_code == 1
    assert missing.output == "Error: no card with id 99999; nothing was changed\n"
    nothing = invoke("suspend", "--search", "no such text")
    assert nothing.exit_code == 1
    assert nothing.output == "Error: no card matches 'no such text'; nothing was changed\n"
    usage = invoke("suspend")
    assert usage.exit_code == 2
    assert invoke("cards", "--json").output == before


def test_due_counts_the_new_limit_raised_for_an_exam(invoke: Callable[..., Result], collection: list[int],
                                                     isolated_home: Path) -> None:
    assert invoke("exam", "docker", "--date", "2026-12-01").exit_code == 0  # one learning day left
    assert json.loads(invoke("due", "--json").output)["new"] == 25  # every unseen card, not 20
    url = f"sqlite:///{isolated_home / 'flashcards.db'}"
    assert fast.day_plan(url, NOW) == _full_plan(url, isolated_home)


def test_console_script_answers_due_without_the_command_line(collection: list[int], isolated_home: Path) -> None:
    """`flashcards due` from the console script: the quick path prints what the command prints."""
    import subprocess
    import sys

    # The quick path ends the process itself (`entry._end_now`), so what it imported is read from
    # Python's import log (-X importtime, on stderr), not asked afterwards.
    code = "import sys; from flashcards.entry import main; sys.argv = ['flashcards'] + sys.argv[1:]; main()"
    for args, expected in ((["due"], "5 due, 20 new"), (["due", "--json"], None)):
        done = subprocess.run([sys.executable, "-X", "importtime", "-c", code, *args], capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, done.stderr
        (printed,) = done.stdout.strip().splitlines()
        imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
        assert "flashcards.storage.fast" in imported and "click" not in imported
        if expected is not None:
            assert printed == expected
        else:
            assert json.loads(printed)["due"] == 5
    # anything the quick path does not handle goes to the full command line, errors included
    bad = subprocess.run([sys.executable, "-c", code, "due", "--jsn"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "No such option '--jsn'" in bad.stderr


@pytest.mark.parametrize("raw", ["25", "4am", "-1"])
def test_a_bad_rollover_setting_is_an_error_on_both_paths(invoke: Callable[..., Result], collection: list[int],
                                                          isolated_home: Path, raw: str) -> None:
    connection = sqlite3.connect(isolated_home / "flashcards.db")
    connection.execute("INSERT INTO settings (key, value) VALUES ('rollover_hour', ?)", (raw,))
    connection.commit()
    connection.close()
    assert fast.day_plan(f"sqlite:///{isolated_home / 'flashcards.db'}", NOW) is None  # falls to the full path
    result = invoke("due")
    assert result.exit_code == 1
    assert result.output == f"Error: setting rollover_hour={raw!r} is not an hour 0..23\n"


def test_a_valid_rollover_setting_moves_the_day(collection: list[int], isolated_home: Path) -> None:
    connection = sqlite3.connect(isolated_home / "flashcards.db")
    connection.execute("INSERT INTO settings (key, value) VALUES ('rollover_hour', '10')")
    connection.commit()
    connection.close()
    found = fast.day_plan(f"sqlite:///{isolated_home / 'flashcards.db'}", NOW)  # 09:00 UTC: before 10:00
    assert found is not None and found.today == date(2026, 11, 27)


def test_a_search_shows_its_cards_and_changes_nothing_without_yes(invoke: Callable[..., Result],
                                                                  collection: list[int]) -> None:
    before = invoke("cards", "--json").output
    refused = invoke("suspend", "--search", "due 0")
    assert refused.exit_code == 1
    assert refused.output.startswith("The search chose 1 card to suspend:\n")
    assert refused.output.endswith("Error: suspend would change 1 card; nothing was changed (add --yes to do it "
                                   "without a terminal)\n")
    assert invoke("cards", "--json").output == before
    done = invoke("suspend", "--search", "due 0", "--yes")
    assert done.exit_code == 0 and "1 card suspended, 0 already so." in done.output
    assert json.loads(invoke("cards", "--search", "due 0", "--json").output)[0]["status"] == "suspended"


@pytest.mark.parametrize(("answer", "changed"), [("n\n", False), ("y\n", True), ("\n", False)])
def test_in_a_terminal_a_search_asks_first(invoke: Callable[..., Result], collection: list[int],
                                           monkeypatch: pytest.MonkeyPatch, answer: str, changed: bool) -> None:
    import flashcards.cli.prompts as prompts

    monkeypatch.setattr(prompts, "can_ask", lambda: True)
    result = invoke("reset", "--search", "due 0", input=answer)
    assert "Reset this card? [y/N]" in result.output
    assert (result.exit_code == 0) is changed
    if not changed:
        assert result.output.endswith("Error: nothing was changed\n")
    state = json.loads(invoke("cards", "--search", "due 0", "--json").output)[0]["state"]
    assert (state == "new") is changed
