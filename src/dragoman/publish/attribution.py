"""The attribution block: who wrote the original, where and when it was published, and who translated it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString

from dragoman.articles.models import Translation
from dragoman.publish.languages import format_date_time, language_name
from dragoman.publish.phrases import phrases


@dataclass
class Attribution:
    site_name: str
    original_url: str
    author: str
    published: str
    published_iso: str
    disclaimer: SafeString
    translated_by: SafeString


def attribution_for(translation: Translation) -> Attribution:
    article = translation.article
    language = translation.target_language
    words = phrases(language)
    site = article.site_name or article.entry.source.name or article.original_url
    local = article.published_local
    return Attribution(
        site_name=site,
        original_url=article.original_url,
        author=article.author,
        published=format_date_time(local, language),
        published_iso=local.isoformat() if local else "",
        # Names from outside are escaped by format_html and isolated so they read in order inside RTL text.
        disclaimer=format_html(_bdi(words["disclaimer"]), site=site),
        translated_by=format_html(
            _bdi(words["translated_by"]),
            source_language=language_name(article.language, language),
            target_language=language_name(language, language),
            engine=translation.engine_label or translation.engine,
        ),
    )


def _bdi(phrase: str) -> str:
    """Wrap each {field} of a phrase in <bdi>, escaping the rest of the phrase's braces-free text."""
    return phrase.replace("{site}", "<bdi>{site}</bdi>").replace("{engine}", "<bdi>{engine}</bdi>")
