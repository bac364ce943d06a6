from __future__ import annotations

import pytest

from dragoman.articles.pipeline import Pipeline
from dragoman.sources.models import Source


@pytest.fixture
def arabic_engine():
    """The test-only Arabic engine (Apertium has no Arabic), registered for the test's duration."""
    from dragoman.translate import engines
    from tests.support.engines import ArabicTestEngine

    engines.register(ArabicTestEngine)
    yield ArabicTestEngine
    engines.unregister(ArabicTestEngine.name)


def publish_demo(feed_url: str, target: str, engine: str) -> Source:
    source = Source.objects.create(url=feed_url, target_languages=[target], engine=engine)
    pipeline = Pipeline()
    try:
        summary = pipeline.run_once()
    finally:
        pipeline.close()
    assert summary.failures == [], summary.failures
    source.refresh_from_db()  # polling named it after the feed
    return source


@pytest.fixture
def spanish_site(db, demo_site):
    return publish_demo(demo_site.feed_url, "es", "apertium")


@pytest.fixture
def arabic_site(db, demo_site, arabic_engine):
    return publish_demo(demo_site.feed_url, "ar", arabic_engine.name)
