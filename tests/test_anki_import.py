"""`flashcards import-anki`: progress made in Anki comes back into the log.

The rules (`core.anki_merge`) are pinned on plain values first; then the whole way with the real Anki
backend: flashcards exports, Anki imports and the learner answers cards there over simulated days,
Anki's own exporter writes the package in the current (zstd) and the legacy format, and
`import-anki` brings the reviews back. Anki stamps an answer with the wall clock, so each answer's
review-log id is moved to its simulated day's time right after it is given (the only change made to
what Anki wrote).
"""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result

from flashcards.core.anki_merge import (
    AnkiCard,
    AnkiEntry,
    CardLog,
    OurCard,
    match_cards,
    plan_merge,
)
from flashcards.core.vocabulary import Grade, Mode
from tests.conftest import make_collection

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
UTC = ZoneInfo("UTC")


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


# --- the rules, on plain values ---------------------------------------------------------------------


OURS = [OurCard(1, "gF", "d|definition|T|term", None), OurCard(2, "gR", "d|definition-reverse|T|term",
                                                                 "d|definition|T|term"),
        OurCard(3, "gQ", "d|qa|T|question", None)]


def test_a_note_is_matched_by_the_forward_card_s_guid_and_its_second_card_is_the_reverse() -> None:
    anki = [AnkiCard(101, "gF", 0), AnkiCard(102, "gF", 1), AnkiCard(103, "gQ", 0), AnkiCard(104, "gQ", 1),
            AnkiCard(105, "other", 0), AnkiCard(106, "other", 1)]
    matched, unknown = match_cards(anki, OURS)
    # gQ has no reverse card here, so its second card is none of ours; "other" is not one of our notes.
    assert matched == {101: 1, 102: 2, 103: 3} and unknown == 1


def test_today_s_one_note_per_card_packages_match_too() -> None:
    matched, unknown = match_cards([AnkiCard(201, "gF", 0), AnkiCard(202, "gR", 0)], OURS)
    assert matched == {201: 1, 202: 2} and unknown == 0


def day(n: int, hour: int = 10) -> datetime:
    return NOW.replace(hour=hour) + timedelta(days=n)


def plan(entries: list[AnkiEntry], logs: dict[int, CardLog] | None = None, imported: frozenset[int] = frozenset(),
         zone: ZoneInfo = UTC, rollover: int = 4) -> Any:
    return plan_merge(entries, {101: 1, 102: 2}, logs or {}, imported, zone, rollover, day(30))


def test_buttons_become_grades_and_a_card_s_first_answer_of_a_day_moves_its_schedule() -> None:
    entries = [AnkiEntry(ms(day(1)), 101, 1, 0), AnkiEntry(ms(day(1) + timedelta(minutes=1)), 101, 3, 0),
               AnkiEntry(ms(day(2)), 101, 2, 1), AnkiEntry(ms(day(3)), 101, 4, 1, 7_000)]
    result = plan(entries)
    assert [(r.grade, r.mode, r.review_day) for r in result.reviews] == [
        (Grade.WRONG_FAMILIAR, Mode.ANKI, date(2026, 11, 29)), (Grade.HESITANT, Mode.REPEAT, date(2026, 11, 29)),
        (Grade.DIFFICULT, Mode.ANKI, date(2026, 11, 30)), (Grade.PERFECT, Mode.ANKI, date(2026, 12, 1))]
    assert result.reviews[-1].duration_ms == 7_000
    assert [r.presentation_id for r in result.reviews][0] == f"anki:{ms(day(1))}"
    assert result.skipped == 0 and result.cards == {1}


def test_manual_changes_rows_already_here_and_cards_not_here_are_skipped_and_counted() -> None:
    entries = [AnkiEntry(ms(day(1)), 101, 0, 4), AnkiEntry(ms(day(1, 11)), 101, 3, 5),  # set due date, resched
               AnkiEntry(ms(day(2)), 101, 3, 1),  # imported before
               AnkiEntry(ms(day(3)), 999, 3, 1),  # a card that is not ours
               AnkiEntry(ms(day(4)), 102, 3, 3)]  # a filtered deck that did not reschedule: cram
    result = plan(entries, imported=frozenset({ms(day(2))}))
    assert (result.manual, result.already, result.elsewhere, result.older) == (2, 1, 1, 0)
    assert [(r.card_id, r.mode) for r in result.reviews] == [(2, Mode.CRAM)]


def test_only_what_comes_after_the_card_s_last_review_here_is_appended() -> None:
    ours = ms(day(2))
    logs = {1: CardLog(after=day(2), moved_days=frozenset({date(2026, 11, 30)}), own_ms=(ours,))}
    entries = [AnkiEntry(ms(day(1)), 101, 3, 1),  # before our last review: our log is not rewritten
               AnkiEntry(ours + 3, 101, 3, 1),  # our own grade, exported to Anki and coming back
               AnkiEntry(ms(day(2, 20)), 101, 1, 1),  # later the same review day: a repeat
               AnkiEntry(ms(day(3)), 101, 4, 1)]
    result = plan(entries, logs)
    assert (result.older, result.already) == (1, 1)
    assert [(r.grade, r.mode) for r in result.reviews] == [(Grade.WRONG_FAMILIAR, Mode.REPEAT),
                                                           (Grade.PERFECT, Mode.ANKI)]


def test_a_row_dated_after_now_waits_for_a_later_import() -> None:
    result = plan_merge([AnkiEntry(ms(day(1)), 101, 3, 1), AnkiEntry(ms(day(1, 12)), 101, 3, 1)], {101: 1}, {},
                        frozenset(), UTC, 4, day(1, 11))
    assert (len(result.reviews), result.future, result.skipped) == (1, 1, 1)


def test_a_review_day_follows_the_learner_s_zone_and_rollover_hour() -> None:
    # 02:30 in Tokyo on 1 December is 17:30 UTC on 30 November; before the 04:00 rollover it is still
    # the 30th's review day there.
    at = datetime(2026, 11, 30, 17, 30, tzinfo=timezone.utc)
    (review,) = plan([AnkiEntry(ms(at), 101, 3, 1)], zone=ZoneInfo("Asia/Tokyo")).reviews
    assert review.review_day == date(2026, 11, 30)
    (review,) = plan([AnkiEntry(ms(at), 101, 3, 1)], zone=ZoneInfo("Asia/Tokyo"), rollover=2).reviews
    assert review.review_day == date(2026, 12, 1)


def test_an_anki_grade_runs_sm2_as_a_scheduled_one_here_and_in_a_replay() -> None:
    from flashcards.core.scheduling import CardState, apply_grade, replay

    start = CardState(repetitions=2, ef_hundredths=250, interval=6, due=date(2026, 12, 1))
    for grade in Grade:
        assert apply_grade(start, grade, date(2026, 12, 1), Mode.ANKI) == apply_grade(
            start, grade, date(2026, 12, 1), Mode.SCHEDULED)
    days = [date(2026, 11, 28), date(2026, 11, 29), date(2026, 12, 5)]
    mixed = replay([(4, days[0], "scheduled"), (5, days[1], "anki"), (3, days[2], "anki")])
    assert mixed == replay([(4, days[0], "scheduled"), (5, days[1], "scheduled"), (3, days[2], "scheduled")])


# --- bad files: one line, exit 1, nothing written ---------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_text("not a zip"), "{p} is not an Anki package (not a zip file)"),
    (lambda p: _zip(p, {"media": b"{}"}),
     "{p} holds no Anki collection (no collection.anki21b, collection.anki21 or collection.anki2 inside)"),
    (lambda p: _zip(p, {"meta": b"\x08\x03", "collection.anki21b": b"garbage"}),
     "{p} is damaged: collection.anki21b cannot be read (not zstd data: zstd decompress error:"
     " Unknown frame descriptor)"),
    (lambda p: _zip(p, {"meta": b"\x08\x02", "collection.anki21": b"x" * 200}),
     "{p} is damaged: collection.anki21 is not an SQLite database"),
    (lambda p: _zip(p, {"collection.anki2": b"SQLite format 3\x00" + b"\x00" * 4000}),
     "{p} is damaged: its collection cannot be read (file is not a database)"),
    (lambda p: _zip(p, {"meta": b"\x08\x07", "collection.anki21b": b""}),
     "{p} was written by a newer Anki (package version 7); export it again with \"Support older Anki"
     " versions\" ticked"),
], ids=["not-a-zip", "no-collection", "bad-zstd", "not-sqlite", "corrupt-sqlite", "newer"])
def test_a_bad_file_is_one_line_and_exit_1_and_nothing_is_written(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, make: Callable[[Path], object],
        message: str) -> None:
    make_collection(isolated_home, NOW, [{"front": "a"}])
    before = (isolated_home / "flashcards.db").read_bytes()
    package = tmp_path / "x.apkg"
    make(package)
    result = invoke("import-anki", str(package))
    assert (result.exit_code, result.output) == (1, f"Error: {message.format(p=package)}\n")
    assert (isolated_home / "flashcards.db").read_bytes() == before


def test_a_missing_file_or_a_folder_is_named(invoke: Callable[..., Result], tmp_path: Path,
                                             isolated_home: Path) -> None:
    result = invoke("import-anki", str(tmp_path / "gone.apkg"))
    assert (result.exit_code, result.output) == (1, f"Error: cannot read {tmp_path / 'gone.apkg'}: no such file\n")
    result = invoke("import-anki", str(tmp_path))
    assert (result.exit_code, result.output) == (
        1, f"Error: cannot read {tmp_path}: it is a folder, not an Anki package\n")
    assert not (isolated_home / "flashcards.db").exists()  # the collection was not even opened


# --- the real Anki backend --------------------------------------------------------------------------


def _ok(result: Result) -> str:
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def _store(home: Path) -> Any:
    from flashcards.storage.store import Store

    return Store.open(f"sqlite:///{home / 'flashcards.db'}", home, NOW)


def _log(home: Path) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(home / "flashcards.db")
    try:
        return connection.execute(
            "SELECT card_id, reviewed_at, review_day, grade, mode, presentation_id FROM reviews ORDER BY id").fetchall()
    finally:
        connection.close()


def _cards(home: Path) -> dict[int, tuple[Any, ...]]:
    connection = sqlite3.connect(home / "flashcards.db")
    try:
        return {row[0]: row[1:] for row in connection.execute(
            "SELECT id, repetitions, ef_hundredths, interval, due, lapses, status, last_reviewed_at FROM cards")}
    finally:
        connection.close()


def _answer(col: Any, card_id: int, ease: int, at: datetime) -> None:
    """Answer a card through Anki's scheduler, then date the review-log row it wrote to `at`."""
    card = col.get_card(card_id)
    card.start_timer()
    col.sched.answerCard(card, ease)
    newest = col.db.scalar("SELECT max(id) FROM revlog WHERE cid = ?", card_id)
    col.db.execute("UPDATE revlog SET id = ? WHERE id = ?", ms(at), newest)


def _anki_card(col: Any, guid: str, ordinal: int = 0) -> int:
    return int(col.db.scalar("SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = ? AND c.ord = ?",
                             guid, ordinal))


def _export_all(col: Any, folder: Path) -> dict[str, Path]:
    """Anki's own exports of the collection: packages with scheduling, current and legacy."""
    from anki.collection import ExportAnkiPackageOptions

    paths = {}
    for legacy in (False, True):
        name = "legacy" if legacy else "current"
        paths[f"{name}.apkg"] = folder / f"{name}.apkg"
        options = ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False, with_media=True,
                                           legacy=legacy)
        col.export_anki_package(out_path=str(paths[f"{name}.apkg"]), options=options, limit=None)
    for legacy in (False, True):
        name = "legacy" if legacy else "current"
        paths[f"{name}.colpkg"] = folder / f"{name}.colpkg"
        col.export_collection_package(str(paths[f"{name}.colpkg"]), include_media=True, legacy=legacy)
        col.reopen()
    return paths


def _replays_agree(home: Path) -> None:
    from flashcards.core.replay import replay_standing
    from flashcards.storage.models import Card
    from flashcards.storage.reviews import state_of

    store = _store(home)
    try:
        with store.read() as session:
            for card in session.query(Card):
                replayed = replay_standing(card.reviews, reset_at=card.reset_at, exam_date=card.deck.exam_date)
                assert state_of(card).scheduling_fields == replayed.scheduling_fields, card.id
    finally:
        store.close()


@pytest.mark.anki
def test_study_in_anki_comes_back_replayed_and_a_second_import_changes_nothing(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any,
        seed_notes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_export_anki import import_apkg, study

    _ok(invoke("import", str(seed_notes)))
    store = _store(isolated_home)
    with store.read() as session:
        from flashcards.storage.models import Card

        # Forward cards: each one's GUID is its Anki note's, and it is the note's card 0.
        cards = {card.front: (card.id, card.guid)
                 for card in session.query(Card).filter(Card.sibling_key.is_(None)).order_by(Card.id)}
    store.close()
    (first, first_guid), (second, second_guid), (third, third_guid) = list(cards.values())[:3]
    # Two days of study here first: the first card twice, the second once.
    study(isolated_home, "UTC", [(first, NOW - timedelta(days=2), 4, "scheduled"),
                                 (first, NOW - timedelta(days=1), 5, "scheduled"),
                                 (second, NOW - timedelta(days=1), 3, "scheduled")])
    ours = _log(isolated_home)
    package = tmp_path / "ours.apkg"
    _ok(invoke("export", "anki", "-o", str(package), "--with-scheduling"))
    import_apkg(anki_col, package)

    # Four simulated days in Anki: the first card carries on, the second lapses, the third is new
    # (Again, then Good ten minutes later: a same-day repeat); a due date set by hand is no answer.
    one, two, three = (_anki_card(anki_col, guid) for guid in (first_guid, second_guid, third_guid))
    _answer(anki_col, one, 3, day(1))
    _answer(anki_col, two, 1, day(1, 11))
    _answer(anki_col, three, 1, day(2))
    _answer(anki_col, three, 3, day(2) + timedelta(minutes=10))
    _answer(anki_col, two, 3, day(3))
    anki_col.sched.set_due_date([one], "3")
    manual = anki_col.db.scalar("SELECT max(id) FROM revlog WHERE cid = ?", one)
    anki_col.db.execute("UPDATE revlog SET id = ? WHERE id = ?", ms(day(3, 12)), manual)
    _answer(anki_col, one, 4, day(4))
    packages = _export_all(anki_col, tmp_path)
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-03T09:00:00+00:00")
    monkeypatch.chdir(tmp_path)
    shown = "current.apkg"

    before = _cards(isolated_home)
    dry = _ok(invoke("import-anki", str(shown), "--dry-run"))
    assert dry == (
        "Read current.apkg: 31 notes, 56 cards, 10 reviews (Anki's current format).\n"
        "Matched 56 cards with cards here.\n"
        "To append: 6 reviews of 3 cards, 2026-11-29 to 2026-12-02.\n"
        "Skipped 4 reviews: 1 manual schedule change, 3 already in the log.\n"
        "Dry run: nothing was written.\n")
    assert _log(isolated_home) == ours and _cards(isolated_home) == before

    done = _ok(invoke("import-anki", str(shown)))
    assert done == dry.replace("Dry run: nothing was written.",
                               "Appended 6 reviews; each card's schedule is SM-2's replay of its log.")
    appended = _log(isolated_home)[len(ours):]
    assert _log(isolated_home)[:len(ours)] == ours  # our own log is untouched
    assert [(card, grade, mode) for card, _, _, grade, mode, _ in sorted(appended, key=lambda row: row[1])] == [
        (first, 4, "anki"), (second, 1, "anki"), (third, 1, "anki"), (third, 4, "repeat"), (second, 4, "anki"),
        (first, 5, "anki")]
    assert all(presentation.startswith("anki:") for *_, presentation in appended)
    assert "All checks passed." in _ok(invoke("check"))
    _replays_agree(isolated_home)
    # SM-2 over the merged log: the first card 4, 5 here, then Good and Easy in Anki: n = 4, EF 2.70,
    # I = 1, 6, ceil(6 × 2.6) = 16, ceil(16 × 2.6) = 42 days after 2 December.
    assert _cards(isolated_home)[first][:6] == (4, 270, 42, "2027-01-13", 0, "active")

    after = _cards(isolated_home)
    again = _ok(invoke("import-anki", str(shown)))
    assert again == (
        "Read current.apkg: 31 notes, 56 cards, 10 reviews (Anki's current format).\n"
        "Matched 56 cards with cards here.\n"
        "Nothing to append: no review in the package is newer than the log here.\n"
        "Skipped 10 reviews: 1 manual schedule change, 9 already in the log.\n")
    for name in ("legacy.apkg", "current.colpkg", "legacy.colpkg"):
        assert "Nothing to append" in _ok(invoke("import-anki", str(packages[name])))
    assert _cards(isolated_home) == after and len(_log(isolated_home)) == len(ours) + 6


@pytest.mark.anki
def test_the_legacy_and_the_current_format_read_the_same(tmp_path: Path, anki_col: Any,
                                                         invoke: Callable[..., Result], isolated_home: Path) -> None:
    from flashcards.export.anki_package import read_package
    from tests.test_export_anki import import_apkg

    make_collection(isolated_home, NOW, [{"front": "a"}, {"front": "b"}])
    _ok(invoke("export", "anki", "-o", str(tmp_path / "ours.apkg")))
    import_apkg(anki_col, tmp_path / "ours.apkg")
    for n, cid in enumerate(anki_col.find_cards("")):
        _answer(anki_col, cid, 3, day(1) + timedelta(minutes=n))
    packages = _export_all(anki_col, tmp_path)
    read = {name: read_package(path, name) for name, path in packages.items()}
    assert {name: package.format for name, package in read.items()} == {
        "current.apkg": "current", "legacy.apkg": "legacy", "current.colpkg": "current", "legacy.colpkg": "legacy"}
    first = read["current.apkg"]
    assert len(first.entries) == 2 and first.notes == 2
    assert all((package.cards, package.entries) == (first.cards, first.entries) for package in read.values())


@pytest.mark.anki
def test_a_two_card_note_s_second_card_is_the_reverse_card_here(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The shape the export takes once a term and its reverse are one note (issue 15): ord 1."""
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-03T09:00:00+00:00")  # after the answers in Anki
    ids = make_collection(isolated_home, NOW, [
        {"front": "term", "key": "docker|definition|Terms|term", "guid": "forwardGuid"},
        {"front": "definition", "kind": "definition-reverse", "key": "docker|definition-reverse|Terms|term",
         "guid": "reverseGuid", "sibling_key": "docker|definition|Terms|term"}])
    model = anki_col.models.by_name("Basic (and reversed card)")
    note = anki_col.new_note(model)
    note["Front"], note["Back"] = "term", "definition"
    note.guid = "forwardGuid"
    anki_col.add_note(note, anki_col.decks.id_for_name("Default"))
    reverse = _anki_card(anki_col, "forwardGuid", 1)
    _answer(anki_col, reverse, 4, day(1))
    _answer(anki_col, _anki_card(anki_col, "forwardGuid", 0), 2, day(2))
    packages = _export_all(anki_col, tmp_path)
    _ok(invoke("import-anki", str(packages["current.colpkg"])))
    assert [(card, grade, mode) for card, _, _, grade, mode, _ in _log(isolated_home)] == [
        (ids[1], 5, "anki"), (ids[0], 3, "anki")]
    assert "All checks passed." in _ok(invoke("check"))


# --- the schema -------------------------------------------------------------------------------------


def test_the_migration_keeps_the_log_and_its_downgrade_refuses_to_drop_anki_grades(tmp_path: Path) -> None:
    from alembic import command

    from flashcards.storage.migrate import alembic_config

    home = tmp_path / "home"
    ids = make_collection(home, NOW, [{"front": "a"}])
    url = f"sqlite:///{home / 'flashcards.db'}"
    connection = sqlite3.connect(home / "flashcards.db")
    insert = ("INSERT INTO reviews (card_id, reviewed_at, review_day, grade, mode, repetitions_before, ef_before,"
              " interval_before, lapses_before, status_before, repetitions_after, ef_after, interval_after,"
              " lapses_after, status_after) VALUES (?, '2026-11-28 09:00:00.000000', '2026-11-28', 4, ?,"
              " 0, 250, 0, 0, 'active', 0, 250, 0, 0, 'active')")
    connection.execute(insert, (ids[0], "cram"))
    connection.commit()
    connection.close()
    command.downgrade(alembic_config(url), "5e7a3c2d1b08")
    connection = sqlite3.connect(home / "flashcards.db")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        connection.execute(insert, (ids[0], "anki"))
    connection.close()
    command.upgrade(alembic_config(url), "head")
    connection = sqlite3.connect(home / "flashcards.db")
    connection.execute(insert, (ids[0], "anki"))
    connection.commit()
    assert connection.execute("SELECT mode FROM reviews ORDER BY id").fetchall() == [("cram",), ("anki",)]
    connection.close()
    with pytest.raises(RuntimeError, match="1 reviews were given in Anki"):
        command.downgrade(alembic_config(url), "5e7a3c2d1b08")
    connection = sqlite3.connect(home / "flashcards.db")
    assert connection.execute("SELECT count(*) FROM reviews").fetchone() == (2,)
    connection.close()


# --- what is printed, without Anki ------------------------------------------------------------------


def _package(path: Path, notes: list[tuple[int, str]], cards: list[tuple[int, int, int]],
             revlog: list[tuple[int, int, int, int]]) -> Path:
    """A package in the oldest shape (`collection.anki2`, no meta) holding the three tables read."""
    database = path.with_suffix(".anki2")
    connection = sqlite3.connect(database)
    connection.executescript("CREATE TABLE notes (id integer PRIMARY KEY, guid text);"
                             "CREATE TABLE cards (id integer PRIMARY KEY, nid integer, ord integer);"
                             "CREATE TABLE revlog (id integer PRIMARY KEY, cid integer, ease integer,"
                             " type integer, time integer);")
    connection.executemany("INSERT INTO notes VALUES (?, ?)", notes)
    connection.executemany("INSERT INTO cards VALUES (?, ?, ?)", cards)
    connection.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, 5000)", revlog)
    connection.commit()
    connection.close()
    return _zip(path, {"collection.anki2": database.read_bytes()})


@pytest.mark.parametrize("no_color", [True, False])
def test_the_plan_names_notes_not_here_and_every_reason_for_a_skip(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        no_color: bool) -> None:
    if not no_color:
        monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-03T09:00:00+00:00")  # after the answers in Anki
    make_collection(isolated_home, NOW, [{"front": "a", "guid": "ga"}, {"front": "b", "guid": "gb"}])
    package = _package(tmp_path / "deck.apkg", [(1, "ga"), (2, "gb"), (3, "elsewhere")],
                       [(11, 1, 0), (12, 2, 0), (13, 3, 0)],
                       [(ms(day(1)), 11, 3, 0), (ms(day(1, 11)), 11, 0, 4), (ms(day(2)), 13, 3, 1),
                        (ms(day(10)), 12, 3, 1)])
    monkeypatch.chdir(tmp_path)
    output = _ok(invoke("import-anki", "deck.apkg", "--dry-run"))
    assert output == (
        "Read deck.apkg: 3 notes, 3 cards, 4 reviews (Anki's legacy format).\n"
        "Matched 2 cards with cards here; 1 note not in this collection.\n"
        "To append: 1 review of 1 card, on 2026-11-29.\n"
        "Skipped 3 reviews: 1 manual schedule change, 1 of cards not here, 1 dated after\n"
        "now (for a later import).\n"
        "Dry run: nothing was written.\n")
    assert _ok(invoke("import-anki", str(package))).endswith(
        "Appended 1 review; each card's schedule is SM-2's replay of its log.\n")
    assert "\x1b[" not in output and max(len(line) for line in output.splitlines()) <= 80


def test_a_package_without_history_says_how_to_export_one(invoke: Callable[..., Result], isolated_home: Path,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_collection(isolated_home, NOW, [{"front": "a", "guid": "ga"}])
    _package(tmp_path / "new.apkg", [(1, "ga")], [(11, 1, 0)], [])
    monkeypatch.chdir(tmp_path)
    assert _ok(invoke("import-anki", "new.apkg")) == (
        "Read new.apkg: 1 note, 1 card, 0 reviews (Anki's legacy format).\n"
        "Matched 1 card with cards here.\n"
        'The package holds no review history: in Anki, export it with "Include scheduling\n'
        'information" ticked.\n')


def test_a_card_graded_here_after_anki_keeps_its_log_and_older_anki_rows_are_not_added(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHCARDS_NOW", "2026-12-03T09:00:00+00:00")  # after the answers in Anki
    from tests.test_export_anki import study

    (card,) = make_collection(isolated_home, NOW, [{"front": "a", "guid": "ga"}])
    study(isolated_home, "UTC", [(card, day(2), 4, "scheduled")])
    package = _package(tmp_path / "deck.apkg", [(1, "ga")], [(11, 1, 0)],
                       [(ms(day(1)), 11, 3, 1), (ms(day(3)), 11, 4, 1)])
    output = _ok(invoke("import-anki", str(package)))
    assert "Skipped 1 review: 1 older than the card's last review here.\n" in output
    assert [(grade, mode) for _, _, _, grade, mode, _ in _log(isolated_home)] == [(4, "scheduled"), (5, "anki")]
    assert "All checks passed." in _ok(invoke("check"))


def test_a_reset_card_takes_only_what_anki_logged_after_the_reset(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_export_anki import study

    (card,) = make_collection(isolated_home, NOW, [{"front": "a", "guid": "ga"}])
    study(isolated_home, "UTC", [(card, day(1), 5, "scheduled")])
    monkeypatch.setenv("FLASHCARDS_NOW", day(2).isoformat())
    _ok(invoke("reset", str(card)))
    package = _package(tmp_path / "deck.apkg", [(1, "ga")], [(11, 1, 0)],
                       [(ms(day(1, 12)), 11, 4, 1), (ms(day(3)), 11, 3, 0)])
    monkeypatch.setenv("FLASHCARDS_NOW", day(5).isoformat())
    assert "Skipped 1 review: 1 older than the card's last review here.\n" in _ok(invoke("import-anki", str(package)))
    # Replayed from the reset: one Good, a first success.
    assert _cards(isolated_home)[card][:5] == (1, 250, 1, "2026-12-02", 0)
    assert "All checks passed." in _ok(invoke("check"))


def test_an_exam_ahead_caps_the_due_date_as_a_grade_here_would(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (card,) = make_collection(isolated_home, NOW, [{"front": "a", "guid": "ga"}], exam_date=date(2026, 12, 10),
                              exam_set_at=NOW)
    package = _package(tmp_path / "deck.apkg", [(1, "ga")], [(11, 1, 0)],
                       [(ms(day(n)), 11, 4, 1) for n in (1, 2, 3)])
    monkeypatch.setenv("FLASHCARDS_NOW", day(4).isoformat())
    _ok(invoke("import-anki", str(package)))
    # Easy three times: EF 2.60, 2.70, 2.80 and I = 1, 6, ceil(6 × 2.70) = 17 from 1 December would be
    # the 18th; the exam on the 10th caps the due date, not the interval.
    assert _cards(isolated_home)[card][:5] == (3, 280, 17, "2026-12-10", 0)
    assert "All checks passed." in _ok(invoke("check"))


def test_a_card_graded_while_the_import_read_stops_it_and_nothing_is_written(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flashcards.storage import anki_reviews
    from tests.test_export_anki import study

    (card,) = make_collection(isolated_home, NOW, [{"front": "a", "guid": "ga"}])
    study(isolated_home, "UTC", [(card, NOW, 4, "scheduled")])
    package = _package(tmp_path / "deck.apkg", [(1, "ga")], [(11, 1, 0)], [(ms(day(1)), 11, 3, 1)])
    monkeypatch.setenv("FLASHCARDS_NOW", day(4).isoformat())
    real = anki_reviews.card_logs
    calls = iter([lambda session, ids: {card_id: CardLog() for card_id in ids}])  # read before the grade

    def reading(session: Any, ids: Any) -> dict[int, CardLog]:
        return next(calls, real)(session, ids)

    monkeypatch.setattr(anki_reviews, "card_logs", reading)
    before = (_log(isolated_home), _cards(isolated_home))
    result = invoke("import-anki", str(package))
    assert (result.exit_code, result.output) == (
        1, "Error: a card was graded while its Anki reviews were read; nothing was written, run import-anki again\n")
    assert (_log(isolated_home), _cards(isolated_home)) == before


def test_an_exam_set_after_the_import_caps_from_the_last_anki_review(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Setting an exam re-derives due dates from each card's last schedule-moving review: Anki's count."""
    (card,) = make_collection(isolated_home, NOW, [{"front": "a", "guid": "ga"}])
    package = _package(tmp_path / "deck.apkg", [(1, "ga")], [(11, 1, 0)],
                       [(ms(day(n)), 11, 4, 1) for n in (1, 2, 3)])
    monkeypatch.setenv("FLASHCARDS_NOW", day(4).isoformat())
    _ok(invoke("import-anki", str(package)))
    assert _cards(isolated_home)[card][3] == "2026-12-18"
    _ok(invoke("exam", "docker", "--date", "2026-12-10"))
    assert _cards(isolated_home)[card][3] == "2026-12-10"
    assert "All checks passed." in _ok(invoke("check"))
    _ok(invoke("exam", "docker", "--clear"))
    assert _cards(isolated_home)[card][3] == "2026-12-18"
    assert "All checks passed." in _ok(invoke("check"))


def test_stats_count_the_reviews_given_in_anki(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    make_collection(isolated_home, NOW, [{"front": "a", "guid": "ga"}])
    package = _package(tmp_path / "deck.apkg", [(1, "ga")], [(11, 1, 0)],
                       [(ms(day(n)), 11, 1 if n == 2 else 3, 1) for n in (1, 2, 3)])
    monkeypatch.setenv("FLASHCARDS_NOW", day(3, 12).isoformat())
    _ok(invoke("import-anki", str(package)))
    stats = json.loads(_ok(invoke("stats", "--json")))
    assert (stats["today"]["reviewed"], stats["streak"]["current"]) == (1, 3)
    # Retention: the second and third answers were of a card seen before; Again failed, Good passed.
    assert stats["retention"][0] == {"days": 7, "reviews": 2, "passed": 1, "rate": 0.5}


def test_undoing_a_grade_given_here_after_the_import_puts_anki_s_last_review_back(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flashcards.storage.reviews import record_grade, undo_review

    (card,) = make_collection(isolated_home, NOW, [{"front": "a", "guid": "ga"}])
    package = _package(tmp_path / "deck.apkg", [(1, "ga")], [(11, 1, 0)], [(ms(day(n)), 11, 3, 1) for n in (1, 2)])
    monkeypatch.setenv("FLASHCARDS_NOW", day(3).isoformat())
    _ok(invoke("import-anki", str(package)))
    imported = _cards(isolated_home)[card]
    store = _store(isolated_home)
    try:
        outcome = record_grade(store, card_id=card, quality=5, now=day(8), today=date(2026, 12, 6), mode="scheduled")
        undo_review(store, outcome.review_id, day(8))
    finally:
        store.close()
    assert _cards(isolated_home)[card] == imported  # last_reviewed_at included: Anki's answer on day 2
    assert "All checks passed." in _ok(invoke("check"))


def test_anki_tags_not_ours_are_kept_on_the_note_s_first_card_and_a_second_import_changes_nothing() -> None:
    from flashcards.core.anki_merge import anki_tags_of, tags_to_keep, with_anki_tags

    assert with_anki_tags("leech anki:old", ["marked", "flashcards::section::A", "Flashcards::tag::x", "marked"]) == (
        "leech anki:marked")
    assert anki_tags_of("leech anki:marked anki:exam::w1") == ("marked", "exam::w1")
    ours = [OurCard(1, "gF", "k", None, tags="anki:marked"), OurCard(2, "gQ", "q", None, tags="leech")]
    notes = [("gF", ("marked",)), ("gQ", ("flashcards::section::T", "hard")), ("gone", ("x",))]
    assert tags_to_keep(notes, ours) == {2: "leech anki:hard"}
    assert tags_to_keep([("gF", ())], ours) == {1: ""}  # a tag removed in Anki goes here too
