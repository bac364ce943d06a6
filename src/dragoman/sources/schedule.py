"""What servers say about when to come back, read from their replies (the scheduler's inputs).

* ``Retry-After`` on a 429 (Too Many Requests) or 503 (Service Unavailable): seconds, or an HTTP date.
* ``Cache-Control: max-age`` and ``Expires`` on a reply: the feed will not change before then.

The fetcher keeps the first of these on the :class:`~dragoman.fetch.FetchError` it raises, as
``retry_after`` (see :mod:`dragoman.fetch.headers`); the poller (:mod:`dragoman.sources.polling`) and the
fetch step use both to put the next request after them.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from dragoman.fetch.headers import http_date, retry_after  # noqa: F401 (retry_after: part of this module's API)

_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*\"?(\d+)\"?", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|,)\s*(?:no-cache|no-store)\b", re.IGNORECASE)


def fresh_until(headers: dict[str, str], now: datetime) -> datetime | None:
    """Until when the reply says it stays as it is: ``Cache-Control`` max-age (s-maxage), else ``Expires``.
    None when it says nothing, or says not to cache (``no-cache``, ``no-store``)."""
    cache_control = headers.get("cache-control", "")
    if _NO_CACHE.search(cache_control):
        return None
    ages = [int(age) for age in _MAX_AGE.findall(cache_control)]
    if ages:
        return now + timedelta(seconds=max(ages))
    expires = http_date(headers.get("expires", ""))
    return expires if expires is not None and expires > now else None


def server_wait(exc: Exception) -> datetime | None:
    """The moment a failed request's server asked to be left alone until, if it did."""
    return getattr(exc, "retry_after", None)
