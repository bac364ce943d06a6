"""A local feed serving pages of malformed markup (the shapes of public attack lists, in pages written for these
tests: ``tests/support/malformed.py``): each article is extracted, translated and published whole, or refused
with its reason; one bad page never stops the others."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from dragoman.articles.models import Entry, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.runtime.passes import run_once
from dragoman.demosite import DemoSite
from dragoman.publish.models import Publication
from dragoman.sources.models import Source
from tests.support.engines import UpperCaseEngine
from tests.support.malformed import CLOSING, NOT_AN_ARTICLE, SHAPES, STORY, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def malformed_site(tmp_path, allow_fetch):
    """A feed of one page per shape, a page that is no article, and a page that is not there."""
    (tmp_path / "articles").mkdir()
    items = []
    for n, shape in enumerate(SHAPES):
        url = f"{{{{BASE_URL}}}}/articles/shape-{n}.html"
        (tmp_path / "articles" / f"shape-{n}.html").write_text(page(shape, url), encoding="utf-8")
        items.append((f"Shape {n}", url))
    (tmp_path / "articles" / "menu.html").write_text(NOT_AN_ARTICLE, encoding="utf-8")
    items += [("Menu", "{{BASE_URL}}/articles/menu.html"), ("Gone", "{{BASE_URL}}/articles/gone.html")]
    entries = "".join(f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid></item>" for title, link in items)
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>The Harbour Ledger</title>'
        f"<link>{{{{BASE_URL}}}}/</link><description>malformed pages</description>{entries}</channel></rss>",
        encoding="utf-8",
    )
    with DemoSite(root=tmp_path) as site:
        allow_fetch(site)
        yield site


def test_each_page_is_published_whole_or_refused_with_its_reason(malformed_site, client):
    source = Source.objects.create(url=malformed_site.feed_url, target_languages=["es"], engine="test-upper")
    pipeline = Pipeline(engines={"test-upper": UpperCaseEngine()})
    try:
        summary = run_once(pipeline)
    finally:
        pipeline.close()

    assert summary.new_entries == len(SHAPES) + 2
    for n, shape in enumerate(SHAPES):
        entry = Entry.objects.get(source=source, title=f"Shape {n}")
        assert entry.state == Entry.State.EXTRACTED and not entry.error, (shape.name, entry.error)
        for paragraph in [*STORY, CLOSING]:  # the text after the broken markup too
            assert paragraph in entry.article.text, (shape.name, paragraph)
        translation = entry.article.translations.get()
        assert translation.state == Translation.State.PUBLISHED, (shape.name, translation.error)
        assert Publication.objects.filter(translation=translation).exists()
        response = client.get(f"/articles/{translation.pk}/{translation.slug}/")
        assert response.status_code == 200
        shown = " ".join(lxml_html.fromstring(response.content).text_content().split())
        assert CLOSING.upper() in shown and STORY[0].upper() in shown, shape.name
        for words in shape.words:
            assert words.upper() in shown, (shape.name, words)

    refused = Entry.objects.get(source=source, title="Menu")
    assert refused.state == Entry.State.FAILED and refused.failed_step == "extract"
    assert refused.error.startswith("no article body found")
    gone = Entry.objects.get(source=source, title="Gone")
    assert gone.state == Entry.State.FAILED and gone.failed_step == "fetch" and "404" in gone.error
    assert summary.published == len(SHAPES)
    reasons = sorted(reason for _, reason in summary.failures)
    assert len(reasons) == 2 and reasons[0].startswith("extract: no article body") and "404" in reasons[1]
    assert client.get("/feeds/atom.xml").status_code == 200  # the site's XML feed stays valid
