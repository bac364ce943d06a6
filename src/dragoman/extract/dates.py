"""Parsing the date strings found in pages into datetimes.

A date keeps the offset the page gave it (``+01:00`` stays ``+01:00``; ``Z`` and ``GMT`` become
UTC); a date given without a zone stays naive, since guessing a zone would invent a fact.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

__all__ = [
    "TextDate",
    "date_from_url",
    "date_in_text",
    "dates_in_text",
    "find_dates",
    "month_from_url",
    "parse_datetime",
    "same_moment_or_day",
]

# A full date in a URL path: /2026/11/05/, /2026-11-05-, _20261105_ (never a bare year or month, and never
# digits that run on, as in an article id)
_URL_DATE = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})([/_.-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)
# the same, day first, with separators: /meldungen/29-10-2021
_URL_DATE_DAY_FIRST = re.compile(
    r"(?<![0-9])(0[1-9]|[12][0-9]|3[01])([_.-])(0[1-9]|1[0-2])\2((?:19|20)[0-9]{2})(?![0-9])"
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
    # 05.11.2026 is the 5th of November wherever dots separate a date
    dayfirst = bool(_DOTTED_DATE.search(cleaned))
    readings = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # parsed twice with two different defaults: a part the text does not give (the day of
            # "14:30", the year of "12 March") comes out differently, and the text is no full date
            for default in (_DEFAULT_A, _DEFAULT_B):
                readings.append(
                    dateutil_parser.parse(cleaned, default=default, tzinfos=_TZINFOS, dayfirst=dayfirst, fuzzy=fuzzy)
                )
    except (ValueError, OverflowError, TypeError):
        # a date dateutil does not read ("Di., 25.01.2022 - 14:45", "7 октября 2020"): the first
        # full date written in it
        found = find_dates(text)
        return found[0].value if found else None
    first, second = readings
    if first.date() != second.date():
        return None
    return first


_DEFAULT_A = datetime(2001, 1, 1)
_DEFAULT_B = datetime(2002, 2, 2)


def same_moment_or_day(a: datetime, b: datetime) -> bool:
    """True when ``b`` says the same as ``a`` with perhaps more precision (used to pick a
    zone-aware candidate over a naive one of lower trust)."""
    a_naive = a.replace(tzinfo=None)
    b_naive = b.replace(tzinfo=None)
    if a_naive == b_naive:
        return True
    return a_naive.time() == datetime.min.time() and a_naive.date() == b_naive.date()


def date_from_url(url: str) -> datetime | None:
    """The publication day written in a URL's path (``/2026/11/05/story-slug``, or day first with
    separators, ``/news/05-11-2026``), as a naive midnight datetime; None when the path holds no
    full, plausible date. The host is not looked at (``2026.example.org`` is no date) and
    neither is the query string."""
    path = _url_path(url)
    for match in _URL_DATE.finditer(path):
        year, _, month, day = match.groups()
        if (value := _make(int(year), int(month), int(day))) is not None:
            return value
    for match in _URL_DATE_DAY_FIRST.finditer(path):
        day, _, month, year = match.groups()
        if (value := _make(int(year), int(month), int(day))) is not None:
            return value
    return None


# Month names as pages print them, full and abbreviated, in the nominative and the genitive
# ("7 октября 2020", "7 października 2020"): English, German, French, Spanish, Catalan, Italian,
# Portuguese, Dutch, the Scandinavian languages, Polish, Czech, Slovak, Slovenian, Russian,
# Ukrainian, Belarusian, Bulgarian, Serbian, Romanian, Hungarian, Turkish, Greek, Finnish,
# Indonesian and Malay, Arabic (the Egyptian, Levantine and Maghrebi names). A name two languages
# give to different months (Croatian "listopad" is October, Polish and Czech November) is read
# the way most of them do.
_MONTHS: dict[int, str] = {
    1: "january jan januar jänner jän janvier janv enero ene gener gennaio gen janeiro januari janúar "
       "stycznia styczeń styczen sty ledna leden januára január januar ianuarie ocak ιανουαρίου ιανουάριος ιαν "
       "tammikuuta tammikuu января январь янв січня січень студзеня студзень януари јануар "
       "يناير جانفي كانون الثاني",
    2: "february feb februar feber février fevrier févr fevr fév fev febrero febrer febbraio fevereiro "
       "februari februára február februarie lutego luty lut února únor unora unor şubat subat "
       "φεβρουαρίου φεβρουάριος φεβ helmikuuta helmikuu февраля февраль фев лютого лютий лютага люты "
       "февруари фебруар فبراير فيفري شباط",
    3: "march mar märz maerz mär mars marzo març marco março maart mrt marca marzec mar března brezna "
       "březen marca marec március martie mart μαρτίου μάρτιος μαρ maaliskuuta maaliskuu марта март мар "
       "березня березень сакавіка сакавік maret mac مارس آذار",
    4: "april apr avril avr abril abr aprile apr april kwietnia kwiecień kwiecien kwi dubna duben apríla "
       "április aprilie nisan απριλίου απρίλιος απρ huhtikuuta huhtikuu апреля апрель апр квітня квітень "
       "красавіка красавік април أبريل ابريل إبريل أفريل افريل نيسان",
    5: "may mai mayo maig maggio mag maio mei maj maja maj května kveten květen mája máj május mayıs mayis "
       "μαΐου μαΐου μαΐος μαϊου μαΐ toukokuuta toukokuu мая май травня травень мая май мај مايو ماي أيار ايار",
    6: "june jun juni juin junio juny giugno giu junho juin czerwca czerwiec cze června cerven červen júna jún "
       "június junij iunie haziran ιουνίου ιούνιος ιουν kesäkuuta kesäkuu июня июнь июн червня червень "
       "чэрвеня юни јун يونيو يونيه جوان حزيران",
    7: "july jul juli juillet juil julio juliol luglio lug julho lipca lipiec lip července cervenec červenec "
       "júla júl július julij iulie temmuz ιουλίου ιούλιος ιουλ heinäkuuta heinäkuu июля июль июл липня "
       "липень ліпеня юли јул يوليو يوليه جويلية تموز",
    8: "august aug août aout agosto ago agost augustus augusti sierpnia sierpień sierpien sie srpna srpen "
       "augusta augusztus avgust ağustos agustos αυγούστου αύγουστος αυγ elokuuta elokuu августа август авг "
       "серпня серпень жніўня агуст август agustus ogos أغسطس اغسطس أوت اوت آب",
    9: "september sep sept septembre septiembre setiembre setembre settembre set setembro "
       "września wrzesien wrzesień wrz září zari septembra szeptember septembrie eylül eylul "
       "σεπτεμβρίου σεπτέμβριος σεπ syyskuuta syyskuu сентября сентябрь сен сент вересня вересень верасня "
       "септември септембар سبتمبر أيلول ايلول",
    10: "october oct oktober okt octobre octubre octubre ottobre ott outubro out października pazdziernika "
        "październik paź října rijna říjen októbra október octombrie ekim οκτωβρίου οκτώβριος οκτ "
        "lokakuuta lokakuu октября октябрь окт жовтня жовтень кастрычніка октомври октобар أكتوبر اكتوبر "
        "تشرين الأول",
    11: "november nov novembre noviembre novembre novembro listopada listopad lis listopadu novembra "
        "noiembrie kasım kasim νοεμβρίου νοέμβριος νοε marraskuuta marraskuu ноября ноябрь нояб ноя "
        "листопада листопад лістапада ноември новембар نوفمبر تشرين الثاني",
    12: "december dec dezember dez décembre decembre déc diciembre dic desembre dicembre dezembro "
        "grudnia grudzień grudzien gru prosince prosinec decembra december decembrie aralık aralik "
        "δεκεμβρίου δεκέμβριος δεκ joulukuuta joulukuu декабря декабрь дек грудня грудень снежня "
        "декември децембар desember disember ديسمبر كانون الأول",
}  # fmt: skip
_MONTH_BY_NAME: dict[str, int] = {}
for _number, _names in _MONTHS.items():
    # the two-word Arabic names ("كانون الثاني") are written with one space
    for _name in re.findall(r"(?:كانون|تشرين) \S+|\S+", _names):
        _MONTH_BY_NAME.setdefault(_name.casefold(), _number)
_MONTH_NAME = "(" + "|".join(sorted(map(re.escape, _MONTH_BY_NAME), key=len, reverse=True)) + ")"
_YEAR_TEXT = r"((?:19|20)[0-9]{2})"
# "2 mars 2026", "6. September 2025", "14 de junio de 2025", "1er mai 2020", "7 d'octubre de 2020",
# "7 января 2020 г."; "March 2, 2026", "Sept. 6th 2025"; "2020. október 7." (Hungarian)
_DAY_MONTH_YEAR = re.compile(
    rf"(?i)(?<![\w.])([0-3]?[0-9])(?:\.|er|º|°|st|nd|rd|th|-?го)?\s*(?:de\s+|d['’]\s*|of\s+)?{_MONTH_NAME}(?!\w)\.?,?"
    rf"\s+(?:de\s+|del\s+)?{_YEAR_TEXT}(?![0-9])"
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?i)(?<!\w){_MONTH_NAME}\.?\s+([0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9]),?\s+{_YEAR_TEXT}(?![0-9])"
)
_YEAR_MONTH_DAY = re.compile(
    rf"(?i)(?<![0-9]){_YEAR_TEXT}\.?,?\s+{_MONTH_NAME}(?!\w)\.?\s+([0-3]?[0-9])(?![0-9])\.?"
)
# 2020年10月7日 (Chinese, Japanese), 2020년 10월 7일 (Korean)
_CJK_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*[年년]\s*([01]?[0-9])\s*[月월]\s*([0-3]?[0-9])\s*[日일]")
# numbers: 2020-10-07, 2020/10/07, 2020.10.07; 07.10.2020, 7. 10. 2020, 07.10.20; 07/10/2020, 10-07-2020
_NUMERIC_YMD = re.compile(r"(?<![0-9./-])((?:19|20)[0-9]{2})([-/.])([01]?[0-9])\2([0-3]?[0-9])(?![0-9]|[./-][0-9])")
_NUMERIC_DMY = re.compile(
    r"(?<![0-9./-])([0-3]?[0-9])(\.\s?|/|-)([0-3]?[0-9])\2((?:19|20)[0-9]{2}|[0-9]{2})(?![0-9]|[./-][0-9])"
)
# a time right after a date: "- 14:30", ", 6:09 p.m.", " um 15:33 Uhr", " à 14h30", " at 9:05 am GMT"
_TIME_AFTER = re.compile(
    r"(?i)^(?:\s*(?:[,|/–—-]|г\.|r\.|года\b|року\b|\bat\b|\bum\b|\bà\b|\bas\b|\bàs\b|\balle\b|\bore\b|"
    r"\ba las\b|\bkl\.|\bklo\b|\bв\b|\bo\b|\bdalle\b))*"
    r"\s*([0-2]?[0-9])(?::|h(?=[0-5]))([0-5][0-9])(?::([0-5][0-9]))?"
    r"(?:\s*(a\.?\s?m\b\.?|p\.?\s?m\b\.?))?(?:\s*(?:uhr|h)\b)?"
    r"(?:\s*\(?(?-i:([A-Z]{2,5})\b)?\s*([+-][0-9]{1,2}(?::?[0-9]{2})?)?\)?)?"
)
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


def _month_number(name: str) -> int | None:
    return _MONTH_BY_NAME.get(name.casefold().rstrip("."))


@dataclass(frozen=True)
class TextDate:
    """A date written in a text: where it is, what it says, and whether it was read from numbers
    alone with the day and month in an order that could be the other way round (03/04/2026)."""

    start: int
    end: int
    value: datetime
    numeric: bool = False
    swapped: datetime | None = None  # the other reading of an ambiguous 03/04/2026
    has_time: bool = False


def _with_time(text: str, end: int, value: datetime) -> tuple[datetime, int, bool]:
    """The date with the time written right after it (and its zone, when one is printed)."""
    match = _TIME_AFTER.match(text[end : end + 40])
    if match is None:
        return value, end, False
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridian = (match.group(4) or "").lower().replace(".", "").replace(" ", "")
    if meridian and not 1 <= hour <= 12:
        return value, end, False
    if meridian == "pm" and hour != 12:
        hour += 12
    elif meridian == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return value, end, False
    value = value.replace(hour=hour, minute=minute, second=second)
    zone_name, offset = (match.group(5) or "").upper(), match.group(6)
    if zone_name in _TZINFOS and not offset:
        value = value.replace(tzinfo=_TZINFOS[zone_name])
    elif offset and zone_name in ("", "UTC", "GMT"):
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if hours <= 14:
            value = value.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))
    return _normalise_zone(value), end + match.end(), True


def _make(year: int, month: int, day: int) -> datetime | None:
    try:
        value = datetime(year, month, day)
    except ValueError:
        return None
    return value if _plausible(value) else None


def find_dates(text: str, *, month_first: bool = False, numeric: bool = True) -> list[TextDate]:
    """Every full date written in a text, in order: in words in the languages of ``_MONTHS``,
    in Chinese, Japanese and Korean, and (with ``numeric``) in numbers. A date without its year
    is not one. Numbers with dots are day first (07.10.2020); with slashes or dashes the day
    comes first unless it cannot (10/27/2020) or ``month_first`` says the page writes the month
    first (American English); ``TextDate.swapped`` then holds the other reading. A time written
    right after the date is kept (with the zone when one is printed)."""
    found: list[TextDate] = []
    # dates in words: only the few characters around each year are searched, month names are slow
    # to look for everywhere
    for year in _YEAR.finditer(text):
        before = max(0, year.start() - 40)
        window = text[before : year.end()]
        for pattern, order in ((_DAY_MONTH_YEAR_END, (0, 1, 2)), (_MONTH_DAY_YEAR_END, (1, 0, 2))):
            match = pattern.search(window)
            if match is not None:
                day, name, year_text = (match.groups()[i] for i in order)
                month = _month_number(name)
                if month and (value := _make(int(year_text), month, int(day))) is not None:
                    found.append(TextDate(before + match.start(), year.end(), value))
                    break
        else:
            after = text[year.start() : year.end() + 40]
            for pattern in (_YEAR_MONTH_DAY_START, _CJK_DATE_START):
                match = pattern.match(after)
                if match is None:
                    continue
                year_text, name, day = match.groups()
                month = int(name) if name.isdigit() else _month_number(name)
                if month and (value := _make(int(year_text), month, int(day))) is not None:
                    found.append(TextDate(year.start(), year.start() + match.end(), value))
                    break
    if numeric and re.search(r"[0-9][./-]\s?[0-9]", text):
        for match in _NUMERIC_YMD.finditer(text):
            year, _, month, day = match.groups()
            if (value := _make(int(year), int(month), int(day))) is not None:
                found.append(TextDate(match.start(), match.end(), value, numeric=True))
        for match in _NUMERIC_DMY.finditer(text):
            first, separator, second, year_text = match.groups()
            if len(year_text) == 2:
                # 07.10.20: only two digits each, with dots, and a year of this century
                if separator.strip() != "." or len(first) != 2 or len(second) != 2:
                    continue
                year_text = "20" + year_text
            a, b, year = int(first), int(second), int(year_text)
            day_first, month_first_reading = _make(year, b, a), _make(year, a, b)
            if separator.strip() == ".":
                value, other = day_first, None
            elif month_first:
                value, other = month_first_reading or day_first, day_first if month_first_reading else None
            else:
                value, other = day_first or month_first_reading, month_first_reading if day_first else None
            if value is None:
                continue
            if other == value:
                other = None
            found.append(TextDate(match.start(), match.end(), value, numeric=True, swapped=other))
    found.sort(key=lambda d: d.start)
    result: list[TextDate] = []
    for date in found:
        if result and date.start < result[-1].end:
            continue  # the same date read twice ("2020/10/07" inside "7 October 2020/10/07"?)
        value, end, has_time = _with_time(text, date.end, date.value)
        swapped = date.swapped.replace(hour=value.hour, minute=value.minute, second=value.second,
                                       tzinfo=value.tzinfo) if date.swapped and has_time else date.swapped  # fmt: skip
        result.append(TextDate(date.start, end, value, date.numeric, swapped, has_time))
    return result


# the same patterns, ending at the end of the text searched (a window that ends with the year),
# or starting at its start (a window that starts with it)
_DAY_MONTH_YEAR_END = re.compile(_DAY_MONTH_YEAR.pattern + r"\Z")
_MONTH_DAY_YEAR_END = re.compile(_MONTH_DAY_YEAR.pattern + r"\Z")
_YEAR_MONTH_DAY_START = re.compile(_YEAR_MONTH_DAY.pattern)
_CJK_DATE_START = re.compile(_CJK_DATE.pattern)


def date_in_text(text: str) -> datetime | None:
    """The first full date written in words in a text ("Publié le 2 mars 2026", "am Samstag,
    6. September 2025", "March 2, 2026", "7 октября 2020"), as a naive midnight datetime; None
    when the text holds no such date (a date without its year is not one)."""
    return next(dates_in_text(text), None)


def dates_in_text(text: str) -> Iterator[datetime]:
    """Every full date written in words in a text (see ``date_in_text``), in order, as naive
    midnight datetimes."""
    for date in find_dates(text, numeric=False):
        yield date.value.replace(hour=0, minute=0, second=0, tzinfo=None)


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
