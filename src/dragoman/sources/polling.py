"""Polling a source: a conditional GET, then each item it lists recorded once as an Entry.

A feed (RSS, Atom, RDF, JSON Feed: :mod:`.feeds`), a sitemap (URL sets, news sitemaps, indexes:
:mod:`.sitemaps`) or a single page (the page itself is the one item; polling it needs no request). Every
item is kept, however many the source lists, and each is stored once (unique per source and key), even when
two workers poll the same source at once.

The schedule, as in Miniflux: the next check comes after the source's interval, backed off exponentially
while polls fail, and never before what the server or the feed asked for: ``Retry-After`` on a 429 or 503,
``Cache-Control: max-age`` or ``Expires``, the feed's ``<ttl>`` (:mod:`.schedule`). A 304 Not Modified is
a successful poll that found nothing new. :func:`poll_source` never raises for a bad source: the error is
stored on it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from dragoman.fetch import FEED, Fetcher, FetchError
from dragoman.leases import settle
from dragoman.sanitize import sanitize_text
from dragoman.sources.feeds import parse_feed
from dragoman.sources.items import MAX_URL_LENGTH, FeedError, FeedItem, ParsedFeed
from dragoman.sources.models import Source
from dragoman.sources.schedule import fresh_until, server_wait
from dragoman.sources.sitemaps import MAX_INDEX_DEPTH, SITEMAP, parse_sitemap

__all__ = ["MAX_URL_LENGTH", "FeedError", "FeedItem", "ParsedFeed", "Store", "parse_feed", "poll_source", "read_source"]

#: What keeps the items a poll found: (source, items) -> how many were new. The sources know nothing of what
#: an item becomes (an entry of the articles app: :func:`dragoman.articles.entries.store_entries`).
Store = Callable[[Source, list[FeedItem]], int]


def read_feed(url: str, fetcher: Fetcher) -> ParsedFeed:
    """Fetch and parse a feed once."""
    response = fetcher.get(url, expect=FEED)
    return parse_feed(response.content, response.final_url)


def read_source(url: str, kind: str, fetcher: Fetcher) -> ParsedFeed:
    """Read a source once, as a poll would (used when a source is added, to check it and learn its name).
    Raises FetchError or FeedError."""
    if kind == Source.Kind.PAGE:
        return ParsedFeed(title="", site_url="", language="", items=[_page_item(url)])
    if kind == Source.Kind.SITEMAP:
        response = fetcher.get(url, expect=SITEMAP)
        return ParsedFeed(title="", site_url="", language="", items=_sitemap_items(response, fetcher, depth=0))
    return read_feed(url, fetcher)


def poll_source(source: Source, fetcher: Fetcher, store: Store) -> int:
    """Poll one source; hand the items it lists to ``store``. Returns how many were new."""
    if source.kind == Source.Kind.PAGE:
        new = store(source, [_page_item(source.url)])
        _finish(source, failed=False)
        return new
    expect = SITEMAP if source.kind == Source.Kind.SITEMAP else FEED
    now = timezone.now()
    try:
        response = fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified, expect=expect)
        if response.not_modified:
            _finish(source, failed=False, not_before=fresh_until(response.headers, now), now=now)
            return 0
        if source.kind == Source.Kind.SITEMAP:
            feed = ParsedFeed(title="", site_url="", language="", items=_sitemap_items(response, fetcher, depth=0))
        else:
            feed = parse_feed(response.content, response.final_url)
    except (FetchError, FeedError) as exc:
        source.last_error = str(exc)
        _finish(source, failed=True, not_before=server_wait(exc), now=now)
        return 0

    new = store(source, feed.items)
    etag, last_modified = response.headers.get("etag", ""), response.headers.get("last-modified", "")
    source.etag = etag if len(etag) <= 500 else ""  # a validator that does not fit is not kept
    source.last_modified = last_modified if len(last_modified) <= 100 else ""
    if not source.name and feed.title:
        source.name = sanitize_text(feed.title)[:300]
        source.slug = ""  # made again from the name on save
    if not source.site_url and feed.site_url:
        source.site_url = feed.site_url
    waits = [fresh_until(response.headers, now)]
    if feed.ttl_minutes:
        waits.append(now + timedelta(minutes=feed.ttl_minutes))
    _finish(source, failed=False, not_before=max((w for w in waits if w is not None), default=None), now=now)
    return new


def _finish(source: Source, *, failed: bool, not_before: datetime | None = None, now: datetime | None = None) -> None:
    """Store the poll's result and the next check, settling the worker's lease on the source with them."""
    with transaction.atomic():
        settle(source, [])  # the lease; save() stores the rest (and names the slug anew)
        source.schedule_next_check(failed=failed, not_before=not_before, now=now)
        source.save()


def _page_item(url: str) -> FeedItem:
    return FeedItem(guid="", url=url, title="", published=None)


def _sitemap_items(response, fetcher: Fetcher, *, depth: int) -> list[FeedItem]:
    """The pages a sitemap lists; for an index, those of its newest sitemaps (indexes of indexes followed
    :data:`~dragoman.sources.sitemaps.MAX_INDEX_DEPTH` deep). A child that fails fails the poll."""
    sitemap = parse_sitemap(response.content, response.final_url, max_bytes=fetcher.max_bytes)
    if not sitemap.is_index:
        return sitemap.items
    if depth >= MAX_INDEX_DEPTH:
        raise FeedError(f"sitemap indexes nested more than {MAX_INDEX_DEPTH} deep at {response.final_url}")
    items: list[FeedItem] = []
    for url in sitemap.newest_children():
        items.extend(_sitemap_items(fetcher.get(url, expect=SITEMAP), fetcher, depth=depth + 1))
    return items
