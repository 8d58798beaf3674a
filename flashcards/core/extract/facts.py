"""The card shapes every rule produces, written once: definitions, flags, commands, instructions.

Whatever structure a fact came from (`<dl>`, a bullet, a table row), a definition always reads
term → definition plus a reverse card, a flag always names its command, a command card always asks
for the command from its purpose. Keeping the wording here keeps cards uniform across note styles.

Answers that are empty or only a link are refused here too (and reported as skipped), so no rule can
forget the check. Labels such as "Note:" or "Example:" are not terms; "Summary:" is a definition of
the section it sits in.
"""

from __future__ import annotations

import functools
import re
from functools import lru_cache

from flashcards.core.extract.commands import flag_aliases
from flashcards.core.extract.document import Section
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, code_span, strip_code_span
from flashcards.core.images import outside_images
from flashcards.core.vocabulary import Kind

LABELS = frozenset(
    """note notes nb n.b. tip tips hint hints warning warnings caution important attention remember
    example examples e.g. eg output outputs result results syntax usage update edit todo fixme tbd
    source sources reference references see credit credits disclaimer info question answer ps p.s.
    aside reminder""".split()
) | {"see also", "example output", "for example", "fun fact", "side note", "pro tip"}
SUMMARY_LABELS = frozenset(
    {"summary", "in summary", "tl;dr", "tldr", "definition", "in short", "in a nutshell", "simplified"}
)


def strip_trailing(text: str, marks: str) -> str:
    """`text` without the whitespace and `marks` it ends with.

    A pattern `[…]+$` searched for such a run tried every place of a long run that does not end the
    text (a line of 32,000 `-` then a word: seconds); walking back from the end reads the run once.
    """
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in marks):
        end -= 1
    return text[:end]


def label_of(text: str) -> str:
    return strip_trailing(strip_code_span(text).strip("*_ "), ":.-–—").lower()


def is_label(text: str) -> bool:
    return label_of(text) in LABELS


def _refuse(scan: Scan, answer: Rendered, line: int) -> bool:
    """Record why an answer cannot make a card; True when it was refused."""
    if answer.is_empty:
        scan.sink.skip(line, "empty answer")
        return True
    if answer.is_link_only:
        scan.sink.skip(line, "answer is only a link")
        return True
    return False


def mask_term(text: str, term: str) -> str:
    """The definition with the term blanked out, so the reverse card does not give its answer away."""
    plain = strip_code_span(term).strip()
    candidates = [plain]
    # (the long form ends in a non-space, so each run of spaces is tried once, not from each of its places)
    match = None if term.strip().startswith("`") else re.fullmatch(r"(.*?\S)\s+\(([^()]+)\)", plain)
    if match:  # "Digital object identifier (DOI)": the long form and the short form
        candidates = [plain, match.group(1), match.group(2)]
    masked = text
    for candidate in sorted(candidates, key=len, reverse=True):
        if len(candidate) < 3:
            continue
        if candidate.isascii() and masked.isascii() and candidate.lower() not in masked.lower():
            continue  # cannot match; compiling a pattern per term is half the cost of a large import
        masked = outside_images(masked, functools.partial(_mask_regex(candidate).sub, "___"))
    return masked


@lru_cache(maxsize=4096)
def _mask_regex(candidate: str) -> re.Pattern[str]:
    """The term as a whole word (or its plural), compiled once per term."""
    return re.compile(rf"(?<![\w`]){re.escape(candidate)}(?:e?s)?(?![\w`])", re.IGNORECASE)


# A description that goes on from its key as the subject of one sentence (`**Term** are ...`,
# `` `x` is ... ``): the question shown without the key must show where the key was.
_GOES_ON_FROM_SUBJECT = re.compile(r"^(?:is|are|was|were|has|have|had|will|can|may|must|does|do)\b(?!['’])")


def blank_subject(text: str) -> str:
    """`are used to ...` becomes `___ are used to ...`, so the question reads as a whole sentence."""
    return f"___ {text}" if _GOES_ON_FROM_SUBJECT.match(text.lstrip()) else text


def question(text: str) -> str:
    """A description turned into a question ending: trailing full stop or colon replaced by '?'."""
    text = text.strip()
    if "\n" in text:
        return "\n" + text
    return " " + strip_trailing(text, ".:;!?") + "?"


def add_definition(
    scan: Scan, term: Rendered, definition: Rendered, section: Section, line: int, reverse: bool = True
) -> bool:
    name = term.text.strip()
    if name.endswith(":") and not name.startswith(":"):  # `Term:` but not an emoji code `:smile:`
        name = name[:-1].strip()
    if not name:
        scan.sink.skip(line, "empty term")
        return False
    label = label_of(name)
    anchor = name
    if label in SUMMARY_LABELS and section.title:
        name = section.title  # "Summary: ..." defines the section's subject
    elif label in LABELS:
        scan.sink.skip(line, f"note label {name!r}, not a term")
        return False
    if _refuse(scan, definition, line):
        return False
    text = definition.text
    if not reverse:
        return scan.sink.card(Kind.DEFINITION, name, text, anchor, section.context, line)
    return scan.sink.pair(
        (Kind.DEFINITION, Kind.DEFINITION_REVERSE),
        (name, text),
        (blank_subject(mask_term(text, name)), name),
        anchor,
        section.context,
        line,
    )


def add_flag(scan: Scan, flag: str, description: Rendered, section: Section, line: int) -> bool:
    if _refuse(scan, description, line):
        return False
    aliases = [strip_code_span(alias) for alias in flag_aliases(strip_code_span(flag))]
    aliases = [alias for alias in aliases if alias]
    if not aliases:
        scan.sink.skip(line, "empty flag")
        return False
    command = scan.commands.command_for(scan.document, section)
    primary, others = aliases[0], aliases[1:]
    shown = code_span(f"{command} {primary}" if command else primary)
    front = " / ".join([shown, *(code_span(alias) for alias in others)])
    which = f"Which {code_span(command)} flag:" if command else "Which flag:"
    return scan.sink.pair(
        (Kind.FLAG, Kind.FLAG_REVERSE),
        (front, description.text),
        (which + question(description.text), " / ".join(code_span(alias) for alias in aliases)),
        primary,
        section.context,
        line,
    )


def add_command(
    scan: Scan, command: str, purpose: Rendered, section: Section, line: int, plain_purpose: str | None = None
) -> bool:
    """Purpose → command, and the reverse. `plain_purpose` is the purpose to show on the reverse card
    when the forward card's purpose had the command blanked out."""
    command = " ".join(strip_code_span(command).split()) if "\n" not in command else command.strip()
    if not command:
        scan.sink.skip(line, "empty command")
        return False
    if _refuse(scan, purpose, line):
        return False
    scan.commands.remember_command(section, command)
    shown = code_span(command)
    return scan.sink.pair(
        (Kind.COMMAND, Kind.COMMAND_REVERSE),
        (blank_subject(purpose.text), shown),
        (shown, plain_purpose or purpose.text),
        command,
        section.context,
        line,
    )


def add_instruction(scan: Scan, purpose: str, code: str, section: Section, line: int) -> bool:
    purpose = purpose.strip().rstrip(":").strip()
    if not purpose or is_label(purpose):
        return False
    lines = [line_text.rstrip() for line_text in code.strip("\n").split("\n")]
    back = code_span(lines[0]) if len(lines) == 1 else "\n".join(lines)
    return scan.sink.card(Kind.INSTRUCTION, purpose, back, purpose, section.context, line)
