"""JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/), which feedparser does not read.

Only what Dragoman uses is read: the feed's ``title``, ``home_page_url`` and ``language`` (1.1), and each
item's ``id``, ``url`` (else ``external_url``), ``title`` and ``date_published`` (else ``date_modified``).
The article itself is fetched from the item's URL like any other, so ``content_html`` is not used.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from dragoman.sources.items import MAX_URL_LENGTH, FeedError, FeedItem, ParsedFeed, item_link

_VERSION_PREFIX = "https://jsonfeed.org/version/"


def looks_like_json(content: bytes) -> bool:
    """True when the bytes start (after a BOM and white space) like a JSON object."""
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse_json_feed(content: bytes, base_url: str) -> ParsedFeed:
    """The feed in ``content``; :class:`~dragoman.sources.feeds.FeedError` when it is not a JSON Feed."""
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FeedError(f"not a feed: invalid JSON ({str(exc)[:200]})") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(_VERSION_PREFIX):
        raise FeedError("not a feed: JSON without a https://jsonfeed.org/version/ \"version\"")
    raw_items = document.get("items")
    if not isinstance(raw_items, list):
        raise FeedError("not a feed: a JSON Feed needs an \"items\" list")
    items = []
    for raw in raw_items:
        if not isinstance(raw, dict):
            continue
        link = item_link(base_url, _text(raw.get("url"))) or item_link(base_url, _text(raw.get("external_url")))
        if not link:
            continue
        items.append(
            FeedItem(
                guid=_text(raw.get("id")).strip()[:MAX_URL_LENGTH],
                url=link,
                title=_text(raw.get("title")),
                published=_date(raw.get("date_published")) or _date(raw.get("date_modified")),
            )
        )
    return ParsedFeed(
        title=_text(document.get("title")),
        site_url=item_link(base_url, _text(document.get("home_page_url"))),
        language=_text(document.get("language")).split("-")[0].lower(),
        items=items,
    )


def _text(value) -> str:
    """A string field; numbers (some feeds give numeric ids) as their text; anything else ''."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _date(value) -> datetime | None:
    """An RFC 3339 date as an aware datetime (UTC when it names no offset); None when it is not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
