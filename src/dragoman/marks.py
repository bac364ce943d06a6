"""Combining marks (accents, Arabic harakat, Hebrew points...) taken off whole strings by a pattern, rather than
one character at a time: what the search index's normalisation (:mod:`dragoman.publish.search`) and the stories'
folded words (:mod:`dragoman.stories.text`) both do after NFKD."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def combining_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The characters with a combining class (``unicodedata.combining``), as two patterns: those of the Basic
    Multilingual Plane, which ``re`` looks up in one table, and the others, a list of ranges it scans, used only
    on a text that has characters beyond the plane. Made on the first call (about 60 ms), once per process."""
    marks = [code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))]

    def pattern(codes: list[int]) -> re.Pattern[str]:
        ranges: list[list[int]] = []
        for code in codes:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
        return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]+")

    return pattern([c for c in marks if c <= 0xFFFF]), pattern([c for c in marks if c > 0xFFFF])


def without_marks(text: str) -> str:
    """``text`` without its combining marks (as ``"".join(c for c in text if not unicodedata.combining(c))``)."""
    if text.isascii():
        return text
    within, beyond = combining_marks()
    text = within.sub("", text)
    return beyond.sub("", text) if _ASTRAL.search(text) else text
