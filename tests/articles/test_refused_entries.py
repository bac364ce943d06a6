"""A page refused at extraction (here a paywall stub) keeps what it said it was: an entry whose feed gave
no title or date is listed with the page's headline and publication date, and its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.articles.models import Entry
from dragoman.articles.pipeline import Pipeline
from dragoman.demosite import DemoSite
from dragoman.runtime.passes import run_once
from dragoman.sources.models import Source
from tests.support.engines import UpperCaseEngine

pytestmark = pytest.mark.django_db

STUB = Path(__file__).parents[1] / "extract" / "pages" / "paywall_stub.html"


@pytest.fixture
def stub_site(tmp_path, allow_fetch):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "terminal.html").write_bytes(STUB.read_bytes())
    link = "{{BASE_URL}}/articles/terminal.html"
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>The Estuary Post</title>'
        f"<link>{{{{BASE_URL}}}}/</link><description>business</description>"
        f"<item><link>{link}</link><guid>{link}</guid></item></channel></rss>",
        encoding="utf-8",
    )
    with DemoSite(root=tmp_path) as site:
        allow_fetch(site)
        yield site


def test_a_refused_entry_keeps_the_pages_headline_and_date(stub_site):
    source = Source.objects.create(url=stub_site.feed_url, target_languages=["es"], engine="test-upper")
    pipeline = Pipeline(engines={"test-upper": UpperCaseEngine()})
    try:
        run_once(pipeline)
    finally:
        pipeline.close()

    entry = Entry.objects.get(source=source)
    assert entry.state == Entry.State.FAILED and entry.failed_step == "extract"
    assert entry.error.startswith("not an article: a paywall stub")
    assert entry.title == "Port authority weighs a second container terminal"
    assert entry.feed_published_at.isoformat() == "2026-11-04T07:30:00+00:00"
