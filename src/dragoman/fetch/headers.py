"""Reading the HTTP response headers that say when to come back."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

#: Replies whose Retry-After is honoured.
RETRY_AFTER_STATUSES = frozenset({429, 503})


def http_date(value: str) -> datetime | None:
    """An HTTP date (``Wed, 21 Oct 2015 07:28:00 GMT``) as an aware datetime; None when it isn't one."""
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else None


def retry_after(value: str, now: datetime) -> datetime | None:
    """The moment a ``Retry-After`` value names: ``120`` (seconds) or ``Wed, 21 Oct 2015 07:28:00 GMT``."""
    value = (value or "").strip()
    if value.isdigit():
        return now + timedelta(seconds=int(value))
    return http_date(value)
