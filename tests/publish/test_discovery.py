"""What machines read: feeds per site, source and language, advertised on every page; sitemaps; NewsArticle
JSON-LD; the canonical policy and noindex per source. And the pages per source, tag, day and language."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils.encoding import iri_to_uri
from lxml import html as lxml_html

from dragoman.articles.models import Translation
from dragoman.publish import views
from dragoman.sources.models import Source

pytestmark = pytest.mark.django_db


def get(client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response


def doc(client, url: str, **params):
    return lxml_html.fromstring(get(client, url, **params).content)


def alternates(page) -> dict[str, str]:
    return {link.get("type"): link.get("href") for link in page.xpath("//link[@rel='alternate'][@type]")}


@pytest.mark.parametrize("path", ["/", "/search/?q=consejo"])
def test_every_page_advertises_the_site_feeds(client, spanish_site, path):
    page = lxml_html.fromstring(client.get(path).content)
    assert alternates(page) == {
        "application/atom+xml": "/feeds/atom.xml",
        "application/rss+xml": "/feeds/rss.xml",
        "application/feed+json": "/feeds/feed.json",
    }


def test_feeds_per_site_source_and_language_in_three_formats(client, spanish_site, demo_expected):
    count = len(demo_expected)
    for prefix in ("/feeds/", f"/sources/{spanish_site.slug}/", "/languages/es/"):
        for name in ("atom.xml", "rss.xml"):
            feed = feedparser.parse(get(client, prefix + name).content)
            assert not feed.bozo, (prefix, name, feed.bozo_exception)
            assert len(feed.entries) == count
            assert all(e.link.startswith("http://testserver/articles/") for e in feed.entries)
        data = json.loads(get(client, prefix + "feed.json").content)
        assert data["version"] == "https://jsonfeed.org/version/1.1" and len(data["items"]) == count
        item = data["items"][0]
        assert item["language"] == "es" and item["external_url"].startswith("http://127.0.0.1")
        assert item["content_html"] and item["authors"][0]["name"]
    atom = feedparser.parse(get(client, "/feeds/atom.xml").content)
    assert {link.rel for link in atom.entries[0].links} >= {"alternate", "via"}  # via: the original
    # a source's and a language's pages advertise their own feeds
    assert alternates(doc(client, f"/sources/{spanish_site.slug}/"))["application/feed+json"] == f"/sources/{spanish_site.slug}/feed.json"
    assert alternates(doc(client, "/languages/es/"))["application/atom+xml"] == "/languages/es/atom.xml"
    assert client.get("/languages/xx/atom.xml").status_code == 404


def test_the_article_page_carries_news_article_json_ld(client, spanish_site):
    t = Translation.objects.order_by("pk").first()
    page = doc(client, f"/articles/{t.pk}/{t.slug}/")
    [script] = page.xpath("//script")
    assert script.get("type") == "application/ld+json"  # data, not script: the CSP's script-src 'none' stands
    data = json.loads(script.text)
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "es"
    assert data["headline"] == t.title
    assert data["isBasedOn"] == t.article.original_url == data["translationOfWork"]["url"]
    assert data["translationOfWork"]["inLanguage"] == "en"
    assert data["translationOfWork"]["datePublished"] == t.article.published_local.isoformat()
    assert [a["name"] for a in data["author"]] == t.article.authors
    assert data["datePublished"] and data["dateModified"] and data["image"][0].startswith("http://testserver/media/")
    assert alternates(page)["application/atom+xml"] == "/languages/es/atom.xml"


def test_json_ld_cannot_close_its_element(client, spanish_site):
    t = Translation.objects.order_by("pk").first()
    t.title = "</script><script>alert(1)</script>"
    t.save()
    html = get(client, f"/articles/{t.pk}/{t.slug}/").content.decode()
    assert html.count("</script>") == 1 and "\\u003C/script\\u003E" in html


def test_canonical_policy_and_noindex_per_source(client, spanish_site):
    t = Translation.objects.order_by("pk").first()
    url = f"/articles/{t.pk}/{t.slug}/"
    page = doc(client, url)
    assert page.xpath("//link[@rel='canonical']/@href") == [t.article.original_url]
    assert not page.xpath("//meta[@name='robots']")
    Source.objects.filter(pk=spanish_site.pk).update(canonical=Source.Canonical.SELF, noindex=True)
    page = doc(client, url)
    assert page.xpath("//link[@rel='canonical']/@href") == ["http://testserver" + iri_to_uri(url)]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert iri_to_uri(url) not in get(client, "/sitemap.xml").content.decode()  # left out of the sitemaps too


def test_sitemaps_and_robots(client, spanish_site, demo_expected):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    sitemap = ET.fromstring(get(client, "/sitemap.xml").content)
    locations = [loc.text for loc in sitemap.findall("s:url/s:loc", ns)]
    assert len(locations) == len(demo_expected) and all(loc.startswith("http://testserver/articles/") for loc in locations)
    news = ET.fromstring(get(client, "/news-sitemap.xml").content)
    entries = news.findall("s:url", ns)
    assert len(entries) == len(demo_expected)  # just published
    assert {e.find("n:news/n:publication/n:language", ns).text for e in entries} == {"es"}
    assert all(e.find("n:news/n:title", ns).text for e in entries)
    robots = get(client, "/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Sitemap: http://testserver/news-sitemap.xml" in robots


def test_pages_per_source_tag_day_and_language(client, spanish_site):
    t = Translation.objects.order_by("pk").first()
    t.article.tags = ["Presupuesto municipal", "Wrenport"]
    t.article.save(update_fields=["tags"])
    t.save()  # refreshes its search entry, which holds the tags
    article = doc(client, f"/articles/{t.pk}/{t.slug}/")
    tag_links = article.cssselect(".tags a")
    assert [a.text_content() for a in tag_links] == ["Presupuesto municipal", "Wrenport"]
    tagged = doc(client, tag_links[0].get("href"))
    assert [a.text_content() for a in tagged.cssselect(".card h2 a")] == [t.title]
    assert client.get("/tags/nothing-here/").status_code == 404

    day_link = article.cssselect(".filed > a")[0]
    assert "noviembre de 2026" in day_link.text_content()
    day_page = doc(client, day_link.get("href"))
    published = t.article.published_at.date()
    same_day = [x for x in Translation.objects.all() if x.article.published_at.date() == published]
    assert len(day_page.cssselect(".card")) == len(same_day)
    assert client.get("/days/2026-02-30/").status_code == 404

    language = doc(client, "/languages/es/")
    assert language.get("lang") == "es" and language.cssselect("h1")[0].text_content() == "Traducciones al español"
    assert len(doc(client, f"/sources/{spanish_site.slug}/").cssselect(".card")) == Translation.objects.count()


def test_pagination(client, spanish_site, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    total = Translation.objects.count()
    first = doc(client, "/")
    assert len(first.cssselect(".card")) == 2
    assert first.xpath("//link[@rel='next']/@href") == ["?page=2"]
    assert first.cssselect(".pager a[rel=next]")[0].text_content() == "Anteriores"
    last = doc(client, "/", page=(total + 1) // 2)
    assert last.cssselect(".pager a[rel=prev]") and not last.cssselect(".pager a[rel=next]")
    searched = doc(client, "/search/", q="el")
    assert searched.cssselect(".pager a[rel=next]")[0].get("href").startswith("?q=el&page=2")


def test_dates_follow_the_target_language(client, arabic_site):
    t = Translation.objects.filter(target_language="ar").order_by("pk").first()
    page = doc(client, f"/articles/{t.pk}/{t.slug}/")
    published = page.cssselect("time.published")[0]
    assert "نوفمبر" in published.text_content() and "2026" in published.text_content()
    assert published.cssselect("bdi[dir=ltr]")[0].text_content().startswith("UTC")  # the offset isolated
    card_date = doc(client, "/").cssselect(".card time")[0]
    assert "نوفمبر" in card_date.text_content()  # never a bare ISO date, which RTL would reverse
