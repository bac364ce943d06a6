"""Every kind of source becomes Entries: RSS, Atom, RDF and JSON Feed; sitemaps, news sitemaps and sitemap
indexes (gzipped or not); a single page."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone as dt_timezone

import pytest

from dragoman.articles.models import Entry
from dragoman.articles.pipeline import Pipeline
from dragoman.sources.feeds import FeedError, parse_feed
from dragoman.sources.models import Source
from dragoman.sources.sitemaps import parse_sitemap
from tests.support.scripted import ScriptedServer

pytestmark = pytest.mark.django_db

BASE = "https://news.example"


def urls(feed) -> list[str]:
    return [item.url for item in feed.items]


def test_atom_and_rdf_feeds():
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
    <link href="https://news.example/"/><entry><id>tag:news.example,2026:1</id><title>One</title>
    <link href="/a/1"/><updated>2026-11-20T10:00:00Z</updated></entry></feed>"""
    feed = parse_feed(atom, f"{BASE}/atom.xml")
    assert feed.title == "Atom news" and urls(feed) == [f"{BASE}/a/1"]
    assert feed.items[0].guid == "tag:news.example,2026:1"
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://news.example/"><title>RDF news</title>
    <link>https://news.example/</link></channel><item rdf:about="https://news.example/r/1"><title>R</title>
    <link>https://news.example/r/1</link></item></rdf:RDF>"""
    assert urls(parse_feed(rdf, f"{BASE}/index.rdf")) == [f"{BASE}/r/1"]


def test_json_feed():
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON news",
        "home_page_url": "https://news.example/",
        "language": "en-GB",
        "items": [
            {"id": "1", "url": "https://news.example/j/1", "title": "First", "date_published": "2026-11-20T10:00:00+01:00"},
            {"id": 2, "external_url": "/j/2", "title": "Second", "date_modified": "2026-11-21T08:00:00Z"},
            {"id": "3", "content_html": "<p>no link: skipped</p>"},
            "not an item",
        ],
    }
    feed = parse_feed(json.dumps(document).encode(), f"{BASE}/feed.json")
    assert (feed.title, feed.site_url, feed.language) == ("JSON news", f"{BASE}/", "en")
    assert urls(feed) == [f"{BASE}/j/1", f"{BASE}/j/2"]
    assert [item.guid for item in feed.items] == ["1", "2"]
    assert feed.items[0].published == datetime(2026, 11, 20, 9, 0, tzinfo=dt_timezone.utc)
    assert feed.items[1].published == datetime(2026, 11, 21, 8, 0, tzinfo=dt_timezone.utc)
    for broken in (b'{"version": "1", "items": []}', b'{"version": "https://jsonfeed.org/version/1"}', b"{oops"):
        with pytest.raises(FeedError):
            parse_feed(broken, f"{BASE}/feed.json")


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/n/1</loc><lastmod>2026-11-01</lastmod>
<news:news><news:publication><news:name>N</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2026-11-20T10:30:00+00:00</news:publication_date><news:title>Storm floods road</news:title></news:news></url>
<url><loc>https://news.example/n/2</loc><lastmod>2026-11-19</lastmod></url>
<url><loc>javascript:alert(1)</loc></url>
</urlset>"""


def test_sitemaps_and_news_sitemaps():
    sitemap = parse_sitemap(NEWS_SITEMAP, f"{BASE}/news.xml", max_bytes=10**6)
    assert [i.url for i in sitemap.items] == [f"{BASE}/n/1", f"{BASE}/n/2"]
    first, second = sitemap.items
    assert first.title == "Storm floods road" and first.published == datetime(2026, 11, 20, 10, 30, tzinfo=dt_timezone.utc)
    assert second.published == datetime(2026, 11, 19, tzinfo=dt_timezone.utc)  # lastmod when no news date
    gzipped = parse_sitemap(gzip.compress(NEWS_SITEMAP), f"{BASE}/news.xml.gz", max_bytes=10**6)
    assert [i.url for i in gzipped.items] == [i.url for i in sitemap.items]
    with pytest.raises(FeedError, match="larger than"):
        parse_sitemap(gzip.compress(b"<urlset>" + b" " * 50_000 + b"</urlset>"), BASE, max_bytes=10_000)
    with pytest.raises(FeedError, match="not a sitemap"):
        parse_sitemap(b"<html><body>hi</body></html>", BASE, max_bytes=10**6)
    entity = b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset><url><loc>&x;</loc></url></urlset>'
    assert parse_sitemap(entity, BASE, max_bytes=10**6).items == []  # entities are never resolved


@pytest.fixture
def server(allow_fetch):
    with ScriptedServer() as server:
        allow_fetch(server.netloc)
        yield server


def test_a_sitemap_index_is_followed_to_its_sitemaps(server):
    xml = {"Content-Type": "application/xml"}
    server.route("/sitemap.xml", lambda h: (200, xml, (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.base_url}/old.xml</loc><lastmod>2025-01-01</lastmod></sitemap>"
        f"<sitemap><loc>{server.base_url}/news.xml.gz</loc><lastmod>2026-11-20</lastmod></sitemap>"
        "</sitemapindex>").encode()))  # fmt: skip
    server.route("/news.xml.gz", lambda h: (200, {"Content-Type": "application/gzip"}, gzip.compress(NEWS_SITEMAP)))
    server.route("/old.xml", lambda h: (200, xml, NEWS_SITEMAP.replace(b"/n/", b"/old/")))
    source = Source.objects.create(url=f"{server.base_url}/sitemap.xml", kind=Source.Kind.SITEMAP, target_languages=["es"])
    with Pipeline() as pipeline:
        assert pipeline.poll(source.pk) == 4
    entries = Entry.objects.filter(source=source)
    assert set(entries.values_list("url", flat=True)) == {f"{BASE}/n/1", f"{BASE}/n/2", f"{BASE}/old/1", f"{BASE}/old/2"}
    assert entries.get(url=f"{BASE}/n/1").title == "Storm floods road"
    paths = [path for path, _ in server.requests if path != "/robots.txt"]
    assert paths[:2] == ["/sitemap.xml", "/news.xml.gz"]  # the newest sitemap first


def test_a_single_page_source_is_its_one_entry():
    source = Source.objects.create(url=f"{BASE}/special/report.html", kind=Source.Kind.PAGE, target_languages=["es"])
    with Pipeline() as pipeline:
        assert pipeline.poll(source.pk) == 1
        source.refresh_from_db()
        source.next_check_at = source.created_at
        source.save()
        assert pipeline.poll(source.pk) == 0
    assert list(Entry.objects.filter(source=source).values_list("url", flat=True)) == [source.url]
