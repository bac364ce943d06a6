"""Forced terms for one language pair: names of people, places, organisations.

Engines without a glossary feature get each occurrence of a term as a protected placeholder; after
translation the placeholder becomes the target term (see :mod:`dragoman.translate.markup`). The engine
never sees the term, so it can neither translate nor mangle it.

    glossary = Glossary({"White House": "Casa Blanca", "Reuters": "Reuters"})
    [(m.start(), m.end(), target) for m, target in glossary.finditer(text)]

When names are protected (the default of :func:`~dragoman.translate.document.translate_html`), the terms
are protected with them (:mod:`dragoman.translate.names`): an engine with a name stand-in (Apertium) sees
the stand-in inside a paired placeholder, others still an atom.

Matching is case-sensitive (``Bush`` the name, not ``bush`` the plant) and on whole words; where terms
overlap the longest wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping


class Glossary:
    """Source term -> target term, found as whole words in a text."""

    def __init__(self, terms: Mapping[str, str]):
        self.terms = {source.strip(): target for source, target in terms.items() if source.strip()}
        alternatives = sorted(self.terms, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)") if alternatives else None
        )

    @classmethod
    def coerce(cls, glossary: "Glossary | Mapping[str, str] | None") -> "Glossary | None":
        """A :class:`Glossary` from a mapping (or ``None`` for no glossary)."""
        if glossary is None or isinstance(glossary, Glossary):
            return glossary
        return cls(glossary) if glossary else None

    def finditer(self, text: str) -> Iterator[tuple[re.Match, str]]:
        """Each occurrence of a term in ``text``, with its target term."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            yield match, self.terms[match.group()]

    def __len__(self) -> int:
        return len(self.terms)

    def __repr__(self) -> str:
        return f"<Glossary of {len(self)} terms>"
