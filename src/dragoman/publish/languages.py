"""What the site needs to know of a language: its direction, its name, and how it writes dates.

Dates follow the target language's conventions, from CLDR through Babel: "3 de noviembre de 2026" in
Spanish, "3 novembre 2026" in French. For Arabic, month names are the ones Arabic newsrooms print. There
are two traditions: the transliterated Gregorian names (يناير، فبراير ... نوفمبر) used by the pan-Arab
outlets with the widest readership (Al Jazeera, BBC Arabic, Asharq Al-Awsat, Egyptian and Gulf papers),
and the Syriac-derived Levantine names (كانون الثاني، شباط ... تشرين الثاني) of Lebanese, Syrian, Jordanian
and Iraqi papers. A plain ``ar`` target gets the transliterated names, the ones most Arabic readers see
daily; a target language with a Levantine region (``ar-LB``, ``ar-SY``, ``ar-JO``, ``ar-IQ``, ``ar-PS``) gets
the Levantine names, as CLDR has them for those locales. The year is Gregorian and the digits are the
Western ones Al Jazeera and BBC Arabic use; the UTC offset, Latin text, is isolated so that it keeps its
order inside right-to-left text.

Which languages are written right to left is :data:`dragoman.languages.RTL_LANGUAGES`, the one table.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from django.utils.html import format_html
from django.utils.safestring import SafeString

from dragoman import languages
from dragoman.languages import direction


def base_language(code: str) -> str:
    """The base language of ``code`` (:func:`dragoman.languages.base_language`); English when there is none:
    the site shows a page that declared no language as English."""
    return languages.base_language(code or "en")


def locale_for(code: str) -> Locale:
    """Babel's locale for a language code, with its region when it has one (``ar-LB`` -> ar_LB)."""
    for candidate in ((code or "").replace("-", "_"), base_language(code)):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def language_name(code: str, in_language: str) -> str:
    """The name of ``code`` written in ``in_language`` ("inglés" for en in es), from CLDR."""
    try:
        return Locale.parse(base_language(code)).get_display_name(base_language(in_language)) or code
    except (UnknownLocaleError, ValueError):
        return code


def format_day(day: date | datetime | None, language: str) -> str:
    """A date as the language writes it in running text ("3 نوفمبر 2026", "November 3, 2026")."""
    if day is None:
        return ""
    return format_date(day, "long", locale=locale_for(language))


def format_date_time(moment: datetime | None, language: str) -> SafeString | str:
    """Date and time as the target language writes them, at the original's UTC offset, which is isolated:
    "3 نوفمبر 2026، 6:45 م (<bdi dir="ltr">UTC+00:00</bdi>)"."""
    if moment is None:
        return ""
    locale = locale_for(language)
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    separator = "، " if base_language(language) in {"ar", "fa", "ur"} else ", "
    return format_html(
        '{}{}{} (<bdi dir="ltr">{}</bdi>)',
        format_date(moment, "long", locale=locale),
        separator,
        format_time(moment, "short", tzinfo=moment.tzinfo, locale=locale),
        zone,
    )
