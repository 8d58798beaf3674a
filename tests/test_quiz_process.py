"""The quiz as a real process: typed in a pseudo-terminal, and killed in the middle of a session."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect", reason="pexpect is installed by the test extra")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASHCARDS_")}
    env.update(FLASHCARDS_HOME=str(home), FLASHCARDS_NOW="2026-12-01T09:00:00+00:00", FLASHCARDS_TZ="UTC",
               COLUMNS="80", LINES="40", TERM="xterm")
    env.pop("NO_COLOR", None)
    return env


def _count(db: Path, sql: str) -> int:
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute(sql).fetchone()[0])
    finally:
        connection.close()


def test_typing_answers_in_a_terminal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = pexpect.spawn(sys.executable, ["-m", "flashcards", "quiz"], env=_env(home), encoding="utf-8",
                          timeout=30, dimensions=(40, 80))
    child.expect_exact("Your collection is empty. Import the built-in deck docker?")
    child.sendline("y")
    child.expect_exact("imported the built-in deck docker")
    child.expect_exact("docker › Overview › Components")  # the context line
    child.expect_exact("docker.md:")  # with the source file:line
    child.expect_exact("Docker Hub")  # the front
    child.expect_exact("Answer (Enter: reveal")
    child.sendline("Remote registry of docker images")
    child.expect_exact("Remote registry of Docker images")  # the back, revealed
    child.expect_exact("You typed: Remote registry of docker images")
    child.expect(r"suggested grade ([45])")
    suggested = child.match.group(1)
    child.expect_exact(f"Grade 0-5 (Enter = {suggested})")
    child.send("\r")  # Enter alone takes the suggestion
    child.expect_exact("Saved: next review 2026-12-02")
    child.expect_exact("Image")  # the next card
    child.expect_exact("Answer (Enter: reveal")
    child.sendline("")  # reveal without typing
    child.expect_exact("0 blank · 1 wrong · 2 almost · 3 hard · 4 hesitated · 5 perfect")  # the legend
    child.expect_exact("Grade 0-5 ·")
    child.sendline("7")
    child.expect_exact("7 is not a grade: grades are 0 to 5")
    child.sendline("3")
    child.expect_exact("it comes back later in this session")
    child.expect_exact("Answer (Enter: reveal")
    child.sendline("q")
    child.expect_exact("Session done: 2 cards, 2 grades, 100% correct")  # a 3 is correct too (SM-2's pass)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert _count(home / "flashcards.db", "SELECT count(*) FROM reviews") == 2


def test_keys_typed_quickly_never_reveal_a_card_unread(tmp_path: Path) -> None:
    """One model in every prompt: a grade and its Enter are one input; Enters typed ahead of a card
    do not reveal it; a grade sent together with the next answer answers the next card."""
    home = tmp_path / "home"
    child = pexpect.spawn(sys.executable, ["-m", "flashcards", "quiz"], env=_env(home), encoding="utf-8",
                          timeout=30, dimensions=(40, 80))
    child.expect_exact("Import the built-in deck docker?")
    child.sendline("y")
    child.expect_exact("Answer (Enter: reveal")
    child.send("\r")  # reveal the first card
    child.expect_exact("Grade 0-5 ·")
    child.send("4\r")  # a grade, then Enter
    child.expect_exact("Saved: next review")
    child.expect_exact("Answer (Enter: reveal")  # the second card asks...
    with pytest.raises(pexpect.TIMEOUT):  # ...and waits: the grade's Enter did not reveal it
        child.expect_exact("Grade 0-5", timeout=1)
    child.send("\r4\r\r")  # typed ahead at once: reveal, grade, and one Enter too many
    child.expect_exact("Saved: next review")
    child.expect_exact("Answer (Enter: reveal")  # the third card
    with pytest.raises(pexpect.TIMEOUT):  # the extra Enter was dropped, not taken as a reveal
        child.expect_exact("Grade 0-5", timeout=1)
    child.send("\r")
    child.expect_exact("Grade 0-5 ·")
    child.send("5 docker ps\r")  # a grade and the fourth card's answer, sent together
    child.expect_exact("Saved: next review")
    child.expect_exact("You typed: docker ps")  # the fourth card was answered with it
    child.expect(r"Grade 0-5 \(Enter = \d\)")
    child.sendline("q")
    child.expect_exact("Session done: 3 cards, 3 grades")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    connection = sqlite3.connect(home / "flashcards.db")
    try:
        grades = [row[0] for row in connection.execute("SELECT grade FROM reviews ORDER BY id")]
    finally:
        connection.close()
    assert grades == [4, 4, 5]


def test_ctrl_c_ends_the_session_with_its_summary_and_exit_130(tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = pexpect.spawn(sys.executable, ["-m", "flashcards", "quiz"], env=_env(home), encoding="utf-8",
                          timeout=30, dimensions=(40, 80))
    child.expect_exact("Import the built-in deck docker?")
    child.sendline("y")
    child.expect_exact("Answer (Enter: reveal")
    child.send("\r")
    child.expect_exact("Grade 0-5 ·")
    child.send("5\r")
    child.expect_exact("Answer (Enter: reveal")
    child.sendintr()  # Ctrl-C at the next card
    child.expect_exact("Session done: 1 card, 1 grade")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert _count(home / "flashcards.db", "SELECT count(*) FROM reviews") == 1


def test_two_quizzes_on_one_collection_never_grade_a_card_twice(tmp_path: Path) -> None:
    """Two terminals on one collection, both planned alike: the second grade of a card is refused and
    the card skipped, a card the other graded is skipped before it is shown, undo takes back this
    quiz's own last grade, and nothing ends in an error."""
    home = tmp_path / "home"
    first = pexpect.spawn(sys.executable, ["-m", "flashcards", "quiz"], env=_env(home), encoding="utf-8",
                          timeout=30, dimensions=(40, 80))
    first.expect_exact("Import the built-in deck docker?")  # a first quiz imports the built-in deck
    first.sendline("y")
    first.expect_exact("Answer (Enter: reveal")
    first.sendline("q")
    first.expect(pexpect.EOF)
    first.close()

    def quiz() -> Any:
        child = pexpect.spawn(sys.executable, ["-m", "flashcards", "quiz"], env=_env(home), encoding="utf-8",
                              timeout=30, dimensions=(40, 80))
        child.expect_exact("Answer (Enter: reveal")
        return child

    a, b = quiz(), quiz()
    a.send("\r")
    a.expect_exact("Grade 0-5 ·")
    a.send("5\r")  # A grades the first card
    a.expect_exact("Saved: next review")
    a.expect_exact("Answer (Enter: reveal")  # A's second card is on screen
    b.send("\r")
    b.expect_exact("Grade 0-5 ·")
    b.send("5\r")  # B grades the same first card: refused
    b.expect_exact("Not saved: another quiz on this collection graded this card meanwhile; skipped.")
    b.expect_exact("Answer (Enter: reveal")  # B's second card: the one A shows now
    b.send("\r")
    b.expect_exact("Grade 0-5 ·")
    b.send("4\r")  # B is first this time
    b.expect_exact("Saved: next review")
    b.expect_exact("Answer (Enter: reveal")
    a.send("\r")
    a.expect_exact("Grade 0-5 ·")
    a.send("4\r")  # A's grade of that card is refused
    a.expect_exact("Not saved: another quiz on this collection graded this card meanwhile; skipped.")
    a.expect_exact("Answer (Enter: reveal")
    b.sendline("u")  # B takes back its own last grade
    b.expect_exact("Undone: grade 4 of card")
    b.expect_exact("Answer (Enter: reveal")
    for child in (a, b):
        child.sendline("q")
        child.expect_exact("Session done")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        assert "Error" not in (child.before or "")
    connection = sqlite3.connect(home / "flashcards.db")
    try:
        twice = connection.execute(
            "SELECT card_id FROM reviews WHERE mode = 'scheduled' AND undone_at IS NULL "
            "GROUP BY card_id, review_day HAVING count(*) > 1").fetchall()
        standing = connection.execute("SELECT count(*) FROM reviews WHERE undone_at IS NULL").fetchone()[0]
    finally:
        connection.close()
    assert twice == [] and standing == 1  # A's first grade; B's undone, both refused ones never written


def test_killed_mid_session_keeps_every_grade(tmp_path: Path) -> None:
    home = tmp_path / "home"
    process = subprocess.Popen([sys.executable, "-m", "flashcards", "quiz"], env=_env(home), stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("\n5\n\n4\n\n2\n")  # three grades, and the session goes on waiting for more
    process.stdin.flush()
    saved = 0
    deadline = time.monotonic() + 60
    while saved < 3 and time.monotonic() < deadline:
        line = process.stdout.readline()
        saved += line.startswith("Saved:")
    assert saved == 3
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    process.stdin.close()
    process.stdout.close()
    assert process.returncode == -signal.SIGKILL

    db = home / "flashcards.db"
    assert _count(db, "SELECT count(*) FROM reviews WHERE mode = 'scheduled'") == 3
    assert _count(db, "SELECT count(*) FROM cards WHERE due IS NOT NULL") == 3
    check = subprocess.run([sys.executable, "-m", "flashcards", "check"], env=_env(home), capture_output=True,
                           text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    again = subprocess.run([sys.executable, "-m", "flashcards", "quiz"], env=_env(home), input="\n5\nq\n",
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "Answer (Enter: reveal" in again.stdout
    assert _count(db, "SELECT count(*) FROM reviews WHERE mode = 'scheduled'") == 4
