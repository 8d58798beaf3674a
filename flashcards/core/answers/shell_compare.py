"""Shell-aware comparison: two commands, segment by segment, as positional words plus flags.

Used for commands, reverse flag cards, Dockerfile instructions, and any answer that is one code span.
Lines are read by `shell_tokens` and `shell_flags`; here each pipeline segment is compared as
*positional words in order* (aligned like an edit distance, placeholders matching any word) plus a
*multiset of flags*:

- flag order does not matter; ``-aq`` equals ``-a -q`` when every letter is known as a single-letter flag
  (a standalone ``-a`` on either side, or a letter of a cluster on the other side), so ``-name`` stays
  one flag; ``-p80`` equals ``-p 80`` when ``-p`` is a known flag; ``--name=x`` equals ``--name x``;
- whether a flag takes a value (``-p 80:80``, ``-f status=exited``) is not known from a spec, so every
  consistent reading of "this flag takes the next word" is tried and the best one is kept;
- quoting does not matter (``'a b'`` equals ``"a b"``); words and long flags ignore case, single-letter
  flags do not (``-p`` and ``-P`` are different flags); a trailing ``/`` on a path is ignored;
- in the expected answer ``<placeholder>`` and ``{{placeholder}}`` match any one typed word (also inside
  a word, ``<ext>:<int>`` matches ``8080:80``); whitespace-delimited ``[OPTIONS]``-style slots match zero
  or more words, and a slot named like OPTIONS/FLAGS also absorbs extra flags; in such a usage synopsis
  bare CAPS words (``IMAGE``) are placeholders too;
- ``$(...)`` substitutions are compared recursively; Dockerfile exec form ``["a", "b"]`` is read as its
  words (shell form instead of exec form is a 4).

Each difference caps the grade; the caps and how they combine are listed in `shell_diff`.

A reverse flag card may be answered with the command around the flag (``docker run -d`` for ``-d``)
and with an example value or image after it (``--name web``, ``docker run -d nginx``). When the card
spells out the long names itself ("`-d` or `--detach`"), no other long name is guessed. In the
expected answer, CAPS words ending a command (``docker network create NAME``) and numbered ``arg1``
are placeholders, and a trailing ``{{command}}`` placeholder stands for its arguments too.
Known limitations: flags placed after positional words count as reordered flags, although some
programs (``docker run IMAGE -d``) pass them on to the container instead; and a single-dash long
option typed with its letters swapped (``-nmae`` for ``find -name``) reads as the same letter cluster.

Token comparison and command comparison live together because they recurse into each other (a
``$(...)`` word is a command).
"""

from __future__ import annotations


import functools
import itertools
import re
from collections.abc import Iterable, Sequence

from flashcards.core.answers.shell_diff import Diff, Issue, TokenMatch
from flashcards.core.answers.shell_forms import other_forms
from flashcards.core.answers.shell_flags import (
    Element,
    Flag,
    bind,
    drop_command_prefix,
    expand,
    known_letters,
    long_initials,
    near_flag,
    nested_cluster_letters,
    plausibility,
    same_flag_name,
    value_candidates,
)
from flashcards.core.answers.shell_values import (
    lone_value_left_out,
    modifier_left_out,
    partly_fills,
    path_value_left_out,
    pipeline_context,
    short_swap,
    word_issue,
)
from flashcards.core.answers.shell_tokens import Slot, Sub, Token, canonical, parse_command, strip_code_markup
from flashcards.core.answers.text import is_one_typo, quote
from flashcards.core.answers.verdict import Verdict, make_verdict
from flashcards.core.vocabulary import CORRECT_GRADE, Kind, plural


# Subshells nested deeper than this are compared as text.
_MAX_DEPTH = 4
# Above this many ambiguous "does this flag take a value" flags, only a few readings are tried.
_MAX_AMBIGUOUS_FLAGS = 6
# Segments longer than this (no real command is) are compared as whole word lists, not aligned.
_MAX_SEGMENT_WORDS = 80


@functools.lru_cache(maxsize=4096)
def _compare_tokens(*, expected: Token, typed: Token, depth: int) -> TokenMatch:
    """Is the typed word the expected one? Placeholders match anything, $(...) recursively.

    Memoised: the same pair is compared once per reading of the flags, and tokens are immutable.
    """
    exp_pieces, typ_pieces = expected.pieces, typed.pieces
    if expected.literal is not None and typed.literal is not None:
        exp_text, typ_text = canonical(expected), canonical(typed)
        if exp_text == typ_text:
            return TokenMatch(cap=5, detail="")
        if is_one_typo(typed=typ_text, expected=exp_text) or short_swap(typed=typ_text, expected=exp_text):
            return TokenMatch(cap=3, detail="typo")
        return TokenMatch(cap=2, detail="wrong")
    if (
        len(exp_pieces) == 1
        and len(typ_pieces) == 1
        and isinstance(exp_pieces[0], Sub)
        and isinstance(typ_pieces[0], Sub)
        and depth < _MAX_DEPTH
    ):
        inner = _compare_commands(
            expected=exp_pieces[0].inner, typed=typ_pieces[0].inner, kind=Kind.COMMAND, depth=depth + 1
        )
        return TokenMatch(
            cap=inner.grade, detail=f"inside $(...): {inner.reason()}", notes=tuple(inner.notes)
        )
    typed_text = canonical(typed)
    pattern: list[str] = []
    has_slot = False
    for index, piece in enumerate(exp_pieces):
        if isinstance(piece, Slot):
            has_slot = True
            pattern.append(".*?" if piece.optional else ".+?")
        elif isinstance(piece, Sub):
            pattern.append(re.escape(piece.canonical))
        else:
            text = piece.casefold()
            if index == len(exp_pieces) - 1 and len(text) > 1 and text.endswith("/"):
                text = text.rstrip("/") or "/"
            pattern.append(re.escape(text))
    if re.fullmatch("".join(pattern), typed_text, flags=re.DOTALL):
        return TokenMatch(cap=5, detail="", filled=has_slot and typed_text != canonical(expected))
    if not has_slot and is_one_typo(typed=typed_text, expected=canonical(expected)):
        return TokenMatch(cap=3, detail="typo")
    return TokenMatch(cap=2, detail="wrong")


def _compare_flags(
    *,
    expected: Sequence[Flag],
    typed: Sequence[Flag],
    absorb_extra: bool,
    depth: int,
    spelled: bool = False,
    front: str = "",
    units: int = 0,
    context_units: int = 0,
) -> Diff:
    diff = Diff(size=len(expected))
    exp_left = list(expected)
    typ_left = list(typed)

    def value_match(e: Flag, t: Flag) -> TokenMatch | None:
        if e.value is None and t.value is None:
            return TokenMatch(cap=5, detail="")
        if e.value is None or t.value is None:
            return None
        return _compare_tokens(expected=e.value, typed=t.value, depth=depth)

    # 1. Same flag, same value.
    for e in list(exp_left):
        for t in typ_left:
            match = value_match(e, t) if same_flag_name(e.name, t.name) else None
            if match is not None and match.cap == 5:
                exp_left.remove(e)
                typ_left.remove(t)
                if match.filled and e.value is not None and t.value is not None:
                    diff.note(f"{quote(t.value.display)} fills {e.value.display}")
                break
    # 2. Same flag, different or missing value.
    for e in list(exp_left):
        for t in typ_left:
            if not same_flag_name(e.name, t.name):
                continue
            exp_left.remove(e)
            typ_left.remove(t)
            if t.value is None and e.value is not None and e.value.required_slot:
                diff.add(
                    cap=4, text=f"right flag {e.name}; its value {e.value.display} was left out", cost=0.25
                )
            elif t.value is None and e.value is not None and path_value_left_out(e.value):
                diff.add(cap=3, text=f"right flag {e.name}; its path {quote(e.value.display)} was left out", cost=0.5)
            elif t.value is None and e.value is not None:
                diff.add(cap=2, text=f"{e.name} is missing its value {quote(e.value.display)}", cost=0.5)
            elif e.value is None and t.value is not None:
                diff.add(
                    cap=3, text=f"{e.name} takes no value here ({quote(t.value.display)} is extra)", cost=0.5,
                    what="extra",
                )
            else:
                match = value_match(e, t)
                assert match is not None and e.value is not None and t.value is not None
                if match.cap == 3 and match.detail == "typo":
                    diff.add(
                        cap=3,
                        text=f"typo in the value of {e.name}: {quote(t.value.display)} vs "
                        f"{quote(e.value.display)}",
                        cost=0.5,
                    )
                elif match.detail.startswith("inside"):
                    diff.add(cap=match.cap, text=match.detail, cost=1 - match.cap / 5)
                elif partly_fills(expected=e.value, typed=t.value):
                    diff.add(
                        cap=3, text=f"{quote(t.value.display)} fills only part of {e.value.display}", cost=0.5
                    )
                else:
                    diff.add(
                        cap=2,
                        text=f"wrong value for {e.name}: {quote(t.value.display)} instead of "
                        f"{quote(e.value.display)}",
                        cost=0.5,
                    )
            break
    # 3. Nearly the same flag: a dash short (-rm for --rm), a typo in a long name, a long name for a
    # short one or the other way round, an abbreviated or lengthened long name.
    for e in list(exp_left):
        for t in typ_left:
            near = near_flag(e.name, t.name, spelled=spelled)
            if near is None:
                continue
            cap, text = near
            exp_left.remove(e)
            typ_left.remove(t)
            match = value_match(e, t)
            if match is None or match.cap < 5:
                shown = t.value.display if t.value is not None else "nothing"
                wanted = e.value.display if e.value is not None else "no value"
                if not (e.value is not None and e.value.required_slot and t.value is None):
                    cap = min(cap, 2)
                    text += f", and {quote(shown)} for {quote(wanted)}"
            diff.add(cap=cap, text=text, cost=0.5 if cap <= 3 else 0.25)
            break
    # 4. What is left pairs up as wrong flags, then missing or extra ones.
    for e, t in zip(list(exp_left), list(typ_left), strict=False):
        exp_left.remove(e)
        typ_left.remove(t)
        diff.add(cap=2, text=f"wrong flag: {t.display} instead of {e.display}", cost=1.0)
    missing = [e for e in exp_left if not (e.value is not None and e.value.optional_slot is not None)]
    for e in missing:
        # Inside $(...) (depth 1+) no front is passed down, so nothing is forgiven there.
        why = modifier_left_out(e, units=units, front=front, flags=expected, context_units=context_units)
        if len(missing) == 1 and why:
            diff.add(cap=3, text=f"missing flag {e.display} ({why})", cost=1.0)
        else:
            diff.add(cap=2, text=f"missing flag {e.display}", cost=1.0)
    if not absorb_extra:
        for t in typ_left:
            diff.add(cap=3, text=f"extra flag {t.display}", cost=0.5)
    exp_names = [flag.name for flag in expected]
    typ_names = [flag.name for flag in typed]
    if not diff.issues and exp_names != typ_names and sorted(exp_names) == sorted(typ_names):
        diff.note("flag order does not matter")
    return diff


def _compare_words(*, expected: Sequence[Token], typed: Sequence[Token], depth: int, units: int = 0) -> Diff:
    """Align positional words like an edit distance where placeholders match any word.

    `units`: how much the segment asks for beyond its program (words and flags), for `lone_value_left_out`.
    """
    n, m = len(expected), len(typed)
    if max(n, m) > _MAX_SEGMENT_WORDS:
        diff = Diff(size=max(1, n))
        if [canonical(t) for t in expected] != [canonical(t) for t in typed]:
            diff.add(
                cap=1, text="too long to compare word by word, and the words differ", cost=float(max(1, n))
            )
        return diff
    matches = [[_compare_tokens(expected=e, typed=t, depth=depth) for t in typed] for e in expected]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[str]] = [[""] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def delete_cost(token: Token) -> float:
        if token.optional_slot is not None:
            return 0.0
        return 0.25 if token.required_slot else 1.0

    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if i > 0 and j > 0:
                sub = cost[i - 1][j - 1] + {5: 0.0, 4: 0.25, 3: 0.5}.get(matches[i - 1][j - 1].cap, 1.0)
                if sub < here:
                    here, step[i][j] = sub, "sub"
            if i > 0 and cost[i - 1][j] + delete_cost(expected[i - 1]) < here:
                here, step[i][j] = cost[i - 1][j] + delete_cost(expected[i - 1]), "del"
            if j > 0:
                absorbs = i > 0 and expected[i - 1].optional_slot is not None
                insert = cost[i][j - 1] + (0.0 if absorbs else 1.0)
                if insert < here:
                    here, step[i][j] = insert, "absorb" if absorbs else "ins"
            cost[i][j] = here

    diff = Diff(size=max(1, n), cost=cost[n][m])
    ops: list[tuple[str, int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        op = step[i][j]
        ops.append((op, i - 1, j - 1))
        if op == "sub":
            i, j = i - 1, j - 1
        elif op == "del":
            i -= 1
        else:
            j -= 1
    ops.reverse()
    tail = len(ops)
    while tail and ops[tail - 1][0] == "ins":
        tail -= 1
    if len(ops) - tail >= 2 and tail:
        # Words after the whole command (`docker rename old new`): its arguments, one difference.
        words = " ".join(typed[ti].display for _op, _ei, ti in ops[tail:])
        diff.issues.append(Issue(cap=3, text=f"extra words {quote(words)} after the command", what="extra"))
        ops = ops[:tail]
    left_out = [expected[ei] for op, ei, _ti in ops if op == "del" and expected[ei].literal is not None]
    for op, ei, ti in ops:
        if op == "sub":
            word_issue(diff, expected=expected[ei], typed=typed[ti], match=matches[ei][ti], position=ei)
        elif op == "del":
            token = expected[ei]
            if token.optional_slot is None:
                if token.required_slot:
                    diff.issues.append(Issue(cap=4, text=f"the {token.display} argument was left out"))
                elif token.literal is not None and token.literal in ("()", "[]", "{}"):
                    diff.issues.append(Issue(cap=4, text=f"missing {quote(token.display)}"))  # `union` for `union()`
                elif left_out == [token] and lone_value_left_out(token, units=units):
                    diff.issues.append(Issue(cap=3, text=f"its value {quote(token.display)} was left out"))
                else:
                    diff.issues.append(Issue(cap=2, text=f"missing {quote(token.display)}"))
        elif op == "ins":
            diff.issues.append(Issue(cap=3, text=f"extra word {quote(typed[ti].display)}", what="extra"))
    return diff


def _compare_segment(
    *,
    expected: Sequence[Token],
    typed: Sequence[Token],
    kind: str,
    depth: int,
    spelled: bool = False,
    front: str = "",
    context_units: int = 0,
) -> Diff:
    """One pipeline segment; `context_units` is what the segments it feeds ask for (`modifier_left_out`)."""
    exp_standalone, exp_clusters = known_letters(expected)
    typ_standalone, typ_clusters = known_letters(typed)
    standalone = exp_standalone | typ_standalone
    # A long flag on one side vouches for its first letter in a cluster on the other (-lah, --all).
    exp_initials, typ_initials = long_initials(expected), long_initials(typed)
    # Two clusters one of which holds the other (-la for -lah) are both read letter by letter.
    nested = nested_cluster_letters(expected, typed)
    exp_elements = expand(expected, known=standalone | typ_clusters | typ_initials | nested, standalone=standalone)
    typ_elements = expand(typed, known=standalone | exp_clusters | exp_initials | nested, standalone=standalone)
    dropped: list[Element] = []
    if kind == Kind.FLAG_REVERSE:
        dropped = drop_command_prefix(expected=exp_elements, typed=typ_elements)

    forced = {
        item.name
        for item in exp_elements.items + typ_elements.items
        if isinstance(item, Flag) and item.attached
    }
    ambiguous = sorted((value_candidates(exp_elements) | value_candidates(typ_elements)) - forced)
    readings: Iterable[frozenset[str]]
    if len(ambiguous) <= _MAX_AMBIGUOUS_FLAGS:
        readings = (
            frozenset(combo) | frozenset(forced)
            for size in range(len(ambiguous) + 1)
            for combo in itertools.combinations(ambiguous, size)
        )
    else:
        readings = [
            frozenset(forced),
            frozenset(forced) | value_candidates(exp_elements),
            frozenset(forced) | frozenset(ambiguous),
        ]
    absorb = any(
        (slot := item.optional_slot) is not None and slot.absorbs_flags
        for item in exp_elements.items
        if isinstance(item, Token)
    )
    best: Diff | None = None
    best_rank: tuple[int, int, float, int] = (0, 0, 0.0, 0)
    for reading in readings:
        exp_shape = bind(exp_elements, takes_value=reading)
        typ_shape = bind(typ_elements, takes_value=reading)
        # What the segment asks for beyond its program: its other words and its flags.
        units = max(0, len(exp_shape.words) - 1) + len(exp_shape.flags)
        diff = _compare_words(expected=exp_shape.words, typed=typ_shape.words, depth=depth, units=units)
        diff.absorb(
            _compare_flags(
                expected=exp_shape.flags,
                typed=typ_shape.flags,
                absorb_extra=absorb,
                depth=depth,
                spelled=spelled,
                front=front,
                units=units,
                context_units=context_units,
            )
        )
        rank = (diff.grade, plausibility(exp_shape), diff.score, -len(diff.issues))
        if best is None or rank > best_rank:
            best, best_rank = diff, rank
        if best.grade == 5 and not best.issues:
            break
    assert best is not None
    if sorted(exp_elements.clusters) != sorted(typ_elements.clusters):
        best.note("flag grouping does not matter")
    if sorted(exp_elements.equals) != sorted(typ_elements.equals):
        best.note("--flag=value is the same as --flag value")
    if dropped:
        best.note("the command around the flag is fine")
    if kind == Kind.FLAG_REVERSE and any(issue.what == "extra" for issue in best.issues):
        # "--name myapp" or "docker run -d nginx" for a flag: an example value or image is no mistake.
        best.issues = [issue for issue in best.issues if issue.what != "extra"]
        best.note("the example after the flag is fine")
    return best


def _compare_commands(
    *, expected: str, typed: str, kind: str, depth: int, spelled: bool = False, front: str = ""
) -> Diff:
    exp = parse_command(expected, slots=True)
    typ = parse_command(typed, slots=False)
    diff = Diff(size=0)
    if not exp.segments:
        diff.add(cap=1, text="the card's answer has no command to compare with", cost=1.0)
        diff.size = 1
        return diff
    if not typ.segments:
        diff.add(cap=1, text="no command typed", cost=1.0)
        diff.size = 1
        return diff
    if len(exp.segments) != len(typ.segments):
        diff.add(
            cap=2,
            text=f"{plural(len(typ.segments), 'command')} instead of {len(exp.segments)} (pipes and && count)",
            cost=1.0,
        )
    for exp_op, typ_op in zip(exp.operators, typ.operators, strict=False):
        if exp_op != typ_op:
            diff.add(cap=3, text=f"{quote(typ_op)} instead of {quote(exp_op)} between commands", cost=0.5)
    feeds = pipeline_context(exp.segments, exp.operators) if len(exp.segments) == len(typ.segments) else []
    for number, (exp_segment, typ_segment) in enumerate(zip(exp.segments, typ.segments, strict=False)):
        diff.absorb(
            _compare_segment(
                expected=exp_segment, typed=typ_segment, kind=kind, depth=depth, spelled=spelled, front=front,
                context_units=feeds[number] if feeds else 0,
            )
        )
    diff.size = max(1, diff.size)
    if exp.exec_form != typ.exec_form:
        form = "exec form" if typ.exec_form else "shell form"
        diff.add(cap=4, text=f"same words, but in {form}", cost=0.1)
    if not diff.issues and exp.quotes != typ.quotes:
        diff.note("quoting does not matter")
    if not diff.issues and _differ_only_in_case(expected=expected, typed=typed):
        diff.note("case does not matter")
    return diff


def _differ_only_in_case(*, expected: str, typed: str) -> bool:
    exp_words, typ_words = expected.split(), typed.split()
    return exp_words != typ_words and [w.casefold() for w in exp_words] == [w.casefold() for w in typ_words]


def check_code(*, typed: str, expected: str, kind: str, spelled: bool = False, front: str = "") -> Verdict:
    """Grade a typed command (or flag, or Dockerfile instruction) against the expected one.

    `spelled`: the card lists the long flag names itself ("`-d` or `--detach`"), so none is guessed.

    A reverse flag card answered without its dash is retried with one, so ``d`` for ``-d`` is a
    3 ("nearly") rather than a wrong word.
    """
    diff = _compare_commands(expected=expected, typed=typed, kind=kind, depth=0, spelled=spelled, front=front)
    noun = {Kind.FLAG_REVERSE.value: "flag", Kind.INSTRUCTION.value: "instruction"}.get(kind, "command")
    grade, reason, score = diff.grade, diff.reason(noun=noun), diff.score
    if kind == Kind.FLAG_REVERSE and grade < CORRECT_GRADE and not typed.lstrip("`").startswith("-"):
        # "d" for "-d": the right flag written without its dash is nearly right.
        for dashes in ("-", "--"):
            retry = _compare_commands(
                expected=expected, typed=dashes + typed.lstrip("`"), kind=kind, depth=0, spelled=spelled,
                front=front,
            )
            if retry.grade >= CORRECT_GRADE:
                flag = (strip_code_markup(expected).split() or [expected])[0]
                return make_verdict(grade=3, reason=f"right flag, but write it with its dash: {flag}", score=0.8)
    for form in other_forms(typed=typed, expected=expected, kind=kind):
        if form.cap <= grade:
            continue
        retry = _compare_commands(
            expected=form.expected, typed=form.typed, kind=kind, depth=0, spelled=spelled, front=front
        )
        if min(form.cap, retry.grade) > grade:
            grade = min(form.cap, retry.grade)
            reason = form.note + ("; " + retry.reason(noun=noun) if retry.issues else "")
            score = min(retry.score, 0.9)
    if grade == 5 and reason == f"same {noun}":
        reason = f"same {noun} (spacing and formatting ignored)"
    return make_verdict(grade=grade, reason=reason, score=1.0 if grade == 5 else min(score, 0.95))
