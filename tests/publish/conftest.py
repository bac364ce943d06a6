from __future__ import annotations

import pytest

from dragoman.runtime.passes import run_once
from dragoman.articles.pipeline import Pipeline
from dragoman.sources.models import Source
from dragoman.translate.engines import get_engine
from dragoman.translate.engines.base import EngineWrapper


class RememberingEngine(EngineWrapper):
    """Apertium with its answers kept for the whole session: every test here translates the same demo articles,
    and the engine's output for the same batch is the same, so it is asked once. (The translation memory in
    the database still starts empty for each test.)"""

    answers: dict[tuple, list[str]] = {}

    def translate_batch(self, texts, source, target, *, markup, **options):
        key = (tuple(texts), source, target, markup, tuple(sorted(options.items())))
        if key not in self.answers:
            self.answers[key] = super().translate_batch(texts, source, target, markup=markup, **options)
        return list(self.answers[key])


@pytest.fixture
def arabic_engine():
    """The test-only Arabic engine (Apertium has no Arabic), registered for the test's duration."""
    from dragoman.translate import engines
    from tests.support.engines import ArabicTestEngine

    engines.register(ArabicTestEngine)
    yield ArabicTestEngine
    engines.unregister(ArabicTestEngine.name)


def publish_demo(feed_url: str, target: str, engine: str, **fields) -> Source:
    """Run the pipeline once over the demo feed; ``fields`` go to the Source (e.g. ``auto_publish=False``)."""
    source = Source.objects.create(url=feed_url, target_languages=[target], engine=engine, **fields)
    pipeline = Pipeline(engines={"apertium": RememberingEngine(get_engine("apertium"))} if engine == "apertium" else None)
    try:
        summary = run_once(pipeline)
    finally:
        pipeline.close()
    assert summary.failures == [], summary.failures
    source.refresh_from_db()  # polling named it after the feed
    return source


@pytest.fixture
def spanish_site(db, demo_site, allow_fetch):
    allow_fetch(demo_site)
    return publish_demo(demo_site.feed_url, "es", "apertium")


@pytest.fixture
def arabic_site(db, demo_site, arabic_engine, allow_fetch):
    allow_fetch(demo_site)
    return publish_demo(demo_site.feed_url, "ar", arabic_engine.name)
