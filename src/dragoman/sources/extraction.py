"""A page's article, extracted as the pipeline extracts it: with the operator's site rules for its host.

The pipeline's extraction step and `dragoman extract` both call ``extract_page``, so that the command shows
what the pipeline would store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from dragoman.extract import Article, extract_article
from dragoman.extract.rules import SiteRules
from dragoman.sources.models import SiteRule


def extract_page(
    content: bytes | str, url: str, *, headers: Mapping[str, str] | None = None, remove: Sequence[str] = ()
) -> Article:
    """The article in ``content`` (the page at ``url``), with the enabled ``SiteRule`` of the most specific
    domain covering the URL's host, if any, and the elements ``remove``'s CSS selectors match taken out of the
    page first, as the site rule's own (the rewrite rules that remove: ``Article.removed_by`` says which
    matched). Raises ``ExtractionError`` for a page that is not an article."""
    rules = SiteRule.for_url(url)
    if remove:
        rules = rules or SiteRules()
        rules = dataclasses.replace(rules, remove_selectors=(*rules.remove_selectors, *dict.fromkeys(remove)))
    return extract_article(content, url, headers=headers or {}, rules=rules)
