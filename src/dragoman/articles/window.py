"""A source's first-import window (``Source.since_days``): a new feed with 2,000 old items does not translate
its archive.

The window is a line in time: ``since_days`` days before the source's first import (when its first entry
was stored; now, at the poll that finds its first items). An item published before the line is stored as
``archived`` (:attr:`~dragoman.articles.models.Entry.State.ARCHIVED`), its ``error`` saying why, and is
never fetched nor translated unless an editor releases it:

* an item whose feed gives a date is judged when it is stored (:func:`dragoman.articles.entries.store_entries`),
  without any request: on the first import that is every item older than ``since_days`` days; the new
  items of later polls are younger than the line and go through as usual;
* an item without a feed date is fetched and extracted, then judged by the article's own date
  (:func:`archived_after_extraction`): archived, with that date kept as the entry's, when it is before the
  line; translated as usual when it is after the line or the page gives no date either. Its date kept, an
  entry released by an editor is never judged again.

A source without a window (``since_days`` empty or 0) and a single-page source (the operator asked for
that page) archive nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.db.models import Min
from django.utils import timezone

from dragoman.articles.models import Entry
from dragoman.sources.models import Source


def window_line(source: Source) -> datetime | None:
    """The moment before which an item of ``source`` is archived; None when the source has no window."""
    if not source.since_days or source.kind == Source.Kind.PAGE:
        return None
    first = Entry.objects.filter(source=source).aggregate(first=Min("created_at"))["first"]
    return (first or timezone.now()) - timedelta(days=source.since_days)


def archive_reason(source: Source, published: datetime) -> str:
    """Why an item is archived: "older than the 2-day import window (published 2026-10-01)"."""
    days = source.since_days
    return f"older than the {days}-day import window (published {_aware(published):%Y-%m-%d})"


def is_before(published: datetime | None, line: datetime | None) -> bool:
    """Whether an item published at ``published`` falls before the window's ``line`` (never, without either)."""
    return published is not None and line is not None and _aware(published) < line


def archived_after_extraction(entry: Entry, published: datetime | None) -> str:
    """For an entry its feed gave no date: the reason to archive it, its article being published at
    ``published`` before its source's window; "" to translate it."""
    if entry.feed_published_at is not None or published is None:
        return ""  # judged when stored (or released after): not judged again
    if is_before(published, window_line(entry.source)):
        return archive_reason(entry.source, published)
    return ""


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt_timezone.utc)
