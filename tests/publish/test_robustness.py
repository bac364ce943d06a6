"""A site that never breaks on what it was given: whatever an extraction yields (tags made of a lone quote mark,
an author made of punctuation, a section of symbols, an image "URL" that is none, any text in any script),
every page type answers without a server error: home, article, bilingual view, source, tag, day and language
pages, search, the Atom, RSS and JSON feeds of the site, the source and the language, both sitemaps.

Two properties. Through the pipeline: arbitrary extracted values enter by the extraction step (where bad
values are handled), are translated by a test engine and published, and every page is rendered, following
every link the pages give. Straight into the database: the same pages, with stored values that skipped the
pipeline's care (an empty slug, tags with no slug, junk in the image URL), so the views hold on their own.
"""

from __future__ import annotations

import itertools
import os
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from dragoman.articles import pipeline as pipeline_module
from dragoman.articles.models import Article, Entry, Page, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.publish.publishing import publish
from dragoman.extract import Article as Extracted
from dragoman.sources.models import Source
from tests.support.engines import UpperCaseEngine

pytestmark = pytest.mark.django_db

NASTY = [
    "'", '"', "’", "“”", "—", "-", "...", "…", "/", "//", "\\", "%", "%2F", "?", "#", "&", "&amp;", "<", "<b>x</b>",
    "<script>alert(1)</script>", " ", "\u200b", "\u202e", "🙂", "日本", "السياسة", "..", ".", "a/b", "x" * 300,
    "javascript:alert(1)", "data:text/html,x", "http://[::1", "http://", "https://a.example/ x", "//a.example/img.png",
    "https://a.example:99999/i.png", "https://a.example/" + "i" * 2100, "ftp://a.example/i.png", "null", "None",
]
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=50)
value = st.one_of(st.sampled_from(NASTY), text)
url = st.one_of(
    st.sampled_from(NASTY), text, st.just("https://img.example/lead.jpg"), text.map(lambda t: f"https://img.example/{t}")
)
language = st.one_of(st.sampled_from(["en", "en", "en", "de", "pt", "", "xx", "zh", "ar", "und"]), text.map(lambda t: t[:12]))
moment = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(tzinfo=timezone(timedelta(hours=5, minutes=30)))
    ),
)

STORY = (
    "<p>The council approved the budget for next year on Tuesday, after a long debate in the city hall.</p>"
    "<p>Readers can find <a href='https://council.example/report'>the full report</a> on its website.</p>"
)


@st.composite
def extraction(draw) -> Extracted:
    paragraphs = draw(st.lists(value, max_size=3))
    body = STORY + "".join(f"<p>{p}</p>" for p in paragraphs)
    return Extracted(
        url="https://news.example/story",
        title=draw(value),
        subtitle=draw(value),
        authors=draw(st.lists(value, max_size=4)),
        published=draw(moment),
        modified=draw(moment),
        language=draw(language),
        declared_language=draw(language),
        sitename=draw(value),
        canonical_url=draw(url),
        image=draw(url),
        image_caption=draw(value),
        image_credit=draw(value),
        tags=draw(st.lists(value, max_size=6)),
        section=draw(value),
        body_html=body,
        text=" ".join(paragraphs),
    )


_numbers = itertools.count(1)

#: Examples per property (HYPOTHESIS_EXAMPLES=2000 for a long run), the same ones on every run.
PROPERTY = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "40")), deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _internal(href: str | None) -> bool:
    if not href or href.startswith(("#", "//")):
        return False
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and not parts.path.startswith(("/media/", "/static/", "/admin/"))


def render_everything(client, translation: Translation) -> None:
    """Every page type the translation appears on, and every link of the site they give: none answers 500."""
    article, source = translation.article, translation.article.entry.source
    addresses = {
        "/",
        "/?page=junk",
        f"/articles/{translation.pk}/{translation.path_slug}/",
        f"/articles/{translation.pk}/{translation.path_slug}/bilingual/",
        f"/articles/{translation.pk}/not-the-slug/",
        reverse("dragoman:source", kwargs={"slug": source.slug}),
        f"/tags/{'x' * 5}/",
        f"/languages/{translation.target_language}/",
        "/search/?q=" + (article.tags[0] if article.tags else article.title)[:50],
        "/search/?q=%22%27%2F",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        "/days/2026-02-30/",
    }
    for kind in ("atom", "rss", "json"):
        addresses.add(reverse(f"dragoman:feed-{kind}"))
        addresses.add(reverse(f"dragoman:source-feed-{kind}", kwargs={"slug": source.slug}))
        addresses.add(reverse(f"dragoman:language-feed-{kind}", kwargs={"language": translation.target_language}))
    seen: set[str] = set()
    queue = sorted(addresses)
    while queue:
        address = queue.pop()
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address)
        assert response.status_code < 500, (address, response.status_code)
        if response.status_code in (301, 302):
            assert response.status_code != 500
            queue.append(response["Location"])
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            doc = lxml_html.fromstring(response.content)
            hrefs = [a.get("href") for a in doc.iter("a", "link")]
            for href in hrefs:
                if _internal(href) and not href.startswith("/review/") and href not in seen:
                    queue.append(href)
            if address.startswith(f"/articles/{translation.pk}/{translation.path_slug}/") and "bilingual" not in address:
                tag_links = [h for h in hrefs if h and h.startswith("/tags/")]
                for link in tag_links:  # every tag shown links to a page that lists this article
                    assert client.get(link).status_code == 200, link


@pytest.fixture
def given_extraction(monkeypatch):
    """The extraction step returns what the test draws (the page's bytes are not read)."""
    holder: dict[str, Extracted] = {}
    monkeypatch.setattr(pipeline_module, "extract_page", lambda *args, **kwargs: holder["article"])
    monkeypatch.setattr(Pipeline, "_download_image", lambda self, url: "")  # no network; the URL is checked before
    return holder


@pytest.mark.slow  # 40 Hypothesis examples, each extracted, translated, published and every page rendered
@PROPERTY
@given(found=extraction())
@example(found=Extracted(url="https://news.example/story", title="Storm", tags=["'"], authors=["..."], section="—",
                         image="not a url", language="en", body_html=STORY, text="x"))
def test_whatever_is_extracted_every_page_renders(client, given_extraction, found):
    given_extraction["article"] = found
    number = next(_numbers)
    with transaction.atomic():
        source = Source.objects.create(url=f"https://news{number}.example/feed.xml", name=found.sitename[:200],
                                       target_languages=["es"], engine="test-upper")  # fmt: skip
        entry = Entry.objects.create(source=source, key=str(number), url=f"https://news{number}.example/story",
                                     state=Entry.State.FETCHED)  # fmt: skip
        Page.objects.create(entry=entry, final_url=entry.url, status_code=200, headers={}, content=b"<html></html>")
        with Pipeline(engines={"test-upper": UpperCaseEngine()}) as pipeline:
            assert pipeline.extract(entry.pk)
            translation = Translation.objects.get(article__entry=entry)
            if translation.state == Translation.State.PENDING and pipeline.translate(translation.pk):
                assert publish(translation.pk)
        translation.refresh_from_db()
        stored = translation.article
        # what entered is clean: no name without a slug, no image address that is none
        from django.utils.text import slugify

        assert all(slugify(name, allow_unicode=True) for name in [*stored.tags, *stored.authors])
        assert not stored.section or slugify(stored.section, allow_unicode=True)
        assert stored.image_url == "" or stored.image_url.startswith(("http://", "https://"))
        if translation.state == Translation.State.PUBLISHED:
            render_everything(client, translation)
        transaction.set_rollback(True)


stored_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
stored_value = st.one_of(st.sampled_from([v for v in NASTY if v.isprintable()]), stored_text)


@pytest.mark.slow  # 40 Hypothesis examples, each stored and every page rendered
@PROPERTY
@given(
    title=stored_value, slug=st.sampled_from(["", "x", "ok-slug", "日本"]), tags=st.lists(stored_value, max_size=4),
    translated_tags=st.lists(stored_value, max_size=4), authors=st.lists(stored_value, max_size=3),
    site_name=stored_value, image_url=st.one_of(st.sampled_from(NASTY), stored_text), image_credit=stored_value,
    section=stored_value, published=moment, language=st.sampled_from(["en", "", "xx", "de-AT"]),
)
def test_stored_values_that_skipped_the_pipeline_render(
    client, title, slug, tags, translated_tags, authors, site_name, image_url, image_credit, section, published, language
):
    number = next(_numbers)
    with transaction.atomic():
        source = Source.objects.create(url=f"https://stored{number}.example/feed.xml", target_languages=["es"])
        entry = Entry.objects.create(source=source, key=str(number), url=f"https://stored{number}.example/a",
                                     state=Entry.State.EXTRACTED)  # fmt: skip
        article = Article.objects.create(
            entry=entry, url=entry.url, title=title, authors=authors, tags=tags, site_name=site_name[:300],
            image_url=image_url, image_credit=image_credit[:300], section=section[:200], published_at=published,
            language=language, body_html=STORY,
        )  # fmt: skip
        translation = Translation.objects.create(
            article=article, target_language="es", engine="apertium", state=Translation.State.PUBLISHED, title=title,
            body_html=STORY, tags=translated_tags, slug=slug, published_at=datetime.now(timezone.utc),
        )  # fmt: skip
        from dragoman.publish.search import index

        index(translation)
        render_everything(client, translation)
        transaction.set_rollback(True)


# --- the failure classes seen on real pages, one by one -----------------------------------------------------------


def published_translation(**article_fields) -> Translation:
    number = next(_numbers)
    source = Source.objects.create(url=f"https://case{number}.example/feed.xml", target_languages=["es"])
    entry = Entry.objects.create(source=source, key=str(number), url=f"https://case{number}.example/a",
                                 state=Entry.State.EXTRACTED)  # fmt: skip
    fields = {"title": "Storm closes the port", "body_html": STORY, "language": "en", **article_fields}
    translation_fields = {key: fields.pop(key) for key in ("translated_tags", "slug") if key in fields}
    article = Article.objects.create(entry=entry, url=entry.url, **fields)
    translation = Translation.objects.create(
        article=article, target_language="es", engine="apertium", state=Translation.State.PUBLISHED,
        title="La tormenta cierra el puerto", body_html=STORY, published_at=datetime.now(timezone.utc),
        tags=translation_fields.get("translated_tags", []), slug=translation_fields.get("slug", "la-tormenta"),
    )  # fmt: skip
    from dragoman.publish.search import index

    index(translation)
    return translation


@pytest.mark.parametrize(
    "fields",
    [
        {"tags": ["'", "Economy"]},  # a tag made of a lone quote mark: no slug
        {"tags": ["’", "“”", "..."]},
        {"authors": ["...", "—"]},  # an author made of punctuation
        {"section": "//"},
        {"image_url": "not a url"},  # an image URL that is not a URL
        {"image_url": "http://[::1"},
        {"image_url": "javascript:alert(1)"},
        {"site_name": "'"},
        {"slug": ""},  # a translation without a slug
    ],
    ids=["quote-tag", "punctuation-tags", "punctuation-author", "slash-section", "not-a-url", "broken-ipv6",
         "javascript", "quote-site", "no-slug"],  # fmt: skip
)
def test_failure_classes_render(client, fields):
    render_everything(client, published_translation(**fields))


def test_tags_shown_translated_linked_by_the_original(client):
    translation = published_translation(tags=["Economy", "'", "Climate change"],
                                        translated_tags=["Economía", "'", "Cambio climático"])  # fmt: skip
    response = client.get(f"/articles/{translation.pk}/{translation.slug}/")
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    links = [(a.text_content(), a.get("href"), a.get("lang")) for a in doc.cssselect("ul.tags a")]
    assert links == [("Economía", "/tags/economy/", None), ("Cambio climático", "/tags/climate-change/", None)]
    listing = client.get("/tags/economy/")
    assert listing.status_code == 200 and "La tormenta cierra el puerto" in listing.content.decode()
    assert "Economy" in listing.content.decode()  # the tag page is named by the original tag
    feed = client.get("/feeds/feed.json").json()
    assert feed["items"][0]["tags"] == ["Economía", "'", "Cambio climático"]


def test_tags_not_translated_are_shown_as_the_original_in_its_language(client):
    translation = published_translation(tags=["Economy"])
    doc = lxml_html.fromstring(client.get(f"/articles/{translation.pk}/{translation.slug}/").content)
    assert [(a.text_content(), a.get("lang")) for a in doc.cssselect("ul.tags a")] == [("Economy", "en")]
