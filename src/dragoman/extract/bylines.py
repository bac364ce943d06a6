"""Turning byline strings into a list of author names.

``"By Jane Roe and John Doe, Science correspondents | 12 March 2024"`` -> ``["Jane Roe", "John Doe"]``.

The rules, in order: cut at a date or at "Updated/Published" words; remove e-mail addresses,
URLs, @handles and parentheses; remove a leading "By" (in the languages Dragoman reads:
By, Von, Por, Par, Di, Door, Av, Af, Autor..., Arabic بقلم and كتب); split on commas, semicolons, slashes and the
word "and" (and its equivalents); drop pieces naming a role rather than a person
("Staff reporter", "Science correspondent", "Redacción"); strip "in Berlin" location suffixes.
From free text (``strict=True``) a name must also look like one: two words or more, each
capitalised except particles (de, van, von, al...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dragoman.sanitize import sanitize_text

__all__ = ["clean_author_names", "looks_like_byline"]

# "By" and its equivalents at the start of a byline; the Romance particles that also begin
# surnames (de, di, da) only in lower case.
_PREFIX = re.compile(
    r"^(?:(?i:(?:(?:additional\s+)?(?:written|reported|reporting|words|text|story|posted|article)\s+)?"
    r"(?:by|von|por|par|door|av|af|przez|от|автор|autor(?:a|in)?|author|auteur|texto|text|redactor))|de|di|da|"
    r"بقلم|كتبه|كتبت|كتب)"
    r"\s*[:\-–—]?\s+"
)
_NOT_AUTHOR = re.compile(
    r"^(?:editing|edited|compiled|graphics|design|illustrations?|photos?|photography|video|translated|"
    r"translation|fact-checking|additional reporting)\s+by\b",
    re.I,
)
_BY_START = re.compile(r"^(?:by|von|por|par|door|av|af|بقلم|كتبه|كتبت|كتب)\s*:?\s+\w", re.I)
_CUT = re.compile(
    r"(?:\s[|•·]\s|\s[-–—]\s+(?=\d)|\b(?:published|updated|posted|last updated|modified|"
    r"publicado|actualizado|publié|mis à jour|veröffentlicht|aktualisiert|pubblicato|aggiornato)\b).*$",
    re.I,
)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
    "august|september|october|november|december"
)
_DATE = re.compile(
    rf"(?:\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?"
    rf"(?:\s*[A-Z]{{2,4}})?|\b(?:19|20)\d{{2}}\b).*$",
    re.I,
)
_NOISE = re.compile(r"\S+@\S+\.\w+|https?://\S+|www\.\S+|(?<!\w)@\w+|\([^)]*\)|\[[^\]]*\]")
# separators between names; the conjunctions only in lower case ("John Y Smith" is one name)
_SPLIT = re.compile(r"\s*[,;/&+|]\s*|\s+(?:and|AND|und|et|y|e|i|och|og)\s+")
_LOCATION = re.compile(r"\s+(?:in|en|à|a|aus|in der|em|from)\s+[A-ZÀ-Ý][\w'’-]+(?:\s+[A-Z][\w'’-]+)*$")
_ROLE_WORDS = frozenset(
    """
    correspondent correspondents reporter reporters editor editors writer writers staff
    contributor contributors columnist columnists journalist journalists photographer
    photographers photography photo photos video analyst analysts producer producers bureau chief
    desk team newsroom agency agencies senior deputy associate special editorial news service
    wire freelance guest opinion commentator presenter host critic
    redacción redaccion redacción corresponsal periodista enviado enviada especial agencia
    rédaction redaction journaliste correspondant correspondante envoyé envoyée spécial
    redaktion redakteur redakteurin korrespondent korrespondentin autorin reporterin
    redazione inviato inviata giornalista corrispondente redação redacao correspondente
    redactie verslaggever redaktør redaktören
    """.split()
)
_PARTICLES = frozenset(
    "de da di do dos das du del della der den van von zu ten ter la le les y e bin ibn al el af av och".split()
)
_WORD = re.compile(r"[\w'’.-]+", re.U)


def looks_like_byline(text: str) -> bool:
    """A short line starting with "By"/"Por"/"Von"... followed by names ("By midnight the river
    had risen" is not one: its words are not capitalised like a name)."""
    text = sanitize_text(text)
    if not (3 < len(text) <= 160 and _BY_START.match(text)) or len(text.split()) > 14:
        return False
    return bool(clean_author_names(text, strict=True))


def _is_role(piece: str, strict: bool) -> bool:
    """Whether a piece names a role ("Science correspondent", "Staff Reporter") rather than a
    person. From free byline text any role word counts; from structured metadata only a role
    word in lower case or a piece made of role words only ("Coastal Press Agency" is a name)."""
    words = [w.strip(".'’") for w in _WORD.findall(piece)]
    roles = [w for w in words if w.lower() in _ROLE_WORDS]
    if not roles:
        return False
    if strict:
        return True
    return any(w.islower() for w in roles) or len(roles) == len(words)


def _plausible_name(piece: str, strict: bool) -> bool:
    if not 2 <= len(piece) <= 80 or not re.search(r"[^\W\d_]", piece):
        return False
    words = piece.split()
    if len(words) > 6:
        return False
    if re.search(r"\d", piece):
        return False
    if strict:
        # from free text: two words or more, each capitalised except name particles (scripts
        # without letter case pass)
        if len(words) < 2:
            return False
        cased = [w for w in words if w[0].isalpha() and w[0].lower() != w[0].upper()]
        if any(w[0].islower() and w.lower() not in _PARTICLES for w in cased):
            return False
    return True


def _clean_one(raw: str, strict: bool) -> list[str]:
    text = sanitize_text(raw)
    if not text:
        return []
    text = _CUT.sub("", text)
    text = _NOISE.sub(" ", text)
    text = _DATE.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:|-–—·•")
    text = _PREFIX.sub("", text, count=1)
    names = []
    for piece in _SPLIT.split(text):
        piece = piece.strip(" .,:;|-–—·•'\"")
        if not piece or _NOT_AUTHOR.match(piece):
            continue
        piece = _PREFIX.sub("", piece, count=1).strip()
        if not piece or _is_role(piece, strict):
            continue
        piece = _LOCATION.sub("", piece).strip()
        if piece.isupper() and len(piece) > 3:
            piece = piece.title()
        if _plausible_name(piece, strict):
            names.append(piece)
    return names


def clean_author_names(values: str | Iterable[str], *, strict: bool = False) -> list[str]:
    """Clean one byline string or several name strings into unique author names.

    ``strict=True`` (for free byline text) also requires names to be capitalised.
    """
    if isinstance(values, str):
        values = [values]
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        for name in _clean_one(value, strict):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
    return names
