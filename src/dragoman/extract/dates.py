"""Parsing the date strings found in pages into datetimes.

A date keeps the offset the page gave it (``+01:00`` stays ``+01:00``; ``Z`` and ``GMT`` become
UTC); a date given without a zone stays naive, since guessing a zone would invent a fact.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

__all__ = ["date_from_url", "date_in_text", "dates_in_text", "month_from_url", "parse_datetime", "same_moment_or_day"]

# A full date in a URL path: /2026/11/05/, /2026-11-05-, _20261105_ (never a bare year or month, and never
# digits that run on, as in an article id)
_URL_DATE = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})([/_.-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)
_DOTTED_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_EPOCH = re.compile(r"^\d{10}(\d{3})?$")
_EARLIEST = datetime(1990, 1, 1)
_NAMED_ZONES = {
    # The abbreviations news sites actually print. Ambiguous ones (IST, CST...) are left out.
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0, "BST": 60, "WEST": 60, "CET": 60, "CEST": 120,
    "MEZ": 60, "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
    "JST": 540, "KST": 540, "HKT": 480, "SGT": 480, "AEST": 600, "AEDT": 660,
}  # fmt: skip
_TZINFOS = {name: timezone(timedelta(minutes=minutes)) for name, minutes in _NAMED_ZONES.items()}


def _normalise_zone(value: datetime) -> datetime:
    """Replace dateutil's zone classes by a plain fixed-offset ``timezone``."""
    offset = value.utcoffset()
    if offset is None:
        return value.replace(tzinfo=None)
    if offset == timedelta(0):
        return value.replace(tzinfo=timezone.utc)
    return value.replace(tzinfo=timezone(offset))


def _plausible(value: datetime) -> bool:
    naive = value.replace(tzinfo=None)
    return _EARLIEST <= naive <= datetime.now() + timedelta(days=366)


def parse_datetime(value: object, *, fuzzy: bool = False) -> datetime | None:
    """Parse an ISO 8601, RFC 2822, epoch or human date string; None when it is not a date.

    Dates before 1990 or more than a year in the future are rejected as noise. ``fuzzy=True``
    skips words around the date ("Stand: 05.11.2026, 14:30 Uhr"): only for text known to hold
    a date, such as the element a site rule points at.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _normalise_zone(value) if _plausible(value) else None
    text = str(value).strip()
    if not text or len(text) > 80:
        return None
    parsed: datetime | None = None
    if _EPOCH.match(text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        parsed = datetime.fromtimestamp(seconds, tz=timezone.utc)
    else:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = _parse_loose(text, fuzzy=fuzzy)
    if parsed is None or not _plausible(parsed):
        return None
    return _normalise_zone(parsed)


def _parse_loose(text: str, *, fuzzy: bool = False) -> datetime | None:
    # dateutil comes with htmldate (a trafilatura dependency)
    from dateutil import parser as dateutil_parser

    if not re.search(r"\d", text):
        return None
    cleaned = re.sub(r"(?i)\b(published|updated|posted|last|modified|on|at)\b[:]?", " ", text)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,|-")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # 05.11.2026 is the 5th of November wherever dots separate a date
            dayfirst = bool(_DOTTED_DATE.search(cleaned))
            return dateutil_parser.parse(cleaned, tzinfos=_TZINFOS, dayfirst=dayfirst, fuzzy=fuzzy)
    except (ValueError, OverflowError, TypeError):
        return None


def same_moment_or_day(a: datetime, b: datetime) -> bool:
    """True when ``b`` says the same as ``a`` with perhaps more precision (used to pick a
    zone-aware candidate over a naive one of lower trust)."""
    a_naive = a.replace(tzinfo=None)
    b_naive = b.replace(tzinfo=None)
    if a_naive == b_naive:
        return True
    return a_naive.time() == datetime.min.time() and a_naive.date() == b_naive.date()


def date_from_url(url: str) -> datetime | None:
    """The publication day written in a URL's path (``/2026/11/05/story-slug``), as a naive
    midnight datetime; None when the path holds no full, plausible date. The host is not looked
    at (``2026.example.org`` is no date) and neither is the query string."""
    for match in _URL_DATE.finditer(_url_path(url)):
        year, _, month, day = match.groups()
        try:
            value = datetime(int(year), int(month), int(day))
        except ValueError:  # 2026/02/30
            continue
        if _plausible(value):
            return value
    return None


# Month names as pages print them (English, German, French, Spanish, Italian, Portuguese, Dutch),
# by their first letters: "Dezember", "déc.", "diciembre", "dicembre", "dezembro", "december"
_MONTH_PREFIXES = (
    ("jan", "jän", "ene", "gen"), ("feb", "fév", "fev"), ("mar", "mär", "maa"), ("apr", "avr", "abr"),
    ("may", "mai", "mag", "mei"), ("jun", "juin", "giu"), ("jul", "juil", "lug"),
    ("aug", "aoû", "aou", "ago"), ("sep", "set"), ("oct", "okt", "ott", "out"), ("nov",),
    ("dec", "dez", "déc", "dic"),
)  # fmt: skip
_MONTH_NAME = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|"
    r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|"
    r"janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|"
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|okt|nov|dec|dez)"
)
# "2 mars 2026", "6. September 2025", "14 de junio de 2025", "1er mai 2020"; "March 2, 2026", "Sept. 6th 2025"
_DAY_MONTH_YEAR = re.compile(
    rf"(?i)(?<![\w.])([0-3]?[0-9])(?:\.|er|º|st|nd|rd|th)?\s+(?:de\s+)?{_MONTH_NAME}\.?,?\s+(?:de\s+)?"
    r"((?:19|20)[0-9]{2})(?![0-9])"
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?i)(?<!\w){_MONTH_NAME}\.?\s+([0-3]?[0-9])(?:st|nd|rd|th)?,?\s+((?:19|20)[0-9]{{2}})(?![0-9])"
)


_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
# the same, ending at the end of the text searched (a window that ends with the year)
_DAY_MONTH_YEAR_END = re.compile(_DAY_MONTH_YEAR.pattern + r"\Z")
_MONTH_DAY_YEAR_END = re.compile(_MONTH_DAY_YEAR.pattern + r"\Z")


def _month_number(name: str) -> int | None:
    name = name.lower()
    for number, prefixes in enumerate(_MONTH_PREFIXES, start=1):
        if name.startswith(prefixes):
            return number
    return None


def date_in_text(text: str) -> datetime | None:
    """The first full date written in words in a text ("Publié le 2 mars 2026", "am Samstag,
    6. September 2025", "March 2, 2026"), as a naive midnight datetime; None when the text holds
    no such date (a date without its year is not one)."""
    return next(dates_in_text(text), None)


def dates_in_text(text: str) -> Iterator[datetime]:
    """Every full date written in words in a text (see ``date_in_text``), in order. Only the few
    characters before each year are searched: month names are slow to look for everywhere."""
    for year in _YEAR.finditer(text):
        window = text[max(0, year.start() - 40) : year.end()]
        for pattern, order in ((_DAY_MONTH_YEAR_END, (0, 1, 2)), (_MONTH_DAY_YEAR_END, (1, 0, 2))):
            match = pattern.search(window)
            if match is None:
                continue
            groups = match.groups()
            day, month_name, year_text = (groups[i] for i in order)
            month = _month_number(month_name)
            if month is None:
                continue
            try:
                value = datetime(int(year_text), month, int(day))
            except ValueError:
                continue
            if _plausible(value):
                yield value
                break


# a year and a month as path segments: /2025/09/story-slug (WordPress's "month and name" links)
_URL_MONTH = re.compile(r"/((?:19|20)[0-9]{2})/(0[1-9]|1[0-2])/")


def month_from_url(url: str) -> tuple[int, int] | None:
    """(year, month) written as path segments of a URL (``/2025/09/story``); None without."""
    match = _URL_MONTH.search(_url_path(url))
    return (int(match.group(1)), int(match.group(2))) if match else None


def _url_path(url: str) -> str:
    """A URL's path ("" for a URL that can't be split)."""
    try:
        return urlsplit(url).path
    except ValueError:
        return ""
