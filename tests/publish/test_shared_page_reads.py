"""The pages shared by many translations (listings, feeds, sitemaps), rendered after each batch of publications,
read what they show and no more, and make the same bytes as the straightforward way would: the addresses of the
articles without a reverse() each, a feed written whole into the response."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, get_script_prefix, resolve, reverse, set_script_prefix
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.timezone import override

from dragoman.articles.models import Article, Translation
from dragoman.publish.feeds import Atom, Rss
from dragoman.publish.views import ArticleAddresses

SLUGS = [
    "plain", "después-del-pleno", "a&b'c(d)!*+,;=:@~$", "with space", "100%-sure", "中文-标题", "emoji-😀", "?q#frag",
    "article-5", "..", ".", "tab\there", "عنوان-المقال", "~user", "%2F",
]  # fmt: skip


def test_the_article_route_is_the_one_the_addresses_are_cut_for():
    # ArticleAddresses puts the pk and the slug in as the int and str converters write them
    assert resolve("/articles/1/x/").route == "articles/<int:pk>/<str:slug>/"


@pytest.mark.parametrize("prefix", ["/", "/news/", "/ñ 100%/"])
def test_an_address_is_what_reverse_makes(prefix):
    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        address = ArticleAddresses()
        for pk in (1, 7, 10, 987654321, 123456789012):
            for slug in SLUGS:
                translation = SimpleNamespace(pk=pk, path_slug=slug)
                assert address(translation) == reverse("dragoman:article", kwargs={"pk": pk, "slug": slug}), (pk, slug)
    finally:
        set_script_prefix(before)


@pytest.mark.parametrize("slug", ["", "a/b", "/"])
def test_a_slug_reverse_refuses_is_refused_as_before(slug):
    with pytest.raises(NoReverseMatch):
        ArticleAddresses()(SimpleNamespace(pk=3, path_slug=slug))


@pytest.mark.parametrize(("whole", "django"), [(Atom, Atom1Feed), (Rss, Rss201rev2Feed)])
def test_a_feed_written_whole_is_the_bytes_django_writes_piece_by_piece(whole, django):
    def feed(kind):
        made = kind(title="Dragoman: «Últimas»", link="/", description="d & <e>", language="es", feed_url="/f")
        for n, title in enumerate(["café 😀", "a lone \ud800 surrogate", "quotes \"'<&>"]):
            made.add_item(title=title, link=f"/articles/{n}/x/", description=f"<p>{title}</p>", categories=["ü", "&"],
                          pubdate=datetime(2026, 11, 3, n, tzinfo=timezone.utc))  # fmt: skip
        return made

    expected, written = HttpResponse(), HttpResponse()
    feed(django).write(expected, "utf-8")
    writes = []
    written.write = lambda content: (writes.append(content), HttpResponse.write(written, content))
    feed(whole).write(written, "utf-8")
    assert written.content == expected.content and b"&#55296;" in written.content
    assert len(writes) == 1


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/St_Johns"])
def test_iso_is_date_c(zone):
    moments = [
        datetime(2026, 11, 3, 8, 5, 7, 123456, tzinfo=timezone.utc), datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc),
        datetime(2026, 11, 3, 8, 5), date(2026, 11, 3), None, "", 0, "not a date",
    ]  # fmt: skip
    template = engines["django"].from_string("{% load dragoman_tags %}[{{ m|date:'c' }}|{{ m|iso }}]")
    with override(zone):
        for moment in moments:
            django, ours = template.render({"m": moment})[1:-1].split("|")
            assert django == ours, (zone, moment)


# --- what the pages read ---------------------------------------------------------------------------------------

SHARED = ["/", "/?page=2", "/languages/es/", "/feeds/atom.xml", "/feeds/rss.xml", "/feeds/feed.json", "/sitemap.xml",
          "/news-sitemap.xml", "/stories/atom.xml"]  # fmt: skip


def reads(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
def test_the_shared_pages_read_neither_the_originals_bodies_nor_their_entries(client, spanish_site):
    source = f"/sources/{spanish_site.slug}/"
    for path in [*SHARED, source, source + "atom.xml", source + "feed.json"]:
        for sql in reads(client, path):
            selected = sql.split(" FROM ")[0]
            assert '"articles_article"."body_html"' not in selected and '"articles_article"."text"' not in selected, path
            if '"articles_translation"' in selected:  # the translations listed: not their entry and source rows
                assert '"articles_entry".' not in selected and '"sources_source".' not in selected, path


@pytest.mark.django_db
def test_a_feed_reads_its_partial_translations_originals_bodies_at_once(client, spanish_site):
    partial = list(Translation.objects.filter(state="published").order_by("-published_at", "-pk")[:3])
    Translation.objects.filter(pk__in=[t.pk for t in partial]).update(mode=Translation.Mode.LEAD)
    for n, translation in enumerate(partial):  # no standfirst: the lead shown is the body's first paragraph
        body = f"<p>Lead number {n}, from the body.</p><p>Not shown.</p>"
        Article.objects.filter(pk=translation.article_id).update(subtitle="", body_html=body)
    sql = reads(client, "/feeds/atom.xml")
    assert sum('"articles_article"."body_html"' in query for query in sql) == 1
    feed = client.get("/feeds/atom.xml").content.decode()
    assert all(f"Lead number {n}, from the body." in feed for n in range(3)) and "Not shown." not in feed
