"""The card a key calls for: a flag, a command, or a definition, and how much a key needs to be one.

Every rule that finds a key and its description (list items in `bullets`, keyed paragraphs here,
runs of keyed lines in `lines` and `text_blocks`) hands it to `emit_keyed`, so the same line gives
the same card wherever it stands. How much a key needs depends on where it sits:

- a code span that reads as a command line is enough on its own, in a bullet or a paragraph
  (`` `docker ps` shows all running containers ``, the seed's `` `docker port <name>` View all ... ``);
- a bold key at the start of a bullet is enough (`- **Spot instances** take advantage of ...`);
- a linked key is enough in a bullet when it is code or short (``[`docker rm`](url) deletes a container``);
- an italic key when a defining verb follows;
- anything else needs a separator (`**Term**: def`, `_Term_ - def`, `term = def`, `term → def`).

A nested command that says "accomplishes the same thing" inherits its parent's purpose
(`ParentCommand`). "List containers: `docker ps`" names the command last (`prefer_reverse`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from flashcards.core.extract.commands import looks_like_flag
from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.facts import add_command, add_definition, add_flag, is_label
from flashcards.core.extract.keys import KeyedText, lines_of, split_key, split_reverse_key
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, inline_of

_SAME_AS_PARENT = re.compile(r"\b(?:the same thing|same as above|does the same|the same)\b", re.IGNORECASE)
# "`sorted(xs)` returns a new list": a code key followed by what it does.
VERB_START = re.compile(r"^[\"'“]?(?:is|are|was|has|have|does|can|will|may|must|[a-z]{2,}s)\b(?!['’])")
_DESCRIPTION_START = re.compile(r"^\s*[(\"'“]?[^\W\d_]")
_UPPER_ARGUMENTS = re.compile(r"^((?:[A-Z][A-Z0-9_]+\s+)+)(?=\S)")


@dataclass(frozen=True)
class ParentCommand:
    """The command of a bullet and its purpose, which a nested "does the same thing" bullet inherits."""
    command: str
    purpose: str


def emit_keyed(
    scan: Scan,
    keyed: KeyedText,
    section: Section,
    line: int,
    in_list: bool,
    parent: ParentCommand | None = None,
) -> str | None:
    """Make the card a key calls for; returns "command" when it made a command card, "" for others,
    None when the text is not a fact (the caller then treats it as prose)."""
    value = keyed.value
    code = keyed.code
    key_text = keyed.key.text.strip()
    if code is not None and looks_like_flag(code):
        add_flag(scan, code, value, section, line)
        return ""
    if code is not None and scan.commands.looks_like_command(code):
        if not keyed.separator and not _DESCRIPTION_START.match(value.text):
            return None  # "`a`, `b`" or "`cmd` | ..." is not a command followed by its purpose
        command = code
        arguments = _UPPER_ARGUMENTS.match(value.text)
        if arguments and not keyed.separator:
            command = f"{code} {arguments.group(1).strip()}"
            value = Rendered(value.text[arguments.end() :], value.residual.replace(arguments.group(1), "", 1))
        if parent is not None and _SAME_AS_PARENT.search(value.text) and len(value.text.split()) <= 8:
            purpose = f"{parent.purpose} (same as `{parent.command}`)"
            value = Rendered(purpose, purpose)
        add_command(scan, command, value, section, line)
        return "command"
    if not keyed.separator:
        enough = (
            keyed.style in {"bold", "code", "italic"}
            and in_list
            and len(value.text.split()) >= 2
            and (keyed.style == "bold" or bool(VERB_START.match(value.text)))
        ) or (
            keyed.style == "link"
            and in_list
            and (code is not None or len(key_text.split()) <= 3)
            and len(value.text.split()) >= 2
        )
        if not enough or (keyed.style == "code" and _is_worked_example(value.text)):
            return None
    if looks_like_flag(key_text.strip("`")):
        add_flag(scan, key_text, value, section, line)
        return ""
    add_definition(scan, keyed.key, value, section, line)
    return ""


def _is_worked_example(text: str) -> bool:
    """ "`x /. x -> 1` gives `1`": an input and its result, with at most two words between."""
    return len(re.sub(r"`[^`]*`", " ", text).split()) <= 2


def prefer_reverse(scan: Scan, keyed: KeyedText | None, tokens: list[Token]) -> KeyedText | None:
    """ "List containers: `docker ps`" names the command last: read it so when the code is a command
    or a flag (a plain key would otherwise take "List containers" as the term)."""
    if keyed is not None and keyed.style != "plain":
        return keyed
    reverse = split_reverse_key(tokens)
    usable = reverse is not None and reverse.code is not None and not is_label(reverse.value.text)
    if usable and reverse is not None and reverse.code is not None:
        code = reverse.code
        if looks_like_flag(code) or scan.commands.looks_like_command(code):
            return reverse
    return keyed


def read_keyed_paragraph(scan: Scan, block: Block) -> bool:
    """A paragraph that states facts: one key per line, or one key for the whole paragraph."""
    tokens = inline_of(block.node)
    lines = lines_of(tokens)
    if len(lines) > 1:
        keyed_lines = [split_key(line) for line in lines]
        if all(keyed is not None and keyed.separator for keyed in keyed_lines):
            for number, keyed in enumerate(keyed_lines):
                assert keyed is not None
                emit_keyed(scan, keyed, block.section, block.start + number, in_list=False)
            return True
    keyed = prefer_reverse(scan, split_key(tokens), tokens)
    if keyed is None or keyed.value.is_empty:
        return False  # "**Column breakdown:**" introduces what follows; it states nothing itself
    if keyed.style != "code" and not keyed.separator:
        return False
    return emit_keyed(scan, keyed, block.section, block.start, in_list=False) is not None
