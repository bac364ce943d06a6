"""The site's stories tests (rows.py) compare in English: their articles (tests/stories/articles.py) are
written in English, and are the translations into the site's language of originals in Spanish; the grouping
reads them with English rules only when English is the site's language. (The pipeline test sets its own.)"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _site_in_english(settings):
    settings.SITE_LANGUAGE = "en"
