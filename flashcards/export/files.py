"""Writing an export file so that a failure never leaves a partial file behind.

The content goes to a hidden temp file in the destination folder (same file system, so the final
`os.replace` is atomic), is flushed to disk, and only then takes the real name. Any error on the way
removes the temp file and is reported as one line naming the path the user asked for.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from flashcards.core.errors import FlashcardsError


def cannot_write(path: Path, reason: str) -> FlashcardsError:
    return FlashcardsError(f"cannot write {path}: {reason}")


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file that becomes `path` when the block ends without an error, and vanishes if not.

    Raises:
        FlashcardsError: when `path` is a folder, or its folder is missing or not writable.
    """
    if path.is_dir():
        raise cannot_write(path, "it is a folder")
    folder = path.parent
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise cannot_write(path, exc.strerror or str(exc)) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            # mkstemp makes the file private (0600); the export gets the permissions any new file gets.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise cannot_write(path, exc.strerror or str(exc)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
