"""Plain text -> translation units and back: each paragraph (separated by blank lines) is a unit.

A single line break inside a paragraph travels as an atom, so the engine sees the paragraph as one text
and the break comes back where the engine put it. URLs and glossary terms are protected as in HTML
(:mod:`dragoman.translate.markup`). Paragraphs without words, and the blank lines between paragraphs, are
kept exactly as they were.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from dragoman.htmlrepair import xml_compatible
from dragoman.translate.degrade import NOTES, Kept
from dragoman.translate.glossary import Glossary
from dragoman.translate.units import Literal, Token, TokenBuilder, Unit, has_words

_PARAGRAPH_BREAK = re.compile(r"(\r?\n[ \t]*\r?\n\s*)")
_LINE_BREAK = re.compile(r"\r?\n")
_SPACED_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")


class TextDocument:
    """Plain text split into paragraph units; :meth:`render` puts translations back."""

    def __init__(self, text: str, *, glossary: Glossary | Mapping[str, str] | None = None):
        glossary = Glossary.coerce(glossary)
        text = xml_compatible(text)  # a lone surrogate (JSON's "\ud800"), U+FFFE: lxml refuses the unit's text
        self.units: list[Unit] = []
        # The text again, with each translated paragraph replaced by (unit index, leading, trailing space).
        self._pieces: list[str | tuple[int, str, str]] = []
        self._originals: list[str] = []  # each unit's paragraph as it is written
        for position, part in enumerate(_PARAGRAPH_BREAK.split(text)):
            if position % 2:  # a paragraph break
                self._pieces.append(part)
                continue
            builder = TokenBuilder(glossary)
            for number, line in enumerate(_LINE_BREAK.split(part.strip())):
                if number:
                    builder.atom(Literal("\n"))
                builder.text(line.strip(" \t"))
            tokens, placeholders, _, _ = builder.finish()
            if not has_words(tokens):
                self._pieces.append(part)
                continue
            unit = Unit(len(self.units) + 1, tokens, placeholders, "paragraph")
            self._pieces.append((len(self.units), _leading(part), _trailing(part)))
            self._originals.append(part.strip())
            self.units.append(unit)

    def render(self, translations: Sequence[list[Token]], kept: Collection[int] = (), mark: Kept | None = None) -> str:
        """The translated text, given one checked, normalized token list per unit (in order). The units at
        the positions ``kept`` stay as the original has them, followed by ``mark``'s note."""
        if len(translations) != len(self.units):
            raise ValueError(f"{len(translations)} translations for {len(self.units)} units")
        out = []
        for piece in self._pieces:
            if isinstance(piece, str):
                out.append(piece)
                continue
            index, lead, trail = piece
            if index in kept:
                note = mark.note if mark is not None else NOTES["en"]
                out.append(f"{lead}{self._originals[index]} {note}{trail}")
                continue
            paragraph = self.units[index].render(translations[index]).text_content()
            out.append(lead + _SPACED_NEWLINE.sub("\n", paragraph).strip() + trail)
        return "".join(out)


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]
