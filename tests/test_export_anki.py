"""`flashcards export anki`: packages proven by importing them into a fresh collection of the real Anki.

The Anki side (`anki` on PyPI) is a test-time validator only. Tests that use it are marked `anki` and
skip where it is not installed; the rest (escaping rules, SM-2 → Anki mapping, errors, reproducible
output) run everywhere.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from flashcards.core.days import review_day
from flashcards.export import anki_model, fields
from flashcards.export.scheduling import (
    REVLOG_FILTERED,
    REVLOG_LEARN,
    REVLOG_RELEARN,
    REVLOG_REVIEW,
    anki_ease,
    revlog_types,
)
from flashcards.export.source import ExportReview
from tests.conftest import make_collection

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
HOSTILE = "<script>alert(1)</script> a<b c>d & [sound:x.mp3] bell\x07 ünïcødé 🐳 日本語 {{c1::x}} [$]x[/$]"
HOSTILE_SHOWN = HOSTILE.replace("\x07", "")


# --- helpers ---------------------------------------------------------------------------------------


class _Visible(HTMLParser):
    """The text a learner sees inside our wrapper `<div class="...">`, `<br>` read as a newline."""

    def __init__(self, wrapper: str) -> None:
        super().__init__(convert_charrefs=True)
        self.wrapper = wrapper
        self.depth = 0  # nesting depth inside the wrapper; 0 is outside
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            if tag == "br":
                self.parts.append("\n")
            elif tag == "div":
                self.depth += 1
        elif tag == "div" and self.wrapper in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def visible(rendered: str, wrapper: str) -> str:
    parser = _Visible(wrapper)
    parser.feed(rendered)
    return "".join(parser.parts)


def cards(*specs: dict[str, object]) -> list[dict[str, object]]:
    """Card column values; each gets a key of its own (the conftest default uses the front)."""
    return [dict(spec) for spec in specs]


def study(home: Path, zone: str, grades: list[tuple[int, datetime, int, str]]) -> None:
    """Grade cards through the product's own rules (`flashcards.core.scheduling`) and log each grade."""
    from flashcards.core.scheduling import CardState, apply_grade
    from flashcards.storage.models import Card, Review
    from flashcards.storage.store import Store

    store = Store.open(f"sqlite:///{home / 'flashcards.db'}", home, NOW)
    with store.transaction() as session:
        for card_id, moment, grade, mode in grades:
            card = session.get(Card, card_id)
            assert card is not None
            before = CardState(repetitions=card.repetitions, ef_hundredths=card.ef_hundredths,
                               interval=card.interval, due=card.due, lapses=card.lapses, status=card.status,
                               tags=frozenset(card.tags.split()))
            day = review_day(moment, ZoneInfo(zone), 4)
            after = apply_grade(before, grade, day, mode)
            session.add(Review(
                card_id=card_id, reviewed_at=moment, review_day=day, grade=grade, mode=mode,
                repetitions_before=before.repetitions, ef_before=before.ef_hundredths,
                interval_before=before.interval, due_before=before.due, lapses_before=before.lapses,
                status_before=before.status, repetitions_after=after.repetitions,
                ef_after=after.ef_hundredths, interval_after=after.interval, due_after=after.due,
                lapses_after=after.lapses, status_after=after.status, duration_ms=4200 + grade,
            ))
            card.repetitions, card.ef_hundredths = after.repetitions, after.ef_hundredths
            card.interval, card.due, card.lapses = after.interval, after.due, after.lapses
            card.status = after.status
            card.last_reviewed_at = moment
    store.close()


def stored_cards(home: Path) -> dict[str, Any]:
    """The cards as stored, by Anki GUID."""
    from flashcards.storage.models import Card
    from flashcards.storage.store import Store

    store = Store.open(f"sqlite:///{home / 'flashcards.db'}", home, NOW)
    with store.read() as session:
        found = {anki_model.guid(card.key): card for card in session.query(Card)}
    store.close()
    return found


def import_apkg(col: Any, path: Path, *, with_scheduling: bool = True) -> Any:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    options = ImportAnkiPackageOptions(with_scheduling=with_scheduling, with_deck_configs=False)
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log


def export(invoke: Callable[..., Result], *args: str) -> Result:
    result = invoke("export", "anki", *args)
    assert result.exit_code == 0, result.output
    return result


# --- 1. a deck imports whole: counts, hierarchy, fields, tags, rendered cards ----------------------

DOCKER = cards(
    {"key": "docker|command|Core commands › ps|docker ps", "kind": "command",
     "front": "List running containers", "back": "`docker ps`", "context": ["Core commands", "ps"],
     "source_line": 10},
    {"key": "docker|flag|Core commands › run|-d", "kind": "flag", "front": "`docker run -d`",
     "back": "Run in detached mode", "context": ["Core commands", "run"], "source_line": 20},
    {"key": "docker|definition|Images|image", "front": "image",
     "back": "A read-only template\nfor containers", "context": ["Images"], "source_line": 30,
     "tags": "leech", "status": "suspended"},
    {"key": "docker|qa||What is Docker?", "kind": "qa", "front": "What is Docker?",
     "back": "A container runtime", "context": [], "source_line": 2},
    {"key": "docker|definition|Old|gone", "front": "gone", "back": "retired card", "context": ["Old"],
     "status": "retired"},
)


@pytest.mark.anki
def test_a_deck_imports_with_notes_decks_fields_tags_and_rendering(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any) -> None:
    make_collection(isolated_home, NOW, DOCKER)
    out = tmp_path / "docker.apkg"
    result = export(invoke, "docker", "-o", str(out))
    assert result.output.splitlines()[0] == (
        f"Wrote 5 notes in 4 decks to {out}; 1 retired card suspended and tagged flashcards::retired.")

    log = import_apkg(anki_col, out)
    assert len(log.new) == 5
    assert len(anki_col.find_notes("")) == 5 and len(anki_col.find_cards("")) == 5
    names = {deck.name for deck in anki_col.decks.all_names_and_ids()}
    assert {"docker", "docker::Core commands", "docker::Images", "docker::Old"} <= names
    (retired,) = anki_col.find_cards("tag:flashcards::retired")
    assert anki_col.get_card(retired).queue == -1 and anki_col.get_card(retired).note()["Front"] == "gone"

    (nid,) = anki_col.find_notes('"deck:docker::Core commands" "Front:List running containers"')
    note = anki_col.get_note(nid)
    assert note.note_type()["name"] == anki_model.MODEL_NAME
    assert [f["name"] for f in note.note_type()["flds"]] == ["Front", "Back", "Context"]
    assert note["Back"] == "<code>docker ps</code>"
    assert note["Context"] == "docker › Core commands › ps<br><small>x.md:10</small>"
    assert note.tags == ["flashcards::section::Core_commands::ps"]
    assert note.guid == anki_model.guid("docker|command|Core commands › ps|docker ps")
    assert note.mod == int(NOW.timestamp())
    card = note.cards()[0]
    assert visible(card.question(), "fc-front") == "List running containers"
    assert visible(card.question(), "fc-context") == ""  # the source is on the back, small
    assert visible(card.answer(), "fc-context") == "docker › Core commands › ps\nx.md:10"
    assert visible(card.answer(), "fc-back") == "docker ps"
    assert "<code>docker ps</code>" in card.answer()

    (nid,) = anki_col.find_notes('"deck:docker::Images"')
    images = anki_col.get_note(nid)
    assert sorted(images.tags) == ["flashcards::section::Images", "flashcards::tag::leech"]
    assert visible(images.cards()[0].answer(), "fc-back") == "A read-only template\nfor containers"
    assert images.cards()[0].queue == -1  # suspended stays suspended

    (nid,) = anki_col.find_notes('"Front:What is Docker?"')
    top = anki_col.get_note(nid)
    assert anki_col.decks.name(top.cards()[0].did) == "docker" and top.tags == []


# --- 2. hostile text shows exactly as written -------------------------------------------------------


@pytest.mark.anki
def test_html_sound_tags_controls_and_unicode_show_as_written(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any) -> None:
    make_collection(isolated_home, NOW, cards({"front": HOSTILE, "back": HOSTILE + "\nline 2 \x1f end"}))
    out = tmp_path / "hostile.apkg"
    export(invoke, "-o", str(out))
    import_apkg(anki_col, out)

    (cid,) = anki_col.find_cards("")
    card = anki_col.get_card(cid)
    question, answer = card.question(), card.answer()
    assert visible(question, "fc-front") == HOSTILE_SHOWN
    assert visible(answer, "fc-back") == HOSTILE_SHOWN + "\nline 2  end"
    assert "<script" not in question and "<script" not in answer
    assert card.question_av_tags() == [] and card.answer_av_tags() == []  # no sound player was made
    assert "\x1f" not in card.note()["Back"]


# --- 3. edit, re-export, re-import: the note is updated, Anki's progress is kept -------------------


@pytest.mark.anki
def test_reimport_after_an_edit_updates_the_note_and_keeps_anki_progress(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path, anki_col: Any) -> None:
    from anki.scheduler.v3 import CardAnswer

    ids = make_collection(isolated_home, NOW, cards({"front": "port", "back": "docker port <contaner>"},
                                                    {"front": "ps", "back": "docker ps"}))
    first = tmp_path / "v1.apkg"
    export(invoke, "-o", str(first))
    import_apkg(anki_col, first)

    # The learner studies in Anki: answer the card "port" Easy.
    anki_col.decks.select(anki_col.decks.id_for_name("docker::Terms"))
    queued = anki_col.sched.get_queued_cards()
    top = queued.cards[0]
    studied = anki_col.get_card(top.card.id)
    assert studied.note()["Front"] == "port"
    studied.start_timer()
    anki_col.sched.answer_card(anki_col.sched.build_answer(card=studied, states=top.states,
                                                           rating=CardAnswer.EASY))
    studied.load()
    progress = (studied.type, studied.queue, studied.due, studied.ivl, studied.factor, studied.reps)
    assert studied.type == 2 and studied.reps == 1

    # Re-importing the same package changes nothing.
    log = import_apkg(anki_col, first)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 2)

    # The typo is fixed in the notes; `flashcards import` would record the new back and when it changed.
    from flashcards.storage.models import Card
    from flashcards.storage.store import Store

    store = Store.open(f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home, NOW)
    with store.transaction() as session:
        card = session.get(Card, ids[0])
        assert card is not None
        card.back, card.content_changed_at = "docker port <container>", NOW + timedelta(hours=2)
    store.close()
    second = tmp_path / "v2.apkg"
    export(invoke, "-o", str(second))
    log = import_apkg(anki_col, second)

    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 1, 1)
    assert len(anki_col.find_notes("")) == 2 and len(anki_col.find_cards("")) == 2
    assert len(anki_col.models.all_names_and_ids()) == 7  # Anki's six built-ins plus ours, once
    studied.load()
    assert studied.note()["Back"] == "docker port &lt;container&gt;"
    assert visible(studied.answer(), "fc-back") == "docker port <container>"
    assert (studied.type, studied.queue, studied.due, studied.ivl, studied.factor, studied.reps) == progress


# --- 4. --with-scheduling: SM-2 progress continues in Anki, in any time zone ------------------------

ANKI_SNAPSHOT = r"""
import json, sys, time
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[2])
options = ImportAnkiPackageOptions(with_scheduling=sys.argv[3] == "1")
col.import_anki_package(ImportAnkiPackageRequest(package_path=sys.argv[1], options=options))
clock, today = time.time(), col.sched.today
rows = col.db.all(
    "SELECT n.guid, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.id"
    " FROM cards c JOIN notes n ON n.id = c.nid")
cards = {r[0]: dict(zip(("type", "queue", "due", "ivl", "factor", "reps", "lapses"), r[1:8])) for r in rows}
guid_of = {r[8]: r[0] for r in rows}
revlog = col.db.all("SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id")
print(json.dumps({"clock": clock, "today": today, "cards": cards,
                  "revlog": [[guid_of[r[1]], r[0], *r[2:]] for r in revlog]}))
col.close()
"""


def anki_snapshot(apkg: Path, zone: str, tmp_path: Path, *, with_scheduling: bool = True) -> dict[str, Any]:
    """Import into a fresh collection in a process whose local time zone is `zone`.

    A subprocess, because the Anki backend reads the local zone once per process: the learner's Anki
    runs in the learner's zone, and so must this one.
    """
    pytest.importorskip("anki")
    folder = tmp_path / f"anki-{zone.replace('/', '-')}-{with_scheduling}"
    folder.mkdir()
    completed = subprocess.run(
        [sys.executable, "-c", ANKI_SNAPSHOT, str(apkg), str(folder / "collection.anki2"),
         "1" if with_scheduling else "0"],
        env={**os.environ, "TZ": zone}, capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    snapshot: dict[str, Any] = json.loads(completed.stdout)
    return snapshot


@pytest.mark.anki
@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles"])
def test_scheduling_carries_due_interval_ease_reps_lapses_and_history(
        zone: str, invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHCARDS_TZ", zone)
    real_now = datetime.now(timezone.utc).replace(microsecond=0)
    start = real_now - timedelta(days=40)
    ids = make_collection(isolated_home, NOW, cards(
        {"front": "steady"}, {"front": "lapsed"}, {"front": "new"}, {"front": "suspended"},
        {"front": "crammed"}, {"front": "overdue"},
    ))
    steady, lapsed, _new, suspended, crammed, overdue = ids
    day, minute = timedelta(days=1), timedelta(minutes=1)
    study(isolated_home, zone, [
        (steady, start, 5, "scheduled"), (steady, start + day, 4, "scheduled"),
        (steady, start + 7 * day, 5, "scheduled"), (steady, start + 24 * day, 5, "scheduled"),
        (lapsed, minute + start, 4, "scheduled"), (lapsed, minute + start + day, 5, "scheduled"),
        (lapsed, minute + start + 30 * day, 1, "scheduled"),
        (lapsed, start + 30 * day + 3 * minute, 3, "repeat"),
        (lapsed, start + 30 * day + 6 * minute, 4, "repeat"),
        (suspended, start + 2 * minute, 5, "scheduled"), (suspended, start + day, 5, "scheduled"),
        (crammed, start + 39 * day, 5, "scheduled"), (crammed, start + 39 * day + 60 * minute, 2, "cram"),
        (overdue, start, 5, "scheduled"),  # the same millisecond as steady's first grade
    ])
    from flashcards.storage.models import Card
    from flashcards.storage.store import Store

    store = Store.open(f"sqlite:///{isolated_home / 'flashcards.db'}", isolated_home, NOW)
    with store.transaction() as session:
        row = session.get(Card, suspended)
        assert row is not None
        row.status = "suspended"
    store.close()

    out = tmp_path / "progress.apkg"
    result = export(invoke, "-o", str(out), "--with-scheduling")
    assert "with progress for 5 cards and 14 reviews" in result.output
    assert "Import any learning progress" in result.output

    anki = anki_snapshot(out, zone, tmp_path)
    anki_today = review_day(datetime.fromtimestamp(anki["clock"], timezone.utc), ZoneInfo(zone), 4)
    ours = stored_cards(isolated_home)
    for guid, card in ours.items():
        theirs = anki["cards"][guid]
        if card.due is None:
            assert (theirs["type"], theirs["queue"], theirs["ivl"]) == (0, 0, 0), card.front
            assert theirs["reps"] == 0, card.front
            continue
        assert theirs["type"] == 2, card.front
        assert theirs["queue"] == (-1 if card.status == "suspended" else 2), card.front
        assert anki_today + timedelta(days=theirs["due"] - anki["today"]) == card.due, card.front
        assert theirs["ivl"] == card.interval, card.front
        assert theirs["factor"] == card.ef_hundredths * 10, card.front
        assert theirs["lapses"] == card.lapses, card.front
    by_front = {card.front: anki["cards"][guid] for guid, card in ours.items()}
    assert by_front["steady"]["reps"] == 4 and by_front["lapsed"]["reps"] == 5  # repeats are answers too
    assert by_front["lapsed"]["lapses"] == 1 and by_front["crammed"]["reps"] == 1
    assert ours[anki_model.guid("docker|definition|Terms|overdue")].due < anki_today  # overdue stays overdue

    revlog = anki["revlog"]
    assert len(revlog) == 14
    lapsed_guid = anki_model.guid("docker|definition|Terms|lapsed")
    lapsed_log = [row for row in revlog if row[0] == lapsed_guid]
    assert [row[1] for row in lapsed_log] == [  # revlog ids are the answer times in epoch ms
        int((start + offset).timestamp() * 1000)
        for offset in (minute, minute + day, minute + 30 * day, 30 * day + 3 * minute, 30 * day + 6 * minute)
    ]
    started = int(start.timestamp() * 1000)
    assert sorted(row[1] for row in revlog if row[1] in (started, started + 1)) == [started, started + 1]
    # [guid, id, ease, ivl, lastIvl, factor, time, type]
    assert [row[2] for row in lapsed_log] == [3, 4, 1, 2, 3]
    assert [row[7] for row in lapsed_log] == [REVLOG_LEARN, REVLOG_REVIEW, REVLOG_REVIEW, REVLOG_RELEARN,
                                              REVLOG_RELEARN]
    assert [(row[3], row[4]) for row in lapsed_log] == [(1, 0), (6, 1), (1, 6), (1, 1), (1, 1)]
    assert lapsed_log[0][6] == 4204
    crammed_log = [row for row in revlog if row[0] == anki_model.guid("docker|definition|Terms|crammed")]
    assert [(row[2], row[7]) for row in crammed_log] == [(4, REVLOG_LEARN), (1, REVLOG_FILTERED)]


@pytest.mark.anki
def test_without_scheduling_in_the_package_or_the_import_cards_arrive_new(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path) -> None:
    (card,) = make_collection(isolated_home, NOW, cards({"front": "seen"}))
    study(isolated_home, "UTC", [(card, NOW - timedelta(days=3), 5, "scheduled")])

    plain = tmp_path / "plain.apkg"
    export(invoke, "-o", str(plain))
    anki = anki_snapshot(plain, "UTC", tmp_path)
    assert [c["type"] for c in anki["cards"].values()] == [0] and anki["revlog"] == []

    progress = tmp_path / "progress.apkg"
    export(invoke, "-o", str(progress), "--with-scheduling")
    anki = anki_snapshot(progress, "UTC", tmp_path, with_scheduling=False)
    assert [c["type"] for c in anki["cards"].values()] == [0] and anki["revlog"] == []


# --- 6. errors: one line, exit 1, no partial file --------------------------------------------------


def test_an_unknown_deck_is_one_line_and_writes_nothing(invoke: Callable[..., Result], isolated_home: Path,
                                                       tmp_path: Path) -> None:
    make_collection(isolated_home, NOW, cards({"front": "a"}))
    out = tmp_path / "x.apkg"
    result = invoke("export", "anki", "kubernetes", "-o", str(out))
    assert result.exit_code == 1
    assert result.output == "Error: no deck named 'kubernetes'; see `flashcards decks`\n"
    assert list(tmp_path.glob("*.apkg")) == []


@pytest.mark.parametrize("where", ["missing folder", "a folder"])
def test_an_unwritable_output_is_one_line_naming_the_path(where: str, invoke: Callable[..., Result],
                                                          isolated_home: Path, tmp_path: Path) -> None:
    make_collection(isolated_home, NOW, cards({"front": "a"}))
    out = tmp_path / "no" / "such" / "x.apkg" if where == "missing folder" else tmp_path
    result = invoke("export", "anki", "-o", str(out))
    assert result.exit_code == 1
    reason = "No such file or directory" if where == "missing folder" else "it is a folder"
    assert result.output == f"Error: cannot write {out}: {reason}\n"
    assert not (tmp_path / "no").exists()


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(
        invoke: Callable[..., Result], isolated_home: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    make_collection(isolated_home, NOW, cards({"front": "a"}))
    out = tmp_path / "x.apkg"
    out.write_bytes(b"the previous export")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)  # the last step before the rename
    result = invoke("export", "anki", "-o", str(out), "--with-scheduling")
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {out}: No space left on device\n"
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["x.apkg"]


# --- the package itself: reproducible, genanki's layout, help ---------------------------------------


def test_the_same_collection_gives_the_same_bytes(invoke: Callable[..., Result], isolated_home: Path,
                                                 tmp_path: Path) -> None:
    (card,) = make_collection(isolated_home, NOW, DOCKER[:1])
    study(isolated_home, "UTC", [(card, NOW - timedelta(days=2), 4, "scheduled")])
    first, second = tmp_path / "1.apkg", tmp_path / "2.apkg"
    export(invoke, "-o", str(first), "--with-scheduling")
    export(invoke, "-o", str(second), "--with-scheduling")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        assert archive.read("media") == b"{}"
    assert oct(first.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_help_explains_retired_cards_and_the_import_option(invoke: Callable[..., Result]) -> None:
    result = invoke("export", "anki", "--help")
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    assert "Example" in flat and "flashcards export anki" in flat
    assert "Retired cards" in flat and "suspended cards are exported suspended" in flat
    assert "exported suspended and tagged flashcards::retired" in flat and '"Import deck presets"' in flat
    assert '"Import any learning progress"' in flat


# --- the rules, without Anki -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "field"), [
    ("a<b c>d & e", "a&lt;b c&gt;d &amp; e"),
    ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
    ("[sound:x.mp3]", "&#91;sound:x.mp3]"),
    ("run `docker ps -a` now", "run <code>docker ps -a</code> now"),
    ("``a`b``", "<code>a`b</code>"),
    ("one\r\ntwo\nthree", "one<br>two<br>three"),
    ("bell\x07 sep\x1f nul\x00 del\x7f c1\x85", "bell sep nul del c1"),
    ("e\u0301", "\u00e9"),
    ("tab\tkept", "tab\tkept"),
])
def test_field_html(text: str, field: str) -> None:
    assert fields.to_html(text) == field


_BLOCK_LINE = re.compile(r"(?: {4}|\t)\S|\s*(?:[-*+]|\d+[.)]) +\S")


@given(st.text(st.characters(blacklist_characters="`$\\")))
def test_field_html_is_the_text_escaped(text: str) -> None:
    rendered = fields.to_html(text)
    assert "[" not in rendered
    assert set(re.findall(r"</?([a-z]+)", rendered)) <= {"br", "pre", "code", "ul", "ol", "li"}
    clean = fields.clean_text(text)
    if not any(_BLOCK_LINE.match(line) for line in clean.split("\n")):  # text without code blocks or lists
        assert html.unescape(rendered.replace("<br>", "\n")) == clean
        assert "<" not in rendered.replace("<br>", "")


def test_deck_names_and_tags() -> None:
    assert fields.deck_name("docker", ("Core commands", "ps")) == "docker::Core commands"
    assert fields.deck_name("docker", ()) == "docker"
    assert fields.deck_name("a::b", ("x :: y",)) == "a::b::x : y"
    assert fields.deck_name("notes:: ::x", ()) == "notes::x"
    assert fields.deck_name("docker", ("`docker run` flags",)) == "docker::docker run flags"
    tags = fields.tags_for(("Core commands", "ps", "arguments"), "leech")
    assert tags == ["flashcards::section::Core_commands::ps::arguments", "flashcards::tag::leech"]
    assert fields.tags_for((' "Quoted"  heading ', "a::b"), "") == ["flashcards::section::Quoted_heading::a:b"]
    assert fields.tags_for((), "leech leech") == ["flashcards::tag::leech"]


def test_deck_ids_and_guids_are_stable() -> None:
    assert anki_model.deck_id("docker::Core commands") == anki_model.deck_id("docker::Core commands")
    assert anki_model.deck_id("docker") != anki_model.deck_id("docker::Core commands")
    assert all((1 << 30) <= anki_model.deck_id(name) < (1 << 31) for name in ("a", "b", "docker"))
    guid = anki_model.guid
    assert guid("docker|qa||x") == guid("docker|qa||x") != guid("docker|qa||y")


def test_grades_map_to_anki_buttons() -> None:
    assert [anki_ease(grade) for grade in range(6)] == [1, 1, 1, 2, 3, 4]
    with pytest.raises(ValueError):
        anki_ease(6)


def _review(mode: str, due_before: date | None, grade: int = 4) -> ExportReview:
    return ExportReview(reviewed_at=NOW, grade=grade, mode=mode, interval_before=0, interval_after=1,
                        ef_after=250, due_before=due_before, duration_ms=None)


def test_revlog_types_follow_the_session() -> None:
    due = date(2026, 11, 1)
    log = [_review("scheduled", None), _review("repeat", None), _review("scheduled", due, 2),
           _review("repeat", due), _review("cram", due)]
    assert revlog_types(log) == [REVLOG_LEARN, REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_FILTERED]


def test_a_repeat_after_a_passed_hard_is_a_review_not_relearning() -> None:
    due = date(2026, 11, 1)
    log = [_review("scheduled", due, 3), _review("repeat", due, 4)]
    assert revlog_types(log) == [REVLOG_REVIEW, REVLOG_REVIEW]
