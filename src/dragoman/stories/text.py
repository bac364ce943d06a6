"""What of an article is compared: folded words, content terms, word shingles, names and numbers, paragraphs and
sentences.

* ``fold``: lower case without accents (``Año`` -> ``ano``), so that a word compares the same however a
  source or an engine accented or capitalised it.
* ``terms``: the content words of a text with their counts: stop words of the language out, single letters
  and bare numbers out, a plural ``-s`` taken off words of five letters or more (``fires`` -> ``fire``,
  ``incendios`` -> ``incendio``), the only stemming done.
* ``shingles``: runs of ``k`` consecutive words (stop words kept: a wire copy keeps them too), for
  near-duplicates.
* ``names``: the proper names of a text, found as the translation finds them
  (:class:`dragoman.translate.names.NameFinder`: capitalised runs that are not capitalised merely because they
  begin a sentence; days, months, nationalities and offices are not names), folded.
* ``numbers``: the figures of a text with their separators taken out (``2,000`` and ``2.000`` -> ``2000``),
  of two digits or more (a single digit is too common to tell two events apart), years included.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from dragoman.marks import without_marks
from dragoman.translate.names import NameFinder

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,\u00a0 ]\d{3})+(?:[.,]\d+)?(?![\w])|(?<![\w.,])\d+(?:[.,]\d+)?(?!\w)")
_PARAGRAPHS = re.compile(r"\n\s*\n")
# a sentence ends at . ! ? (or an ellipsis), maybe closed by a quote or a bracket, before a space and a capital,
# a digit, an opening quote or an inverted mark (Spanish ¿ ¡)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»’)\]]*\s+(?=[\"'“«‘(¿¡]*[A-ZÀ-ÖØ-Þ0-9¿¡])")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Sra|Dña|Jr|St|Gen|Gov|Sen|Rep|Lt|Col|Capt|Inc|Ltd|Co|Corp|No|Nº|vs|etc|approx|p\.ej|EE\.UU|U\.S|U\.K)|\b[A-Z])\.$")

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """a about above after again against all also am an and any are as at be because been before being below
        between both but by can could did do does doing down during each few for from further had has have having
        he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
        nor not now of off on once only or other our ours ourselves out over own same she should so some such than
        that the their theirs them themselves then there these they this those through to too under until up very
        was we were what when where which while who whom why will with would you your yours yourself yourselves
        said says say told according new one two three year years week day days time people first last since
        while would could may might must shall also however still yet already around near across among per via
        monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow""".split()
    ),
    "es": frozenset(
        """a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el ella
        ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba estado estados estamos
        estan estar estas este esto estos estoy fue fueron fui ha habia habian han has hasta hay la las le les lo
        los mas me mi mis mucho muchos muy nada ni no nos nosotros o os otra otras otro otros para pero poco por
        porque que quien quienes se sea sean segun ser si sido sin sobre su sus tambien tanto te tiene tienen
        todo todos tras tu tus un una uno unos y ya yo dijo dice dicen segun ano anos semana dia dias vez veces
        nuevo nueva primer primera ultimo ultima desde hoy ayer manana lunes martes miercoles jueves viernes
        sabado domingo este esta fue sera han hace hacia aun ademas asi mientras cerca""".split()
    ),
}


def fold(text: str) -> str:
    """Lower case, accents off, compatibility forms unified (``Ａ`` -> ``a``): NFKD, combining marks off,
    case-folded (``casefold()`` of ASCII is ``lower()``)."""
    if text.isascii():
        return text.lower()
    return without_marks(unicodedata.normalize("NFKD", text)).casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order (digits are words)."""
    return [w.replace("’", "'") for w in _WORD.findall(fold(text))]


def _stem(word: str) -> str:
    if len(word) >= 5 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_EVERY_STOP_WORD = frozenset().union(*STOP_WORDS.values())


def stop_words(language: str) -> frozenset[str]:
    """The stop words of ``language``; of every language listed when it has no list (or is not known)."""
    return STOP_WORDS.get(language, _EVERY_STOP_WORD)


def terms(text: str, language: str) -> Counter[str]:
    """The content words of ``text`` and how often each comes (see the module's docstring)."""
    return terms_of_words(words(text), language)


def terms_of_words(found: list[str], language: str) -> Counter[str]:
    """:func:`terms` of a text whose :func:`words` are ``found`` (for a caller that has them already)."""
    stop = stop_words(language)
    counts: Counter[str] = Counter()
    for word in found:
        if len(word) < 2 or word in stop or word.isdigit():
            continue
        word = word.split("'")[-1] if "'" in word else word  # l'equipe -> equipe; o'neill stays whole below
        if len(word) < 2 or word in stop:
            continue
        counts[_stem(word)] += 1
    return counts


def shingles(text: str, k: int = 4) -> set[str]:
    """The runs of ``k`` consecutive folded words of ``text`` (the whole text when it has fewer)."""
    found = words(text)
    if len(found) <= k:
        return {" ".join(found)} if found else set()
    return {" ".join(found[i : i + k]) for i in range(len(found) - k + 1)}


def numbers(text: str) -> set[str]:
    """The figures of ``text`` of two digits or more, separators taken out."""
    found = set()
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        digits = digits.lstrip("0") or "0"
        if len(digits) >= 2:
            found.add(digits)
    return found


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a plain text (separated by blank lines), each on one line."""
    return [" ".join(p.split()) for p in _PARAGRAPHS.split(text or "") if p.strip()]


def sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph (abbreviations such as ``Mr.`` or an initial do not end one)."""
    pieces = _SENTENCE_END.split(paragraph.strip())
    merged: list[str] = []
    for piece in pieces:
        if merged and _ABBREVIATION.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return [s.strip() for s in merged if s.strip()]


@lru_cache(maxsize=32)
def _finder_language(language: str) -> str:
    """A language the name finder knows, else English's rules (capitals work alike in Latin script)."""
    try:
        NameFinder(language)
    except Exception:
        return "en"
    return language


def names(title: str, text: str, language: str) -> set[str]:
    """The proper names of an article (title and paragraphs), folded."""
    units = ([title] if title.strip() else []) + paragraphs(text)
    if not units:
        return set()
    finder = NameFinder(_finder_language(language))
    found = set()
    for spans in finder.find(units):
        for span in spans:
            key = " ".join(words(span.key))
            if key:
                found.add(key)
    return found
