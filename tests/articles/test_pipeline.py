"""Each pipeline step against the demo news site served on a local port, with the real Apertium engine."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from dragoman.articles.models import Article, EngineUsage, Entry, Translation, TranslationMemoryEntry
from dragoman.articles.pipeline import Pipeline
from dragoman.runtime.passes import run_once
from dragoman.publish.models import Publication
from dragoman.sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline(demo_site, allow_fetch):
    allow_fetch(demo_site)
    p = Pipeline()
    yield p
    p.close()


@pytest.fixture
def source(demo_site):
    return Source.objects.create(url=demo_site.feed_url, target_languages=["es"], engine="apertium")


def hrefs(html: str) -> list[str]:
    if not html.strip():
        return []
    return lxml_html.fragment_fromstring(html, create_parent="div").xpath("//a/@href")


def test_poll_records_each_item_once(pipeline, source, demo_expected):
    assert pipeline.poll(source.pk) == len(demo_expected)
    assert pipeline.poll(source.pk) == 0
    source.refresh_from_db()
    assert source.name  # learnt from the feed's title
    assert source.error_count == 0 and source.next_check_at > source.last_checked_at
    assert Entry.objects.filter(source=source, state="discovered").count() == len(demo_expected)


def test_poll_failure_is_stored_and_backed_off(pipeline, demo_site):
    broken = Source.objects.create(url=f"{demo_site.base_url}/no-such-feed.xml", target_languages=["es"])
    assert pipeline.poll(broken.pk) == 0
    broken.refresh_from_db()
    assert "404" in broken.last_error
    assert broken.error_count == 1
    first_delay = broken.next_check_at - broken.last_checked_at
    pipeline.poll(broken.pk)
    broken.refresh_from_db()
    assert broken.next_check_at - broken.last_checked_at > first_delay


def test_fetch_and_extract_one_entry(pipeline, source, demo_site, demo_expected):
    pipeline.poll(source.pk)
    expected = demo_expected[0]
    entry = Entry.objects.get(url=demo_site.base_url + expected["url_path"])
    assert pipeline.fetch(entry.pk)
    entry.refresh_from_db()
    assert entry.state == "fetched" and entry.page.status_code == 200
    assert not pipeline.fetch(entry.pk)  # already fetched: nothing to do

    assert pipeline.extract(entry.pk)
    article = Article.objects.get(entry=entry)
    assert article.title == expected["title"]
    assert article.author == expected["author"]
    assert article.published_local.isoformat() == expected["published"]
    assert article.canonical_url == demo_site.base_url + expected["url_path"]
    assert article.image_url == demo_site.base_url + expected["image_path"]
    assert article.image_file and (pipeline_media(article)).is_file()
    assert article.image_caption == expected["image_caption"]
    assert sorted(hrefs(article.body_html)) == sorted(absolute(demo_site, expected["links"]))
    assert expected["title"] not in article.body_html  # the headline is a field, not part of the body
    # the source's target languages become pending translations
    assert list(article.translations.values_list("target_language", "engine", "state")) == [("es", "apertium", "pending")]


def test_an_entry_extracted_again_keeps_its_translations(pipeline, source):
    pipeline.poll(source.pk)
    entry = Entry.objects.order_by("pk").first()
    assert pipeline.fetch(entry.pk) and pipeline.extract(entry.pk)
    Translation.objects.filter(article__entry=entry).update(engine="deepl")  # done by a fallback engine
    Entry.objects.filter(pk=entry.pk).update(state=Entry.State.FETCHED)  # an operator asks for it again

    assert pipeline.extract(entry.pk)

    assert list(Translation.objects.filter(article__entry=entry).values_list("target_language", "engine")) == [("es", "deepl")]


def pipeline_media(article):
    from django.conf import settings

    return settings.MEDIA_ROOT / article.image_file


def absolute(demo_site, links: list[str]) -> list[str]:
    from urllib.parse import urljoin

    return [urljoin(demo_site.base_url + "/articles/", link) for link in links]


@pytest.mark.slow  # over a second and a half on its own
def test_a_missing_page_fails_with_its_reason_and_does_not_stop_the_others(pipeline, source, demo_site):
    pipeline.poll(source.pk)
    bad = Entry.objects.create(source=source, key="x" * 64, url=f"{demo_site.base_url}/articles/gone.html")
    summary = run_once(pipeline, poll=False)
    bad.refresh_from_db()
    assert bad.state == "failed" and bad.failed_step == "fetch" and "404" in bad.error
    assert summary.published == Entry.objects.filter(source=source).count() - 1
    assert any("gone.html" in what and "404" in why for what, why in summary.failures)


def test_whole_pipeline_translates_keeps_links_and_is_idempotent(pipeline, source, demo_site, demo_expected):
    first = run_once(pipeline)
    n = len(demo_expected)
    assert (first.new_entries, first.fetched, first.extracted, first.translated, first.published) == (n, n, n, n, n)
    assert first.failures == []
    assert first.engine_calls >= 1 and first.engine_chars > 0
    assert EngineUsage.objects.get(engine="apertium").characters == first.engine_chars

    for expected in demo_expected:
        article = Article.objects.get(url=demo_site.base_url + expected["url_path"])
        translation = article.translations.get()
        assert translation.state == "published"
        assert translation.title and translation.title != article.title  # Spanish, not English
        assert translation.engine_label == "Apertium" and translation.engine_version
        # every link of the original body is in the translation, on one anchor each
        assert sorted(hrefs(translation.body_html)) == sorted(hrefs(article.body_html))
    assert Publication.objects.count() == n

    # Run again, and again with everything due: nothing new, nothing sent to the engine, nothing published twice.
    second = run_once(pipeline)
    Source.objects.update(next_check_at=source.created_at)
    third = run_once(pipeline)
    for summary in (second, third):
        assert (summary.new_entries, summary.translated, summary.published) == (0, 0, 0)
        assert (summary.engine_calls, summary.engine_chars) == (0, 0)
    assert Publication.objects.count() == n


@pytest.mark.slow  # over a second and a half on its own
def test_a_translation_retried_after_deletion_costs_nothing(pipeline, source):
    """The translation memory: the same units are never sent to the engine again."""
    run_once(pipeline)
    memory_rows = TranslationMemoryEntry.objects.count()
    assert memory_rows > 0
    Translation.objects.all().delete()
    for article in Article.objects.all():
        pipeline.plan_translations(article)
    summary = run_once(pipeline, poll=False)
    assert summary.translated == Article.objects.count()
    assert summary.engine_chars == 0 and summary.engine_calls == 0
    assert TranslationMemoryEntry.objects.count() == memory_rows
