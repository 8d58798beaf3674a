"""The `Collection`: the library's face, one method per thing a user does with their cards.

A command opens one collection, calls one method and hands the result to a renderer in
`flashcards.ui` (as sqlite-utils' CLI does with its `Database`). Each rule lives behind these
methods once, so two commands cannot disagree about it; the command line never reaches into storage.

Constructing a collection is cheap and imports nothing heavy: it knows where the data lives and what
time it is. The store (validated, backed up and upgraded by `Store.open`) is opened on the first method
that needs it, once, and closed by `close()`. Methods return plain frozen values from the application
or core layer, never ORM objects, and raise the typed errors of `flashcards.core.errors`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from flashcards.system import clock

if TYPE_CHECKING:
    from flashcards.application.anki_import import AnkiImportReport
    from flashcards.application.card_changes import CardChange, CardChanges, ChosenCard
    from flashcards.application.card_rows import CardRow
    from flashcards.application.day import DeckOverview
    from flashcards.application.exams import ExamSet
    from flashcards.application.importer import ImportRequest, ImportResult
    from flashcards.application.sync import SyncResult
    from flashcards.application.results import CheckReport, ExportReport, NoteExplanation
    from flashcards.application.settings import SettingValue
    from flashcards.core.decks import DeckLimitsSet, DeckRenamed, DeckStatusSet, RetirePreview
    from flashcards.application.stats_report import StatsReport
    from flashcards.core.day_plan import DayPlan
    from flashcards.core.editor import EditorChoice
    from flashcards.core.exam import ExamChange
    from flashcards.core.exam import ExamStatus
    from flashcards.core.quiz_items import GradeOutcome, QuizCard
    from flashcards.core.reschedule import ReschedulePlan
    from flashcards.core.schedulers import DeckScheduler
    from flashcards.core.scheduling import CardState
    from flashcards.core.vocabulary import Grade, Mode
    from flashcards.core.backups import BackupInfo
    from flashcards.storage.fast import QuickReader
    from flashcards.storage.store import Store

_T = TypeVar("_T")


class Collection:
    """A learner's collection: the data folder, its database and the clock.

    Args:
        home: The data folder (backups go there; created when the store is first opened).
        database_url: Any SQLAlchemy URL; by default the SQLite file in `home`.
        now: The clock; `flashcards.system.clock.now` honours `FLASHCARDS_NOW`.
    """

    def __init__(self, home: Path, database_url: str, now: Callable[[], datetime] = clock.now) -> None:
        self.home = home
        self.database_url = database_url
        self.now = now
        self._store: Store | None = None
        self._read_store: Store | None = None  # the read-only store of a command that only reads
        self._writes = False  # set by `require_writable`: every read goes through the writing store
        self._quick: QuickReader | None = None
        self._quick_tried = False
        self._opening: threading.Thread | None = None
        self._opened: Store | BaseException | None = None
        self._checking: threading.Thread | None = None
        self._damage: list[str] | None = None  # what the soundness check found (None: not run)

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def store(self) -> Store:
        """The opened store, opened (validated, backed up, upgraded) on first use.

        For the application layer and tests; the command line never takes it (tests/test_layers.py),
        it calls the methods below.
        """
        if self._store is None:
            if self._opening is not None:  # opened while the learner read the first card
                self._opening.join()
                self._opening, opened, self._opened = None, self._opened, None
                if isinstance(opened, BaseException):
                    raise opened
                assert opened is not None
                self._store = opened
            else:
                from flashcards.storage.store import Store

                self._store = Store.open(self.database_url, self.home, self.now())
            self._refuse_hollow(self._store)
        return self._store

    def _refuse_hollow(self, store: Store) -> None:
        """Stop, as `require_sound` does, when a table reads as empty but cannot be (`storage/hollow.py`):
        a damaged page that SQLite reads without an error must not come out as an empty listing."""
        if store.engine.dialect.name != "sqlite":
            return
        from flashcards.storage.hollow import hollow_tables
        from flashcards.storage.sql_run import session_runner

        with store.read() as session:
            hollow = hollow_tables(session_runner(session))
        if not hollow:
            return
        self.require_sound()  # the integrity check names what it finds
        self._damage = [f"the {hollow[0]} table reads as empty while its index or its references hold rows"]
        self.require_sound()

    def reading(self, *, guarded: bool = True) -> Store:
        """The store reads go through: read-only (`Store.open_read`: no probe, backup or upgrade, so a
        read works on a read-only mount and a full disk) unless this command writes (`require_writable`)
        or has opened the writing store already, whose own writes its reads then see.

        `guarded=False` for `check` alone, which reports damage as findings instead of stopping at it.
        """
        if self._writes or self._store is not None or self._opening is not None:
            return self.store()
        if self._read_store is None:
            from flashcards.storage.store import Store

            self._read_store = Store.open_read(self.database_url, self.home, self.now())
            if guarded:
                self._refuse_hollow(self._read_store)
        return self._read_store

    def require_writable(self) -> None:
        """Say at once, in one line, when this command cannot change the collection; then open it for
        writing from here on (an older schema is upgraded, after its backup, as before).

        Every command that changes the collection calls this first, so on a read-only mount or a full
        disk it stops before it shows a card or asks a question, with nothing changed.

        Raises:
            HomeError: the data folder or the database file cannot be written.
        """
        import os

        from flashcards.core.errors import HomeError
        from flashcards.storage.migrate import ensure_home
        from flashcards.system.paths import sqlite_path_from_url

        self._writes = True
        path = sqlite_path_from_url(self.database_url)
        if path is None:
            return  # a server says for itself what it refuses
        hint = ("; this command changes the collection, so it did nothing "
                "(the commands that only read it still work)")
        try:
            ensure_home(self.home)
            if path.parent != self.home:  # FLASHCARDS_DATABASE_URL names a file elsewhere
                ensure_home(path.parent)
        except HomeError as exc:
            raise HomeError(f"{exc}{hint if path.is_file() else ''}") from None
        if path.is_file() and not os.access(path, os.W_OK):
            raise HomeError(f"cannot write to the collection {path}{hint}")

    def close(self) -> None:
        """Release the database (the engine pools its connection); a no-op if it was never opened."""
        if self._opening is not None:
            try:
                self.store()  # let the opening finish, then close what it opened
            except Exception:  # nothing needed the store, so its failure to open loses nothing
                pass
        if self._quick is not None:
            self._quick.close()
            self._quick = None
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._read_store is not None:
            self._read_store.close()
            self._read_store = None

    # -- the fast path ------------------------------------------------------------------------------

    def _reader(self) -> QuickReader | None:
        """The `sqlite3` reader while the store is not open yet (`storage/fast.py`), where it applies.

        It answers what the quiz needs before its first card (and `due`) without importing SQLAlchemy;
        once the store is open every read goes through the store, which sees this command's own writes.
        """
        if self._store is not None or self._opening is not None:
            return None
        if not self._quick_tried:
            from flashcards.storage.fast import QuickReader

            self._quick_tried = True
            self._quick = QuickReader.open(self.database_url)
        return self._quick

    def _quickly(self, read: Callable[[QuickReader], _T]) -> _T | None:
        """`read` through the reader while it applies; None sends the caller to the store.

        Where the reader cannot read (a damaged file, a bad setting), it is dropped: from here on the
        full path answers, and reports what is wrong.
        """
        reader = self._reader()
        if reader is None:
            return None
        from flashcards.storage.fast import Unavailable

        try:
            return read(reader)
        except Unavailable:
            reader.close()
            self._quick = None
            return None

    def while_reading(self) -> None:
        """What to do while a card is on screen, so the next grade does not wait.

        Before the first grade: open the store (SQLAlchemy, validation) on a thread, while the learner
        reads the first card; afterwards: fold SQLite's log into the database.
        """
        if self._store is not None:
            self._store.checkpoint_while_idle()
            return
        if self._opening is not None or self._quick is None:
            return

        def open_store() -> None:
            try:
                import flashcards.storage.reviews  # noqa: F401  (what the first grade runs, loaded meanwhile)
                from flashcards.storage.store import Store

                opened = Store.open(self.database_url, self.home, self.now())
                opened.back_up_today()  # the day's backup, while the card is read: the first grade does not wait
                self._opened = opened
            except BaseException as exc:  # handed to the main thread by `store()`
                self._opened = exc

        self._opening = threading.Thread(target=open_store, name="open-store", daemon=True)
        self._opening.start()

    def today(self) -> date:
        """The learner's review day now (their time zone and rollover hour)."""
        quick = self._quickly(lambda reader: reader.today(self.now()))
        return quick if quick is not None else self.reading().today(self.now())

    def require_deck(self, name: str | None) -> None:
        """Nothing when `name` is None or names a deck.

        Raises:
            NoSuchDeck: when `name` names no deck.
        """
        from flashcards.storage.queries import require_deck

        with self.reading().read() as session:
            require_deck(session, name)

    # -- today ------------------------------------------------------------------------------------

    def plan(self, decks: Sequence[str] = (), *, reverse_only: bool = False) -> DayPlan:
        """Today's plan (`core.day_plan`): the quiz's queue and the counts `due` and `decks` show.

        Before the store is opened, a local SQLite file at the current schema is read with `sqlite3`
        (no SQLAlchemy import: `due` in a shell prompt, the quiz's first card); the same SQL and the
        same `plan_day` on every other path.

        Raises:
            NoSuchDeck: a named deck does not exist.
        """
        from flashcards.application.day import store_plan

        plan = self._quickly(
            lambda reader: reader.day_plan(reader.today(self.now()), decks or None, reverse_only=reverse_only))
        if plan is not None:
            from flashcards.core.errors import NoSuchDeck

            planned = {deck.deck for deck in plan.decks} | {name for name, _ in plan.paused}
            for name in decks:
                if name not in planned:
                    raise NoSuchDeck(name)
            return plan
        return store_plan(self.reading(), self.today(), decks, reverse_only=reverse_only)

    def deck_overviews(self) -> list[DeckOverview]:
        """Every deck with its cards by state and its part of today's plan (`flashcards decks`)."""
        from flashcards.application.day import deck_overviews

        found = deck_overviews(self.reading(), self.today())
        if not found or not any(deck.total for deck in found):  # empty: truly, or a damaged page?
            self.require_sound()
        return found

    def exam_statuses(self, deck: str | None = None) -> list[ExamStatus]:
        """Each deck with an exam (or the one named): today's load, what is due, readiness.

        Raises:
            NoSuchDeck: `deck` names no deck.
        """
        from flashcards.application.day import exam_statuses

        self.require_deck(deck)
        return exam_statuses(self.reading(), self.today(), deck)

    # -- the quiz ---------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """No card at all yet (the quiz then offers the built-in decks), in a collection that is sound."""
        found = self._quickly(lambda reader: reader.has_cards())
        if found is None:
            from flashcards.storage.quiz_rows import has_cards
            from flashcards.storage.sql_run import session_runner

            with self.reading().read() as session:
                found = has_cards(session_runner(session))
        if not found:  # truly empty, or a damaged page that reads as empty: nothing is imported into that
            self.require_sound()
        return not found

    def cram(self, decks: Sequence[str], search: str | None, limit: int, *, reverse_only: bool = False) -> list[int]:
        """Cards to study ahead, weakest first (`quiz --cram`, `--reverse` for reverse cards only); the
        schedule is not touched.

        Raises:
            NoSuchDeck: a named deck does not exist.
        """
        from flashcards.storage.queries import require_decks
        from flashcards.storage.quiz_data import cram_ids

        with self.reading().read() as session:
            require_decks(session, list(decks))
            return cram_ids(session, list(decks) or None, search, limit, reverse_only=reverse_only)

    def quiz_cards(self, ids: Sequence[int]) -> dict[int, QuizCard]:
        """The cards of a session as the quiz shows them, by id.

        Raises:
            FlashcardsError: a planned card cannot be read (cards are never deleted: the file is damaged).
        """
        found = self._quickly(lambda reader: reader.quiz_cards(ids))
        if found is None:
            from flashcards.storage.quiz_data import quiz_cards

            with self.reading().read() as session:
                found = quiz_cards(session, list(ids))
        if any(card_id not in found for card_id in ids):
            self.require_sound()
            from flashcards.core.errors import FlashcardsError

            raise FlashcardsError("a card of today's plan cannot be read; run `flashcards check`")
        return found

    def choices(self, card: QuizCard, count: int) -> list[str]:
        """Wrong options for a multiple-choice question (the other terms of the card's list first)."""
        from flashcards.storage.quiz_data import distractors

        with self.reading().read() as session:
            return distractors(session, card, count)

    def editor(self, environment: Mapping[str, str]) -> EditorChoice | None:
        """The editor the quiz's `e` opens notes in: the collection's `editor` setting, else `$VISUAL`,
        else `$EDITOR` (`core.editor.choose_editor`); None when none is set."""
        from flashcards.core.editor import choose_editor
        from flashcards.storage.quiz_data import editor_setting

        with self.reading().read() as session:
            return choose_editor(editor_setting(session), environment)

    def grade(self, card: QuizCard, grade: Grade, *, mode: Mode, presentation_id: str | None = None,
              duration_ms: int | None = None, typed_answer: str | None = None,
              today: date | None = None, planned_at: datetime | None = None) -> GradeOutcome:
        """Apply one grade and log it, in one transaction committed before this returns.

        `today` is the session's review day (a session that runs past the rollover keeps its day). An
        exam ahead caps the next due date at it (`scheduling.apply_grade`); the same presentation graded
        twice is applied once. With `planned_at`, a scheduled grade of a card another quiz graded since
        is refused (`GradedElsewhere`).
        """
        from flashcards.storage.reviews import record_grade

        self.require_sound()
        return record_grade(
            self.store(), card_id=card.id, quality=grade, now=self.now(), today=today or self.today(),
            mode=mode, presentation_id=presentation_id, duration_ms=duration_ms, typed_answer=typed_answer,
            cap_due=card.exam_date, planned_at=planned_at)

    def undo(self, review_id: int) -> CardState:
        """Take back a grade (the review is marked undone, never deleted); the card's state before it.

        Raises:
            FlashcardsError: it is not the card's last standing grade.
        """
        from flashcards.storage.reviews import undo_review

        self.require_sound()
        return undo_review(self.store(), review_id, self.now())

    def due_on(self, day: date, decks: Sequence[str] = ()) -> int:
        """Active cards due on or before `day` (the quiz's "due tomorrow")."""
        from flashcards.storage.quiz_data import due_on

        with self.reading().read() as session:
            return due_on(session, day, list(decks) or None)

    # -- check ------------------------------------------------------------------------------------

    def check(self) -> CheckReport:
        """Every check that can be made of the database; never changes it.

        A failed check is a finding in the report, not an error: the learner sees all of them.
        """
        from flashcards.system.paths import display_url
        from flashcards.application.results import CheckReport
        from flashcards.storage.integrity import run_checks

        store = self.reading(guarded=False)
        return CheckReport(url=display_url(store.opened.url), findings=tuple(run_checks(store)))

    # -- cards ------------------------------------------------------------------------------------

    def cards(self, *, deck: str | None = None, search: str | None = None) -> list[CardRow]:
        """Cards of `deck` (or all) whose front, back or key contains `search`, in deck and notes order.

        Raises:
            NoSuchDeck: when `deck` names no deck.
        """
        from flashcards.application.card_rows import listed_rows
        from flashcards.storage.queries import list_cards, require_deck

        with self.reading().read() as session:
            require_deck(session, deck)
            rows = listed_rows(list_cards(session, deck=deck, search=search))
        if not rows and search is None:  # empty: truly, or a damaged page?
            self.require_sound()
        return rows

    # -- suspend, unsuspend, reset ----------------------------------------------------------------

    def suspend(self, ids: Sequence[int] = (), *, search: str | None = None,
                deck: str | None = None) -> CardChanges:
        """Take the chosen cards out of the quiz (their progress is kept); see `_change` for the choice."""
        from flashcards.application.card_changes import suspend

        return self._change(suspend, ids, search, deck)

    def unsuspend(self, ids: Sequence[int] = (), *, search: str | None = None,
                  deck: str | None = None) -> CardChanges:
        """Put the chosen suspended cards (leeches included) back into the quiz."""
        from flashcards.application.card_changes import unsuspend

        return self._change(unsuspend, ids, search, deck)

    def reset(self, ids: Sequence[int] = (), *, search: str | None = None,
              deck: str | None = None) -> CardChanges:
        """Start the chosen cards over as new; their review log is kept, and replays from the reset."""
        from flashcards.application.card_changes import reset

        return self._change(reset, ids, search, deck)

    def chosen_cards(self, *, search: str, deck: str | None = None) -> tuple[ChosenCard, ...]:
        """The cards a search chooses (of `deck` if given), for a preview before they are changed.

        Raises:
            NoSuchDeck: when `deck` names no deck.
            NothingMatches: when the search finds no card.
        """
        from flashcards.application.card_changes import ChosenCard
        from flashcards.core.errors import NothingMatches
        from flashcards.storage.queries import find_cards, require_deck

        with self.reading().read() as session:
            require_deck(session, deck)
            chosen = tuple(ChosenCard(card.id, name, card.front) for card, name in find_cards(
                session, deck=deck, search=search))
        if not chosen:
            raise NothingMatches(search)
        return chosen

    def _change(self, change: CardChange, ids: Sequence[int], search: str | None,
                deck: str | None) -> CardChanges:
        """Apply `change` to the cards with `ids` (or matching `search`), of `deck` if given, in one
        transaction: all of them or, when one named card is missing, none.

        Raises:
            ValueError: when neither ids nor a search chooses any card (the CLI asks for one first).
            NoSuchDeck: when `deck` names no deck.
            NoSuchCard: when any of `ids` is not a card (of `deck`, if given).
            NothingMatches: when the search finds no card.
        """
        from flashcards.application.card_changes import CardChanges, ChangedCard
        from flashcards.core.errors import NoSuchCard, NothingMatches
        from flashcards.storage.queries import find_cards, require_deck

        if not ids and not search:
            raise ValueError("name card ids or give a search")
        store = self.store()
        now = self.now()
        with store.transaction() as session:
            require_deck(session, deck)
            rows = find_cards(session, deck=deck, search=search, ids=list(ids) if ids else None)
            missing = sorted(set(ids) - {card.id for card, _ in rows})
            if missing:
                raise NoSuchCard(missing)
            if not rows:
                raise NothingMatches(search)
            changed = tuple(ChangedCard(card.id, card.front) for card, _ in rows if change(card, now))
        return CardChanges(changed=changed, matched=len(rows))

    # -- decks: limits, rename, suspend, retire ---------------------------------------------------

    def budget(self) -> tuple[int, int]:
        """The collection's daily budget: (new cards, reviews), shared by every deck.

        Raises:
            BadSetting: a stored value is not a daily count.
        """
        from flashcards.storage.day_rows import BUDGET_SQL, budget_from
        from flashcards.storage.sql_run import session_runner

        with self.reading().read() as session:
            return budget_from(session_runner(session)(BUDGET_SQL, {}))

    def set_deck_limits(self, deck: str, *, new_per_day: int | None | bool = False,
                        reviews_per_day: int | None | bool = False) -> DeckLimitsSet:
        """Set a deck's own cap on its share of the budget (an int), drop it (None), or leave it (False).

        Raises:
            NoSuchDeck: `deck` names no deck.
        """
        from flashcards.storage.deck_data import set_limits

        changes: dict[str, int | None] = {}
        for key, value in (("new_per_day", new_per_day), ("reviews_per_day", reviews_per_day)):
            if value is not False:
                changes[key] = None if value is None or value is True else int(value)
        return set_limits(self.store(), deck, changes, self.budget())

    # -- decks: the scheduler ---------------------------------------------------------------------

    def deck_scheduler(self, deck: str) -> DeckScheduler:
        """The scheduler `deck` uses now (SM-2 unless it chose FSRS)."""
        from flashcards.storage.scheduler_data import deck_scheduler

        return deck_scheduler(self.store(), deck)

    def chosen_scheduler(self, deck: str, *, scheduler: str | None = None, retention: float | None = None,
                         parameters: tuple[float, ...] | None = None) -> DeckScheduler:
        """The deck's scheduler with what the learner (or `optimize`) changed; the rest as it is.

        Fitted parameters stay on the deck through a switch to SM-2 and back: they are the fit of its
        log, whichever scheduler is active.

        Raises:
            InvalidScheduler: an unknown scheduler, a retention out of range, or retention for SM-2.
        """
        from flashcards.core.schedulers import DeckScheduler, InvalidScheduler, SchedulerKind

        now = self.deck_scheduler(deck)
        kind = now.kind.value if scheduler is None else scheduler
        if kind not in tuple(SchedulerKind):
            raise InvalidScheduler(f"unknown scheduler {kind!r} (use sm2 or fsrs)")
        if retention is not None and kind != SchedulerKind.FSRS:
            raise InvalidScheduler("--retention is FSRS's desired retention; add --scheduler fsrs")
        return DeckScheduler.of(kind, now.retention if retention is None else retention,
                                now.parameters if parameters is None else parameters)

    def reschedule_preview(self, deck: str, scheduler: DeckScheduler) -> ReschedulePlan:
        """What switching `deck` to `scheduler` does to its cards (the replay of its log); changes nothing."""
        from flashcards.storage.scheduler_data import reschedule_preview

        return reschedule_preview(self.store(), deck, scheduler)

    def reschedule(self, deck: str, scheduler: DeckScheduler) -> ReschedulePlan:
        """Switch `deck` to `scheduler`: every card gets the replay of its log under it, in one
        transaction; the review log is only read."""
        from flashcards.storage.scheduler_data import reschedule

        return reschedule(self.store(), deck, scheduler)

    def rename_deck(self, old: str, new: str) -> DeckRenamed:
        """Rename a deck and the decks under it (`core.decks`), keys rewritten, history kept.

        Raises:
            NoSuchDeck: no deck is named `old` or is under it.
            BadDeckName: `new` cannot be used or is taken.
        """
        from flashcards.storage.deck_data import rename

        return rename(self.store(), old, new, self.now())

    def suspend_deck(self, deck: str) -> DeckStatusSet:
        """Pause a deck and the decks under it: out of the plan, cards keep their own status."""
        from flashcards.core.vocabulary import Status
        from flashcards.storage.deck_data import set_status

        return set_status(self.store(), deck, Status.SUSPENDED)

    def unsuspend_deck(self, deck: str) -> DeckStatusSet:
        """Bring a suspended deck (and the decks under it) back into the plan."""
        from flashcards.core.vocabulary import Status
        from flashcards.storage.deck_data import set_status

        return set_status(self.store(), deck, Status.ACTIVE)

    def retire_preview(self, deck: str) -> RetirePreview:
        """What `retire_deck` would retire (for the question asked first); changes nothing."""
        from flashcards.storage.deck_data import retire_preview

        return retire_preview(self.reading(), deck)

    def retire_deck(self, deck: str) -> RetirePreview:
        """Retire a deck and the decks under it, with all their cards; every review is kept."""
        from flashcards.storage.deck_data import retire

        return retire(self.store(), deck)

    # -- settings ---------------------------------------------------------------------------------

    def settings(self) -> list[SettingValue]:
        """Every setting `flashcards config` knows, with its stored value (None: the default)."""
        from flashcards.application.settings import SETTINGS, SettingValue
        from flashcards.storage.settings_data import read_settings

        stored = read_settings(self.reading())
        return [SettingValue(spec, stored.get(spec.key)) for spec in SETTINGS]

    def set_setting(self, name: str, value: str | None) -> SettingValue:
        """Set the setting called `name` (checked as its reader checks it), or restore its default (None).

        Raises:
            BadSetting: no such setting, or a value it does not take.
        """
        from flashcards.application.settings import SettingValue, spec_named
        from flashcards.storage.settings_data import write_setting

        spec = spec_named(name)
        stored = None if value is None else spec.check(value)
        write_setting(self.store(), spec.key, stored)
        return SettingValue(spec, stored)

    # -- exams (setting and clearing) -------------------------------------------------------------

    def set_exam(self, deck: str, exam_date: date) -> ExamSet:
        """Set (or move) `deck`'s exam to `exam_date`, capping its cards' due dates at that day.

        Raises:
            NoSuchDeck: when `deck` names no deck.
            ExamNotAhead: when `exam_date` is today or before.
        """
        from flashcards.application.day import exam_statuses
        from flashcards.application.exams import ExamSet
        from flashcards.core.errors import ExamNotAhead
        from flashcards.storage.exam_data import set_exam

        self.require_deck(deck)
        today = self.today()
        if exam_date <= today:
            raise ExamNotAhead(exam_date, today)
        store = self.store()
        change = set_exam(store, deck, exam_date, self.now())
        (status,) = exam_statuses(store, today, deck)
        return ExamSet(change=change, today=today, status=status)

    def clear_exam(self, deck: str) -> ExamChange:
        """Remove `deck`'s exam and give back the due dates it capped.

        Raises:
            NoSuchDeck: when `deck` names no deck.
            NoExam: when the deck has no exam set.
        """
        from flashcards.storage.exam_data import clear_exam

        return clear_exam(self.store(), deck)

    # -- stats ------------------------------------------------------------------------------------

    def stats(self, deck: str | None = None) -> StatsReport:
        """Progress on today's review day, of `deck` or of every deck (the numbers: `core.stats`).

        Raises:
            NoSuchDeck: when `deck` names no deck.
        """
        from flashcards.application.stats_report import StatsReport
        from flashcards.core.stats import compute_stats
        from flashcards.storage.queries import require_deck
        from flashcards.storage.stats_data import stats_inputs

        store = self.reading()
        today = store.today(self.now())
        with store.read() as session:
            require_deck(session, deck)
            inputs = stats_inputs(session, today, deck)
        return StatsReport(stats=compute_stats(inputs.cards, inputs.reviews, inputs.daily_reviews, today),
                           deck=deck, plan=self.plan([deck] if deck is not None else ()))

    # -- export -----------------------------------------------------------------------------------

    def export_anki(self, deck: str | None, output: Path, *, with_scheduling: bool) -> ExportReport:
        """Write an Anki package of `deck` (or every deck) to `output`, with progress if asked.

        Raises:
            NoSuchDeck: when `deck` names no deck.
        """
        from flashcards.application.results import ExportedProgress, ExportReport
        from flashcards.export.apkg import write_apkg
        from flashcards.export.scheduling import AnkiTiming
        from flashcards.export.source import load_cards

        store = self.reading()
        with store.read() as session:
            selection = load_cards(session, deck, with_reviews=with_scheduling, with_retired=True)
        timing = AnkiTiming(store.zone(), store.rollover_hour()) if with_scheduling else None
        result = write_apkg(selection.cards, output, timing=timing, retired_at=self.now())
        progress = None
        if result.scheduling is not None:
            progress = ExportedProgress(review_cards=result.scheduling.review_cards,
                                        revlog_rows=result.scheduling.revlog_rows)
        # One warning per picture and place: a term and its reverse show the same picture.
        missing = tuple(dict.fromkeys((image.source_path, image.source_line, image.target)
                                      for image in result.missing_media))
        return ExportReport(path=output, notes=result.notes, retired=selection.retired, decks=result.decks,
                            progress=progress, cards=result.cards, retired_included=True, missing_images=missing)

    def export_csv(self, deck: str | None, output: Path, *, separator: str = "tab",
                   notetype: str | None = None) -> ExportReport:
        """Write `deck` (or every deck) to `output` in Anki's text format (`tab` or `comma` separated).

        Raises:
            NoSuchDeck: when `deck` names no deck.
        """
        from flashcards.application.results import ExportReport
        from flashcards.export.csv_text import write_csv
        from flashcards.export.source import load_cards

        with self.reading().read() as session:
            selection = load_cards(session, deck, with_reviews=False)
        from flashcards.core.images import IMAGE

        result = write_csv(selection.cards, output, separator=separator, notetype=notetype)
        pictured = sum(1 for card in selection.cards if IMAGE.search(card.front) or IMAGE.search(card.back))
        return ExportReport(path=output, notes=result.notes, retired=selection.retired,
                            pictures_left_behind=pictured)

    # -- progress back from Anki -------------------------------------------------------------------

    def import_anki(self, path: str, *, dry_run: bool = False) -> AnkiImportReport:
        """Append the reviews given in Anki (a package Anki exported) to the log, and replay SM-2.

        Raises:
            BadPackage: the file is missing, not an Anki package, or damaged; nothing was written.
        """
        from flashcards.application.anki_import import merge_package
        from flashcards.export.anki_package import read_package

        package = read_package(Path(path).expanduser(), path)  # a bad file stops before the store opens
        return merge_package(self.reading() if dry_run else self.store(), package, path, self.now(), dry_run=dry_run)

    # -- soundness --------------------------------------------------------------------------------

    def start_soundness_check(self) -> None:
        """Start SQLite's quick check of the collection on a thread (the quiz, while its first card shows).

        A grade waits for it (`require_sound`), so the quiz never grades into a damaged file.
        """
        from flashcards.system.paths import sqlite_path_from_url

        path = sqlite_path_from_url(self.database_url)
        if path is None or self._checking is not None or self._damage is not None or not path.is_file():
            return

        def check() -> None:
            from flashcards.storage.backups import quick_check

            self._damage = quick_check(path)

        self._checking = threading.Thread(target=check, name="quick-check", daemon=True)
        self._checking.start()

    def require_sound(self) -> None:
        """Refuse when SQLite's quick check finds the collection damaged (run here unless started before).

        Raises:
            FlashcardsError: naming `flashcards check` and the newest daily backup.
        """
        from flashcards.system.paths import sqlite_path_from_url

        path = sqlite_path_from_url(self.database_url)
        if path is None or not path.is_file():
            return
        if self._checking is not None:
            self._checking.join()
            self._checking = None
        if self._damage is None:
            from flashcards.storage.backups import quick_check

            self._damage = quick_check(path)
        if self._damage:
            from flashcards.core.errors import FlashcardsError

            backup = self.latest_backup()
            back = (f"; `flashcards restore {backup}` puts back the newest daily backup" if backup
                    else "; no daily backup exists yet")
            raise FlashcardsError(f"the collection {path} is damaged ({self._damage[0].splitlines()[-1]}); "
                                  f"nothing was changed: see `flashcards check`{back}")

    # -- backups ----------------------------------------------------------------------------------

    def _sqlite_file(self) -> Path:
        """The collection's SQLite file; on a server, where its backups are.

        Raises:
            FlashcardsError: the collection is on a database server, whose backups are the server's.
        """
        from flashcards.core.errors import FlashcardsError
        from flashcards.system.paths import sqlite_path_from_url

        path = sqlite_path_from_url(self.database_url)
        if path is None:
            raise FlashcardsError("this collection is on a database server: its backups are the server's "
                                  "(pg_dump and pg_restore for PostgreSQL)")
        return path

    def latest_backup(self) -> str | None:
        """The name of the newest daily backup (for the line that says the collection is damaged)."""
        from flashcards.storage.backups import latest_backup

        return latest_backup(self.home / "backups")

    def backups(self) -> list[BackupInfo]:
        """The backups in `<home>/backups/`, newest first (daily, before a migration, before a restore)."""
        from flashcards.storage.backups import list_backups

        self._sqlite_file()
        return list_backups(self.home / "backups")

    def restore_preview(self, name: str) -> tuple[tuple[int | None, int | None], tuple[int | None, int | None]]:
        """(cards, reviews) now and in the backup `name` ((None, None) where unreadable or not found), so
        the question before a restore says what would be replaced by what."""
        from flashcards.storage.backups import backup_counts, find_backup, live_counts

        database = self._sqlite_file()
        chosen = find_backup(self.home / "backups", name)
        return live_counts(database), (backup_counts(chosen) if chosen is not None else (None, None))

    def restore(self, name: str) -> Path:
        """Put the backup `name` back as the collection, after copying the current one aside (returned)."""
        from flashcards.storage.backups import restore_backup

        database = self._sqlite_file()
        self.close()  # no connection of ours holds the database while it is replaced
        return restore_backup(database, self.home / "backups", name, self.now())

    # -- import -----------------------------------------------------------------------------------

    def import_notes(self, paths: Sequence[str], deck: str | None = None, *, dry_run: bool = False) -> ImportResult:
        """Read the notes (files or folders), plan the change and, unless `dry_run`, apply it at once.

        Files that cannot be read are problems in the result, not errors: the others still import.
        `result.nothing_readable` says when not one file could be read. Each folder and file named is
        recorded, so `sync` (and the quiz) read it again.
        """
        from flashcards.application.importer import requests_for

        return self._import(requests_for(list(paths), deck), dry_run=dry_run)

    def _import(self, requests: list[ImportRequest], *, dry_run: bool, gone: list[str] | None = None) -> ImportResult:
        from flashcards.application.importer import import_notes, unchanged_import

        # Unchanged notes in a local collection: answered by the `sqlite3` reader, without SQLAlchemy.
        unchanged = self._quickly(lambda reader: unchanged_import(reader.known_sources(), reader.source_roots(),
                                                                  requests, gone, reader.retired_decks(),
                                                                  reader.note_suffixes()))
        if unchanged is not None:
            return unchanged
        if not dry_run and (self._checking is not None or self._damage):
            self.require_sound()  # the quiz's sync writes only into a collection its check found sound
        return import_notes(self.reading() if dry_run else self.store(), requests, self.now(), dry_run=dry_run,
                            gone=gone)

    def sync_changed(self) -> SyncResult:
        """`sync`, for the quiz's start: when nothing changed (the usual case), found from the file system
        and a plain `sqlite3` read alone, without loading the importer or the store."""
        from flashcards.application.sync import SyncResult, sync_requests

        def unchanged(reader: QuickReader) -> SyncResult | None:
            from flashcards.application.note_reading import unchanged_notes

            plan = sync_requests(reader.source_roots())
            if not plan.requests and not plan.gone:
                return SyncResult(result=None, missing=plan.missing)
            if unchanged_notes(reader.known_sources(), reader.source_roots(), plan.requests, plan.gone,
                               reader.retired_decks(), reader.note_suffixes()) is None:
                return None
            return SyncResult(result=None, missing=plan.missing)

        quick = self._quickly(unchanged)
        return quick if quick is not None else self.sync()

    def sync(self, *, dry_run: bool = False) -> SyncResult:
        """Read every folder and file the collection imported again (`flashcards sync`, and the quiz first).

        Unchanged files are skipped by their hash; a file gone from its folder, or a recorded file that
        was deleted, has its cards retired with their history kept. A recorded folder that is missing as
        a whole (a drive not mounted, a folder renamed) retires nothing and is reported.
        """
        from flashcards.application.sync import SyncResult, sync_requests

        roots = self._quickly(lambda reader: reader.source_roots())
        if roots is None:
            from sqlalchemy import text

            from flashcards.storage.import_rows import SOURCE_ROOTS_SQL

            with self.reading().read() as session:
                roots = {str(path): str(deck) for path, deck in session.execute(text(SOURCE_ROOTS_SQL))}
        plan = sync_requests(roots)
        if not plan.requests and not plan.gone:
            return SyncResult(result=None, missing=plan.missing)
        return SyncResult(result=self._import(plan.requests, dry_run=dry_run, gone=plan.gone), missing=plan.missing)

    def plan_import(self, paths: Sequence[str], deck: str | None = None) -> ImportResult:
        """The plan an import of `paths` would apply (a dry run): writes nothing."""
        return self.import_notes(paths, deck, dry_run=True)

    def explain_note(self, path: str, deck: str | None = None) -> NoteExplanation:
        """What import reads in one notes file, line by line; never opens the database.

        Raises:
            CannotExplain: when `path` is missing, a folder, or not a readable notes file.
        """
        from flashcards.application.notes_files import read_note
        from flashcards.application.results import NoteExplanation
        from flashcards.core.cards import Problem
        from flashcards.core.errors import CannotExplain
        from flashcards.core.explain import explain
        from flashcards.core.extract import extract
        from flashcards.core.problems import where

        found = Path(path).expanduser()
        if not found.exists():
            raise CannotExplain(f"cannot explain {path}: no such file")
        if found.is_dir():
            raise CannotExplain(f"cannot explain {path}: it is a folder; give one notes file in it")
        note = read_note(found.resolve(), deck)
        if isinstance(note, Problem):
            raise CannotExplain(f"cannot explain {where(note)}")
        extraction = extract(note.text, note.display, note.deck)
        return NoteExplanation(explanation=explain(note.text, extraction), display=note.display, deck=note.deck)
