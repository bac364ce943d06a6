"""A fake English -> Spanish engine with the habits that used to sink whole articles (issue 13), and pages
written to meet each of them.

:class:`QuirkyEngine` "translates" by upper-casing, except for the phrases of :data:`PHRASES`, which it
writes as Spanish does ("14th century" -> "siglo XIV", "2nd" -> "segunda", "3 boats" -> "tres barcos"),
and numbers, whose separators it swaps as Spanish writes them ("1,000" -> "1.000"). Its habits:

* an element around a single common word (not a capitalised name) loses its word and itself (an engine
  dropping the only word inside an ``<em>``): ``<x2>late</x2>`` -> nothing;
* a text without spaces (a file-name slug, a code) comes back as it is;
* in a text of more than :data:`LONG` words, the last number is lost (as neural engines do on long
  segments); a sentence alone keeps it.

Either wire form (``<x1>`` or ``<span id="1">``) is understood; ``markup`` says which one to use.
"""

from __future__ import annotations

import re

from tests.support.engines import FakeEngine, outside_markup

LONG = 30

PHRASES = {
    "14th century": "siglo XIV",
    "the 19th": "el XIX",
    "the 2nd": "la segunda",
    "the 3rd": "la tercera",
    "3 boats": "tres barcos",
    "Henry VIII": "Enrique VIII",
    "the 8th": "el VIII",
}
_PHRASE = re.compile("|".join(re.escape(phrase) for phrase in sorted(PHRASES, key=len, reverse=True)))
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# an element around a single common word (lower case: a capitalised one is a name, which engines keep)
_ONE_WORD_ELEMENT = re.compile(r'<x(\d+)>\s*[^\s<A-Z]+\s*</x\1>|<span id="\d+">\s*[^\s<A-Z]+\s*</span>')


def _spanish_separators(number: str) -> str:
    return number.translate(str.maketrans({",": ".", ".": ","}))


def _words(text: str) -> str:
    out, position = [], 0
    for match in _PHRASE.finditer(text):
        out.append(_NUMBER.sub(lambda m: _spanish_separators(m.group()), text[position : match.start()].upper()))
        out.append(PHRASES[match.group()])
        position = match.end()
    out.append(_NUMBER.sub(lambda m: _spanish_separators(m.group()), text[position:].upper()))
    return "".join(out)


class QuirkyEngine(FakeEngine):
    name = "test-quirky"
    label = "Test engine (quirky)"
    handles_markup = False

    def __init__(self, *, markup: bool = False):
        self.handles_markup = markup
        self.sent: list[str] = []

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        self.sent.extend(texts)
        return [self._translate(text) for text in texts]

    def _translate(self, text: str) -> str:
        if " " not in text.strip():
            return text
        translated = outside_markup(_ONE_WORD_ELEMENT.sub("", text), _words)
        if len(re.sub(r"<[^>]*>", " ", text).split()) > LONG:
            numbers = list(_NUMBER.finditer(re.sub(r"<[^>]*>", lambda m: " " * len(m.group()), translated)))
            if numbers:
                last = numbers[-1]
                translated = translated[: last.start()] + translated[last.end() :]
        return re.sub(r"  +", " ", translated)


# --- pages --------------------------------------------------------------------------------------------------

#: Paragraphs of an article body, each meeting one habit (or one way of writing numbers).
EMPHASIS = (
    '<p>The ferry from Wrenport was <em>late</em> again on Monday, and <a href="https://harbour.example/timetable">'
    "the new timetable</a> did not help.</p>"
)
SLUG_ALT = (
    '<figure><img src="https://cdn.example/harbour-kites-at-dawn-2024.jpg" alt="harbour-kites-at-dawn-2024.jpg">'
    "<figcaption>Kites over the harbour wall at dawn.</figcaption></figure>"
)
CENTURY = "<p>The harbour wall dates from the 14th century and was rebuilt in the 19th.</p>"
SEPARATORS = "<p>About 1,000 people and 2,500.5 tonnes of fish pass through the port every week.</p>"
ORDINALS = "<p>It was the 2nd storm this month and the 3rd since March; 3 boats were lost.</p>"
ROMAN = "<p>The wall was first built under Henry VIII, in the 8th year of his reign.</p>"
LONG_PARAGRAPH = (
    '<p>The council met on Tuesday evening in the <a href="https://council.example/minutes">old fish market</a> '
    "to discuss the harbour wall, the ferry timetable and the price of mooring for the smaller boats. After a "
    "long debate the members <strong>voted by 31 to 9</strong> to repair the wall before the winter.</p>"
)
HOPELESS = '<p>Read the <a href="https://harbour.example/log">log</a>.</p>'

CLASSES = {
    "emphasis": EMPHASIS,
    "slug alt": SLUG_ALT,
    "century": CENTURY,
    "separators": SEPARATORS,
    "ordinals": ORDINALS,
    "roman": ROMAN,
    "long paragraph": LONG_PARAGRAPH,
    "hopeless": HOPELESS,
}
