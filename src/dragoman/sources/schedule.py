"""What servers say about when to come back, read from their replies (the scheduler's inputs).

* ``Retry-After`` on a 429 (Too Many Requests) or 503 (Service Unavailable): seconds, or an HTTP date.
* ``Cache-Control: max-age`` and ``Expires`` on a reply: the feed will not change before then.

:class:`PoliteFetcher` keeps the first of these on the error it raises, as ``retry_after``; the poller
(:mod:`dragoman.sources.polling`) and the fetch step use both to put the next request after them.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from dragoman.fetch import Fetcher, FetchError

#: Replies whose Retry-After is honoured.
RETRY_AFTER_STATUSES = frozenset({429, 503})

_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*\"?(\d+)\"?", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|,)\s*(?:no-cache|no-store)\b", re.IGNORECASE)


def retry_after(value: str, now: datetime) -> datetime | None:
    """The moment a ``Retry-After`` value names: ``120`` (seconds) or ``Wed, 21 Oct 2015 07:28:00 GMT``."""
    value = (value or "").strip()
    if value.isdigit():
        return now + timedelta(seconds=int(value))
    return _http_date(value)


def fresh_until(headers: dict[str, str], now: datetime) -> datetime | None:
    """Until when the reply says it stays as it is: ``Cache-Control`` max-age (s-maxage), else ``Expires``.
    None when it says nothing, or says not to cache (``no-cache``, ``no-store``)."""
    cache_control = headers.get("cache-control", "")
    if _NO_CACHE.search(cache_control):
        return None
    ages = [int(age) for age in _MAX_AGE.findall(cache_control)]
    if ages:
        return now + timedelta(seconds=max(ages))
    expires = _http_date(headers.get("expires", ""))
    return expires if expires is not None and expires > now else None


def _http_date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else None


class PoliteFetcher(Fetcher):
    """The :class:`~dragoman.fetch.Fetcher`, whose error for a 429 or 503 reply also carries the moment the
    server asked to be left alone until, as ``retry_after`` (None when the reply did not say)."""

    def _response(self, url, final_url, reply, expect):
        try:
            return super()._response(url, final_url, reply, expect)
        except FetchError as exc:
            if exc.status_code in RETRY_AFTER_STATUSES:
                exc.retry_after = retry_after(reply.headers.get("retry-after", ""), datetime.now(timezone.utc))
            raise


def server_wait(exc: Exception) -> datetime | None:
    """The moment a failed request's server asked to be left alone until, if it did."""
    return getattr(exc, "retry_after", None)
