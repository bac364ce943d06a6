"""Safer forms of a unit that keeps failing its checks: one paragraph never sinks an article.

When a unit still fails after the retry (and after :func:`~dragoman.translate.units.narrow`), the
orchestrator (:mod:`dragoman.translate.document`) tries, in order:

1. ``plain``: the unit without its inline elements that are not links (``em``, ``strong``, ``span``,
   ``sup``...): their words stay, the elements go; every ``<a>`` and every atom (an image, a URL, a
   glossary term) stays (:func:`without_inline`). An engine that drops the only word inside an ``<em>``
   has nothing left to drop;
2. ``sentences``: the unit cut at its sentence boundaries (never inside an element), each sentence
   translated apart and checked on its own, a sentence that still fails tried without its inline elements
   too; the sentences are joined again (:func:`sentences`). One troublesome sentence no longer holds the
   others back;
3. ``original``: the unit kept as it is in the source language, marked with ``lang`` (and ``dir`` when
   the directions differ) and followed by a short note in the reader's language (:data:`NOTES`), so a
   reader knows why a paragraph is in another language.

A form is built from the unit's own tokens (:class:`Derived`: its placeholders numbered again from 1, so
an engine sees an ordinary unit) and its translation is numbered back to the unit's placeholders, so the
document renders it as any other translation: elements left out are simply not rebuilt. Each form must
pass every check, and the links of the whole unit are counted again on the result: every link of the
original is there exactly once in every form (in ``original`` it is the original itself).

:class:`Degradation` records what happened to a unit (which one, the checks it failed, the form used), for
:class:`~dragoman.translate.document.TranslationResult` and, from there, the article's record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dragoman.languages import base_language, direction
from dragoman.translate.units import Atom, Close, Open, Text, Token, Unit, Wrap, _join_text, has_words

FORMS = {
    "plain": "translated without its inline elements (links kept)",
    "sentences": "its sentences translated apart",
    "original": "kept in the original language",
}
"""The forms a failing unit may take, from the safest translation to none, and how to describe each."""


@dataclass(frozen=True)
class Degradation:
    """A unit that failed its checks twice and was published in a safer form."""

    unit: int  # the unit's number in the document (from 1)
    label: str  # the unit named for messages: 'unit 4 (<p> "The council voted…")'
    problems: tuple[str, ...]  # the checks the unit failed, after the retry
    form: str  # a key of FORMS

    def describe(self) -> str:
        return f"{self.label}: {'; '.join(self.problems)}; {FORMS[self.form]}"

    def as_dict(self) -> dict:
        return {"unit": self.unit, "label": self.label, "problems": list(self.problems), "form": self.form}


# --- forms built from a unit's tokens ----------------------------------------------------------------------


@dataclass(eq=False)
class Derived:
    """A unit made of some of another unit's tokens, its placeholders numbered again from 1;
    ``numbers`` maps them back to the original unit's."""

    unit: Unit
    numbers: dict[int, int] = field(default_factory=dict)

    def restore(self, tokens: list[Token]) -> list[Token]:
        """``tokens`` (a checked translation of :attr:`unit`) with the original unit's placeholder numbers."""
        back = self.numbers
        out: list[Token] = []
        for token in tokens:
            match token:
                case Open(n):
                    out.append(Open(back[n]))
                case Close(n) if n is not None:
                    out.append(Close(back[n]))
                case Atom(n):
                    out.append(Atom(back[n]))
                case _:
                    out.append(token)
        return out


def derive(unit: Unit, tokens: list[Token]) -> Derived:
    """A unit of ``tokens`` (some of ``unit``'s, in its numbering), with its own numbers and link targets."""
    numbers: dict[int, int] = {}  # the unit's number -> the new one
    out: list[Token] = []
    for token in tokens:
        match token:
            case Open(n) | Atom(n):
                numbers.setdefault(n, len(numbers) + 1)
                out.append(Open(numbers[n]) if isinstance(token, Open) else Atom(numbers[n]))
            case Close(n):
                out.append(Close(numbers[n]))
            case _:
                out.append(token)
    out = _tidy(out)
    derived = Unit(unit.index, out, {new: unit.placeholders[old] for old, new in numbers.items()}, unit.where)
    derived.hrefs = [a.get("href") for a in derived.render(out).iter("a") if a.get("href") is not None]
    return Derived(derived, {new: old for old, new in numbers.items()})


def _tidy(tokens: list[Token]) -> list[Token]:
    """Neighbouring texts joined, whitespace collapsed, the ends trimmed."""
    tokens = [Text(re.sub(r"[ \t\n\r\f]+", " ", t.text)) if isinstance(t, Text) else t for t in _join_text(tokens)]
    if tokens and isinstance(tokens[0], Text):
        tokens[0] = Text(tokens[0].text.lstrip(" "))
    if tokens and isinstance(tokens[-1], Text):
        tokens[-1] = Text(tokens[-1].text.rstrip(" "))
    return [t for t in tokens if t != Text("")]


def _is_link(unit: Unit, n: int) -> bool:
    placeholder = unit.placeholders[n]
    return not isinstance(placeholder, Wrap) or placeholder.element.tag == "a"


def without_inline(unit: Unit, tokens: list[Token] | None = None) -> Derived | None:
    """``tokens`` (default: the unit's own) without the elements around words that are not links; None
    when there is no such element."""
    tokens = unit.tokens if tokens is None else tokens
    kept = [t for t in tokens if not isinstance(t, Open | Close) or _is_link(unit, t.id)]
    return derive(unit, kept) if len(kept) < len(tokens) else None


# Where a sentence ends: its closing punctuation (and quotes or brackets after it), then spaces, then what
# starts a sentence (a capital, a digit, a letter of a script without case, an opening quote).
_BOUNDARY = re.compile(r"[.!?…؟][\"'”’»)\]]*([ \u00a0]+)(?=[\"'“‘«(\[¿¡]*[^\W_])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof sr sra jr gen gov sen rep lt col capt sgt no nos vs fig ca approx inc ltd co corp dept "
    "univ mt ft jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _starts_sentence(ch: str) -> bool:
    return ch.isdigit() or (ch.isalpha() and not ch.islower())


def split_sentences(tokens: list[Token]) -> list[list[Token]]:
    """``tokens`` cut at the sentence boundaries that lie outside every element (a boundary's spaces go)."""
    texts = [token.text if isinstance(token, Text) else "" for token in tokens]
    pieces: list[list[Token]] = [[]]
    depth = 0
    for index, token in enumerate(tokens):
        if isinstance(token, Open):
            depth += 1
        elif isinstance(token, Close):
            depth -= 1
        if not isinstance(token, Text) or depth:
            pieces[-1].append(token)
            continue
        # what is read around this text (across elements) decides whether a boundary in it is one
        before = "".join(texts[:index])[-40:]
        after = "".join(texts[index + 1 :])[:40]
        joined = before + token.text + after
        start = 0
        for match in _BOUNDARY.finditer(joined):
            space_start, space_end = match.start(1) - len(before), match.end(1) - len(before)
            if space_start < 0 or space_end > len(token.text):
                continue
            if not _starts_sentence(_first_letter(joined[match.end(1) :])):
                continue
            if _abbreviation(joined[: match.start()]):
                continue
            if token.text[start:space_start]:
                pieces[-1].append(Text(token.text[start:space_start]))
            pieces.append([])
            start = space_end
        if token.text[start:]:
            pieces[-1].append(Text(token.text[start:]))
    return [piece for piece in pieces if piece]


def _abbreviation(before: str) -> bool:
    """Whether the word before a full stop is an abbreviation ("Mr", "St") or an initial ("J", "U.S")."""
    word = re.search(r"(\w+)$", before)
    return bool(word) and (word.group(1).lower() in _ABBREVIATIONS or (len(word.group(1)) == 1 and word.group(1).isalpha()))


def _first_letter(text: str) -> str:
    stripped = text.lstrip("\"'“‘«([¿¡")
    return stripped[:1]


def sentences(unit: Unit) -> list[Derived] | None:
    """The unit's sentences, each a unit of its own; None when the unit is one sentence."""
    pieces = split_sentences(unit.tokens)
    return [derive(unit, piece) for piece in pieces] if len(pieces) > 1 else None


def join_sentences(pieces: list[list[Token]]) -> list[Token]:
    """Translated sentences (in the original numbering) back into one unit's tokens."""
    joined: list[Token] = []
    for number, piece in enumerate(pieces):
        if number:
            joined.append(Text(" "))
        joined.extend(piece)
    return _tidy(joined)


def needs_engine(derived: Derived) -> bool:
    """Whether a form holds words to translate (a sentence of only a number or an image goes as it is)."""
    return has_words(derived.unit.tokens)


# --- a unit kept in the original language --------------------------------------------------------------------

NOTES: dict[str, str] = {
    "en": "[not translated]",
    "es": "[sin traducir]",
    "ca": "[sense traduir]",
    "gl": "[sen traducir]",
    "eu": "[itzuli gabe]",
    "pt": "[não traduzido]",
    "fr": "[non traduit]",
    "it": "[non tradotto]",
    "ro": "[netradus]",
    "de": "[nicht übersetzt]",
    "nl": "[niet vertaald]",
    "sv": "[inte översatt]",
    "da": "[ikke oversat]",
    "nb": "[ikke oversatt]",
    "pl": "[nie przetłumaczono]",
    "cs": "[nepřeloženo]",
    "ru": "[не переведено]",
    "uk": "[не перекладено]",
    "tr": "[çevrilmedi]",
    "el": "[δεν μεταφράστηκε]",
    "ar": "[لم يُترجم]",
    "fa": "[ترجمه نشده]",
    "he": "[לא תורגם]",
    "ur": "[ترجمہ نہیں ہوا]",
    "hi": "[अनूदित नहीं]",
    "zh": "[未翻译]",
    "ja": "[未翻訳]",
    "ko": "[번역되지 않음]",
}
"""The note after a unit kept in the original language, in the reader's language (English otherwise)."""


@dataclass(frozen=True)
class Kept:
    """How a unit kept in the source language is marked: ``lang`` (and ``dir`` when the directions
    differ) on it, and a note in the target language after it."""

    source: str
    target: str

    @property
    def note(self) -> str:
        return NOTES.get(base_language(self.target), NOTES["en"])

    @property
    def directions_differ(self) -> bool:
        return direction(self.source) != direction(self.target)

    def source_attributes(self) -> dict[str, str]:
        attributes = {"lang": self.source}
        if self.directions_differ:
            attributes["dir"] = direction(self.source)
        return attributes

    def note_attributes(self) -> dict[str, str]:
        attributes = {"lang": self.target}
        if self.directions_differ:
            attributes["dir"] = direction(self.target)
        return attributes
