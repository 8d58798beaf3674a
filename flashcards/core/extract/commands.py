"""Recognising command lines and flags, and finding which command a list of flags belongs to.

Notes rarely repeat the command next to each flag: `-d` sits in a list under `## run` under
`# Core commands`, or under a paragraph that starts with `` `docker ps` ``. A flag card that only says
`-d` is ambiguous, so the card names the command ("`docker run -d`"). The command is found from the
note itself, never from a list of known tools:

1. a heading in the path that is itself a command (`# docker run`, "The `ls` command");
2. the nearest command code span that opened the section or its parent (`` `docker ps` shows ... ``);
3. a one-word heading (`## run`) joined to the program that the note uses with that word
   (`docker run` seen in a code span, a code block or a heading), or to the note's main program when
   an enclosing heading talks about commands.

Programs are learnt from the note: first words of shell code lines and of code spans that look like
command lines, counted; a word counts as a program once it starts two or more of them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.document import Document, Section
from flashcards.core.extract.text import inline_of

_PROGRAM_WORD = re.compile(r"^[a-z][a-z0-9._+-]*$")
_FLAG = re.compile(r"^--?[A-Za-z0-9?#@][\w?#@.+-]*(?:[=\[][^\s]*)?$")
_SHELL_LANGUAGES = frozenset(
    "sh bash shell zsh fish console shell-session terminal powershell ps pwsh cmd bat".split()
)
_PROMPT = re.compile(r"^\s*(?:[$%>]|PS>|[\w.-]+@[\w.-]+[:~\w/]*[$#])\s+")
# Words that name a part of a command's documentation, not a subcommand.
_GENERIC_HEADINGS = frozenset(
    """arguments argument args options option flags flag parameters params switches examples example
    usage syntax notes note description overview summary output see also reference introduction
    commands command basics tips misc miscellaneous install installation setup""".split()
)
_STOP_WORDS = frozenset(
    """a an the is are was be to of in on at for and or not it this that with by as from if then else
    you we they he she i""".split()
)


def strip_prompt(line: str) -> str:
    """A shell line without its prompt (`$ `, `> `, `user@host:~$ `) and without `sudo`."""
    line = _PROMPT.sub("", line, count=1)
    line = line.removeprefix("sudo ")
    return line.strip()


def looks_like_flag(text: str) -> bool:
    """`-d`, `--rm`, `-p <ext>:<int>`, `--color=auto`, `-a, --all`: a command-line option."""
    words = text.replace(",", " ").split()
    if not words:
        return False
    first = words[0]
    return bool(_FLAG.match(first)) and first not in {"-", "--"} and not re.fullmatch(r"-+\d*\.\d+", first)


def flag_aliases(text: str) -> list[str]:
    """The flags named in a key such as "-a, --all" or "-r / --reverse" (arguments stay attached)."""
    parts = [part.strip() for part in re.split(r"\s*(?:,|/|\|)\s*(?=-)", text) if part.strip()]
    return parts or [text.strip()]


def command_base(command: str) -> str:
    """The program and its subcommands, without arguments: `docker build -t x .` → `docker build`."""
    words = strip_prompt(command).split()
    base: list[str] = []
    for word in words:
        if base and (not _PROGRAM_WORD.match(word) or len(base) >= 3):
            break
        if not base and not _PROGRAM_WORD.match(word):
            return ""
        base.append(word)
    return " ".join(base)


@dataclass
class CommandIndex:
    """What the note teaches about its commands: programs and the words that follow them."""

    programs: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    # The same, counted in code only (code spans, shell lines): "kubectl get" there, not "kubectl cheatsheet".
    code_pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Commands opened by code spans, per section index, in note order (filled while cards are made).
    section_commands: dict[int, list[str]] = field(default_factory=dict)
    # `heading_command` per section index: asked for every item of a section, computed once.
    _heading_commands: dict[int, str] = field(default_factory=dict)

    @property
    def main_program(self) -> str:
        known = [(count, name) for name, count in self.programs.items() if count >= 2]
        return max(known)[1] if known else ""

    def is_program(self, word: str) -> bool:
        return self.programs.get(word, 0) >= 2

    def looks_like_command(self, text: str) -> bool:
        """A code span that reads as a command line rather than a value or a name."""
        words = strip_prompt(text).split()
        if not words or not _PROGRAM_WORD.match(words[0]) or words[0] in _STOP_WORDS:
            return False
        if self.is_program(words[0]):
            return True
        if len(words) < 2:
            return False
        rest = words[1:]
        if len(words) <= 4 and all(_PROGRAM_WORD.match(word) for word in words):
            return True  # `docker ps`, `git status`, `kubectl get pods`: a program and its subcommands
        return any(
            word.startswith(("-", "<", "{", "[", "$", "/", "./", "~", "'", '"')) or "=" in word or "/" in word
            for word in rest
        )

    def remember_command(self, section: Section, command: str) -> None:
        base = command_base(command)
        if base:
            self.section_commands.setdefault(section.index, []).append(base)

    def command_for(self, document: Document, section: Section) -> str:
        """The command that flags in this section belong to, or "" when the note does not say."""
        chain = section.ancestors()
        for candidate in chain:
            found = self.heading_command(candidate)
            if found:
                return found
        for candidate in chain[:2]:
            remembered = self.section_commands.get(candidate.index)
            if remembered:
                return remembered[-1]
        # `## run` under `# Core commands`, or `## commit` in a note titled `# git`: a subcommand.
        talks_about_commands = any(
            "command" in candidate.title.lower() or self.is_program(candidate.title.strip().strip("`"))
            for candidate in chain
        ) or self.is_program(document.title.strip().strip("`"))
        for candidate in chain:
            word = candidate.title.strip().strip("`").lower()
            if not _PROGRAM_WORD.match(word) or word in _GENERIC_HEADINGS or word in _STOP_WORDS:
                continue
            owners = Counter(
                {first: count for (first, second), count in self.pairs.items() if second == word}
            )
            if owners:
                return f"{owners.most_common(1)[0][0]} {word}"
            if talks_about_commands and self.main_program and word != self.main_program:
                return f"{self.main_program} {word}"
            if talks_about_commands and self.is_program(word):
                return word
        title_words = document.title.strip("`").split()
        if title_words and self.is_program(title_words[0]):
            # "# kubectl cheatsheet": the note is about the program; "cheatsheet" is not a subcommand.
            return self._attested(title_words) or title_words[0]
        return ""

    def _attested(self, words: list[str]) -> str:
        """`program subcommand` when the note writes that pair in code, else ""."""
        if len(words) >= 2 and self.code_pairs.get((words[0], words[1]), 0) > 0:
            return command_base(" ".join(words))
        return ""

    def heading_command(self, section: Section) -> str:
        """The command a heading names (`# docker run`, "The `ls` command"), or ""."""
        known = self._heading_commands.get(section.index)
        if known is None:
            known = self._heading_commands[section.index] = self._read_heading_command(section)
        return known

    def _read_heading_command(self, section: Section) -> str:
        if section.node is None:
            return ""
        tokens = inline_of(section.node)
        for token in tokens:
            if token.type == "code_inline":
                words = token.content.split()
                names_command = self.looks_like_command(token.content) or "command" in section.title.lower()
                if words and names_command and _PROGRAM_WORD.match(words[0]):
                    return command_base(token.content)
        words = section.title.split()
        if 1 < len(words) <= 4 and self.is_program(words[0]) and all(_PROGRAM_WORD.match(w) for w in words):
            return self._attested(words)
        return ""


def _command_texts(document: Document) -> tuple[list[str], list[str]]:
    """Code spans (and headings) and shell code lines of the note: where commands are written."""
    spans: list[str] = []
    shell_lines: list[str] = []

    def visit(node: SyntaxTreeNode) -> None:
        if node.type == "inline" and node.token is not None:
            for token in node.token.children or []:
                if token.type == "code_inline":
                    spans.append(token.content)
            return
        if node.type == "fence":
            language = (node.info or "").strip().split(" ")[0].lower()
            if language in _SHELL_LANGUAGES or not language:
                shell_lines.extend(strip_prompt(line) for line in node.content.split("\n") if line.strip())
            return
        for child in node.children:
            visit(child)

    for block in document.blocks:
        visit(block.node)
    return spans, shell_lines


def build_command_index(document: Document) -> CommandIndex:
    index = CommandIndex()
    spans, shell_lines = _command_texts(document)
    for text in spans:
        words = strip_prompt(text).split()
        if len(words) >= 2 and _PROGRAM_WORD.match(words[0]) and words[0] not in _STOP_WORDS:
            index.programs[words[0]] += 1
    for line in shell_lines:
        words = line.split()
        if words and _PROGRAM_WORD.match(words[0]) and not line.startswith("#"):
            index.programs[words[0]] += 1
    for section in document.sections[1:]:
        if section.node is not None and "command" in section.title.lower():
            for token in inline_of(section.node):
                if token.type == "code_inline" and _PROGRAM_WORD.match(token.content.strip()):
                    index.programs[token.content.strip()] += 2
    headings = [section.title.replace("'", " ").replace('"', " ") for section in document.sections[1:]]
    for number, text in enumerate([*spans, *shell_lines, *headings]):
        words = text.split()
        for first, second in pairwise(words):
            if index.is_program(first) and _PROGRAM_WORD.match(second):
                index.pairs[(first, second)] += 1
                if number < len(spans) + len(shell_lines):
                    index.code_pairs[(first, second)] += 1
    return index
