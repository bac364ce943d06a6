"""What the site needs to know of a language: its direction, its name, and the words of its pages."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_time
from babel.core import Locale, UnknownLocaleError

RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})


def base_language(code: str) -> str:
    return (code or "en").replace("_", "-").split("-")[0].lower()


def direction(code: str) -> str:
    return "rtl" if base_language(code) in RTL_LANGUAGES else "ltr"


def language_name(code: str, in_language: str) -> str:
    """The name of ``code`` written in ``in_language`` ("inglés" for en in es), from CLDR."""
    try:
        return Locale.parse(base_language(code)).get_display_name(base_language(in_language)) or code
    except (UnknownLocaleError, ValueError):
        return code


def format_date_time(moment: datetime | None, language: str) -> str:
    """A date and time as the target language writes them, with the original's UTC offset."""
    if moment is None:
        return ""
    try:
        locale = Locale.parse(base_language(language))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return f"{format_date(moment, 'long', locale=locale)}, {format_time(moment, 'short', tzinfo=moment.tzinfo, locale=locale)} ({zone})"
