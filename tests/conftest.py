"""Shared fixtures: an isolated media folder, the demo news site on a free port, Debian's Chromium; and the
tiers: the ``browser`` and ``services`` markers given to every test that uses a fixture implying them."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM calls our tests make around it are
# ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("DRAGOMAN_CHROMIUM", "/usr/bin/chromium")

# The tiers (pyproject.toml registers the markers; README.md, "Tests", says how to run each). A test that uses one
# of these fixtures, directly or through another fixture, gets the marker without being marked by hand.
#: pytest-playwright's fixtures, each of which launches Chromium
BROWSER_FIXTURES = {"browser", "browser_type", "launch_browser", "context", "new_context", "page"}
#: fixtures that start or reach a server outside this process: PostgreSQL and Redis (tests/support/services.py),
#: WordPress with MariaDB (tests/support/wordpress.py), Apertium APy (tests/translate/test_apertium_apy.py)
SERVICE_FIXTURES = {"postgres", "postgres_url", "redis_url", "cluster_factory", "wordpress", "apy_url"}


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & SERVICE_FIXTURES:
            item.add_marker(pytest.mark.services)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RENDERED_ROOT = tmp_path / "site"  # the pages rendered at publish time (dragoman.rendered)


@pytest.fixture
def allow_fetch(settings):
    """``allow_fetch(site, ...)``: let the guarded client reach exactly these local test servers (a DemoSite or
    a ``host:port``) for one test. Loopback stays refused for everything else, as in production."""

    def allow(*sites) -> None:
        settings.FETCH_ALLOW = [*settings.FETCH_ALLOW, *(getattr(site, "netloc", site) for site in sites)]

    return allow


@pytest.fixture(autouse=True)
def _fresh_shared_fetcher():
    """Each test starts without the process's shared fetcher (:func:`dragoman.sources.fetching.shared_fetcher`):
    a robots.txt kept by one test's pipelines is never another's, whose server may have its port now."""
    yield
    fetching = sys.modules.get("dragoman.sources.fetching")
    if fetching is not None:
        fetching.close_shared_fetchers()


@pytest.fixture(scope="session")
def demo_site():
    from dragoman.demosite import DemoSite

    with DemoSite(port=0) as site:
        yield site


@pytest.fixture(scope="session")
def demo_expected() -> list[dict]:
    return json.loads((REPO / "demo" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser; no background traffic on this closed network."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def wordpress():
    """One real WordPress (Debian's package on php -S, with MariaDB) for the whole session: see
    tests/support/wordpress.py. Missing packages fail the tests that need it, with the command that installs them."""
    from tests.support.wordpress import TestWordPress

    with TestWordPress() as site:
        yield site
