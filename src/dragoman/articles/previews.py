"""The article a rewrite rule is previewed on in the admin (:mod:`dragoman.rules.admin`): the latest extracted
article the rule would apply to."""

from __future__ import annotations

from dragoman.articles.models import Article
from dragoman.sources.models import covering_domains

#: How many of a domain's latest candidates (found by a substring of their address) are looked at.
_DOMAIN_CANDIDATES = 200


def latest_article(rule) -> Article | None:
    """The latest article of the rule's source; for a domain rule, the latest whose page's host is the domain or
    one of its subdomains (as the pipeline applies it); for a global rule, the latest of all. None when there is none."""
    articles = Article.objects.order_by("-extracted_at", "-pk")
    if rule.source_id:
        return articles.filter(entry__source_id=rule.source_id).first()
    if rule.domain:
        pages = articles.filter(entry__page__final_url__icontains=rule.domain).select_related("entry__page")
        for article in pages[:_DOMAIN_CANDIDATES]:
            if rule.domain in covering_domains(article.entry.page.final_url):
                return article
        return None
    return articles.first()
