"""The demo sites as the site's and the review queue's tests start from them: the pipeline runs once per session
for each (Spanish, Arabic, held for review), and each test gets the rows and files it left
(:mod:`tests.support.snapshots`). ``tests/publish/conftest.py`` and ``tests/review/conftest.py`` take these
fixtures from here."""

from __future__ import annotations

import pytest

from dragoman.runtime.passes import run_once
from dragoman.articles.pipeline import Pipeline
from dragoman.sources.models import Source
from dragoman.translate.engines import get_engine
from dragoman.translate.engines.base import EngineWrapper
from tests.support import snapshots


class RememberingEngine(EngineWrapper):
    """Apertium with its answers kept for the whole session: the tests here translate the same demo articles,
    and the engine's output for the same batch is the same, so it is asked once. (The translation memory in
    the database still starts empty for each run.)"""

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


def publish_demo(feed_url: str, target: str, engine: str, *, remember: bool = True, **fields) -> Source:
    """Run the pipeline once over the demo feed; ``fields`` go to the Source (e.g. ``auto_publish=False``).
    ``remember``: Apertium's answers from earlier runs in this session are reused (:class:`RememberingEngine`)."""
    source = Source.objects.create(url=feed_url, target_languages=[target], engine=engine, **fields)
    remembering = remember and engine == "apertium"
    pipeline = Pipeline(engines={"apertium": RememberingEngine(get_engine("apertium"))} if remembering else None)
    try:
        summary = run_once(pipeline)
    finally:
        pipeline.close()
    assert summary.failures == [], summary.failures
    source.refresh_from_db()  # polling named it after the feed
    return source


# --- the demo site, published: the pipeline runs once per session (tests/support/snapshots.py) -----------------


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, demo_site, tmp_path_factory):
    """``demo_snapshot(target, engine, **fields)``: the rows and files :func:`publish_demo` leaves behind, the
    pipeline run once inside a transaction rolled back afterwards (tests/support/snapshots.py)."""
    from django.conf import settings

    def take(target: str, engine: str, **fields) -> snapshots.Snapshot:
        with django_db_blocker.unblock():
            return snapshots.take(
                lambda: publish_demo(demo_site.feed_url, target, engine, **fields).pk,
                media=tmp_path_factory.mktemp(f"snapshot-{target}") / "media",
                FETCH_ALLOW=[*settings.FETCH_ALLOW, demo_site.netloc],
            )

    return take


@pytest.fixture(scope="session")
def spanish_snapshot(demo_snapshot) -> snapshots.Snapshot:
    return demo_snapshot("es", "apertium")


@pytest.fixture(scope="session")
def held_snapshot(demo_snapshot) -> snapshots.Snapshot:
    return demo_snapshot("es", "apertium", auto_publish=False)


@pytest.fixture(scope="session")
def arabic_snapshot(demo_snapshot) -> snapshots.Snapshot:
    from dragoman.translate import engines
    from tests.support.engines import ArabicTestEngine

    engines.register(ArabicTestEngine)
    try:
        return demo_snapshot("ar", ArabicTestEngine.name)
    finally:
        engines.unregister(ArabicTestEngine.name)


def _restored(snapshot: snapshots.Snapshot, settings) -> Source:
    snapshot.restore(settings.MEDIA_ROOT)
    return Source.objects.get(pk=snapshot.result)


@pytest.fixture
def spanish_site(db, spanish_snapshot, settings, demo_site, allow_fetch):
    """The demo source translated into Spanish by Apertium and published, as the pipeline left it."""
    allow_fetch(demo_site)
    return _restored(spanish_snapshot, settings)


@pytest.fixture
def held_site(db, held_snapshot, settings, demo_site, allow_fetch):
    """The demo source, translated into Spanish, held for review."""
    allow_fetch(demo_site)
    return _restored(held_snapshot, settings)


@pytest.fixture
def arabic_site(db, arabic_snapshot, settings, demo_site, arabic_engine, allow_fetch):
    """The demo source translated into Arabic by the test engine and published, as the pipeline left it."""
    allow_fetch(demo_site)
    return _restored(arabic_snapshot, settings)


# --- ... and the pipeline itself, for the tests that check a run from start to end ------------------------------


@pytest.fixture
def spanish_site_run(db, demo_site, allow_fetch):
    """The demo source translated into Spanish by a pipeline run of this test's own, Apertium asked every time."""
    allow_fetch(demo_site)
    return publish_demo(demo_site.feed_url, "es", "apertium", remember=False)
