"""What the page's address says: the host name (the last fallback for the site name), and whether
a date found in the page agrees with the date in the URL's path (``/2026/11/05/story``, or
``/2025/09/story`` for a month; read by ``dragoman.extract.dates.date_from_url`` and
``month_from_url``). A date more than a day from the URL's, or outside its month, is another story's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dragoman.extract.dom import split_url


def _host(url: str) -> str:
    return split_url(url).netloc.lower().split("@")[-1].split(":")[0].removeprefix("www.")


def _fits_url(value: datetime, url_day: datetime | None, url_month: tuple[int, int] | None) -> bool:
    """Whether a date found in the page agrees with the date in its URL, if any: the same day or
    a day away (time zones), or the URL's month (/2025/09/story)."""
    if url_day is not None:
        return abs((value.date() - url_day.date()).days) <= 1
    return url_month is None or _in_month(value, url_month)


def _in_month(value: datetime, month: tuple[int, int]) -> bool:
    """In the month, or a day away from it (the same moment in another time zone)."""
    return any((d.year, d.month) == month for d in (value, value - timedelta(days=1), value + timedelta(days=1)))
