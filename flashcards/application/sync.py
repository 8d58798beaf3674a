"""`flashcards sync`: which of the recorded folders and files to read again, and which are gone.

A recorded folder is read whole (new notes in it are imported, notes gone from it retire their cards).
A recorded file that was deleted retires its cards when the folder it was in is still there; a root
that is missing with its folder (a drive not mounted, a folder renamed or moved) retires nothing: it
is reported, so a learner's progress never hangs on a mount point.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flashcards.application.importer import ImportRequest, ImportResult


@dataclass(frozen=True)
class SyncPlan:
    """What a sync reads: the requests for the importer, the deleted files, the missing roots."""

    requests: list[ImportRequest]
    gone: list[str]
    missing: list[str]


@dataclass(frozen=True)
class SyncResult:
    """A sync's import (None when the collection records nothing to read) and the roots not found."""

    result: ImportResult | None
    missing: list[str] = field(default_factory=list)


def sync_requests(roots: Mapping[str, str]) -> SyncPlan:
    """The import requests of the recorded roots (path -> deck prefix), in the order they were recorded."""
    requests: list[ImportRequest] = []
    gone: list[str] = []
    missing: list[str] = []
    for path, prefix in roots.items():
        if os.path.exists(path):
            requests.append((path, prefix, False))
        elif os.path.isdir(os.path.dirname(path)) and not _was_folder(path):
            gone.append(path)
        else:
            missing.append(path)
    return SyncPlan(requests=requests, gone=gone, missing=missing)


def _was_folder(path: str) -> bool:
    """Whether a root that is gone was a folder: its name has no Markdown suffix.

    A gone folder is reported, never retired (its files' cards stay as they are); only a gone file
    whose folder is still there is a deleted note.
    """
    from flashcards.application.notes_files import MARKDOWN_SUFFIXES

    return os.path.splitext(path)[1].lower() not in MARKDOWN_SUFFIXES
