"""The `flashcards` command line: a thin Click shell over the library.

Each command group lives in its own module; this one holds the root group, the global options and the
translation of library errors into one-line messages (exit code 1, no traceback). Modules here import
nothing heavy at the top: `flashcards due` must start fast, and SQLAlchemy alone costs a third of a
second, so each command imports what it needs when it runs.
"""

from __future__ import annotations

import errno
import sys

import click

from flashcards import __version__
from flashcards.cli.context import AppContext
from flashcards.core.errors import (
    CannotExplain,
    ExamNotAhead,
    FlashcardsError,
    NoSuchCard,
    NoSuchDeck,
    NothingMatches,
)

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _one_line(exc: BaseException) -> str:
    from flashcards.core.vocabulary import escape_controls

    text = escape_controls(" ".join(str(exc).split()))
    return text or exc.__class__.__name__


# Errors whose message is printed exactly as raised, not folded to one line: each is one line already,
# and folding would change the search text or path it quotes (two spaces in a search stay two).
EXACT_MESSAGES = (NoSuchCard, NothingMatches, ExamNotAhead, CannotExplain)


def _damaged(message: str, ctx: click.Context) -> str:
    """The one line for a collection SQLite found damaged: what it said, `check`, the newest backup."""
    detail = message.removeprefix("database error: ")
    backup = None
    if isinstance(ctx.obj, AppContext):
        try:
            backup = ctx.obj.collection().latest_backup()
        except Exception:  # noqa: BLE001 - the hint is a courtesy; the error itself must still be said
            backup = None
    back = (f"; `flashcards restore {backup}` puts back the newest daily backup" if backup
            else "; no daily backup exists yet")  # as `Collection.require_sound` says it
    return f"the collection is damaged ({detail}); nothing was changed: see `flashcards check`{back}"


def translate_error(exc: Exception) -> click.ClickException | None:
    """A ClickException for errors a user should see as one line; None for real bugs."""
    if isinstance(exc, NoSuchDeck):  # every command that takes a deck says it the same way
        return click.ClickException(f"no deck named {exc.name!r}; see `flashcards decks`")
    if isinstance(exc, EXACT_MESSAGES):  # they quote user text (a search, a path): shown as it is
        from flashcards.core.vocabulary import escape_controls

        return click.ClickException(escape_controls(str(exc)))
    if isinstance(exc, FlashcardsError):
        return click.ClickException(_one_line(exc))
    module = type(exc).__module__
    if module.startswith("sqlalchemy") or module == "sqlite3":
        origin = getattr(exc, "orig", None) or exc
        message = _one_line(origin)
        if "full" in message.lower():
            return click.ClickException(f"the disk is full: {message}; nothing was half-written")
        if "locked" in message.lower():
            return click.ClickException(f"the database is busy in another program: {message}")
        return click.ClickException(f"database error: {message}")
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            return click.ClickException(f"the disk is full{where}; nothing was half-written")
        return click.ClickException(f"cannot access{where}: {exc.strerror or exc}")
    return None


# Where each command lives: a command's module is imported only when that command runs (or when
# help lists them all), so `flashcards due` in a shell prompt does not pay for the quiz, the importer
# and the exporters.
LAZY_COMMANDS: dict[str, str] = {
    "quiz": "flashcards.cli.quiz",
    "import": "flashcards.cli.notes",
    "import-anki": "flashcards.cli.anki_import",
    "sync": "flashcards.cli.notes",
    "decks": "flashcards.cli.admin",
    "optimize": "flashcards.cli.admin",
    "config": "flashcards.cli.config",
    "check": "flashcards.cli.check",
    "cards": "flashcards.cli.cards",
    "due": "flashcards.cli.browse",
    "stats": "flashcards.cli.stats",
    "exam": "flashcards.cli.exam",
    "export": "flashcards.cli.export",
    "suspend": "flashcards.cli.manage",
    "unsuspend": "flashcards.cli.manage",
    "reset": "flashcards.cli.manage",
    "backups": "flashcards.cli.backups",
    "restore": "flashcards.cli.backups",
}


class FlashcardsGroup(click.Group):
    """The root group: loads commands lazily, and turns expected failures into `Error: ...` and exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(LAZY_COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            import importlib

            module = importlib.import_module(LAZY_COMMANDS[cmd_name])
            for command in module.COMMANDS:
                self.add_command(command)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            # Every message may quote a path, a search or a line the learner wrote: never raw controls.
            from flashcards.core.vocabulary import escape_controls

            setattr(exc, "message", escape_controls(exc.message))  # noqa: B010 - Final in Click's stubs only
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            translated = translate_error(exc)
            if (translated is not None and translated.message.startswith("database error:")
                    and "malformed" in translated.message):  # met mid-command, on a damaged page
                translated = click.ClickException(_damaged(translated.message, ctx))
            if translated is None:
                raise
            raise translated from exc


@click.group(cls=FlashcardsGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="flashcards")
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=str),
    envvar="FLASHCARDS_HOME",
    help="Data folder (default: the platform's user data folder). Env: FLASHCARDS_HOME.",
)
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """Spaced repetition for your own Markdown notes, in the terminal.

    Environment: FLASHCARDS_HOME (data folder), FLASHCARDS_DATABASE_URL (any SQLAlchemy URL),
    FLASHCARDS_NOW (pretend it is that ISO-8601 time), FLASHCARDS_TZ (IANA time zone).

    \b
    Example:
        flashcards import ~/notes/docker.md
        flashcards quiz
    """
    ctx.obj = AppContext(home_option=home)
    ctx.call_on_close(ctx.obj.close)  # the engine pools its connection: release it when the command ends


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="flashcards")
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.exit(130)
