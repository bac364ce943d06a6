"""What every kind of source gives when it is read: its items (:class:`FeedItem`), gathered in a
:class:`ParsedFeed`, or a :class:`FeedError`. Shared by the readers of feeds (:mod:`.feeds`), JSON Feed
(:mod:`.jsonfeed`) and sitemaps (:mod:`.sitemaps`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

from dragoman.sanitize import safe_url

#: Longest URL and GUID kept (the models' field sizes); items with a longer link are skipped.
MAX_URL_LENGTH = 2000


class FeedError(Exception):
    """The source could not be read; the message says why."""


@dataclass
class FeedItem:
    """One item a source lists: it becomes one Entry, once (keyed by its GUID, else its normalised URL)."""

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
    #: The feed's own word on how often to read it (RSS ``<ttl>``, or the syndication module's update
    #: period), in minutes; the scheduler never polls sooner.
    ttl_minutes: int | None = None


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, so one article is one key."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def item_link(base_url: str, value) -> str:
    """An item's or the feed's link made absolute: '' unless it is an http(s) URL that fits the database."""
    if not value or not isinstance(value, str):
        return ""
    try:
        url = safe_url(urljoin(base_url, value.strip()))
    except ValueError:
        return ""
    return url if len(url) <= MAX_URL_LENGTH else ""
