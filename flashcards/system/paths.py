"""The data folder and the database URL, from the command line or the environment.

Order of precedence: `--home DIR`, then `FLASHCARDS_HOME`, then the platform's user data folder. The
database is `<home>/flashcards.db` unless `FLASHCARDS_DATABASE_URL` names any SQLAlchemy URL.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # `pathlib` (and `re`) cost `flashcards due` a tenth of its time: imported where used
if TYPE_CHECKING:
    from pathlib import Path

HOME_ENV = "FLASHCARDS_HOME"
DATABASE_URL_ENV = "FLASHCARDS_DATABASE_URL"
DATABASE_FILENAME = "flashcards.db"


def home_text(cli_home: str | os.PathLike[str] | None = None) -> str:
    """The data folder as text (`--home`, `FLASHCARDS_HOME`, the platform's folder), `~` expanded."""
    if cli_home:
        return os.path.expanduser(os.fspath(cli_home))
    env = os.environ.get(HOME_ENV)
    if env:
        return os.path.expanduser(env)
    import platformdirs

    return platformdirs.user_data_dir("flashcards", appauthor=False)


def resolve_home(cli_home: str | os.PathLike[str] | None = None) -> Path:
    """The data folder; not created here (opening the store does that, and reports failures)."""
    from pathlib import Path

    return Path(home_text(cli_home))


def database_url_text(home: str) -> str:
    """`FLASHCARDS_DATABASE_URL` if set, else the SQLite file inside `home` (for `flashcards due`,
    which reads it without `pathlib`; the same file as `resolve_database_url`'s)."""
    env = os.environ.get(DATABASE_URL_ENV)
    if env:
        return env
    return f"sqlite:///{os.path.join(home, DATABASE_FILENAME)}"


def resolve_database_url(home: Path) -> str:
    """`FLASHCARDS_DATABASE_URL` if set, else the SQLite file inside the home folder."""
    env = os.environ.get(DATABASE_URL_ENV)
    if env:
        return env
    return sqlite_url(str(home / DATABASE_FILENAME))


def sqlite_url(path: str) -> str:
    """The `sqlite:///` URL of the file at `path`, its special characters quoted as SQLAlchemy reads them.

    SQLAlchemy takes `?` for the start of the query and decodes `%xx` in the database part, so a home
    `…/a?b/home` wrote its database to the file `…/a`, and `…/x%20y/home` opened `…/x y`. Quoted,
    `?`, `#`, `%` and the rest are just characters (`sqlite_file_from_url` decodes them again). Done
    with `urllib.parse.quote`, not SQLAlchemy's URL builder: `flashcards due` makes this URL without
    loading SQLAlchemy.
    """
    from urllib.parse import quote

    return "sqlite:///" + quote(path, safe="/ ")


def file_uri(path: str) -> str:
    """SQLite's URI for the file at `path` (`file:///abs/path`), made without `pathlib` or `urllib`.

    SQLite decodes `%HH` escapes in a URI's path and ends the path at `?` or `#`: those three are
    escaped, which is all its URI syntax asks (sqlite.org/uri.html), so any file name reads back whole.
    """
    absolute = os.path.realpath(path)
    return "file://" + absolute.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def readonly_query(*, immutable: bool) -> str:
    """The URI query of a read-only connection (`mode=ro`, and `immutable=1` where chosen)."""
    return "mode=ro&immutable=1" if immutable else "mode=ro"


def sqlite_readonly_url(path: str, *, immutable: bool = False) -> str:
    """The SQLAlchemy URL of a read-only connection to the SQLite file at `path` (issue 16).

    SQLite's own URI (`file:` with `mode=ro`, and `immutable=1` where `storage/sqlite_files.py`
    chose it) handed through SQLAlchemy's `uri=true`. Two decodings happen on the way, so the path is
    quoted twice: SQLite's escapes first (`file_uri`: `%`, `?`, `#`), then SQLAlchemy's (`sqlite_url`'s).
    """
    from urllib.parse import quote

    return f"sqlite:///{quote(file_uri(path), safe='/: ')}?{readonly_query(immutable=immutable)}&uri=true"


def sqlite_file_from_url(url: str) -> str | None:
    """The file behind a `sqlite:///` URL as text, or None for in-memory and non-SQLite URLs."""
    for prefix in ("sqlite+pysqlite:///", "sqlite:///"):
        if url.startswith(prefix):
            rest = url[len(prefix) :].split("?", 1)[0]
            if rest in ("", ":memory:"):
                return None
            if "%" in rest:  # decoded as SQLAlchemy decodes the database part of a URL
                from urllib.parse import unquote

                rest = unquote(rest)
            return rest
    return None


def sqlite_path_from_url(url: str) -> Path | None:
    """The file behind a `sqlite:///` URL, or None for in-memory and non-SQLite URLs."""
    from pathlib import Path

    found = sqlite_file_from_url(url)
    return None if found is None else Path(found)


# The user:password@ part of a URL, parsed as SQLAlchemy parses it (`sqlalchemy.engine.url._parse_url`).
_CREDENTIALS = r"^(?P<head>[\w+]+://[^:/]*):(?P<password>[^@]*)@"


def display_url(url: str) -> str:
    """`url` as it may be printed: a server URL's password replaced by `***` (as SQLAlchemy shows it).

    SQLite URLs never hold one, so nothing needed hiding before; a PostgreSQL URL usually does, and
    `flashcards check` and the open errors print the URL.
    """
    import re

    return re.sub(_CREDENTIALS, r"\g<head>:***@", url, count=1)
