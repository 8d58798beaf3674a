"""Code blocks: annotated lines inside them, and the sentence that introduces them.

Inside a block, notes explain code with comments. A `# comment` line (several in a row count as one)
followed by code lines is an instruction card: comment → code (`set a directory for the app` →
`WORKDIR /usr/src/app`). A line written as `code    # what it does` is one too. A line without a
comment gives nothing (a Dockerfile's `FROM` with no comment has nothing to ask). `#` is a comment in
shell, Dockerfile, Python, YAML, Ruby, ...; in C-like languages and Markdown it is not, and text or
output blocks are never read.

Outside, a short description that ends with a colon, a bold pseudo-heading, a bullet or a heading
directly followed by a block (or by a paragraph that is only a code span, the tldr style) is the
block's caption. A one-line block becomes a command card (caption → command, both ways); a longer
block an instruction card (caption → code). Prompts (`$ `) are removed and the output lines after
them dropped. Captions that start like prose ("If you have ...", "Then ...", "This ...") describe a
situation rather than a purpose and are not used, unless a code span of theirs occurs whole in the
code ("This is done by ... using `-p`:"); a caption of two sentences is prose; "Or with full
details:" borrows the caption before it. A heading, then a short line that cannot caption by itself
("As of Docker 1.9:"), then code: the heading captions it, qualified by the line. A list item
"Title - a long explanation" captions its code by the title. A prose paragraph without a colon over
a block of one command captions it by its first sentence only when it shares a content word with
the command beyond the program ("limit the number of processes" over `--pids-limit=64`). Blocks
whose lines start with numbers (logs, listings) are not code to caption.

A block may hold text rather than code: a run of `Key: description`, `key - description`,
column-aligned `cmd    description` or `cmd (description)` lines (an indented glossary, a cheat
sheet pasted into a fence). The group decides: most lines share one separator, the keys are short and
distinct, the descriptions are words (a config listing has one-word values, output has more columns,
a log starts with numbers). Each line is a definition, or a command card when its key reads as a
command.
"""

from __future__ import annotations

import re
from collections import Counter

from markdown_it.tree import SyntaxTreeNode

from flashcards.core.extract.commands import looks_like_flag, strip_prompt
from flashcards.core.extract.document import Block, Section
from flashcards.core.extract.facts import add_command, add_definition, add_instruction, is_label
from flashcards.core.extract.scan import Scan
from flashcards.core.extract.text import Rendered, inline_of, strip_code_span

_NO_HASH_COMMENTS = frozenset(
    """c cpp c++ h hpp cc objc objective-c cs csharp markdown md html xml css scss less json jsonc diff
    patch rust go java javascript js typescript ts kotlin swift scala php sql""".split()
)
_NOT_CODE = frozenset("text txt plain plaintext output log logs console-output none nohighlight".split())
_DATA = frozenset("json jsonc csv tsv".split())
# The text runs to its last non-space character (`.*\S`, not `.*?` then `\s*$`, which tried every
# place in a long run of spaces: quadratic in the run).
_COMMENT = re.compile(r"^\s*#+\s+(\S(?:.*\S)?)\s*$")
_TRAILING_COMMENT = re.compile(r"^(\S.*?\S)\s{2,}#\s+(\S(?:.*\S)?)\s*$")
_PROMPT_LINE = re.compile(r"^\s*(?:\$|%|PS>|[\w.-]+@[\w.-]+[:~\w/]*[$#])\s")
_CONNECTIVE = re.compile(
    r"^(?:if|then|and|but|so|that|this|these|those|it|there|here|when|while|after|once|now|because|since|"
    r"however|which|where|note|notes|the following|following|as|for example|e\.g\.)\b",
    re.IGNORECASE,
)
_IMPERATIVE_AFTER_CONDITION = re.compile(
    r",\s*(?:use|run|type|try|add|pass|call|execute|do|set|enter|start|stop)\b", re.IGNORECASE
)
_EXAMPLE_CAPTION = re.compile(r"^(?:examples?|sample|output|result|demo)\b", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*\d+[.)]\s+")
_SEE_ALSO = re.compile(r"(?<=[.!?])\s+See\s.*$", re.DOTALL)
_SHELL = frozenset(
    "sh bash shell zsh fish console shell-session terminal powershell ps1 pwsh cmd bat".split()
)
_TEXT_LANGUAGES = frozenset({"", "text", "txt", "plain", "plaintext", "none", "nohighlight", "md", "markdown"})
_ENTRY_COLON = re.compile(r"[^\s:](:)\s")
_ENTRY_DASH = re.compile(r"\S\s(-|–|—|=|->|→|=>)\s")
_ENTRY_GAP = re.compile(r"\S(\s{2,}|\t+)\S")
_GAP = re.compile(r"\S(?:\s{2,}|\t)\S")
_MAX_TEXT_KEY_WORDS = 5
_TITLE_SEPARATOR = re.compile(r"\s(?:-|–|—)\s|:\s")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_MAX_TITLE_WORDS = 8
_FIRST_SENTENCE = re.compile(r"^(.+?[.!])(?:\s|$)", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]+")
_MIN_SHARED = 4  # a shared word this long is a content word, not "a", "to", "the"
_STEM = 5  # "limit" / "limits", "privilege" / "privileges"
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_MAX_CODE_LINES = 8
_MAX_CAPTION = 160


def _language(node: SyntaxTreeNode) -> str:
    return (node.info or "").strip().split(" ")[0].lower().strip("{}.")


def _content_start(node: SyntaxTreeNode, fallback: int) -> int:
    """1-based line of the block's first code line (after the opening fence)."""
    if not node.map:
        return fallback
    return node.map[0] + (2 if node.type == "fence" else 1)


def _trailing_parenthesis(line: str) -> tuple[str, str] | None:
    """`git init (create a repository)`: the code and the words in brackets after it, or None for a
    call (`print(x)`) or a bracket of values (`max (a, b)`)."""
    if not line.endswith(")"):
        return None
    opening = line.rfind("(")
    code, description = line[:opening], line[opening + 1 : -1].strip()
    if opening <= 0 or not code[-1].isspace() or not code.strip() or code.count("(") != code.count(")"):
        return None
    if len(description.split()) < 2 or ")" in description:
        return None
    if sum(character.isalpha() for character in description) * 4 < len(description.replace(" ", "")) * 3:
        return None
    return code.strip(), description


def _text_entry(line: str) -> tuple[str, str, str] | None:
    """`Key: description`, `key - description`, `key    description` or `cmd (description)`: (kind, key,
    description)."""
    stripped = line.strip()
    paren = _trailing_parenthesis(stripped)
    if paren is not None:
        return "paren", paren[0], paren[1]
    found: list[tuple[int, int, str]] = []  # (start, end, kind) of the first separator of each kind
    for kind, pattern in (("colon", _ENTRY_COLON), ("dash", _ENTRY_DASH), ("gap", _ENTRY_GAP)):
        match = pattern.search(stripped)
        if match:
            found.append((match.start(1), match.end(1), kind))
    if not found:
        return None
    start, end, kind = min(found)
    key, description = stripped[:start].strip(), stripped[end:].strip()
    if sum(character.isdigit() for character in key) >= sum(character.isalpha() for character in key):
        return None  # `2024-01-10 12:00:01  started`: a log line or a data row, not a key
    words = description.split()
    if not key or len(key.split()) > (_MAX_TEXT_KEY_WORDS * 2 if kind == "gap" else _MAX_TEXT_KEY_WORDS):
        return None
    if len(words) < (2 if kind == "gap" else 3) or _GAP.search(description):
        return None  # one word is a value (a config listing); more columns are output
    letters = sum(character.isalpha() for character in description)
    if letters * 2 < len(description.replace(" ", "")):
        return None
    return kind, key, description


def _read_text_block(scan: Scan, node: SyntaxTreeNode, section: Section) -> bool | None:
    """A block that holds text, not code: a run of `key: description`, `cmd    description` or
    `cmd (description)` lines.

    The group decides: two or more entries sharing one separator, covering most lines, with distinct
    keys. None when the block is not such a run (it is then read as code)."""
    language = _language(node)
    if language not in _TEXT_LANGUAGES and language not in _SHELL:
        return None
    lines = node.content.rstrip("\n").split("\n")
    filled = [(number, line) for number, line in enumerate(lines) if line.strip()]
    if len(filled) < 2 or any(
        _PROMPT_LINE.match(line) or _COMMENT.match(line) or _TRAILING_COMMENT.match(line) for _, line in filled
    ):
        return None
    entries = [(number, entry) for number, line in filled if (entry := _text_entry(line)) is not None]
    kinds = [entry[0] for _, entry in entries]
    if not kinds:
        return None
    kind = Counter(kinds).most_common(1)[0][0]
    chosen = [(number, entry) for number, entry in entries if entry[0] == kind]
    if kind not in {"gap", "paren"} and language not in _TEXT_LANGUAGES:
        return None  # `key: value` in shell is code (a here-doc, a YAML snippet), not a glossary
    if len(chosen) < 2 or len(chosen) * 3 < len(filled) * 2:
        return None
    keys = {entry[1].lower() for _, entry in chosen}
    if len(keys) * 5 < len(chosen) * 4:
        return None
    first = _content_start(node, 1)
    made = False
    for number, (_, key, description) in chosen:
        line = first + number
        if kind in {"gap", "paren"} and scan.commands.looks_like_command(key):
            made = add_command(scan, key, Rendered(description, description), section, line) or made
        else:
            made = add_definition(scan, Rendered(key, key), Rendered(description, description), section, line) or made
    return made


def read_fence(scan: Scan, node: SyntaxTreeNode, section: Section) -> bool:
    """Instruction cards from the comments inside one code block; True when any card was made."""
    as_text = _read_text_block(scan, node, section)
    if as_text is not None:
        return as_text
    language = _language(node)
    if language in _NO_HASH_COMMENTS or language in _NOT_CODE or language in _DATA:
        return False
    first = _content_start(node, 1)
    lines = node.content.rstrip("\n").split("\n")
    prompted = any(_PROMPT_LINE.match(line) for line in lines)
    made = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#!"):
            index += 1
            continue
        comment = _COMMENT.match(line)
        if comment:
            purpose = [comment.group(1)]
            start = index
            index += 1
            while index < len(lines) and (match := _COMMENT.match(lines[index])):
                purpose.append(match.group(1))
                index += 1
            code: list[str] = []
            after_prompt = False  # lines after a prompted command are its output
            while index < len(lines) and lines[index].strip() and not _COMMENT.match(lines[index]):
                if _TRAILING_COMMENT.match(lines[index]):
                    break  # `code   # what it does` is a card of its own
                if prompted and _PROMPT_LINE.match(lines[index]):
                    code.append(strip_prompt(lines[index]))
                    after_prompt = True
                elif not after_prompt:
                    code.append(lines[index].rstrip())
                index += 1
            text = " ".join(purpose)
            if code and re.search(r"[^\W\d_]", text):
                made = add_instruction(scan, text, "\n".join(code), section, first + start) or made
            continue
        trailing = _TRAILING_COMMENT.match(line)
        if trailing and not trailing.group(1).lstrip().startswith("#"):
            code_line = strip_prompt(trailing.group(1)) if prompted else trailing.group(1).strip()
            made = add_instruction(scan, trailing.group(2), code_line, section, first + index) or made
        index += 1
    return made


def code_only_paragraph(node: SyntaxTreeNode) -> str | None:
    """The code of a paragraph that is nothing but one code span (tldr pages write commands so)."""
    tokens = [token for token in inline_of(node) if not (token.type == "text" and not token.content.strip())]
    if len(tokens) == 1 and tokens[0].type == "code_inline":
        return tokens[0].content.strip()
    return None


def _code_lines(node: SyntaxTreeNode) -> list[str] | None:
    """The commands of a block: prompts stripped, output dropped, `\\` continuations joined."""
    if node.type == "paragraph":
        code = code_only_paragraph(node)
        return [code] if code else None
    language = _language(node)
    if language in _NOT_CODE or language in _DATA:
        return None
    raw = [line.rstrip() for line in node.content.rstrip("\n").split("\n")]
    if any(_PROMPT_LINE.match(line) for line in raw):
        raw = [strip_prompt(line) for line in raw if _PROMPT_LINE.match(line)]
    lines: list[str] = []
    pending = ""
    for line in raw:
        if not line.strip():
            continue
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        lines.append((pending + line.strip()) if pending else line)
        pending = ""
    if pending:
        lines.append(pending.strip())
    return lines or None


def caption_text(lead: Rendered) -> str:
    text = _NUMBERING.sub("", lead.text.strip().strip("*_").strip())
    text = _SEE_ALSO.sub("", text)
    return text.rstrip(":").strip().strip("*_").rstrip(":").strip()


def _is_shell(node: SyntaxTreeNode, line: str) -> bool:
    """A one-line block is a command when it is shell (by language, or by its lowercase program)."""
    if node.type == "paragraph":
        return True
    language = _language(node)
    if language in _SHELL:
        return True
    words = line.split()
    return not language and bool(words) and bool(re.match(r"^[a-z][\w.+-]*$", words[0]))


def usable_caption(text: str, from_heading: bool) -> bool:
    if not text or is_label(text) or "\n" in text or _EXAMPLE_CAPTION.match(text):
        return False
    if from_heading:
        return len(text) <= _MAX_CAPTION
    if len(text) > _MAX_CAPTION or _SENTENCE_BREAK.search(text):
        return False  # a caption names one purpose; two sentences are prose
    # "If you have ...:" describes a situation; "If you forget X, use Y:" still names a purpose.
    return not (_CONNECTIVE.match(text) and not _IMPERATIVE_AFTER_CONDITION.search(text))


def qualified_caption(title: str, lead: Rendered) -> str | None:
    """`### Delete dangling volumes` + `As of Docker 1.9:` + code: the heading is the caption and the
    short line between, which cannot be a caption itself, qualifies it. None for any other line."""
    text = caption_text(lead)
    if not title or not text or not lead.text.rstrip().endswith(":") or "\n" in text or len(text.split()) > 6:
        return None
    if is_label(text) or _EXAMPLE_CAPTION.match(text) or usable_caption(text, from_heading=False):
        return None
    if not usable_caption(title, from_heading=True):
        return None
    return f"{title} ({text[0].lower()}{text[1:]})"


def read_captioned(
    scan: Scan,
    lead: Rendered,
    lead_line: int,
    code_block: Block | SyntaxTreeNode,
    section: Section,
    from_heading: bool = False,
    in_item: bool = False,
) -> bool:
    """A caption and the code it introduces; True when a card was made."""
    node = code_block.node if isinstance(code_block, Block) else code_block
    fallback = code_block.start if isinstance(code_block, Block) else lead_line
    if node.type in {"fence", "code_block"} and (_has_comments(node) or _holds_text(node)):
        return False
    text = caption_text(lead)
    if in_item:
        text = _titled(text)
    previous = scan.captions.get(section.index)
    alternative = bool(re.match(r"^or\b", text, re.IGNORECASE)) and previous is not None
    if alternative and previous is not None:
        text = f"{previous} ({text[0].lower()}{text[1:]})"
    lines = _code_lines(node)
    if not lines or len(lines) > _MAX_CODE_LINES:
        return False
    if sum(line.lstrip()[:1].isdigit() for line in lines) * 2 > len(lines):
        return False  # lines that start with numbers are a log, a listing or data, not commands
    if not alternative and not usable_caption(text, from_heading) and not _names_its_code(text, lines):
        return False
    if not from_heading and not in_item and not lead.text.rstrip().rstrip("*_").endswith(":"):
        return False
    if not alternative:
        scan.captions[section.index] = text
    purpose = Rendered(text, text)
    if (len(lines) == 1 and from_heading and isinstance(code_block, Block) and _OPTION_WORDS.search(text)
            and _opens_flag_list(scan, code_block)):
        # `## Flags` / `git commit` / `- -m MSG: …`: a heading that names options titles the list, and the
        # command is the list's subject. "Flags" is no purpose of `git commit`: the flags get the command
        # and no card is made. (`## Create a commit` over the same lines still is the command's purpose.)
        scan.commands.remember_command(section, " ".join(strip_code_span(lines[0]).split()))
        return True
    if len(lines) == 1 and _is_shell(node, lines[0]):
        code_line = _content_start(node, fallback) if node.type != "paragraph" else fallback
        if node.type != "paragraph":
            for offset, raw in enumerate(node.content.split("\n")):
                if raw.strip() and strip_prompt(raw).startswith(lines[0][:20]):
                    code_line += offset
                    break
        return add_command(scan, lines[0], purpose, section, code_line)
    return add_instruction(scan, text, "\n".join(lines), section, lead_line)


# What the options of a command are called in its documentation, any program's.
_OPTION_WORDS = re.compile(r"\b(?:flags?|options?|switch(?:es)?|arguments?|args|parameters?|params)\b", re.IGNORECASE)


def _opens_flag_list(scan: Scan, code_block: Block) -> bool:
    """Whether the block right after `code_block` is a list whose first item is keyed by a flag."""
    following = scan.document.next_block(code_block)
    if following is None or following.node.type != "bullet_list" or not following.node.children:
        return False
    first = next((child for child in following.node.children[0].children if child.type == "paragraph"), None)
    inline = first.children[0].content if first is not None and first.children else ""
    key = inline.split(":", 1)[0].strip().strip("*_")
    return key.startswith("`") and looks_like_flag(strip_code_span(key))


def read_described_command(scan: Scan, lead: Rendered, lead_line: int, code_block: Block, section: Section) -> bool:
    """A prose paragraph (no colon) over a block of one command that it describes: its first
    sentence → the command. The paragraph must share a content word with the command beyond the
    program (`limit the number of processes` over `docker run --pids-limit=64`), which a paragraph
    that merely happens to stand before code rarely does."""
    node = code_block.node
    if node.type not in {"fence", "code_block"} or _has_comments(node) or _holds_text(node):
        return False
    if lead.text.rstrip().rstrip("*_").endswith(":"):
        return False  # a caption-shaped line was judged as a caption already
    lines = _code_lines(node)
    if not lines or len(lines) != 1 or lines[0][:1].isdigit():
        return False
    sentence = _FIRST_SENTENCE.match(lead.text.strip())
    first = (sentence.group(1) if sentence else lead.text).strip()
    if not first or "\n" in first or len(first) > _MAX_CAPTION or is_label(first) or first.endswith("?"):
        return False
    words = [word.lower() for word in _WORD.findall(lines[0])[1:]]
    described = {word.lower()[:_STEM] for word in _WORD.findall(first) if len(word) >= _MIN_SHARED}
    if not any(len(word) >= _MIN_SHARED and word[:_STEM] in described for word in words):
        return False
    return add_command(scan, lines[0], Rendered(first, first), section, code_block.start + 1)


def _holds_text(node: SyntaxTreeNode) -> bool:
    """A run of `key: description` lines (see `_read_text_block`), judged without making cards."""
    lines = [line for line in node.content.split("\n") if line.strip()]
    entries = [entry for line in lines if (entry := _text_entry(line)) is not None]
    return _language(node) in _TEXT_LANGUAGES and len(entries) >= 2 and len(entries) * 3 >= len(lines) * 2


def _titled(text: str) -> str:
    """`Cleaning APT in a RUN layer - This should be done in the same layer ...`: a list item that
    opens with a short title and a separator before its explanation is captioned by the title."""
    if len(text) <= _MAX_CAPTION and not _SENTENCE_BREAK.search(text):
        return text
    match = _TITLE_SEPARATOR.search(text)
    if match is None or len(text[: match.start()].split()) > _MAX_TITLE_WORDS:
        return text
    return text[: match.start()].strip()


def _names_its_code(text: str, lines: list[str]) -> bool:
    """"This is done by mapping the port using `-p`:": a caption that starts like a situation is
    still about the code below when a code span in it occurs, whole, in that code."""
    if not text or is_label(text) or "\n" in text or len(text) > _MAX_CAPTION or _EXAMPLE_CAPTION.match(text):
        return False
    if _SENTENCE_BREAK.search(text):
        return False
    code = " ".join(lines)
    for span in _CODE_SPAN.findall(text):
        span = span.strip()
        if len(span) >= 2 and re.search(rf"(?<!\S){re.escape(span)}(?!\S)", code):
            return True
    return False


def _has_comments(node: SyntaxTreeNode) -> bool:
    language = _language(node)
    if language in _NO_HASH_COMMENTS:
        return False
    return any(_COMMENT.match(line) or _TRAILING_COMMENT.match(line) for line in node.content.split("\n"))
