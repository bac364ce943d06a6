"""The search index's normalisation as it was written first, each character tested on its own: the reference
that :func:`dragoman.publish.search.normalize` (whole strings) must equal on every text
(tests/publish/test_search_normalize.py) and is timed against (bench/search.py)."""

from __future__ import annotations

import re
import unicodedata

from dragoman.publish.search import _FOLD

_WORD = re.compile(r"\w+")
_ARTICLE = re.compile(r"^(?:وال|بال|كال|فال|لل|ال)(?=\w{2,})")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def reference_normalize(text: str) -> str:
    """NFKD, combining marks dropped one character at a time, folded, case-folded; Arabic articles taken off."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD).casefold()
    words = []
    for word in _WORD.findall(stripped):
        if _ARABIC.match(word):
            word = _ARTICLE.sub("", word)
        words.append(word)
    return " ".join(words)
