"""The entries of a source: each item a poll finds (:func:`dragoman.sources.polling.poll_source`) recorded
once as an :class:`~dragoman.articles.models.Entry`; those older than the source's first-import window
archived as they are stored (:mod:`dragoman.articles.window`)."""

from __future__ import annotations

from dragoman.articles.models import Entry
from dragoman.articles.window import archive_reason, is_before, window_line
from dragoman.sources.items import FeedItem
from dragoman.sources.models import Source

#: Keys looked up, and rows inserted, per query (SQLite's parameter limit is 999 in old builds).
_BATCH = 500


def store_entries(source: Source, items: list[FeedItem]) -> int:
    """Record each item not seen before as a new Entry of ``source``; returns how many were new. Items are
    looked up and inserted in batches; an item another worker stored meanwhile is skipped, not duplicated.
    An item whose feed date is before the source's import window is stored archived, with the reason."""
    by_key: dict[str, FeedItem] = {}
    for item in items:
        by_key.setdefault(item.key, item)
    keys = list(by_key)
    seen: set[str] = set()
    for start in range(0, len(keys), _BATCH):
        seen.update(Entry.objects.filter(source=source, key__in=keys[start : start + _BATCH]).values_list("key", flat=True))
    line = window_line(source)
    fresh = [
        Entry(
            source=source,
            key=key,
            guid=item.guid,
            url=item.url,
            title=item.title,
            feed_published_at=item.published,
            **_archived(source, item, line),
        )
        for key, item in by_key.items()
        if key not in seen
    ]
    Entry.objects.bulk_create(fresh, batch_size=_BATCH, ignore_conflicts=True)
    return len(fresh)


def _archived(source: Source, item: FeedItem, line) -> dict:
    """The state and reason of an item older than the import window (nothing for the others)."""
    if is_before(item.published, line):
        return {"state": Entry.State.ARCHIVED, "error": archive_reason(source, item.published)}
    return {}
