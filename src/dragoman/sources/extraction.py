"""A page's article, extracted as the pipeline extracts it: with the operator's site rules for its host.

The pipeline's extraction step and `dragoman extract` both call ``extract_page``, so that the command shows
what the pipeline would store.
"""

from __future__ import annotations

from collections.abc import Mapping

from dragoman.extract import Article, extract_article
from dragoman.sources.models import SiteRule


def extract_page(content: bytes | str, url: str, *, headers: Mapping[str, str] | None = None) -> Article:
    """The article in ``content`` (the page at ``url``), with the enabled ``SiteRule`` of the most specific
    domain covering the URL's host, if any. Raises ``ExtractionError`` for a page that is not an article."""
    return extract_article(content, url, headers=headers or {}, rules=SiteRule.for_url(url))
