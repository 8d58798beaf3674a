"""Developer helper: autogenerate a new migration against a scratch database at the current head.

Usage: `python -m flashcards.storage.revision "message"`. Not used by the program itself.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from flashcards.system.resources import migrations_dir
from flashcards.storage.migrate import alembic_config, open_database


def main(message: str) -> None:
    from alembic import command

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'scratch.db'}"
        if any((migrations_dir() / "versions").glob("*.py")):
            open_database(url, Path(scratch), datetime.now(timezone.utc))
        command.revision(alembic_config(url), message=message, autogenerate=True)


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "change")
