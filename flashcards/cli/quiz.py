"""`flashcards quiz`: the daily session, a thin loop over the pure session state machine.

Each grade is written to the store the moment it is given (one transaction), before the next card is
shown, so a closed terminal, Ctrl-C or a crash loses nothing already graded.
"""

from __future__ import annotations

import gc
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import click

from flashcards.cli.context import AppContext
from flashcards.cli.prompts import Prompter, make_prompter
from flashcards.core.errors import GradedElsewhere
from flashcards.core.vocabulary import Grade, InvalidGrade, Mode, split_grade_line

if TYPE_CHECKING:
    from flashcards.core.quiz_items import QuizCard
    from flashcards.core.session import Presentation
    from flashcards.ui import CardView

pass_app = click.make_pass_decorator(AppContext)

KEYS_HELP = "Enter: reveal · u: undo · s: skip · e: edit note · q: quit"
ANSWER_PROMPT = f"Answer ({KEYS_HELP})"
ANSWER_COMMANDS = ("u", "s", "e", "q")


@click.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--reverse", is_flag=True, help="Only the reverse direction: definition → term, purpose → command.")
@click.option("--cram", is_flag=True,
              help="Study ahead or a chosen subset, weakest first, without touching the schedule.")
@click.option("--search", metavar="TEXT", help="With --cram: only cards whose front or back holds every word of TEXT.")
@click.option("--choice", is_flag=True,
              help="Multiple choice: wrong options come from the sibling terms and flags of the same list.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="With --cram: how many cards at most.")
@click.option("--no-sync", is_flag=True, help="Start without reading the imported notes folders again.")
@pass_app
def quiz(app: AppContext, decks: tuple[str, ...], reverse: bool, cram: bool, search: str | None,
         choice: bool, limit: int, no_sync: bool) -> None:
    """Today's session: due reviews first (most overdue first), then new cards up to the daily limit.

    For each card: type your answer (you get a suggested grade and why) or press Enter to reveal,
    then type a grade 0-5 and Enter (Enter alone takes the suggestion): 5 perfect, 4 correct after
    hesitation, 3 correct with difficulty, 2 wrong but easy once seen, 1 wrong but familiar, 0
    blackout. Cards graded below 4 come back later in the session. Commands, each followed by Enter:
    u undo the last grade, s skip, e open the note at the card's line in your editor (the `editor`
    setting, else $VISUAL, else $EDITOR), q quit. Every grade is saved at once. With --choice, type
    an option's number; a key that names no option is asked again.

    Every prompt reads a line, with or without a terminal: an answer line (empty to reveal, or
    u/s/e/q), then a grade line (0-5, or empty to take the suggested grade). A grade line may carry
    the next card's answer after the grade (`4 docker ps`). In a terminal, Enters pressed before a
    card appears are ignored, so a card is never revealed unread. End of input ends the session.

    First it reads again the notes folders and files you imported (`flashcards sync`): an edited
    note is quizzed as it is now, and a deleted one's cards are retired. --no-sync skips that.

    On an empty collection it offers the built-in decks (without a terminal it imports them).

    \b
    Example:
        flashcards quiz
        flashcards quiz docker --reverse
        flashcards quiz --cram --search "docker run"
        printf '\\n5\\ndocker ps -a\\n\\n' | flashcards quiz
    """
    from flashcards.ui import quiz as say

    if search and not cram:
        raise click.UsageError("--search goes with --cram")
    from flashcards.ui import preload

    preload()  # Rich loads on a thread while the day's plan is read (SQLite lets go of the GIL meanwhile)
    prompter = make_prompter()
    app.writing()  # a quiz writes every grade: on a disk that cannot take them, say so before a card shows
    # SQLite's check of the whole file runs meanwhile; the first write (a sync's, a grade) waits for it.
    app.collection().start_soundness_check()
    if not _offer_builtin_decks(app, prompter) and not no_sync:
        _sync_notes(app)
    runner = QuizRun(app=app, prompter=prompter, choice=choice)
    ids = runner.plan(list(decks), reverse=reverse, cram=cram, search=search, limit=limit)
    say.notices(runner.notices)
    if not ids and (cram or not runner.owed):
        say.nothing_to_study(runner.due_tomorrow(list(decks)))
        return
    runner.run(ids, cram=cram)
    if prompter.interrupted:  # every grade is saved and the summary shown; the exit says it was Ctrl-C
        raise SystemExit(130)


def _sync_notes(app: AppContext) -> None:
    """The imported notes read again before the day's plan, with one line when anything changed."""
    from flashcards.ui.import_plan import print_missing_roots, print_warnings, sync_summary

    synced = app.collection().sync_changed()
    print_missing_roots(synced.missing)
    if synced.result is None:
        return
    print_warnings(synced.result.problems)
    summary = sync_summary(synced.result)
    if summary is not None:
        from flashcards.ui import out, plain

        out().print(plain(summary))


def _offer_builtin_decks(app: AppContext, prompter: Prompter) -> bool:
    """First run: an empty collection gets the built-in decks (asked in a terminal, said otherwise).

    True when it imported them (there is nothing else to sync then).
    """
    from flashcards.application.builtin import builtin_deck_files
    from flashcards.ui import quiz as say

    collection = app.collection()
    if not collection.is_empty():
        return False
    files = builtin_deck_files()
    if not files:
        raise click.ClickException(
            "your collection is empty and no built-in decks are installed; "
            "import your notes with `flashcards import NOTES.md`"
        )
    names = [path.stem for path in files]
    question = f"Your collection is empty. Import the {say.builtin_decks(names)}?"
    if prompter.interactive and not click.confirm(question, default=True):
        raise click.ClickException("nothing to study; import your notes with `flashcards import NOTES.md`")
    result = collection.import_notes([str(path) for path in files])
    say.builtin_imported(names, len(result.drafts))
    return True


@dataclass
class QuizRun:
    """One quiz session in the shell: reads input, renders, persists each grade."""

    app: AppContext
    prompter: Prompter
    choice: bool = False
    review_ids: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    owed: list[int] = field(default_factory=list)  # repeats owed from an earlier session today
    planned_at: datetime | None = None  # when the day's plan was read (another quiz may grade after)
    wrong_options: dict[int, list[str]] = field(default_factory=dict)  # `--choice`: per card, read once
    shown_options: dict[int, list[str]] = field(default_factory=dict)  # `--choice`: the last order shown
    started: float = field(default_factory=time.monotonic)

    def plan(self, decks: list[str], *, reverse: bool, cram: bool, search: str | None, limit: int) -> list[int]:
        """The card ids of this session, after checking the decks exist."""
        collection = self.app.collection()
        self.today = collection.today()
        if cram:
            return collection.cram(decks, search, limit, reverse_only=reverse)
        self.planned_at = collection.now()
        plan = collection.plan(decks, reverse_only=reverse)
        self.notices = plan.notices()
        self.owed = list(plan.repeats)
        return list(plan.queue)

    def due_tomorrow(self, decks: list[str]) -> int:
        from flashcards.core.days import add_days

        return self.app.collection().due_on(add_days(self.today, 1), decks)

    def run(self, ids: list[int], *, cram: bool) -> None:
        from flashcards.core.session import Phase, Session
        from flashcards.ui import quiz as say

        owed = [] if cram else self.owed
        self.cards = self.app.collection().quiz_cards([*ids, *owed])
        self.session = Session(ids, session_id=uuid.uuid4().hex[:12], cram=cram, owed=owed)
        # What is alive now (the modules, the session's cards) lives until the quiz ends: freezing it
        # keeps Python's full collections, 20-40 ms each at 100,000 cards, from re-scanning it between
        # two grades (benchmarks/README.md, answer latency).
        gc.freeze()
        if cram:
            say.cram_banner()
        while self.session.phase is not Phase.DONE:
            if not self._one_card():
                self.session.quit()
        self._summary()

    # ---- one card -----------------------------------------------------------------------------

    def _view(self, card_id: int) -> CardView:
        from flashcards.core.context_view import shown_context
        from flashcards.ui import CardView, shown_path

        card = self.cards[card_id]
        return CardView(deck=card.deck, context=shown_context(card.context, card.back),
                        source=f"{shown_path(card.source_path)}:{card.source_line}",
                        front=card.front, back=card.back, kind=card.kind,
                        progress=f"{self.session.remaining} left")

    def _one_card(self) -> bool:
        """Show, read, grade one presentation; False when the learner quits or input ends."""
        from flashcards.ui import quiz as say

        presentation = self.session.presentation
        assert presentation is not None
        view = self._view(presentation.card_id)
        self.prompter.settle()  # Enters pressed before the card is on screen would reveal it unread
        say.front(view, repeat=presentation.mode == Mode.REPEAT)
        self.app.collection().while_reading()
        options = self._choices(presentation) if self.choice else None
        shown_at = time.monotonic()
        typed = self._answer(options)
        if typed is None or typed.strip() == "q":
            return False
        command = typed.strip()
        if command == "u":
            self._undo()
            return True
        if command == "s":
            self.session.skip()
            say.skipped()
            return True
        if command == "e":
            self._edit(presentation.card_id)
            return True
        self.session.reveal()
        say.back(view)
        suggestion = self._suggest(typed, self.cards[presentation.card_id], options)
        return self._grade(presentation.presentation_id, presentation.card_id, suggestion, typed, shown_at)

    def _answer(self, options: list[str] | None) -> str | None:
        """The answer line; with options on screen, asked again until it picks one of them (or is
        empty, to reveal, or a command): a key that names no option is a slip, not a wrong answer."""
        from flashcards.core.answers.choice import names_an_option
        from flashcards.ui import quiz as say

        if not options:
            return self.prompter.line(ANSWER_PROMPT)
        while True:
            typed = self.prompter.line(f"Choice 1-{len(options)} ({KEYS_HELP})")
            if typed is None:
                return None
            key = typed.strip()
            if key in ("", *ANSWER_COMMANDS) or names_an_option(key, len(options)):
                return typed
            say.not_an_option(key, len(options))

    def _suggest(self, typed: str, card: QuizCard, options: list[str] | None) -> Grade | None:
        """Check a typed answer (or a multiple-choice pick) and show the verdict; the suggested grade."""
        from flashcards.core.answers import check_answer, check_choice
        from flashcards.core.images import without_images
        from flashcards.ui import quiz as say

        if not typed.strip():
            return None
        picked = check_choice(typed, options, card.back) if options else None
        if picked is not None:
            option, verdict = picked
            say.verdict(option, verdict)
            return Grade.of(verdict.suggested_grade)
        # A picture in the answer cannot be typed: the answer is compared with its words.
        verdict = check_answer(typed, without_images(card.back), card.kind, front=card.front)
        say.verdict(typed, verdict)
        return Grade.of(verdict.suggested_grade)

    def _grade(self, presentation_id: str, card_id: int, suggestion: Grade | None, typed: str,
               shown_at: float) -> bool:
        from flashcards.ui import quiz as say

        label = f"Grade 0-5 (Enter = {suggestion})" if suggestion is not None else "Grade 0-5"
        say.grade_legend()
        while True:
            line = self.prompter.line(label + " · u undo · q quit:")
            if line is None:
                return False
            key, ahead = split_grade_line(line)
            if key == "q":
                return False
            if key == "u":
                self._undo()
                return True
            if key == "" and suggestion is not None:
                quality = suggestion
                break
            try:
                quality = Grade.from_key(key)  # the edge: from here on the grade is a checked Grade
                break
            except InvalidGrade as bad:
                say.rejected_grade(str(bad))
        if ahead:
            self.prompter.type_ahead(ahead)  # the next card's answer, typed on the grade's line
        presentation = self.session.presentation
        assert presentation is not None  # the card being graded is on screen
        try:
            outcome = self.app.collection().grade(
                self.cards[card_id], quality, mode=presentation.mode, presentation_id=presentation_id,
                duration_ms=int((time.monotonic() - shown_at) * 1000), typed_answer=typed or None,
                today=self.today, planned_at=self.planned_at,
            )
        except GradedElsewhere:
            self.session.skip()
            say.graded_elsewhere()
            return True
        record = self.session.grade(quality, presentation_id=presentation_id)
        self.review_ids[presentation_id] = outcome.review_id
        say.graded(record, outcome, scheduled=record.mode == Mode.SCHEDULED)
        return True

    def _undo(self) -> None:
        """Take back this session's last grade, in the log first: when another quiz graded the card
        since, the log refuses, and the session goes on with the grade standing."""
        from flashcards.core.errors import UndoRefused
        from flashcards.ui import quiz as say

        if not self.session.history:
            say.nothing_to_undo()
            return
        last = self.session.history[-1]
        try:
            self.app.collection().undo(self.review_ids[last.presentation_id])
        except UndoRefused:
            say.undo_refused(last)
            return
        record = self.session.undo()
        assert record == last
        del self.review_ids[last.presentation_id]
        say.undone(record)

    def _choices(self, presentation: Presentation) -> list[str] | None:
        """The options of this showing, printed; None when the card has no sibling to offer as a wrong
        option (it is then asked as a typed answer).

        Shuffled anew for every showing (seeded by the card, the day and the showing, so a session is
        reproducible), and a card shown again never has its right option at the number it had.
        """
        from flashcards.core.answers.choice import arrange_options
        from flashcards.ui import quiz as say

        card = self.cards[presentation.card_id]
        wrong = self.wrong_options.get(card.id)
        if wrong is None:
            wrong = self.wrong_options[card.id] = self.app.collection().choices(card, 3)
        if not wrong:
            return None
        options = arrange_options(card.back, wrong,
                                  seed=f"{card.id}:{self.today.isoformat()}:{presentation.showing}",
                                  previous=self.shown_options.get(card.id, ()))
        self.shown_options[card.id] = options
        say.choices(options)
        return options

    def _edit(self, card_id: int) -> None:
        """Open the card's note at its line in the learner's editor, told the line the way it reads it
        (`core.editor.editor_command`), and wait for it to close."""
        from flashcards.core.editor import editor_command
        from flashcards.ui import quiz as say

        card = self.cards[card_id]
        editor = self.app.collection().editor(os.environ)
        if editor is None:
            say.no_editor(card)
            return
        try:
            command = editor_command(editor.command, card.source_path, card.source_line)
        except ValueError as bad:  # shlex: "No closing quotation"
            say.editor_failed(editor.command, editor.source, str(bad))
            return
        try:
            import subprocess

            subprocess.call(command)
        except OSError as exc:
            say.editor_failed(editor.command, editor.source, str(exc.strerror or exc))
            return
        say.edited()

    def _summary(self) -> None:
        from flashcards.ui import quiz as say

        say.summary(self.session.summary(), seconds=time.monotonic() - self.started,
                    due_tomorrow=self.due_tomorrow(sorted({card.deck for card in self.cards.values()})))


COMMANDS = [quiz]
