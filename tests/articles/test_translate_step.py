"""The translate step: glossary, engine fallback, retries, and failures that are never published."""

from __future__ import annotations

import pytest

from dragoman.articles.models import Article, GlossaryTerm, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.runtime.passes import run_once
from dragoman.publish.models import Publication
from dragoman.sources.models import Source
from dragoman.translate.engines.apertium import ApertiumEngine
from dragoman.translate.engines.base import EngineUnavailable
from tests.support.engines import FlakyEngine, ManglingEngine, UpperCaseEngine

pytestmark = pytest.mark.django_db


class BrokenEngine(UpperCaseEngine):
    name = "test-broken"
    label = "Broken"

    def translate_batch(self, texts, source, target, *, markup):
        raise EngineUnavailable("test-broken has no service here")


def run(feed_url: str, engine: str = "apertium", engines=None, passes: int = 1):
    Source.objects.get_or_create(url=feed_url, defaults={"target_languages": ["es"], "engine": engine})
    pipeline = Pipeline(engines=engines)
    try:
        return [run_once(pipeline) for _ in range(passes)]
    finally:
        pipeline.close()


def test_glossary_terms_come_out_the_same_in_every_article(small_feed):
    GlossaryTerm.objects.create(source_language="en", target_language="es", source_term="Wrenport", target_term="Puerto Wren")
    [summary] = run(small_feed)
    assert summary.failures == []
    with_term = [t for t in Translation.objects.all() if "Wrenport" in t.article.title + t.article.body_html]
    assert len(with_term) >= 2
    for t in with_term:
        assert "Wrenport" not in t.title + t.body_html
        assert "Puerto Wren" in t.title + t.body_html


def test_a_unit_that_keeps_failing_its_checks_is_degraded_never_published_broken(small_feed, settings):
    from collections import Counter

    from lxml import html as lxml_html

    def links(fragment: str) -> Counter:
        return Counter(a.get("href") for a in lxml_html.fragment_fromstring(fragment, create_parent="div").iter("a"))

    mangled = ManglingEngine(ApertiumEngine())  # drops a placeholder every time
    first, second = run(small_feed, engines={"apertium": mangled}, passes=2)
    assert first.translated == 3 and first.failures == []
    for t in Translation.objects.all():
        assert t.degraded_units > 0 and len(t.degradations) == t.degraded_units
        assert all("placeholder" in " ".join(d["problems"]) for d in t.degradations)
        assert links(t.body_html) == links(t.article.body_html)  # every link once, whatever the form
        held = t.degraded_units / t.units > settings.MAX_DEGRADED_SHARE
        assert t.state == ("review" if held else "published")
    assert Publication.objects.count() == first.published
    assert second.engine_calls == 0  # nothing is sent again


def test_a_passing_failure_is_retried_on_the_next_pass(small_feed):
    flaky = FlakyEngine(ApertiumEngine(), failures=2, retryable=True)  # the core itself tries twice
    first, second = run(small_feed, engines={"apertium": flaky}, passes=2)
    assert first.published == 2 and len(first.failures) == 1 and "simulated failure" in first.failures[0][1]
    assert second.translated == second.published == 1 and second.failures == []
    assert Translation.objects.filter(state="published").count() == 3


def test_the_fallback_engine_translates_and_is_named(small_feed):
    from dragoman.translate import engines

    engines.register(BrokenEngine)
    try:
        [summary] = run(small_feed, engine="test-broken,apertium")
    finally:
        engines.unregister(BrokenEngine.name)
    assert summary.published == 3 and summary.failures == []
    assert set(Translation.objects.values_list("engine", "engine_label")) == {("apertium", "Apertium")}


def test_every_engine_failing_reports_each_reason(small_feed):
    from dragoman.translate import engines

    engines.register(BrokenEngine)
    try:
        [summary] = run(small_feed, engine="test-broken,nosuch")
    finally:
        engines.unregister(BrokenEngine.name)
    t = Translation.objects.first()
    assert t.state == "failed"
    assert "test-broken: test-broken has no service here" in t.error and "nosuch: unknown translation engine" in t.error
    assert Article.objects.count() == 3 and summary.published == 0


def test_a_database_error_while_translating_is_retried_never_the_articles_failure(small_feed, monkeypatch):
    """A deadlock or a lost connection in the memories is the database's trouble, not the article's nor the
    engine's: the unit crashes and is tried again (a pass retries at once, a worker after a back-off); the
    translation stays pending, never failed."""
    from django.db import OperationalError

    from dragoman.names.memory import DatabaseNames

    store, calls = DatabaseNames.store, []

    def deadlocked_once(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise OperationalError("deadlock detected")
        return store(self, *args, **kwargs)

    monkeypatch.setattr(DatabaseNames, "store", deadlocked_once)
    first, second = run(small_feed, passes=2)
    assert first.published == 2 and first.failures == []
    assert Translation.objects.filter(state="failed").count() == 0
    assert second.published == 1 and second.failures == []
    assert Translation.objects.filter(state="published").count() == 3
