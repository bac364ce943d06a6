"""Engine-independent placeholder handling for engines that take plain text and cannot keep ``<xN>`` tokens.

Three parts, shared by the neural engine (:mod:`dragoman.translate.engines.ctranslate2`) and the APY engine
(:class:`dragoman.translate.engines.apertium_apy.ApertiumApyEngine`):

* **unit text and placeholder positions**: :class:`SourceUnit` takes a unit with ``<xN>…</xN>`` and
  ``<xN/>`` tokens apart into its plain text, each inline element as a character range of it and each
  atom as a position between characters;
* **sentence splitting**: :func:`split_sentences`, a conservative splitter that knows abbreviations and
  initials, and :func:`cut_point`, where to cut a sentence that is too long;
* **putting the placeholders back**: :func:`restore_placeholders` fits the elements and atoms into a
  translation, given alignment links (:class:`Link`) from target characters to source characters
  (however the engine found them), well nested by construction, every placeholder exactly once.

Plain Python: never imports Django, nor ``ctranslate2`` or ``sentencepiece``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from dragoman.translate.units import Atom, Close, Open, Stray, Text, decode


# --- the unit's plain text and where its placeholders were -------------------------------------------------------


@dataclass(eq=False)
class _Span:
    id: int
    start: int
    end: int
    parent: _Span | None
    children: list[_Span] = field(default_factory=list)
    atoms: list[_Point] = field(default_factory=list)


@dataclass(eq=False)
class _Point:
    id: int
    position: int
    parent: _Span | None
    space_before: bool = False  # the atom had a space before it in the source
    space_after: bool = False


@dataclass(eq=False)
class SourceUnit:
    """A unit's plain text, the element ranges and atom positions in it."""

    plain: str
    spans: list[_Span]  # children of the unit itself
    atoms: list[_Point]  # atoms directly in the unit
    all_spans: list[_Span]

    @classmethod
    def parse(cls, text: str) -> SourceUnit:
        """Read ``Read the <x1>full report</x1> at <x2/>.`` into "Read the full report at ." with a span
        for 1 and a point for 2. Unbalanced or stray tokens are kept as text: the checks will see them."""
        tokens = decode(text, markup=False)
        if not _balanced(tokens):
            tokens = [Text(text)]
        plain: list[str] = []
        length = 0
        top_spans: list[_Span] = []
        top_atoms: list[_Point] = []
        every: list[_Span] = []
        stack: list[_Span] = []

        def add(piece: str) -> None:
            nonlocal length
            if plain and plain[-1].endswith(" ") and piece.startswith(" "):
                piece = piece.lstrip(" ")  # an atom taken out between two spaces leaves one space
            plain.append(piece)
            length += len(piece)

        for index, token in enumerate(tokens):
            match token:
                case Text(content):
                    add(content)
                case Open(n):
                    span = _Span(n, length, length, stack[-1] if stack else None)
                    (stack[-1].children if stack else top_spans).append(span)
                    every.append(span)
                    stack.append(span)
                case Close():
                    stack.pop().end = length
                case Atom(n):
                    before = tokens[index - 1] if index else None
                    after = tokens[index + 1] if index + 1 < len(tokens) else None
                    point = _Point(
                        n,
                        length,
                        stack[-1] if stack else None,
                        space_before=isinstance(before, Text) and before.text[-1:].isspace(),
                        space_after=isinstance(after, Text) and after.text[:1].isspace(),
                    )
                    (stack[-1].atoms if stack else top_atoms).append(point)
                    if isinstance(before, Text) and isinstance(after, Text) and before.text[-1:].isalnum() and (
                        after.text[:1].isalnum()
                    ):
                        add(" ")  # "two lines<x1/>of text" (a line break): the model must see two words
        return cls("".join(plain), top_spans, top_atoms, every)


def _balanced(tokens: list) -> bool:
    stack: list[int] = []
    for token in tokens:
        if isinstance(token, Stray):
            return False
        if isinstance(token, Open):
            stack.append(token.id)
        elif isinstance(token, Close):
            if not stack or stack.pop() != token.id:
                return False
    return not stack


# --- sentences ---------------------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st mt ft gen gov sen rep lt col capt sgt cpl adm maj rev hon pres supt "
    "vs etc inc ltd co corp dept univ assn bros no nos vol fig figs pp ca approx est jan feb mar apr jun "
    "jul aug sep sept oct nov dec mon tue wed thu fri sat sun ave blvd rd hwy e.g i.e u.s u.k u.n a.m p.m".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|[。！？]+[」』）]*")
_OPENING = "\"'“‘«([¿¡"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of ``text`` (spaces between them left out).

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (closing quotes and brackets included) followed by a
    space and a capital, a digit or an opening quote, or at ``。！？``; not after an abbreviation from a
    short list or a single letter (an initial). When in doubt it does not split: a missed boundary costs
    a little quality, a wrong one cuts a sentence in two.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        rest = text[end:].lstrip()
        if match.group()[0] in "。！？":
            if rest:
                ranges.append((start, end))
                start = len(text) - len(rest)
            continue
        if not rest or not _starts_sentence(rest):
            continue
        if match.group().startswith(".") and _abbreviation_before(text, match.start()):
            continue
        ranges.append((start, end))
        start = len(text) - len(rest)
    if text[start:].strip():
        ranges.append((start, len(text.rstrip())))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in ranges if text[s:e].strip()]


def _starts_sentence(rest: str) -> bool:
    first = rest[0]
    if first in _OPENING:
        rest = rest.lstrip(_OPENING)
        first = rest[:1] or "x"
    return first.isupper() or first.isdigit() or (first.isalpha() and first.lower() == first.upper())


def _abbreviation_before(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower()
    return len(token) == 1 and token.isalpha() or token in _ABBREVIATIONS


def cut_point(text: str, limit: int) -> int:
    """Where to cut a sentence that is too long: after the last comma, semicolon or colon before
    ``limit``, else at the last space, else at ``limit`` (always inside the text, so each part is
    shorter than the whole)."""
    limit = min(max(limit, 2), len(text) - 1)
    window = text[:limit]
    clauses = [m.end() for m in re.finditer(r"[,;:](?=\s)", window) if m.end() > limit // 3]
    if clauses:
        return clauses[-1]
    spaces = [m.start() for m in re.finditer(r"\s", window) if m.start() > limit // 3]
    return spaces[-1] if spaces else limit


# --- alignment links ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """Target characters and the source characters they translate (for the neural engine: a target piece
    and the source piece it attends to most)."""

    target_start: int
    target_end: int
    source_start: int
    source_end: int


# --- putting the placeholders back -------------------------------------------------------------------------------


def restore_placeholders(
    unit: SourceUnit,
    target: str,
    links: list[Link],
    *,
    spaced: bool = True,
    atoms: dict[int, int] | None = None,
) -> str:
    """The translation ``target`` with the unit's placeholders put back where ``links`` align them.

    ``links`` map target characters to the source characters they translate; ``spaced`` says whether the
    target script separates words with spaces (elements are then widened to whole words); ``atoms``, when
    the engine already knows where an atom landed, gives its position in ``target`` by placeholder number.
    """
    if not target:  # nothing came back: the checks will report an empty translation
        return ""
    ranges: dict[int, tuple[int, int]] = {}
    _place_children(unit.spans, (0, len(unit.plain)), (0, len(target)), target, links, spaced, ranges)
    return _render((0, len(target)), unit.spans, unit.atoms, target, links, ranges, spaced, atoms or {})


def _place_children(
    children: list[_Span],
    source_range: tuple[int, int],
    target_range: tuple[int, int],
    target: str,
    links: list[Link],
    spaced: bool,
    ranges: dict[int, tuple[int, int]],
) -> None:
    """Give each element of ``children`` a target range inside ``target_range``, disjoint from its
    siblings', then place their own children inside them. An element that finds no word of its own is
    moved inside the sibling that took its place (``children`` and that sibling's children change)."""
    if not children:
        return
    low, high = target_range
    claims: dict[int, tuple[int, int]] = {}
    for span in children:
        hits = [link for link in links if link.source_start < span.end and link.source_end > span.start]
        hits = [link for link in hits if link.target_start < high and link.target_end > low]
        if hits:
            start = max(low, min(link.target_start for link in hits))
            end = min(high, max(link.target_end for link in hits))
            claim = _widen(target, start, end, low, high, spaced)
        else:
            claim = _proportional(span, source_range, target_range, target, spaced)
        claims[span.id] = claim
    owner: dict[int, int] = {}
    for span in sorted(children, key=lambda s: (claims[s.id][1] - claims[s.id][0], s.start)):
        start, end = claims[span.id]
        for position in range(start, end):
            owner.setdefault(position, span.id)
    homeless = []
    for span in children:
        run = _longest_run(owner, span.id, target)
        if run is None:  # everything it claimed went to narrower siblings
            run = _free_word_near(owner, span.id, claims[span.id], target, low, high, spaced)
        if run is None:
            homeless.append(span)
        else:
            ranges[span.id] = run
    placed = [span for span in children if span not in homeless]
    for span in homeless:  # no word left anywhere: it goes inside the sibling holding most of its place
        held = Counter(owner.get(position) for position in range(*claims[span.id]))
        host = max(placed, key=lambda s: (held[s.id], -abs(ranges[s.id][0] - claims[span.id][0])))
        children.remove(span)
        span.parent = host
        host.children.append(span)
        host.children.sort(key=lambda s: s.start)
    for span in children:
        _place_children(span.children, (span.start, span.end), ranges[span.id], target, links, spaced, ranges)


def _widen(target: str, start: int, end: int, low: int, high: int, spaced: bool) -> tuple[int, int]:
    """``target[start:end]`` trimmed of spaces and, in spaced scripts, widened to whole words."""
    while start < end and target[start].isspace():
        start += 1
    while end > start and target[end - 1].isspace():
        end -= 1
    if spaced:
        while start > low and target[start - 1].isalnum() and target[start].isalnum():
            start -= 1
        while end < high and target[end].isalnum() and target[end - 1].isalnum():
            end += 1
    if start >= end:  # only spaces: the nearest word instead
        return _word_at(target, min(max(start, low), max(low, high - 1)), low, high, spaced)
    return start, end


def _word_at(target: str, position: int, low: int, high: int, spaced: bool) -> tuple[int, int]:
    """The word at (or next to) ``position`` inside ``[low, high)``."""
    if high <= low:
        return low, high
    position = min(max(position, low), high - 1)
    if target[position].isspace():
        after = next((p for p in range(position, high) if not target[p].isspace()), None)
        before = next((p for p in range(position, low - 1, -1) if not target[p].isspace()), None)
        position = after if after is not None else before if before is not None else position
    start, end = position, position + 1
    if spaced:
        while start > low and not target[start - 1].isspace():
            start -= 1
        while end < high and not target[end].isspace():
            end += 1
    return start, end


def _proportional(
    span: _Span, source_range: tuple[int, int], target_range: tuple[int, int], target: str, spaced: bool
) -> tuple[int, int]:
    """The span's place by proportion, when no target piece is aligned to it."""
    (s_low, s_high), (t_low, t_high) = source_range, target_range
    scale = (t_high - t_low) / max(1, s_high - s_low)
    start = t_low + round((span.start - s_low) * scale)
    end = t_low + round((span.end - s_low) * scale)
    if end <= start:
        end = start + 1
    start, end = min(start, t_high), min(end, t_high)
    return _widen(target, start, end, t_low, t_high, spaced) if start < end else (t_low, t_high)


def _longest_run(owner: dict[int, int], span_id: int, target: str) -> tuple[int, int] | None:
    """The longest stretch of characters owned by ``span_id`` (spaces at its ends trimmed)."""
    best: tuple[int, int] | None = None
    run_start = None
    positions = sorted(p for p, o in owner.items() if o == span_id)
    previous = None
    for position in positions + [None]:
        if position is not None and previous is not None and position == previous + 1:
            previous = position
            continue
        if run_start is not None:
            start, end = run_start, previous + 1
            while start < end and target[start].isspace():
                start += 1
            while end > start and target[end - 1].isspace():
                end -= 1
            if end > start and (best is None or end - start > best[1] - best[0]):
                best = (start, end)
        run_start = previous = position
    return best


def _free_word_near(
    owner: dict[int, int], span_id: int, claim: tuple[int, int], target: str, low: int, high: int, spaced: bool
) -> tuple[int, int] | None:
    """A word no sibling owns, the nearest after the claim, else before it (now owned by ``span_id``)."""
    after = list(range(claim[1], high))
    before = list(range(claim[0] - 1, low - 1, -1))
    for position in after + before:
        if not target[position].isspace() and position not in owner:
            start, end = _word_at(target, position, low, high, spaced)
            if all(p not in owner for p in range(start, end)):
                for p in range(start, end):
                    owner[p] = span_id
                return start, end
    return None


def _atom_position(point: _Point, links: list[Link], target: str, low: int, high: int, spaced: bool) -> int:
    """Where an atom goes: after the target word aligned with the source word before it, or before the one
    aligned with the word after it; inside ``[low, high]``."""
    before = [link for link in links if link.source_end <= point.position]
    if before:
        nearest = max(link.source_end for link in before)
        position = max(link.target_end for link in before if link.source_end == nearest)
        if spaced:
            while position < len(target) and target[position].isalnum() and target[position - 1].isalnum():
                position += 1
    else:
        after = [link for link in links if link.source_start >= point.position]
        if not after:
            return high
        nearest = min(link.source_start for link in after)
        position = min(link.target_start for link in after if link.source_start == nearest)
        if spaced:
            while position > 0 and target[position - 1].isalnum() and target[position].isalnum():
                position -= 1
    return min(max(position, low), high)


def _render(
    target_range: tuple[int, int],
    spans: list[_Span],
    atoms: list[_Point],
    target: str,
    links: list[Link],
    ranges: dict[int, tuple[int, int]],
    spaced: bool,
    known: dict[int, int],
) -> str:
    """``target[target_range]`` with ``spans`` (at their ranges, recursively) and ``atoms`` put in (at
    their ``known`` positions, else where the links say)."""
    low, high = target_range
    items: list[tuple[int, int, object]] = []
    for span in spans:
        items.append((ranges[span.id][0], 1, span))
    for point in atoms:
        if point.id in known:
            position = min(max(known[point.id], low), high)
        else:
            position = _atom_position(point, links, target, low, high, spaced)
        if point.space_before and position < high and target[position] == " ":
            position += 1  # "said <img> Smith": after the space, as in the source
        for span in spans:  # an atom of this level never lands inside a child element
            start, end = ranges[span.id]
            if start < position < end:
                position = end if end - position <= position - start else start
        items.append((position, 0, point))
    items.sort(key=lambda item: (item[0], item[1]))  # an atom before an element starting at its place
    out: list[str] = []
    position = low
    for at, kind, item in items:
        if kind == 0:
            out.append(target[position:at])
            if item.space_before and at > low and not target[at - 1].isspace():
                out.append(" ")
            out.append(f"<x{item.id}/>")
            position = at
            if position < high and target[position] == " " and not item.space_after:
                position += 1  # "at <x2/>." keeps the full stop against the atom
            elif position < high and item.space_after and not target[position].isspace():
                out.append(" ")
        else:
            start, end = ranges[item.id]
            out.append(target[position:start])
            inner = _render((start, end), item.children, item.atoms, target, links, ranges, spaced, known)
            out.append(f"<x{item.id}>{inner}</x{item.id}>")
            position = end
    out.append(target[position:high])
    return "".join(out)
