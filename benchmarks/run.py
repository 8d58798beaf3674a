"""Run every benchmark, print the results table and write it into benchmarks/README.md.

    .venv/bin/python -m benchmarks.run            # everything (about 6-8 minutes from scratch on 2 cores)
    .venv/bin/python -m benchmarks.run --no-write # print the table only

Order of work: build or reuse the collections (`benchmarks.generate`), check that both sides have
the same cards due today (`benchmarks.agreement`, aborting otherwise), warm each command up once
(bytecode cache and page cache), then measure, alternating ours and Anki's run by run so that a
slow moment of the machine hits both. Every measurement is a fresh process (`benchmarks.measure`).
Raw figures go to benchmarks/data/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import agreement
from benchmarks.generate import Collections, build_env, ensure_collections
from benchmarks.measure import ChildFailed, Conversation, Run, Summary, percentile, timed_answer, to_exit, until_output

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
DATA = HERE / "data"
README = HERE / "README.md"
CORPUS = PROJECT.parent / "shared" / "corpus"
SIZES = (1_000, 10_000, 100_000)
NOTES = 2_000
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
# The synthetic fronts (benchmarks.synthetic._content), as both sides print them: the card is shown.
FRONT = re.compile(rb"What does term \d{6} mean in deck\d\d\?")
# What `anki_side quiz` prints first: the collection connection's `PRAGMA synchronous`, as it grades.
SYNCHRONOUS_LINE = re.compile(rb"SYNCHRONOUS (\d)")
SYNCHRONOUS_NAMES = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
# markdown-it-py on its own, configured as flashcards/core/extract/parser.py configures it (not imported
# from there: this process loads nothing of ours), parsing the file named on its command line.
PARSE_ONLY = (
    "import sys\n"
    "from markdown_it import MarkdownIt\n"
    "from mdit_py_plugins.deflist import deflist_plugin\n"
    "from mdit_py_plugins.front_matter import front_matter_plugin\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "parser = MarkdownIt('commonmark').enable(['table', 'strikethrough'])\n"
    "parser.use(deflist_plugin).use(front_matter_plugin)\n"
    "print(len(parser.parse(text)), 'tokens')\n"
)


def bench_env() -> dict[str, str]:
    """Children run as a plain installed program would: bytecode cached (in benchmarks/data, not in
    the source tree), default stdout buffering, UTC, and no inherited FLASHCARDS_* settings."""
    env = build_env()
    for key in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PYTHONPYCACHEPREFIX"):
        env.pop(key, None)
    env["PYTHONPYCACHEPREFIX"] = str(DATA / "pycache")
    return env


def flashcards(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "flashcards"), *args]


def anki_side(*args: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.anki_side", *args]


@dataclass
class Row:
    """One line of the results table."""

    measurement: str
    size: str
    unit: str
    ours: Summary  # no runs: the row was skipped (its note says why)
    anki: Summary | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    spread: bool = True

    @property
    def ratio(self) -> float | None:
        return None if self.anki is None or not self.ours.runs else self.ours.median / self.anki.median


def skipped(measurement: str, size: str, reason: str) -> Row:
    """A row that could not be measured here: it stays in the table, saying why."""
    return Row(measurement, size, "ms", Summary(()), note=f"skipped: {reason}")


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    counts: dict[int, tuple[int, int]] = field(default_factory=dict)


def _both(runs: int, ours: Callable[[], Run], anki: Callable[[], Run]) -> tuple[list[Run], list[Run]]:
    """`runs` of each, alternating, after one warm-up of each that is not counted."""
    ours(), anki()
    mine: list[Run] = []
    theirs: list[Run] = []
    for _ in range(runs):
        mine.append(ours())
        theirs.append(anki())
    return mine, theirs


def _ms(runs: Sequence[Run]) -> Summary:
    return Summary(tuple(run.seconds * 1000 for run in runs))


def _mib(runs: Sequence[Run]) -> Summary:
    return Summary(tuple(run.peak_mib for run in runs))


def _s(runs: Sequence[Run]) -> Summary:
    return Summary(tuple(run.seconds for run in runs))


def startup(results: Results, collections: Collections, runs: int, env: dict[str, str], largest: bool) -> None:
    """Time to first card, `due`, and peak memory at the first card, for one collection size."""
    ours_env = dict(env, FLASHCARDS_HOME=str(collections.ours_home))
    anki_path = str(collections.anki_path)

    def shown(output: bytes) -> bool:
        match = FRONT.search(output)
        return match is not None and b"\n" in output[match.end():]

    def our_card() -> Run:
        return until_output(flashcards("quiz"), ours_env, shown, cwd=str(PROJECT))

    def anki_card() -> Run:
        return until_output(anki_side("first-card", anki_path), env, shown, cwd=str(PROJECT))

    size = f"{collections.spec.cards:,}"
    mine, theirs = _both(runs, our_card, anki_card)
    ratio_row = Row("time to first card", size, "ms", _ms(mine), _ms(theirs))
    if largest:
        _at_most(ratio_row, 0.5)
    results.rows.append(ratio_row)
    ours_peak, anki_peak = _mib(mine), _mib(theirs)
    memory = Row("peak memory at first card", size, "MiB", ours_peak, anki_peak)
    if largest:
        _at_most(memory, 0.5)
    results.rows.append(memory)

    def our_due() -> Run:
        return to_exit(flashcards("due"), ours_env, cwd=str(PROJECT))[0]

    def anki_due() -> Run:
        return to_exit(anki_side("due", anki_path), env, cwd=str(PROJECT))[0]

    mine, theirs = _both(runs, our_due, anki_due)
    due = Row("`flashcards due` vs Anki open + deck counts", size, "ms", _ms(mine), _ms(theirs))
    due.target, due.met = "< 60 ms", due.ours.median < 60  # on every size (issue 13)
    results.rows.append(due)


def our_synchronous(home: Path) -> str:
    """`PRAGMA synchronous` as the program's own store connections set it (read on `home`, a scratch copy).

    The harness cannot ask the quiz process itself; the store's connections are the ones its grades
    commit through.
    """
    from sqlalchemy import text

    from flashcards.storage.store import Store

    store = Store.open(f"sqlite:///{home / 'flashcards.db'}", home, datetime.now(UTC))
    try:
        with store.read() as session:
            value = session.execute(text("PRAGMA synchronous")).scalar()
    finally:
        store.close()
    return SYNCHRONOUS_NAMES.get(int(value), str(value)) if value is not None else "unknown"


def answers(results: Results, collections: Collections, count: int, env: dict[str, str]) -> None:
    """Grade → committed → next card, `count` times on each side, on copies of the largest collections.

    The two quizzes run side by side and answer in turn (one of ours, one of Anki's), so a busy moment
    of the machine hits both. Each side's `PRAGMA synchronous` is read back and put in the label: the
    issue compares the two at the same durability.
    """
    scratch = DATA / "scratch" / "answers"
    shutil.rmtree(scratch, ignore_errors=True)
    (scratch / "ours").mkdir(parents=True)
    shutil.copy2(collections.ours_home / "flashcards.db", scratch / "ours" / "flashcards.db")
    shutil.copy2(collections.anki_path, scratch / "collection.anki2")
    ours_setting = our_synchronous(scratch / "ours")
    sides = {
        "ours": Conversation(flashcards("quiz"), dict(env, FLASHCARDS_HOME=str(scratch / "ours")), cwd=str(PROJECT)),
        "anki": Conversation(anki_side("quiz", str(scratch / "collection.anki2")), env, cwd=str(PROJECT)),
    }
    latencies: dict[str, list[float]] = {side: [] for side in sides}
    try:
        anki_value = int(sides["anki"].read_match(SYNCHRONOUS_LINE).group(1))
        anki_setting = SYNCHRONOUS_NAMES.get(anki_value, str(anki_value))
        for conversation in sides.values():
            conversation.wait_for(FRONT)
        for _ in range(count):
            for side, conversation in sides.items():
                started, finished = timed_answer(conversation, shown=FRONT, grade_prompt=b"Grade 0-5")
                latencies[side].append(finished - started)
    finally:
        for conversation in sides.values():
            conversation.close()
        shutil.rmtree(scratch, ignore_errors=True)
    durability = (f"synchronous={ours_setting} on both sides" if ours_setting == anki_setting
                  else f"synchronous: ours {ours_setting}, Anki {anki_setting}")
    size = f"{collections.spec.cards:,}"
    for label, share in (("p50", 0.50), ("p99", 0.99)):
        mine = Summary((percentile(latencies["ours"], share) * 1000,))
        theirs = Summary((percentile(latencies["anki"], share) * 1000,))
        row = Row(f"answer latency {label} ({count:,} answers each, alternating sides; {durability})", size, "ms",
                  mine, theirs, spread=False)
        if label == "p99":
            row.target, row.met = "< 10 ms", mine.median < 10
        else:
            _at_most(row, 1.5)
        results.rows.append(row)


class Background(threading.Thread):
    """Commands run one after another on a thread, each timed: the load a foreground measurement meets.

    `intervals` holds each command's (start, end) in `perf_counter` time, so the foreground keeps only
    what it measured while one of them ran. A command that fails is timed too and its error kept in
    `failures` (the row reports it: an import that fails under a quiz is a finding, not a harness
    error); anything else that goes wrong is raised again by `join_and_check`.
    """

    def __init__(self, commands: Sequence[tuple[Callable[[], None], list[str]]], env: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self._commands, self._env = commands, env
        self.intervals: list[tuple[float, float]] = []
        self.failures: list[str] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for prepare, command in self._commands:
                prepare()
                started = time.perf_counter()
                try:
                    to_exit(command, self._env, cwd=str(PROJECT))
                except ChildFailed as failed:
                    self.failures.append(str(failed).rsplit(": ", 1)[-1])
                self.intervals.append((started, time.perf_counter()))
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self.error = error

    def during(self, started: float, finished: float) -> bool:
        """Whether [started, finished] overlaps one of the commands' runs."""
        return any(started < end and finished > begin for begin, end in self.intervals)

    def join_and_check(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error

    def failed(self) -> str:
        """What the row's note says about failed commands ("" when none failed)."""
        if not self.failures:
            return ""
        return (f"; **{len(self.failures)} of {len(self.intervals)} imports failed** "
                f"({'; '.join(sorted(set(self.failures)))})")


def _fresh_copy(source: Path, target: Path, prefix: str) -> None:
    """Copy the notes under `source` to `target`, each file renamed `<prefix><name>`: new paths and new
    decks (a file's deck is its name), so importing the copy writes every card as new."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            copy = target / path.relative_to(source).with_name(prefix + path.name)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)


def _corpus_imports(scratch: Path, source: Path, count: int) -> list[tuple[Callable[[], None], list[str]]]:
    """`count` imports that each really write: a fresh copy of `source`, in new decks.

    Not `--deck NAME` on the same copy: with one deck for every file, two files holding the same card
    key stop the import with a database error (UNIQUE constraint failed: cards.key).
    """
    def copier(number: int) -> Callable[[], None]:
        def copy() -> None:
            _fresh_copy(source, scratch / f"notes-{number}", f"r{number}-")

        return copy

    return [(copier(number), flashcards("import", str(scratch / f"notes-{number}"))) for number in range(1, count + 1)]


GRADE_DURING_IMPORT = "a grade while the shared corpus is imported"


def grade_during_import(results: Results, collections: Collections, env: dict[str, str], imports: int) -> None:
    """Our quiz grading without pause on a copy of the largest collection while `imports` imports of the
    shared corpus (a fresh copy each, into a fresh deck, so each commits thousands of new cards) run
    back to back into the same home; only the grades that overlap an import count."""
    size = f"{collections.spec.cards:,}"
    if not (CORPUS.is_dir() and any(CORPUS.glob("*.md"))):
        results.rows.append(skipped(GRADE_DURING_IMPORT, size, f"no {CORPUS}"))
        return
    scratch = DATA / "scratch" / "grade-import"
    shutil.rmtree(scratch, ignore_errors=True)
    home = scratch / "home"
    home.mkdir(parents=True)
    shutil.copy2(collections.ours_home / "flashcards.db", home / "flashcards.db")
    ours_env = dict(env, FLASHCARDS_HOME=str(home))
    quiz = Conversation(flashcards("quiz"), ours_env, cwd=str(PROJECT))
    grades: list[tuple[float, float]] = []
    try:
        quiz.wait_for(FRONT)
        background = Background(_corpus_imports(scratch, CORPUS, imports), ours_env)
        background.start()
        while background.is_alive():
            # Grade 3 brings the card back later in the session, so the queue never runs dry.
            grades.append(timed_answer(quiz, shown=FRONT, grade_prompt=b"Grade 0-5", grade="3"))
        background.join_and_check()
    finally:
        quiz.close()
        shutil.rmtree(scratch, ignore_errors=True)
    during = [(finished - started) * 1000 for started, finished in grades if background.during(started, finished)]
    seconds = sum(end - begin for begin, end in background.intervals)
    note = (f"our quiz on a copy of the collection, {len(during):,} grades during {imports} imports of "
            f"`{CORPUS.name}` (with `fields/`, {seconds:.1f} s) into the same home{background.failed()}")
    for label, value in (("p99", percentile(during, 0.99)), ("max", max(during))):
        row = Row(f"{GRADE_DURING_IMPORT}: {label}", size, "ms", Summary((value,)), note=note, spread=False)
        row.target, row.met = "< 200 ms", value < 200 and not background.failures
        results.rows.append(row)


DUE_ON_POSTGRES = "`flashcards due` on PostgreSQL while an import runs"


def due_on_postgres(results: Results, env: dict[str, str], imports: int) -> None:
    """`flashcards due` against a throwaway PostgreSQL server holding the 2,000 generated notes, run again
    and again while imports (fresh copies into fresh decks) write to the same database."""
    from benchmarks.notes import write_notes
    from benchmarks.postgres import server_binaries, throwaway_server

    size = f"{NOTES * 6:,}"
    binaries = server_binaries()
    if binaries is None:
        results.rows.append(skipped(DUE_ON_POSTGRES, size, "no PostgreSQL server binaries (initdb, pg_ctl)"))
        return
    if CORPUS.is_dir() and any(CORPUS.glob("*.md")):
        source, what = CORPUS, f"`{CORPUS.name}`"
    else:
        source, what = write_notes(DATA / "notes-300", 300), "300 generated notes"
    scratch = DATA / "scratch" / "postgres"
    shutil.rmtree(scratch, ignore_errors=True)
    (scratch / "home").mkdir(parents=True)
    timings: list[tuple[float, float]] = []
    with throwaway_server(binaries) as server:
        pg_env = {key: value for key, value in env.items() if not key.startswith("PG")}
        pg_env.update(FLASHCARDS_HOME=str(scratch / "home"), FLASHCARDS_DATABASE_URL=server.create_database("bench"))
        to_exit(flashcards("import", str(write_notes(DATA / f"notes-{NOTES}", NOTES))), pg_env, cwd=str(PROJECT))
        to_exit(flashcards("due"), pg_env, cwd=str(PROJECT))  # warm-up, not counted
        # The same command with nothing else running, so the row tells the import's cost from the path's.
        alone = Summary(tuple(to_exit(flashcards("due"), pg_env, cwd=str(PROJECT))[0].seconds * 1000
                              for _ in range(3)))
        background = Background(_corpus_imports(scratch, source, imports), pg_env)
        background.start()
        while background.is_alive():
            started = time.perf_counter()
            to_exit(flashcards("due"), pg_env, cwd=str(PROJECT))
            timings.append((started, time.perf_counter()))
        background.join_and_check()
    shutil.rmtree(scratch, ignore_errors=True)
    during = tuple((finished - started) * 1000 for started, finished in timings if background.during(started, finished))
    row = Row(DUE_ON_POSTGRES, size, "ms", Summary(during),
              note=f"{NOTES:,} generated notes (one deck each) on a local server at its default durability; {len(during)} runs, "
                   f"each a fresh process, during {imports} imports of {what}; median (min–max); "
                   f"alone {_figure(alone.median, 'ms')}{background.failed()}")
    row.target, row.met = "< 200 ms, max too", max(during) < 200 and not background.failures
    results.rows.append(row)


def _empty_ours(template: Path) -> Path:
    """An empty collection at the current schema (made once, by the program's own migrations)."""
    from benchmarks.build_ours import create_schema

    database = template / "flashcards.db"
    if not database.exists():
        create_schema(template, datetime.now(UTC))
    return database


def _empty_anki(template: Path, env: dict[str, str]) -> Path:
    """An empty Anki collection, made once in a child process (this one never imports anki)."""
    path = template / "collection.anki2"
    if not path.exists():
        template.mkdir(parents=True, exist_ok=True)
        to_exit([sys.executable, "-c", f"from anki.collection import Collection; Collection({str(path)!r}).close()"],
                env, cwd=str(PROJECT))
    return path


def imports(results: Results, label: str, notes: Path, runs: int, env: dict[str, str],
            target: float | None = None, first_ratio: float | None = None, again_ratio: float | None = None) -> None:
    """First import into an empty collection, then re-import of the unchanged notes.

    Anki has no Markdown import; its counterpart imports the same cards as a text file (what our
    `export csv` writes for it), first into an empty collection and then again unchanged.
    """
    scratch = DATA / "scratch" / "import"
    shutil.rmtree(scratch, ignore_errors=True)
    ours_empty = _empty_ours(DATA / "templates" / "ours")
    anki_empty = _empty_anki(DATA / "templates" / "anki", env)
    text_file = scratch / "cards.txt"

    def fresh(number: int) -> tuple[dict[str, str], Path]:
        home = scratch / f"ours-{number}"
        home.mkdir(parents=True)
        shutil.copy2(ours_empty, home / "flashcards.db")
        collection = scratch / f"anki-{number}" / "collection.anki2"
        collection.parent.mkdir(parents=True)
        shutil.copy2(anki_empty, collection)
        return dict(env, FLASHCARDS_HOME=str(home)), collection

    first_ours: list[Run] = []
    first_anki: list[Run] = []
    again_ours: list[Run] = []
    again_anki: list[Run] = []
    for number in range(runs + 1):  # run 0 is the warm-up
        ours_env, collection = fresh(number)
        mine = to_exit(flashcards("import", str(notes)), ours_env, cwd=str(PROJECT))[0]
        if not text_file.exists():
            to_exit(flashcards("export", "csv", "-o", str(text_file)), ours_env, cwd=str(PROJECT))
        theirs = to_exit(anki_side("import-csv", str(collection), str(text_file)), env, cwd=str(PROJECT))[0]
        if number:
            first_ours.append(mine)
            first_anki.append(theirs)
    ours_env, collection = dict(env, FLASHCARDS_HOME=str(scratch / "ours-0")), scratch / "anki-0" / "collection.anki2"
    for _ in range(runs):
        again_ours.append(to_exit(flashcards("import", str(notes)), ours_env, cwd=str(PROJECT))[0])
        again_anki.append(to_exit(anki_side("import-csv", str(collection), str(text_file)), env,
                                  cwd=str(PROJECT))[0])
    shutil.rmtree(scratch, ignore_errors=True)
    first = Row(f"import {label}: first", "", "s", _s(first_ours), _s(first_anki),
                note="Anki: the same cards as a text file")
    if first_ratio is not None:
        _at_most(first, first_ratio)
    results.rows.append(first)
    again = Row(f"import {label}: again, unchanged", "", "s", _s(again_ours), _s(again_anki),
                note="Anki: the same text file again")
    if again_ratio is not None:
        _at_most(again, again_ratio)
    if target is not None:
        absolute_met = again.ours.median < target
        again.target = f"{again.target}, < {target:g} s" if again.target else f"< {target:g} s"
        again.met = absolute_met and (again.met is None or again.met)
    results.rows.append(again)


def big_note(results: Results, runs: int, env: dict[str, str]) -> None:
    """One 1 MB note: our whole extraction (`import --dry-run --json`) against markdown-it-py parsing it.

    Both sides are fresh processes reading the same file; ours runs in a home holding an empty
    collection at the current schema (a dry run writes nothing), and prints every card as JSON.
    """
    from benchmarks.notes import write_big_note

    note = write_big_note(DATA / "big-note" / "study-guide.md")
    scratch = DATA / "scratch" / "big-note"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    shutil.copy2(_empty_ours(DATA / "templates" / "ours"), scratch / "flashcards.db")
    ours_env = dict(env, FLASHCARDS_HOME=str(scratch))
    command = flashcards("import", str(note), "--dry-run", "--json")
    cards = len(json.loads(to_exit(command, ours_env, cwd=str(PROJECT))[1]))  # and the warm-up
    to_exit([sys.executable, "-c", PARSE_ONLY, str(note)], env, cwd=str(PROJECT))
    mine: list[Run] = []
    theirs: list[Run] = []
    for _ in range(runs):
        mine.append(to_exit(command, ours_env, cwd=str(PROJECT))[0])
        theirs.append(to_exit([sys.executable, "-c", PARSE_ONLY, str(note)], env, cwd=str(PROJECT))[0])
    shutil.rmtree(scratch, ignore_errors=True)
    megabytes = note.stat().st_size / 1_000_000
    row = Row(f"a {megabytes:.1f} MB note: `import --dry-run --json` vs markdown-it-py parsing it alone",
              f"{cards:,}", "s", _s(mine), _s(theirs),
              note="the \"Anki\" column is the parser: read the file, build the extractor's MarkdownIt, `.parse`")
    row.target, row.met = "≤ 1.5 × the parse", row.ratio is not None and row.ratio <= 1.5
    results.rows.append(row)


def export(results: Results, collections: Collections, runs: int, env: dict[str, str],
           with_scheduling: bool = False) -> None:
    """The whole largest collection to an .apkg on both sides, with or without scheduling (progress and
    review history: ours `--with-scheduling`, Anki's `with_scheduling` and deck options)."""
    scratch = DATA / "scratch" / "export"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    ours_env = dict(env, FLASHCARDS_HOME=str(collections.ours_home))
    mine: list[Run] = []
    theirs: list[Run] = []
    flag = ["--with-scheduling"] if with_scheduling else []
    for _ in range(runs):
        mine.append(to_exit(flashcards("export", "anki", "-o", str(scratch / "ours.apkg"), *flag), ours_env,
                            cwd=str(PROJECT))[0])
        theirs.append(to_exit(anki_side("export", str(collections.anki_path), str(scratch / "anki.apkg"), *flag),
                              env, cwd=str(PROJECT))[0])
    shutil.rmtree(scratch, ignore_errors=True)
    label = ("export to .apkg with scheduling (progress and review history)" if with_scheduling
             else "export to .apkg (no scheduling)")
    row = Row(label, f"{collections.spec.cards:,}", "s", _s(mine), _s(theirs))
    _at_most(row, 2.0 if with_scheduling else 1.5)
    results.rows.append(row)


READ_COMMANDS = (
    # (label, arguments, target in seconds, target text): issue 13's targets for what a learner waits for.
    ("`flashcards stats`", ("stats",), 1.0, "< 1 s"),
    ("`flashcards check`", ("check",), 5.0, "< 5 s, < 200 MiB"),
    ("`flashcards cards --json`", ("cards", "--json"), 2.0, "< 2 s"),
)


def reads(results: Results, collections: Collections, runs: int, env: dict[str, str]) -> None:
    """The commands that read the whole collection, on ours only (Anki has no such commands to match)."""
    ours_env = dict(env, FLASHCARDS_HOME=str(collections.ours_home))
    for label, arguments, limit, target in READ_COMMANDS:
        mine = [to_exit(flashcards(*arguments), ours_env, cwd=str(PROJECT))[0] for _ in range(runs)]
        row = Row(label, f"{collections.spec.cards:,}", "s", _s(mine), None, target)
        row.met = row.ours.median < limit and (arguments != ("check",) or _mib(mine).median < 200)
        if arguments == ("check",):
            row.note = f"peak {_mib(mine).median:.0f} MiB"
        results.rows.append(row)


def _at_most(row: Row, ratio: float) -> None:
    """A target of at most `ratio` × Anki (issue 13's targets), met or not."""
    row.target, row.met = f"≤ {ratio:g} × Anki", row.ratio is not None and row.ratio <= ratio


def _figure(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def _cell(summary: Summary | None, unit: str, spread: bool) -> str:
    if summary is None or not summary.runs:
        return "–"
    text = _figure(summary.median, unit)
    if spread and len(summary.runs) > 1:
        text += f" ({_figure(summary.low, unit).split()[0]}–{_figure(summary.high, unit)})"
    return text


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        ram = f", {int(memory.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        ram = ""
    from importlib.metadata import version

    return (f"{model}, {os.cpu_count()} cores{ram}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; anki {version('anki')}, SQLAlchemy {version('sqlalchemy')}")


def revision() -> str:
    """The commit measured, `-dirty` when the working tree has changes (other work in progress).

    Changes to benchmarks/README.md do not count: that file is this program's own output, and the
    table written into it by the last run would otherwise mark every next run dirty.
    """
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True)
    commit = done.stdout.strip() or "unknown"
    changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                              ":(exclude)benchmarks/README.md"], cwd=PROJECT, capture_output=True, text=True)
    return commit + ("-dirty" if changed.stdout.strip() else "")


def load() -> str:
    """The 1-minute load average: other processes on a 2-core machine move every figure."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


BUSY_LOAD_PER_CORE = 0.75
"""A 1-minute load average above this many per core means other work shares the machine with the run
(the run itself keeps about one core busy, so on 2 cores it reads about 1.0 on its own)."""


def busy_load() -> float:
    return BUSY_LOAD_PER_CORE * (os.cpu_count() or 1)


def wait_until_quiet(limit_s: float = 120) -> None:
    """Wait (up to `limit_s`) for the machine to calm down before timing, saying so; the table flags a
    run that still started or ended busy."""
    deadline = time.monotonic() + limit_s
    while _load_value() > busy_load() and time.monotonic() < deadline:
        print(f"the machine is busy (load {_load_value():.1f}): waiting before timing...", file=sys.stderr, flush=True)
        time.sleep(10)


def _load_value() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def table(results: Results, runs: int, when: datetime, load_at_start: str) -> str:
    at_end = load()
    busy = any(value not in ("unknown",) and float(value) > busy_load() for value in (load_at_start, at_end))
    lines = [
        f"Measured {when:%Y-%m-%d %H:%M} UTC at commit `{revision()}` on {machine()}; 1-minute load "
        f"average {load_at_start} at the start, {at_end} at the end"
        + (f" (**busy**: above {busy_load():.1f}, other work shared the machine; the figures may be high)."
           if busy else "."),
        f"Medians of {runs} runs (min–max in brackets), each a fresh process; ratio = ours / Anki "
        "(below 1: we are faster).",
        "Cards due today on both sides (checked before timing): "
        + "; ".join(f"{size:,} cards: {due} reviews + {new} new" for size, (due, new) in sorted(results.counts.items()))
        + ".",
        "",
        "| measurement | cards | flashcards | Anki | ratio | target | met |",
        "|---|--:|--:|--:|--:|---|:-:|",
    ]
    for row in results.rows:
        ratio = "–" if row.ratio is None else f"{row.ratio:.2f}"
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        measurement = row.measurement + (f" ({row.note})" if row.note else "")
        lines.append(f"| {measurement} | {row.size} | {_cell(row.ours, row.unit, row.spread)} | "
                     f"{_cell(row.anki, row.unit, row.spread)} | {ratio} | {row.target} | {met} |")
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    if BEGIN not in readme or END not in readme:
        raise SystemExit(f"{README} has no {BEGIN} ... {END} block to put the table in")
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="Runs per start-up measurement (default 7).")
    parser.add_argument("--slow-runs", type=int, default=3, help="Runs per import/export measurement (default 3).")
    parser.add_argument("--answers", type=int, default=1000, help="Answers for the latency loop (default 1000).")
    parser.add_argument("--scheduling-runs", type=int, default=1,
                        help="Runs of the export with scheduling (default 1: about 80 s for both sides).")
    parser.add_argument("--imports", type=int, default=3,
                        help="Imports run back to back under the grade and PostgreSQL `due` rows (default 3).")
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=list(SIZES),
                        help="Collection sizes, comma-separated (default 1000,10000,100000).")
    parser.add_argument("--no-write", action="store_true", help="Do not write the table into benchmarks/README.md.")
    args = parser.parse_args(argv)
    started = datetime.now(UTC)
    env = bench_env()
    sizes = sorted(args.sizes)
    collections = ensure_collections(DATA, sizes)
    results = Results()
    for size in sizes:  # every check before any timing
        counts = agreement.check(collections[size], env)
        results.counts[size] = (counts.due, counts.new)
        print(f"{size:,} cards: both sides have {counts.due} reviews and {counts.new} new cards due today",
              file=sys.stderr, flush=True)
    wait_until_quiet()  # building the collections and the checks above load the machine themselves
    load_at_start = load()
    for size in sizes:
        print(f"timing start-up on {size:,} cards...", file=sys.stderr, flush=True)
        startup(results, collections[size], args.runs, env, largest=size == sizes[-1])
    print(f"timing {args.answers:,} answers on each side...", file=sys.stderr, flush=True)
    answers(results, collections[sizes[-1]], args.answers, env)
    print("timing grades while the shared corpus is imported...", file=sys.stderr, flush=True)
    grade_during_import(results, collections[sizes[-1]], env, args.imports)
    if CORPUS.is_dir() and any(CORPUS.glob("*.md")):
        print("timing the import of the shared corpus...", file=sys.stderr, flush=True)
        imports(results, f"shared corpus ({len(list(CORPUS.glob('*.md')))} files)", CORPUS, args.slow_runs, env)
    else:
        print(f"skipping the corpus import: no {CORPUS}", file=sys.stderr)
    from benchmarks.notes import write_notes

    print(f"timing the import of {NOTES:,} generated notes...", file=sys.stderr, flush=True)
    imports(results, f"{NOTES:,} generated notes", write_notes(DATA / f"notes-{NOTES}", NOTES), args.slow_runs, env,
            target=1.0, first_ratio=2.0, again_ratio=1.0)
    print("timing a 1 MB note against markdown-it-py's parse...", file=sys.stderr, flush=True)
    big_note(results, args.slow_runs, env)
    print(f"timing the export of {sizes[-1]:,} cards...", file=sys.stderr, flush=True)
    export(results, collections[sizes[-1]], args.slow_runs, env)
    print(f"timing the export of {sizes[-1]:,} cards with scheduling...", file=sys.stderr, flush=True)
    export(results, collections[sizes[-1]], args.scheduling_runs, env, with_scheduling=True)
    print("timing `due` on PostgreSQL while imports run...", file=sys.stderr, flush=True)
    due_on_postgres(results, env, args.imports)
    print("timing stats, check and cards --json...", file=sys.stderr, flush=True)
    reads(results, collections[sizes[-1]], args.slow_runs, env)
    text = table(results, args.runs, started, load_at_start)
    (DATA / "results.json").write_text(json.dumps(
        {"started": started.isoformat(), "machine": machine(), "revision": revision(), "counts": results.counts,
         "rows": [{"measurement": r.measurement, "size": r.size, "unit": r.unit,
                   "ours": r.ours.runs,
                   "anki": r.anki.runs if r.anki else None, "target": r.target, "met": r.met} for r in results.rows]},
        indent=2) + "\n", encoding="utf-8")
    print(text)
    if not args.no_write:
        write_readme(text)
        print(f"\n(written into {README.relative_to(PROJECT)})", file=sys.stderr)
    print(f"total {(datetime.now(UTC) - started).total_seconds():.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
