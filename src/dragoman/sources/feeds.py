"""Reading feeds: RSS (0.9x, 1.0/RDF, 2.0) and Atom with feedparser, JSON Feed with :mod:`.jsonfeed`.

Feeds come from strangers: :func:`parse_feed` raises nothing but :class:`FeedError`, whatever the bytes
(malformed XML, broken encodings, deep nesting, impossible dates), and keeps only items whose link is an
http(s) URL that fits the database. Every item is kept, however many the feed lists.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timezone as dt_timezone

import feedparser

from dragoman.sources import jsonfeed
from dragoman.sources.items import MAX_URL_LENGTH, FeedError, FeedItem, ParsedFeed, item_link, normalize_url

__all__ = ["MAX_URL_LENGTH", "FeedError", "FeedItem", "ParsedFeed", "item_link", "normalize_url", "parse_feed"]

def parse_feed(content: bytes, base_url: str) -> ParsedFeed:
    """Parse an RSS, Atom, RDF or JSON Feed document. Raises FeedError (and nothing else) when nothing
    usable is in it."""
    try:
        if jsonfeed.looks_like_json(content):
            return jsonfeed.parse_json_feed(content, base_url)
        return _parse_xml_feed(content, base_url)
    except FeedError:
        raise
    except Exception as exc:  # feedparser and the libraries under it on hostile bytes
        raise FeedError(f"the feed could not be parsed ({type(exc).__name__}: {str(exc)[:200]})") from exc


def _parse_xml_feed(content: bytes, base_url: str) -> ParsedFeed:
    parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    if not parsed.get("version") and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(
            parsed.get("bozo_exception") or "no feed found"
        )
        raise FeedError(f"not a feed: {reason}")
    items = []
    for raw in parsed.entries:
        link = item_link(base_url, raw.get("link"))
        if not link:
            continue
        items.append(
            FeedItem(
                guid=str(raw.get("id") or "").strip()[:MAX_URL_LENGTH],
                url=link,
                title=str(raw.get("title") or ""),
                published=_moment(raw.get("published_parsed") or raw.get("updated_parsed")),
            )
        )
    feed = parsed.feed
    return ParsedFeed(
        title=str(feed.get("title") or ""),
        site_url=item_link(base_url, feed.get("link")),
        language=(feed.get("language") or "").split("-")[0].lower(),
        items=items,
        ttl_minutes=_ttl_minutes(feed),
    )


#: The syndication module's periods (``<sy:updatePeriod>``), in minutes.
_PERIODS = {"hourly": 60, "daily": 24 * 60, "weekly": 7 * 24 * 60, "monthly": 30 * 24 * 60, "yearly": 365 * 24 * 60}


def _ttl_minutes(feed) -> int | None:
    """RSS ``<ttl>`` (minutes), else ``<sy:updatePeriod>`` divided by ``<sy:updateFrequency>``."""
    ttl = _positive_int(feed.get("ttl"))
    if ttl:
        return ttl
    period = _PERIODS.get(str(feed.get("sy_updateperiod") or "").strip().lower())
    if period:
        return max(1, period // (_positive_int(feed.get("sy_updatefrequency")) or 1))
    return None


def _positive_int(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _moment(stamp) -> datetime | None:
    """feedparser's parsed date as an aware datetime; None when it is missing or impossible."""
    if not stamp:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(stamp), tz=dt_timezone.utc)
    except (OverflowError, ValueError, OSError, TypeError):
        return None
