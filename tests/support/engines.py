"""Engines for tests only (never registered in the product): deterministic fakes and wrappers that fail,
mangle or record, all implementing the real :class:`~dragoman.translate.engines.base.Engine` interface.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

from dragoman.translate.engines.base import Engine, EngineError, EngineWrapper

# Tags of either wire form (``<span id="1">``, ``<br id="2">``, ``<x1>``, ``</x1>``, ``<x2/>``) and HTML
# character references are left exactly as they are; everything else is text to translate.
_MARKUP = re.compile(r"<[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
_WORD = re.compile(r"[A-Za-z]+")

# A fixed Latin -> Arabic letter mapping, longest spellings first.
_DIGRAPHS = {"th": "ث", "sh": "ش", "ch": "تش", "kh": "خ", "gh": "غ", "ou": "و", "ee": "ي", "oo": "و"}
_LETTERS = {
    "a": "ا", "b": "ب", "c": "ك", "d": "د", "e": "ي", "f": "ف", "g": "ج", "h": "ه", "i": "ي", "j": "ج",
    "k": "ك", "l": "ل", "m": "م", "n": "ن", "o": "و", "p": "ب", "q": "ق", "r": "ر", "s": "س", "t": "ت",
    "u": "و", "v": "ف", "w": "و", "x": "كس", "y": "ي", "z": "ز",
}


def outside_markup(text: str, change) -> str:
    """``text`` with ``change`` applied to each stretch between tags and character references (in order),
    which stay exactly as they are."""
    out, position = [], 0
    for match in _MARKUP.finditer(text):
        out += [change(text[position : match.start()]), match.group()]
        position = match.end()
    out.append(change(text[position:]))
    return "".join(out)


class FakeEngine(Engine):
    """What the fake engines answer alike: version "1", always available, English to Spanish unless they say
    otherwise."""

    def version(self) -> str:
        return "1"

    def availability(self) -> tuple[bool, str]:
        return True, "always available (test engine)"

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", "es")}


def transliterate(word: str) -> str:
    """``"news"`` -> ``"نيوس"``: a fixed letter-by-letter spelling in Arabic script."""
    word = word.lower()
    out, i = [], 0
    while i < len(word):
        if word[i : i + 2] in _DIGRAPHS:
            out.append(_DIGRAPHS[word[i : i + 2]])
            i += 2
        else:
            out.append(_LETTERS.get(word[i], word[i]))
            i += 1
    return "".join(out)


class ArabicTestEngine(FakeEngine):
    """A deterministic fake translator from English into Arabic script.

    Every Latin word is spelled in Arabic letters (:func:`transliterate`), except numbers, the words of
    ``keep`` and capitalised words inside a sentence (names), which stay as they are. Placeholders of both
    wire forms and character references pass through untouched; word order is kept.
    """

    name = "test-ar"
    label = "Test engine (Arabic)"
    handles_markup = False

    def __init__(self, keep: frozenset[str] = frozenset({"BBC", "NATO", "iPhone"})):
        self.keep = keep

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", "ar")}

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        if (source, target) not in self.pairs():
            raise EngineError(f"test-ar translates en->ar only, not {source}->{target}")
        return [self._translate(text) for text in texts]

    def _translate(self, text: str) -> str:
        sentence_start = True  # carried from one stretch of text to the next, across the tags

        def words(stretch: str) -> str:
            nonlocal sentence_start
            translated, sentence_start = self._words(stretch, sentence_start)
            return translated

        return outside_markup(text, words)

    def _words(self, text: str, sentence_start: bool) -> tuple[str, bool]:
        """The text translated, and whether the text after it starts a sentence."""
        out, position = [], 0
        for match in _WORD.finditer(text):
            before = text[position : match.start()]
            if before.strip() and before.rstrip()[-1] in ".!?":
                sentence_start = True
            word = match.group()
            name = word[0].isupper() and not sentence_start
            out += [before, word if word in self.keep or name else transliterate(word)]
            sentence_start = False
            position = match.end()
        rest = text[position:]
        out.append(rest)
        if rest.strip() and rest.rstrip()[-1] in ".!?":
            sentence_start = True
        return "".join(out), sentence_start


class UpperCaseEngine(FakeEngine):
    """A fake HTML-aware engine (``handles_markup``) that "translates" by upper-casing the text between
    tags, leaving tags and character references alone."""

    name = "test-upper"
    label = "Test engine (upper case)"
    handles_markup = True

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        return [outside_markup(text, str.upper) for text in texts]


# --- wrappers ---------------------------------------------------------------------------------------------------


@dataclass
class Call:
    texts: list[str]
    source: str
    target: str
    markup: bool


class RecordingEngine(EngineWrapper):
    """Counts calls and characters and keeps every text it was sent."""

    def __init__(self, inner: Engine):
        super().__init__(inner)
        self.calls: list[Call] = []

    @property
    def chars(self) -> int:
        return sum(len(text) for call in self.calls for text in call.texts)

    @property
    def sent(self) -> list[str]:
        """Every text sent, in order."""
        return [text for call in self.calls for text in call.texts]

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        self.calls.append(Call(list(texts), source, target, markup))
        return super().translate_batch(texts, source, target, markup=markup)


class FlakyEngine(EngineWrapper):
    """Fails its first ``failures`` calls with an :class:`EngineError`, then works."""

    def __init__(self, inner: Engine, failures: int = 1, *, retryable: bool = True):
        super().__init__(inner)
        self.failures = failures
        self.retryable = retryable
        self.calls = 0

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        self.calls += 1
        if self.calls <= self.failures:
            raise EngineError(f"simulated failure {self.calls} of {self.failures}", retryable=self.retryable)
        return super().translate_batch(texts, source, target, markup=markup)


_PLACEHOLDER = re.compile(r'<span id="\d+">(.*?)</span>|<br id="\d+">|<x(\d+)>(.*?)</x\2>|<x\d+/>', re.DOTALL)


def drop_first_placeholder(text: str) -> str:
    """The text without its first placeholder (a paired one keeps its words)."""
    match = _PLACEHOLDER.search(text)
    if not match:
        return text
    words = match.group(1) if match.group(1) is not None else match.group(3) or ""
    return text[: match.start()] + words + text[match.end() :]


class ManglingEngine(EngineWrapper):
    """Passes each translation through ``mangle`` (by default dropping a placeholder) on its first
    ``times`` calls, or on every call when ``times`` is None."""

    def __init__(self, inner: Engine, mangle=drop_first_placeholder, *, times: int | None = None):
        super().__init__(inner)
        self.mangle = mangle
        self.times = times
        self.calls = 0

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        self.calls += 1
        translated = super().translate_batch(texts, source, target, markup=markup)
        if self.times is None or self.calls <= self.times:
            return [self.mangle(text) for text in translated]
        return translated


class SlowUpperCaseEngine(UpperCaseEngine):
    """:class:`UpperCaseEngine` into Spanish and Catalan that takes ``DELAY`` seconds per batch: units of work
    long enough for the crash tests to kill a worker in the middle of one."""

    name = "test-slow"
    label = "Test engine (slow upper case)"
    DELAY = 0.3

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", "es"), ("en", "ca")}

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        time.sleep(self.DELAY)
        return super().translate_batch(texts, source, target, markup=markup)


class VaryingNamesEngine(FakeEngine):
    """A fake translator from English into Arabic script that never writes the same name the same way twice in
    a row: every word is spelled in Arabic letters (:func:`transliterate`), and each capitalised word gets a
    different ending on every occurrence it meets (as machine-translated Arabic news shows بيونغ يانغ and
    بيونج يانج for Pyongyang in one article). Plain-text wire form; placeholders pass through untouched."""

    name = "test-ar-varying"
    label = "Test engine (Arabic, names spelled differently each time)"
    handles_markup = False
    ENDINGS = ("", "ه", "ى", "ا")

    def __init__(self) -> None:
        self.occurrences = 0

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", "ar")}

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        return [outside_markup(text, self._words) for text in texts]

    def _words(self, text: str) -> str:
        def word(match: re.Match) -> str:
            spelled = transliterate(match.group())
            if match.group()[0].isupper():
                self.occurrences += 1
                spelled += self.ENDINGS[self.occurrences % len(self.ENDINGS)]
            return spelled

        return _WORD.sub(word, text)


class RemoteLikeEngine(UpperCaseEngine):
    """:class:`UpperCaseEngine` that waits like a remote service (DeepL, Google) before each batch: the
    network's ``DRAGOMAN_TEST_ENGINE_LATENCY`` seconds (default 0.25), during which it uses no CPU, as a
    thread waiting on a socket does not. For bench/scale.py: throughput that grows with threads and processes
    until Dragoman's own CPU runs out."""

    name = "test-remote"
    label = "Test engine (upper case, waits like a remote service)"

    def __init__(self, latency: float | None = None):
        self.latency = float(os.environ.get("DRAGOMAN_TEST_ENGINE_LATENCY", "0.25")) if latency is None else latency
        if self.latency < 0:
            raise ValueError(f"the test engine's latency must be 0 or more seconds, not {self.latency}")

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        time.sleep(self.latency)
        return super().translate_batch(texts, source, target, markup=markup)
