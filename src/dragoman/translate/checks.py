"""Checks on every translated unit: a translation that fails one is never published.

    problems = check_unit(unit, tokens)    # tokens: the engine's output, decoded and normalized
    if problems: ...                       # retry the unit, then give up with these reasons

Each check returns human-readable problems (empty when all is well):

* **placeholders** — each placeholder of the source exactly once, of the same kind (an element around
  words stays around words, an atom stays an atom), well nested; nothing the source didn't have.
* **links** — every ``href`` of the source exactly once in the rebuilt output (as many times as in the
  source, when the source links one target twice).
* **numbers** — every number of the source in the target, compared by digits only, so ``1,000.5`` may
  become ``1.000,5`` and Arabic-Indic digits count as their values. Given the target language, a number
  may also come back as the target writes it otherwise (:mod:`dragoman.translate.numbers`): a Roman
  numeral ("14th century" -> "siglo XIV"), a small number or an ordinal in words ("2nd" -> "segunda"),
  thousands spaced ("1 000").
* **text** — not empty, and not returned untranslated when the source has running text (a name or a
  number alone may well come back unchanged; a sentence of four common words or more may not). What
  cannot be translated may come back as it is: a file name or slug (``harbour-kites-at-dawn-2024.jpg``), a
  code, a URL or an e-mail address (atoms already), a name alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from dragoman.translate.numbers import alternatives
from dragoman.translate.units import Atom, Close, Literal, Name, Open, Stray, Token, Unit, visible_text

MIN_WORDS_FOR_IDENTITY_CHECK = 4
"""A translation identical to its source is a failure only when the source has at least this many
lower-case words (text that is clearly running prose, not a name, a title or a number)."""


def check_unit(unit: Unit, output: list[Token], *, target: str | None = None) -> list[str]:
    """Every problem of ``output`` as a translation of ``unit`` into ``target`` (when known, numbers may be
    written as the target language writes them)."""
    problems = check_placeholders(unit, output)
    if not problems and _may_link(unit):  # links are counted on the rebuilt elements, which needs sound placeholders
        problems += check_links(unit, output)
    problems += check_numbers(unit, output, target=target)
    problems += check_text(unit, output)
    return problems


def check_placeholders(unit: Unit, output: list[Token]) -> list[str]:
    """Each placeholder once, of its kind, well nested; no markup the source didn't have."""
    problems: list[str] = []
    opened: Counter[int] = Counter()
    atoms: Counter[int] = Counter()
    stack: list[int] = []
    for token in output:
        match token:
            case Stray(raw):
                problems.append(f"the engine added markup {raw!r}")
            case Open(n):
                opened[n] += 1
                stack.append(n)
            case Close(None):
                problems.append("a closing tag closes no placeholder")
            case Close(n):
                if not stack or stack[-1] != n:
                    inner = f" inside placeholder {stack[-1]}" if stack else ""
                    problems.append(f"placeholder {n} closed{inner}: not well nested")
                    if n in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(n)]
                else:
                    stack.pop()
            case Atom(n):
                atoms[n] += 1
    problems += [f"placeholder {n} is never closed" for n in dict.fromkeys(stack)]
    for n, placeholder in unit.placeholders.items():
        expected, other = (opened, atoms) if placeholder.paired else (atoms, opened)
        if other[n]:
            problems.append(f"placeholder {n} changed kind")
        elif expected[n] == 0:
            problems.append(f"placeholder {n} is missing")
        elif expected[n] > 1:
            problems.append(f"placeholder {n} appears {expected[n]} times")
    for n in sorted(set(opened) | set(atoms)):
        if n not in unit.placeholders:
            problems.append(f"placeholder {n} is not in the source")
    return problems


def _may_link(unit: Unit) -> bool:
    """Whether a translation of ``unit`` can hold a link at all: the source has one, or a placeholder's element
    is or holds an ``a`` (names and literals come back as text). Most units can't, and for them
    :func:`check_links` (which rebuilds the unit's elements) would count no link on either side."""
    if unit.hrefs:
        return True
    for placeholder in unit.placeholders.values():
        if isinstance(placeholder, (Name, Literal)):
            continue
        element = getattr(placeholder, "element", None)
        if element is None or next(element.iter("a"), None) is not None:
            return True
    return False


def check_links(unit: Unit, output: list[Token]) -> list[str]:
    """Every link target as many times in the rebuilt output as in the source."""
    rebuilt = unit.render(output)
    found = Counter(a.get("href") for a in rebuilt.iter("a") if a.get("href") is not None)
    expected = Counter(unit.hrefs)
    problems = []
    for href in sorted(set(expected) | set(found)):
        if found[href] != expected[href]:
            problems.append(f"link {href} appears {found[href]} times, the source has it {expected[href]}")
    return problems


def check_numbers(unit: Unit, output: list[Token], *, target: str | None = None) -> list[str]:
    """Every number of the source in the translation (as often as in the source), outside the names (a name
    keeps its own digits): in digits, or as a Roman numeral, in words of ``target``, or with its thousands
    spaced."""
    from dragoman.translate.names import outside_names

    expected = numbers(visible_text(outside_names(unit.tokens, unit.placeholders)))
    if not expected:
        return []
    translated = visible_text(outside_names(output, unit.placeholders))
    missing = Counter(expected) - Counter(numbers(translated))
    if missing:
        others = alternatives(translated, target)
        for number in list(missing):
            value = number.lstrip("0") or "0"
            found = min(missing[number], others[value])
            missing[number] -= found
            others[value] -= found
    return [f"number {number} is missing" for number in sorted(missing.elements())]


def check_text(unit: Unit, output: list[Token]) -> list[str]:
    """Something was written, and running text did not come back untranslated."""
    source = " ".join(visible_text(unit.tokens).split())
    target = " ".join(visible_text(output).split())
    if not target and source:
        return ["the translation is empty"]
    if target == source and len(_common_words(source)) >= MIN_WORDS_FOR_IDENTITY_CHECK:
        return ["the translation is identical to the source"]
    return []


# A number: digit groups joined by the separators languages use for thousands and decimals.
_NUMBER = re.compile(r"\d+(?:[.,'\u00a0\u202f\u2009\u066b\u066c]\d+)*")
# A word of running text, as it stands between spaces: letters (an inner apostrophe or hyphen allowed), with
# punctuation around. A file name, a slug or a code ("harbour-kites-2024.jpg", "kites_at_dawn", "AB-12")
# is no such word.
_PROSE_WORD = re.compile(r"[^\w]*([^\W\d_]{2,}(?:['’-][^\W\d_]+)*)[^\w]*")


def _common_words(text: str) -> list[str]:
    """Words of running text, of two letters or more, that don't start with a capital (so caseless scripts
    count)."""
    words = (_PROSE_WORD.fullmatch(token) for token in text.split())
    return [word.group(1) for word in words if word and not word.group(1)[0].isupper()]


def numbers(text: str) -> list[str]:
    """The numbers in ``text`` as plain ASCII digit strings: ``"1,000.5"`` -> ``"10005"``."""
    return [
        "".join(str(unicodedata.decimal(ch)) for ch in match.group() if ch.isdecimal())
        for match in _NUMBER.finditer(text)
    ]
