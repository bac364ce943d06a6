"""Titles and site names: the " | Site name" part of a title (``clean_title``), the site part of
the ``<title>`` element (a fallback for the site name), and which of the article's JSON-LD
``publisher.name`` and ``og:site_name`` goes first as the site's name (``_publisher_first``).
"""

from __future__ import annotations

import re
import unicodedata

from dragoman.extract.dom import norm_key
from dragoman.sanitize import sanitize_text


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—·•»«:/\\~-]|::|--)\s+")


def _site_keys(sitename: str, hostname: str) -> set[str]:
    keys = {norm_key(sitename)} if sitename else set()
    if hostname:
        labels = [label for label in hostname.split(".") if label]
        keys.add(norm_key(hostname))
        if len(labels) > 1:
            keys.add(norm_key(".".join(labels[:-1])))
        keys.update(norm_key(label) for label in labels[:-1] if len(label) > 3)
    return {key for key in keys if key}


def _is_site_part(part: str, keys: set[str]) -> bool:
    key = norm_key(part)
    if not key:
        return False
    if key in keys:
        return True
    return any(len(k) >= 4 and (k in key or key in k) and len(key) <= len(k) + 12 for k in keys)


def _names_host(name: str, hostname: str) -> bool:
    """Whether ``name`` is the host's name or contains it ("Reuters" on www.reuters.com)."""
    key = norm_key(name)
    return bool(key) and any(k == key or (len(k) >= 4 and k in key) for k in _site_keys("", hostname))


#: The legal forms that end a company's registered name ("Example Media GmbH", "C.A. Ultimas Noticias").
_LEGAL_FORM = re.compile(
    r"(?:^|[\s,])(?:gmbh|ag|kg|se|e\.?\s?v|ltd|llc|l\.?l\.?c|inc|corp|co|plc|s\.?a|s\.?l|c\.?a|s\.?p\.?a|"
    r"s\.?r\.?l|b\.?v|n\.?v|sp\.?\s?z\s?o\.?\s?o|s\.?a\.?s|oy|ab|as|a/s|pty)\.?(?=$|[\s,&])",
    re.IGNORECASE,
)


def _folded_key(text: str) -> str:
    """``norm_key`` without accents: "Ośrodek Studiów" and "Osrodek Studiow" are one name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return norm_key("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _publisher_first(og_site_name: str, publisher: str, hostname: str, *, person: bool = False) -> bool:
    """Whether the article's JSON-LD ``publisher.name`` goes before ``og:site_name``: when the two disagree
    (neither contains the other: "U.S." and "Reuters", not "Example" and "Example Media"), since
    ``og:site_name`` is then often a section's name ("U.S.", "Política"). Unless ``og:site_name`` names
    the host and the publisher does not ("Le Monde" on lemonde.fr), or the publisher is a company's legal
    name ("FOGS Media GmbH") or a person: those are not the name readers know."""
    a, b = _folded_key(og_site_name), _folded_key(publisher)
    if not a or not b or a in b or b in a or person or _LEGAL_FORM.search(publisher):
        return False
    return not (_names_host(og_site_name, hostname) and not _names_host(publisher, hostname))


def _title_site_part(title: str, hostname: str) -> str:
    """The site name at the end of a ``<title>``: after a " | ", or after another separator
    when it names the host or looks like a name ("BBC News", not "a look at the data")."""
    pieces = _TITLE_SEPARATOR.split(title)
    if len(pieces) < 2 or len(pieces[-1]) > 40:
        return ""
    last = pieces[-1].strip()
    if _TITLE_SEPARATOR.findall(title)[-1].strip() == "|" or _is_site_part(last, _site_keys("", hostname)):
        return last
    words = last.split()
    if len(words) <= 4 and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words if w[0].isalpha()):
        return last
    return ""


_NAME_PARTICLES = frozenset(
    {"de", "del", "della", "da", "di", "do", "du", "la", "le", "van", "von", "the", "of", "and"}
)


def clean_title(title: str, *, sitename: str = "", hostname: str = "", title_tag: bool = False) -> str:
    """Remove the " | Site name" (or "Site name - ") part of a title.

    A part is removed when it names the site (its name or host). For a ``<title>`` element,
    whose last " | " part is by convention the site, that part also goes when no name is known.
    """
    title = sanitize_text(title)
    if not title:
        return ""
    pieces = _TITLE_SEPARATOR.split(title)
    if len(pieces) < 2:
        return title
    separators = _TITLE_SEPARATOR.findall(title)
    keys = _site_keys(sitename, hostname)
    start, end = 0, len(pieces)
    while end - start > 1 and _is_site_part(pieces[end - 1], keys):
        end -= 1
    while end - start > 1 and _is_site_part(pieces[start], keys):
        start += 1
    if (start, end) == (0, len(pieces)) and title_tag and separators[-1].strip() == "|":
        if len(pieces[-1]) < len(" ".join(pieces[:-1])):
            end -= 1
    if (start, end) == (0, len(pieces)):
        return title
    # rebuild with the original separators between the kept pieces
    result = pieces[start]
    for index in range(start + 1, end):
        result += separators[index - 1] + pieces[index]
    return result.strip()
