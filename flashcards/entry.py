"""The `flashcards` console script: answers a plain `flashcards due` before loading the command line.

`flashcards due` runs in shell prompts, where every keystroke waits for it. Click alone costs about
40 ms to import; the fast read path (`storage/fast.py`, plain `sqlite3`) needs a few. So a bare
`flashcards due` or `flashcards due --json` is answered here when the fast path applies (a local SQLite
database already at the current schema, or a `postgresql+psycopg://` one read through psycopg alone;
a valid clock). Everything else, including every error, goes
to the full command line, which prints the same output the same way.
"""

from __future__ import annotations

import sys


def _quick_due(arguments: list[str]) -> bool:
    """Print the due counts and return True, or return False to let the command line handle it."""
    if not arguments or arguments[0] != "due" or not set(arguments[1:]) <= {"--json"}:
        return False
    from flashcards.system import clock
    from flashcards.application.day import quick_plan
    from flashcards.system.paths import database_url_text, home_text
    from flashcards.core.errors import FlashcardsError
    from flashcards.ui.due import render_due

    try:
        plan = quick_plan(database_url_text(home_text()), clock.now())
    except FlashcardsError:
        return False  # the command line reports it properly
    if plan is None:
        return False
    sys.stdout.write(render_due(plan, as_json="--json" in arguments) + "\n")
    return True


def _end_now() -> None:
    """Exit at once once `due` has printed, without tearing the interpreter down module by module.

    Everything is written and closed by then (the output flushed here, the database connection closed
    by the reader); the teardown only frees memory the system frees anyway, and with the PostgreSQL
    driver loaded it cost `due` more time than its queries.
    """
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: let the normal exit report it as Python does
        return
    os._exit(0)


def main() -> None:
    if _quick_due(sys.argv[1:]):
        _end_now()
        return
    from flashcards.cli import main as cli_main

    cli_main()
