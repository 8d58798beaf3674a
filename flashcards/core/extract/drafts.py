"""Collecting card specs from the rules and turning them into keyed `CardDraft`s.

Rules do not build keys themselves: they hand over a spec (kind, front, back, anchor, context, line)
and, for two-way facts, a pair of specs. Assembly then, in one place:

- drops specs with an empty front or back (reported as skipped: "empty answer"), so no rule can leak
  an empty card;
- orders cards as they appear in the note (line, then the order the rules produced them);
- builds keys with `make_key` from the deck, kind, heading path and anchor (never the answer);
- gives a key that occurs twice in the file a deterministic suffix " (2)", " (3)" on its anchor, for
  the forward and the reverse card alike, and reports a problem naming both lines;
- points every reverse card's `sibling_key` at its forward card's final key;
- keeps every reverse card from giving its answer away, whichever rule made it: where its front still
  shows a word answer (bare or in a code span) that answer is blanked to `___`; one that would still
  show it (a symbol inside a code span) is dropped and reported as skipped; and no card is shown with a heading that names its whole answer (the
  command a `## docker run` section asks for, the term a reverse card asks for): that heading is left
  out of the context the card is shown with (its key still uses the whole heading path, so its identity does not change).

After each block the extractor calls `close_block`: the cards and skips a rule found in that block
each get the lines up to the next one's as their item (`end_line`), and the block's lines are noted
as read. Rules need not know about it; it only serves `import --explain`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from flashcards.core.cards import CardDraft, Problem, SourceRef, make_key, normalize_anchor
from flashcards.core.images import outside_images, without_images
from flashcards.core.vocabulary import Kind, is_reverse_kind


_MARKUP = re.compile(r"\*\*|__|`")
_CODE_SPAN = re.compile(r"`+([^`]+)`+")
_WORD = re.compile(r"\w")  # what `_is_word` accepts (`\w` is `str.isalnum` or `_`), found in C


@lru_cache(maxsize=8192)
def _plain(text: str) -> str:
    """Text as a reader compares it: markup (bold, code ticks) dropped, case and spaces folded.

    Kept per text: every card compares its answer with each heading above it, and a section's cards
    share those headings."""
    return " ".join(_MARKUP.sub("", text).casefold().split())


def _same(front: str, back: str) -> bool:
    """Both sides read the same but for markup and spacing (case counts: `-p` is not `-P`, `A` not `a`)."""
    return " ".join(_MARKUP.sub("", front).split()) == " ".join(_MARKUP.sub("", back).split())


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _stands_in(haystack: str, needle: str) -> bool:
    """`needle` occurs in `haystack` and is not the inside of a longer word."""
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = haystack[start - 1] if start else " "
        after = haystack[end] if end < len(haystack) else " "
        if not (_is_word(needle[0]) and _is_word(before)) and not (_is_word(needle[-1]) and _is_word(after)):
            return True
        start = haystack.find(needle, start + 1)
    return False


def shows_answer(text: str, answer: str) -> bool:
    """Whether `text` gives `answer` away: the answer stands in it as a whole word or phrase.

    An answer made only of symbols (`/`, `@`) is looked for inside code spans only, since a full stop or
    a slash in prose is not the answer shown.
    """
    needle = _plain(answer)
    if not needle:
        return False
    text = without_images(text)  # a file name is not the answer shown
    if not _WORD.search(needle):
        return any(_stands_in(_plain(code), needle) for code in _CODE_SPAN.findall(text))
    return _stands_in(_plain(text), needle)


def hide_answer(text: str, answer: str) -> str:
    """`text` with every whole-word occurrence of a word answer (bare or as a code span) blanked to
    `___`, as the rules' own masking does; a symbol-only answer is left alone (the caller drops it)."""
    needle = _plain(answer)
    if not needle or not _WORD.search(needle):
        return text
    words = r"\s+".join(re.escape(word) for word in needle.split())
    pattern = re.compile(rf"(?<![\w`])(`+)?{words}(?(1)`+)(?![\w`])", re.IGNORECASE)
    return outside_images(text, lambda piece: pattern.sub("___", piece))


def shown_context(context: tuple[str, ...], back: str) -> tuple[str, ...]:
    """The heading path shown with a card, without the headings that name its whole answer."""
    return tuple(heading for heading in context if not shows_answer(heading, back))


@dataclass
class CardSpec:
    kind: str
    front: str
    back: str
    anchor: str
    context: tuple[str, ...]
    line: int
    group: int
    order: int
    end: int = 0  # last line of the item (set by `Sink.close_block`; 0: unknown)


@dataclass
class Sink:
    """Where rules put what they found: card specs, problems and skipped items (1-based lines)."""

    path: str
    deck: str
    line_count: int
    specs: list[CardSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    read: list[tuple[int, int]] = field(default_factory=list)
    _groups: int = 0

    def _clamp(self, line: int) -> int:
        return min(max(1, line), self.line_count)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, self._clamp(line), message))

    def skip(self, line: int, reason: str, end: int | None = None) -> None:
        """An item that gives no card, and why; `end` is its last line when the caller knows it."""
        last = None if end is None else max(self._clamp(line), self._clamp(end))
        self.skipped.append(Problem(self.path, self._clamp(line), reason, end_line=last))

    def mark(self) -> tuple[int, int]:
        """Where the next block's findings start (for `close_block`)."""
        return len(self.specs), len(self.skipped)

    def close_block(self, since: tuple[int, int], start: int, end: int, *, silent_ok: bool = False) -> None:
        """The block on lines start..end has been read: give its cards and skips their items' last lines.

        An item runs from its line to the line before the next card or skip of the same block (or to
        the block's end). The block is noted as read unless it gave nothing and `silent_ok` says that
        is unremarkable (a heading that captions nothing).
        """
        specs = self.specs[since[0] :]
        skips = range(since[1], len(self.skipped))
        if silent_ok and not specs and not skips:
            return
        last = self._clamp(end)
        self.read.append((self._clamp(start), max(self._clamp(start), last)))
        starts = sorted({spec.line for spec in specs} | {self.skipped[index].line for index in skips})

        def item_end(line: int) -> int:
            following = bisect.bisect_right(starts, line)
            return max(line, starts[following] - 1 if following < len(starts) else last)

        for spec in specs:
            spec.end = spec.end or item_end(spec.line)
        for index in skips:
            skipped = self.skipped[index]
            if skipped.end_line is None:
                self.skipped[index] = replace(skipped, end_line=item_end(skipped.line))

    def card(
        self, kind: str, front: str, back: str, anchor: str, context: tuple[str, ...], line: int
    ) -> bool:
        """One card with no reverse. Returns False (and records why) when it cannot be a card."""
        return self.cards([(kind, front, back)], anchor, context, line)

    def pair(
        self,
        kinds: tuple[str, str],
        forward: tuple[str, str],
        reverse: tuple[str, str],
        anchor: str,
        context: tuple[str, ...],
        line: int,
    ) -> bool:
        """A fact learnt both ways: the forward card and its reverse share a sibling key."""
        return self.cards(
            [(kinds[0], forward[0], forward[1]), (kinds[1], reverse[0], reverse[1])], anchor, context, line
        )

    def cards(
        self,
        parts: list[tuple[str, str, str]],
        anchor: str,
        context: tuple[str, ...],
        line: int,
        anchors: list[str] | None = None,
    ) -> bool:
        for _kind, front, back in parts:
            if not front.strip():
                self.skip(line, "empty question")
                return False
            if not back.strip():
                self.skip(line, "empty answer")
                return False
            if _same(front, back):
                self.skip(line, "question and answer read the same")
                return False
        if not anchor.strip():
            self.skip(line, "nothing to name the card by")
            return False
        self._groups += 1
        seen: set[tuple[str, str]] = set()
        for number, (kind, front, back) in enumerate(parts):
            own_anchor = anchors[number] if anchors and number < len(anchors) else anchor
            if (kind, " ".join(own_anchor.split())) in seen:
                continue  # a two-way card whose two sides read the same is one card
            if is_reverse_kind(kind) and _plain(front) != _plain(back) and shows_answer(front, back):
                # (sides that differ only in case, `a` -> `A`, ask for the case: kept like their forward card)
                hidden = hide_answer(front, back)
                if shows_answer(hidden, back) or not hidden.replace("___", "").strip(" .,:;"):
                    self.skip(line, f"reverse card would show its answer {back.strip()!r} in its question")
                    continue
                front = hidden  # the answer the rule's masking missed (`ADD` in code, "S3's") is blanked
            seen.add((kind, " ".join(own_anchor.split())))
            self.specs.append(
                CardSpec(
                    kind=Kind(kind).value,  # a known kind (a typo in a rule fails here), stored as plain text
                    front=front.strip(),
                    back=back.strip("\n").rstrip(),  # keep the indentation of a leading code block
                    anchor=" ".join(own_anchor.split()),
                    context=context,
                    line=self._clamp(line),
                    group=self._groups,
                    order=len(self.specs),
                )
            )
        return True


def _suffixed(anchor: str, suffix: int) -> str:
    return anchor if suffix == 1 else f"{anchor} ({suffix})"


def assemble(sink: Sink) -> list[CardDraft]:
    """Keyed drafts in note order, duplicates disambiguated (see the module docstring)."""
    specs = sorted(sink.specs, key=lambda spec: (spec.line, spec.order))
    groups: dict[int, list[CardSpec]] = {}
    for spec in specs:
        groups.setdefault(spec.group, []).append(spec)
    taken: dict[str, int] = {}
    final_key: dict[int, str] = {}
    # Where the suffix search for a repeated anchor resumes, so a thousand repeats stay linear.
    resume: dict[tuple[str, ...], int] = {}
    # A key is its deck, kind and heading path, then its anchor: the first three are shared by every
    # card of a section, so that part of `make_key` is made once per kind and path.
    prefixes: dict[tuple[str, tuple[str, ...]], str] = {}

    def key_of(spec: CardSpec, anchor: str) -> str:
        prefix = prefixes.get((spec.kind, spec.context))
        if prefix is None:
            prefix = prefixes[(spec.kind, spec.context)] = make_key(sink.deck, spec.kind, spec.context, "")
        return prefix + normalize_anchor(anchor)

    for members in groups.values():
        plain = [key_of(spec, spec.anchor) for spec in members]
        suffix = resume.get(tuple(plain), 1)
        while True:
            keys = plain if suffix == 1 else [  # the anchors unsuffixed: the keys just made
                key_of(spec, _suffixed(spec.anchor, suffix)) for spec in members
            ]
            if not any(key in taken for key in keys):
                break
            suffix += 1
        resume[tuple(plain)] = suffix + 1
        if suffix > 1:
            first_line = next((taken[key] for key in plain if key in taken), members[0].line)
            anchor = members[0].anchor
            sink.problem(
                members[0].line,
                f"duplicate card {anchor!r} (also on line {first_line}); "
                f"this one is keyed {_suffixed(anchor, suffix)!r}",
            )
        for spec, key in zip(members, keys, strict=True):
            taken[key] = members[0].line
            final_key[id(spec)] = key
    drafts: list[CardDraft] = []
    forward_key: dict[int, str] = {}
    for spec in specs:
        key = final_key[id(spec)]
        sibling = forward_key.get(spec.group)
        if sibling is None:
            forward_key[spec.group] = key
        drafts.append(
            CardDraft(
                key=key,
                kind=spec.kind,
                deck=sink.deck,
                front=spec.front,
                back=spec.back,
                context=shown_context(spec.context, spec.back),
                source=SourceRef(sink.path, spec.line, end_line=spec.end or None),
                sibling_key=sibling,
            )
        )
    return drafts
