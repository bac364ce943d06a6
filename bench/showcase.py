"""The translated demo site in both directions, served on a local port: what bench/lighthouse.py measures and
bench/screenshots.py photographs.

It builds a fresh site in a temporary folder: the demo news site (demo/site) is served, polled, extracted
and translated into Spanish with Apertium (left to right) and into Arabic with the test engine of
tests/support/engines.py (right to left; Debian has no Arabic pair), then Dragoman's own site is served
with waitress, every page through Django (as `dragoman serve --dynamic` does under granian).

    with Showcase() as site:
        site.pages  # {"es": {"home": url, "article": url, "bilingual": url}, "ar": {...}}
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


class Showcase:
    def __init__(self, port: int = 0):
        self.home = tempfile.TemporaryDirectory(prefix="dragoman-showcase-")
        self.port = port
        self.pages: dict[str, dict[str, str]] = {}

    def __enter__(self) -> "Showcase":
        os.environ["DRAGOMAN_HOME"] = self.home.name
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragoman.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        from dragoman.articles.models import Translation
        from dragoman.articles.pipeline import Pipeline
        from dragoman.demosite import DemoSite
        from dragoman.runtime.passes import run_once
        from dragoman.sources.fetching import default_fetcher
        from dragoman.sources.models import Source
        from dragoman.translate import engines
        from tests.support.engines import ArabicTestEngine

        call_command("migrate", verbosity=0, interactive=False)
        engines.register(ArabicTestEngine)
        self.demo = DemoSite(port=0).start()
        # Apertium for Spanish; it has no Arabic, so the chain falls back to the test engine for "ar".
        Source.objects.create(url=self.demo.feed_url, target_languages=["es", "ar"], engine=f"apertium,{ArabicTestEngine.name}")
        pipeline = Pipeline(fetcher=default_fetcher(allow=[self.demo.netloc]))
        try:
            summary = run_once(pipeline)
        finally:
            pipeline.close()
        if summary.failures:
            raise RuntimeError(f"the demo did not translate cleanly: {summary.failures}")

        from waitress.server import create_server

        from dragoman.wsgi import application

        self.server = create_server(application, host="127.0.0.1", port=self.port, threads=4)
        self.base_url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, name="dragoman-site", daemon=True)
        self.thread.start()
        settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
        for language in ("es", "ar"):
            t = Translation.objects.filter(target_language=language).order_by("article__published_at", "pk").last()
            article = f"{self.base_url}/articles/{t.pk}/{t.slug}/"
            home = f"{self.base_url}/" if language == settings.SITE_LANGUAGE else f"{self.base_url}/languages/{language}/"
            self.pages[language] = {"home": home, "article": article, "bilingual": article + "bilingual/"}
        return self

    def __exit__(self, *exc) -> None:
        self.server.close()
        self.demo.stop()
        self.home.cleanup()
