"""The built-in site as served by Django: home, article page with attribution, source page, Atom feed."""

from __future__ import annotations

import feedparser
import pytest
from django.utils.encoding import iri_to_uri
from lxml import html as lxml_html

from dragoman.articles.models import Translation

pytestmark = pytest.mark.django_db


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, lxml_html.fromstring(response.content)


def test_home_lists_every_translation(client, spanish_site, demo_expected):
    home_lists_every_translation(client, demo_expected)


def test_article_page_carries_the_attribution_in_spanish(client, spanish_site, demo_site, demo_expected):
    article_pages_carry_the_attribution_in_spanish(client, demo_site, demo_expected)


@pytest.mark.slow
def test_a_pipeline_run_of_its_own_publishes_the_whole_demo_site(client, spanish_site_run, demo_site, demo_expected):
    """The other tests here start from the pipeline's result, run once for the session; this one runs the
    pipeline itself, from the feed to the pages, with Apertium asked for every batch."""
    home_lists_every_translation(client, demo_expected)
    article_pages_carry_the_attribution_in_spanish(client, demo_site, demo_expected)


def home_lists_every_translation(client, demo_expected):
    response, doc = page(client, "/")
    assert doc.get("lang") == "es" and doc.get("dir") == "ltr"
    cards = doc.cssselect(".card")
    assert len(cards) == len(demo_expected)
    titles = {t.title for t in Translation.objects.all()}
    assert {c.cssselect("h2")[0].text_content() for c in cards} == titles
    assert "Content-Security-Policy" in response.headers
    assert "script-src 'none'" in response.headers["Content-Security-Policy"]


def article_pages_carry_the_attribution_in_spanish(client, demo_site, demo_expected):
    for expected in demo_expected:
        t = Translation.objects.get(article__url=demo_site.base_url + expected["url_path"])
        response, doc = page(client, f"/articles/{t.pk}/{t.slug}/")
        assert doc.get("lang") == "es" and doc.get("dir") == "ltr"
        assert doc.cssselect("h1")[0].text_content() == t.title
        box = doc.cssselect("aside.attribution")[0]
        original = demo_site.base_url + expected["url_path"]
        assert box.cssselect("a.original-link")[0].get("href") == original
        assert box.cssselect(".author")[0].text_content().strip() == expected["author"]
        published = box.cssselect("time.published")[0]
        assert published.get("datetime") == expected["published"]
        assert "noviembre de 2026" in published.text_content()
        assert "Apertium" in box.text_content() and "inglés" in box.text_content() and "español" in box.text_content()
        assert "no comparte necesariamente" in box.text_content()
        # the lead image is served from our own copy, with its caption translated
        img = doc.cssselect("figure.lead img")[0]
        assert img.get("src").startswith("/media/images/")
        assert client.get(img.get("src")).status_code == 200
        assert doc.cssselect("figure.lead figcaption")[0].text_content() == t.image_caption != ""
        # every link of the original body, on one anchor each
        body_links = sorted(a.get("href") for a in doc.cssselect(".body a"))
        original_links = sorted(lxml_html.fragment_fromstring(t.article.body_html, create_parent="div").xpath("//a/@href"))
        assert body_links == original_links
        assert doc.xpath("//link[@rel='canonical']/@href") == [original]


def test_arabic_target_renders_right_to_left(client, arabic_site):
    t = Translation.objects.filter(target_language="ar").first()
    response, doc = page(client, f"/articles/{t.pk}/{t.slug}/")
    assert doc.get("lang") == "ar" and doc.get("dir") == "rtl"
    box = doc.cssselect("aside.attribution")[0]
    assert "عن هذا المقال" in box.text_content()
    # Latin names (site, engine) are isolated inside the Arabic sentences
    assert box.cssselect(".translated-by bdi") and box.cssselect(".disclaimer bdi")


def test_source_page_and_atom_feed(client, spanish_site, demo_expected):
    _, doc = page(client, f"/sources/{spanish_site.slug}/")
    assert len(doc.cssselect(".card")) == len(demo_expected)
    response = client.get("/feeds/atom.xml")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo and len(feed.entries) == len(demo_expected)
    assert all(e.link.startswith("http://testserver/articles/") for e in feed.entries)


def test_every_feed_says_its_own_language(client, spanish_site, settings):
    from lxml import etree

    for path, language in (("/feeds/atom.xml", settings.SITE_LANGUAGE), ("/languages/es/atom.xml", "es"),
                           ("/stories/atom.xml", settings.SITE_LANGUAGE)):  # fmt: skip
        root = etree.fromstring(client.get(path).content)
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language, path
    for path, language in (("/languages/es/rss.xml", "es"), ("/stories/rss.xml", settings.SITE_LANGUAGE)):
        assert etree.fromstring(client.get(path).content).findtext("channel/language") == language, path


def test_unknown_article_is_404(client, db):
    assert client.get("/articles/999/nothing/").status_code == 404


def test_old_slug_redirects_to_the_current_one(client, spanish_site):
    t = Translation.objects.first()
    response = client.get(f"/articles/{t.pk}/old-title/")
    assert response.status_code == 301 and response.headers["Location"] == iri_to_uri(f"/articles/{t.pk}/{t.slug}/")


def test_the_lead_image_s_credit_is_shown_with_its_caption(client, spanish_site):
    t = Translation.objects.exclude(article__image_file="").exclude(image_caption="").first()
    article = t.article
    article.image_credit = "Lena Hart/Harbour Ledger"
    article.save(update_fields=["image_credit"])
    _, doc = page(client, f"/articles/{t.pk}/{t.slug}/")
    caption = doc.cssselect("figure.lead figcaption")[0]
    assert caption.cssselect(".credit")[0].text_content() == "Imagen: Lena Hart/Harbour Ledger"
    assert caption.cssselect(".credit bdi")[0].text_content() == "Lena Hart/Harbour Ledger"  # a name: isolated

    # a credit the caption already ends with is not said twice
    article.image_caption = f"{article.image_caption} Photo: Lena Hart/Harbour Ledger"
    article.save(update_fields=["image_caption"])
    _, doc = page(client, f"/articles/{t.pk}/{t.slug}/")
    assert not doc.cssselect("figure.lead figcaption .credit")
