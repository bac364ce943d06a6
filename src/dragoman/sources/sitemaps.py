"""Reading sitemaps (https://www.sitemaps.org/protocol.html): URL sets, news sitemaps and sitemap indexes.

A ``<urlset>`` lists pages: each ``<url>`` becomes an item, its date the news extension's
``<news:publication_date>`` when there is one (a news sitemap), else ``<lastmod>``, its title
``<news:title>``. A ``<sitemapindex>`` lists other sitemaps; the poller reads the newest of them
(:data:`MAX_CHILD_SITEMAPS`, by ``<lastmod>``). Sitemaps may be gzipped (``.xml.gz``); they are
decompressed here within the same size limit as any fetched body.

The XML comes from strangers: it is parsed without entities, DTDs or network access, and anything that is
not a sitemap raises :class:`~dragoman.sources.feeds.FeedError`.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree

from dragoman.fetch import Expect
from dragoman.sources.items import FeedError, FeedItem, item_link

#: Sitemaps: the XML family, gzip, and the generic types that misconfigured servers send them as.
SITEMAP = Expect(
    "a sitemap",
    accept="application/xml, text/xml;q=0.9, application/gzip;q=0.8, */*;q=0.5",
    media_types=frozenset({"text/plain", "text/html", "application/octet-stream", "application/gzip",
                           "application/x-gzip"}),
    suffixes=("+xml", "/xml"),
)  # fmt: skip
#: How many sitemaps of an index are read per poll, newest first.
MAX_CHILD_SITEMAPS = 50
#: How deep indexes of indexes are followed.
MAX_INDEX_DEPTH = 2

_GZIP_MAGIC = b"\x1f\x8b"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False)


@dataclass
class Sitemap:
    """What one sitemap document lists: pages (a URL set) or other sitemaps (an index)."""

    items: list[FeedItem] = field(default_factory=list)
    children: list[tuple[str, datetime | None]] = field(default_factory=list)

    @property
    def is_index(self) -> bool:
        return bool(self.children)

    def newest_children(self, limit: int = MAX_CHILD_SITEMAPS) -> list[str]:
        """The child sitemaps to read, the most recently modified first (undated ones last, in order)."""
        dated = sorted(
            enumerate(self.children),
            key=lambda pair: (pair[1][1] is None, -(pair[1][1].timestamp() if pair[1][1] else 0), pair[0]),
        )
        return [url for _, (url, _) in dated[:limit]]


def parse_sitemap(content: bytes, base_url: str, *, max_bytes: int) -> Sitemap:
    """The sitemap in ``content`` (gzipped or not); FeedError when it is not one."""
    xml = _gunzip(content, max_bytes) if content[:2] == _GZIP_MAGIC else content
    try:
        root = etree.fromstring(xml, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError(f"not a sitemap: {str(exc)[:200]}") from None
    kind = etree.QName(root).localname
    if kind == "urlset":
        return Sitemap(items=[item for node in _children(root, "url") if (item := _url_item(node, base_url))])
    if kind == "sitemapindex":
        children = []
        for node in _children(root, "sitemap"):
            url = item_link(base_url, _text(node, "loc"))
            if url:
                children.append((url, _date(_text(node, "lastmod"))))
        return Sitemap(children=children)
    raise FeedError(f"not a sitemap: the document is <{kind}>, not <urlset> or <sitemapindex>")


def _gunzip(content: bytes, max_bytes: int) -> bytes:
    """Decompress in bounded steps: a gzip bomb stops at ``max_bytes``."""
    decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
    out = io.BytesIO()
    data = content
    try:
        while data and not decoder.eof:
            chunk = decoder.decompress(data, 64 * 1024)
            out.write(chunk)
            if out.tell() > max_bytes:
                raise FeedError(f"not read: the sitemap is larger than {max_bytes} bytes once decompressed")
            data = decoder.unconsumed_tail
    except zlib.error as exc:
        raise FeedError(f"not a sitemap: broken gzip ({exc})") from None
    return out.getvalue()


def _children(node, name: str):
    return (child for child in node if isinstance(child.tag, str) and etree.QName(child).localname == name)


def _find(node, *path: str):
    for name in path:
        node = next(_children(node, name), None)
        if node is None:
            return None
    return node


def _text(node, *path: str) -> str:
    found = _find(node, *path)
    return (found.text or "").strip() if found is not None else ""


def _url_item(node, base_url: str) -> FeedItem | None:
    url = item_link(base_url, _text(node, "loc"))
    if not url:
        return None
    published = _date(_text(node, "news", "publication_date")) or _date(_text(node, "lastmod"))
    return FeedItem(guid="", url=url, title=_text(node, "news", "title"), published=published)


def _date(value: str) -> datetime | None:
    """W3C datetime (``2024-03-12``, ``2024-03-12T08:30:00+01:00``, ``…Z``); None when it is not one."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
