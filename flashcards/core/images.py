"""Images in card text: the one form the extractor writes them in, and how each place shows them.

A note's local image (`![layers](img/layers.png)`, the path relative to the note file) stays in the
card's text as that Markdown reference, so it reaches Anki (`export.fields` turns it into `<img>` and
the package carries the file) while the terminal, which cannot draw it, shows `[image: img/layers.png]`.
Images on the web (`https://...`, any URL scheme) are left out of card text by the extractor, as
before: a phone may be offline and the package cannot carry them.

Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["IMAGE", "file_path", "is_local", "outside_images", "reference", "terminal_text", "without_images"]

# A Markdown image whose target is a local file (no URL scheme, no space, no parenthesis).
IMAGE = re.compile(r"!\[([^\]\n]*)\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:)([^()\s]+)\)")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_TARGET = re.compile(r"[^()\s]+")


def is_local(target: str) -> bool:
    """A target that names a file next to the note (`img.png`, `../img/a.png`), not a URL or `/abs`."""
    return bool(_TARGET.fullmatch(target)) and not _SCHEME.match(target) and not target.startswith(("/", "#"))


def reference(alt: str, target: str) -> str:
    """The image as card text keeps it: `![alt](target)` (alt text on one line, without brackets).

    The Markdown parser hands targets percent-encoded (`%E5%9B%BE.png`); the name is written as the
    note wrote it unless that holds a space or a parenthesis, which the reference cannot hold.
    """
    alt = " ".join(alt.replace("[", "").replace("]", "").split())
    decoded = _unquoted(target)
    return f"![{alt}]({decoded if _TARGET.fullmatch(decoded) else target})"


def file_path(target: str) -> str:
    """The file a reference names, relative to the note (`%20` read as a space)."""
    return _unquoted(target)


# Runs of `%XX`, UTF-8 bytes as a URL writes them (urllib is kept out of the core, with all I/O).
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _unquoted(target: str) -> str:
    if "%" not in target:
        return target
    return _PERCENT.sub(lambda run: bytes.fromhex(run.group(0).replace("%", "")).decode("utf-8", "replace"), target)


def terminal_text(text: str) -> str:
    """Card text for the terminal: each local image as `[image: target]`."""
    if "![" not in text:
        return text
    return IMAGE.sub(lambda match: f"[image: {match.group(2)}]", text)


def without_images(text: str) -> str:
    """Card text without its images (what a typed answer can be compared with), line by line."""
    if "![" not in text:
        return text
    return "\n".join(" ".join(IMAGE.sub(" ", line).split()) for line in text.split("\n")).strip()


def outside_images(text: str, change: Callable[[str], str]) -> str:
    """`change` applied to the text between image references, the references kept as they are.

    A reverse card's question hides its term (`layer`); the file name `img/layers.png` is not the term.
    """
    if "![" not in text:
        return change(text)
    pieces: list[str] = []
    at = 0
    for match in IMAGE.finditer(text):
        pieces.append(change(text[at:match.start()]) + match.group(0))
        at = match.end()
    pieces.append(change(text[at:]))
    return "".join(pieces)
