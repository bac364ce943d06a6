"""Polling a feed: conditional GET, parse with feedparser, and record each new item once as an Entry."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
from django.db import IntegrityError, transaction

from dragoman.fetch import Fetcher, FetchError
from dragoman.sources.models import Source

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


class FeedError(Exception):
    """The feed could not be read; the message says why."""


@dataclass
class FeedItem:
    guid: str
    url: str
    title: str
    published: datetime | None

    @property
    def key(self) -> str:
        return hashlib.sha256((self.guid or normalize_url(self.url)).encode("utf-8")).hexdigest()


@dataclass
class ParsedFeed:
    title: str
    site_url: str
    language: str
    items: list[FeedItem]


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, so one article is one key."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def parse_feed(content: bytes, base_url: str) -> ParsedFeed:
    """Parse RSS/Atom/RDF bytes. Raises FeedError when nothing usable is in them."""
    parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    if not parsed.get("version") and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(
            parsed.get("bozo_exception") or "no feed found"
        )
        raise FeedError(f"not a feed: {reason}")
    items = []
    for raw in parsed.entries:
        link = raw.get("link") or ""
        if not link:
            continue
        link = urljoin(base_url, link)
        published = None
        stamp = raw.get("published_parsed") or raw.get("updated_parsed")
        if stamp:
            published = datetime.fromtimestamp(calendar.timegm(stamp), tz=dt_timezone.utc)
        items.append(FeedItem(guid=(raw.get("id") or "").strip(), url=link, title=raw.get("title", ""), published=published))
    feed = parsed.feed
    return ParsedFeed(
        title=feed.get("title", ""),
        site_url=urljoin(base_url, feed.get("link", "")) if feed.get("link") else "",
        language=(feed.get("language") or "").split("-")[0].lower(),
        items=items,
    )


def read_feed(url: str, fetcher: Fetcher) -> ParsedFeed:
    """Fetch and parse a feed once (used when a source is added, to check it and learn its name)."""
    response = fetcher.get(url, accept=FEED_ACCEPT)
    return parse_feed(response.content, response.final_url)


def poll_source(source: Source, fetcher: Fetcher) -> int:
    """Poll one source; store new items as Entries. Returns how many are new. Never raises for a bad feed:
    the error is stored on the source and the next check is backed off."""
    from dragoman.articles.models import Entry

    try:
        response = fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified, accept=FEED_ACCEPT)
        if response.not_modified:
            source.schedule_next_check(failed=False)
            source.save()
            return 0
        feed = parse_feed(response.content, response.final_url)
    except (FetchError, FeedError) as exc:
        source.last_error = str(exc)
        source.schedule_next_check(failed=True)
        source.save()
        return 0

    new = 0
    for item in feed.items:
        try:
            with transaction.atomic():
                _, created = Entry.objects.get_or_create(
                    source=source,
                    key=item.key,
                    defaults={"guid": item.guid, "url": item.url, "title": item.title, "feed_published_at": item.published},
                )
        except IntegrityError:  # another worker stored it first
            created = False
        new += created
    source.etag = response.headers.get("etag", "")
    source.last_modified = response.headers.get("last-modified", "")
    if not source.name and feed.title:
        source.name = feed.title
        source.slug = ""  # made again from the name on save
    if not source.site_url and feed.site_url:
        source.site_url = feed.site_url
    source.schedule_next_check(failed=False)
    source.save()
    return new
