"""The attribution block: who wrote the original, where and when it was published, and who translated it.

Its words come from the operator's :class:`~dragoman.publish.models.AttributionTemplate` for the target
language (defaults ship for en, es, ar and fr). Everything that comes from outside, the source's name, the
author, and the operator's own template text, is escaped here; the values are isolated in ``<bdi>`` so that
Latin names read in order inside right-to-left sentences. An operator's change to the words marks the rendered
pages that show them (:mod:`dragoman.rendered`).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from dragoman.articles.models import Translation
from dragoman.publish.languages import base_language, format_date_time, language_name
from dragoman.publish.models import AttributionTemplate
from dragoman.rendered import addresses
from dragoman.rendered.pages import mark


@dataclass
class Attribution:
    heading: str
    source_label: str
    author_label: str
    unknown_author: str
    published_label: str
    original_link: str
    site_name: str
    original_url: str
    author: str
    published: str
    published_iso: str
    disclaimer: SafeString
    translated_by: SafeString


def site_name(article) -> str:
    """The name the original's site goes by: its own, else its source's, else its address."""
    return article.site_name or article.entry.source.name or article.original_url


def attribution_for(translation: Translation) -> Attribution:
    article = translation.article
    language = translation.target_language
    template = AttributionTemplate.for_language(language)
    site = site_name(article)
    local = article.published_local
    published = format_date_time(local, language)
    values = {
        "site": site,
        "original_link": format_html('<a href="{}" rel="noopener noreferrer">{}</a>', article.original_url, site),
        "author": article.author or template.unknown_author,
        "published": published,
        "source_language": language_name(article.language, language),
        "target_language": language_name(language, language),
        "engine": translation.engine_label or translation.engine,
    }
    return Attribution(
        heading=template.heading,
        source_label=template.source_label,
        author_label=template.author_label,
        unknown_author=template.unknown_author,
        published_label=template.published_label,
        original_link=template.original_link,
        site_name=site,
        original_url=article.original_url,
        author=article.author,
        published=published,
        published_iso=local.isoformat() if local else "",
        disclaimer=render_phrase(template.disclaimer, values),
        translated_by=render_phrase(template.translated_by, values),
    )


#: Fields whose value is a language name: words of the sentence, not a foreign name to isolate.
_PLAIN_FIELDS = frozenset({"source_language", "target_language"})


def render_phrase(phrase: str, values: dict[str, str]) -> SafeString:
    """``phrase`` with its ``{field}``s filled in: the text escaped, each value escaped and, unless it is a
    word of the sentence's own language, isolated in ``<bdi>``. A field that does not exist is shown as
    written; a phrase that is not a valid template is shown escaped, as plain text."""
    try:
        parsed = list(string.Formatter().parse(phrase))
    except ValueError:
        return conditional_escape(phrase)
    out = []
    for literal, field, spec, conversion in parsed:
        out.append(conditional_escape(literal))
        if field is None:
            continue
        if field not in values:
            out.append(conditional_escape("{" + field + "}"))
        elif field in _PLAIN_FIELDS:
            out.append(conditional_escape(values[field]))
        else:
            out.append(format_html("<bdi>{}</bdi>", values[field]))
    return mark_safe("".join(str(part) for part in out))  # noqa: S308 - every part was escaped above


def image_credit(article) -> str:
    """The lead image's credit to show beside its caption: '' when there is none, or when the caption already
    names it (a credit written at the end of the caption travels in the caption)."""
    credit = article.image_credit.strip()
    if not credit or credit.casefold() in article.image_caption.casefold():
        return ""
    return credit


@receiver(post_save, sender=AttributionTemplate, dispatch_uid="dragoman-attribution-pages")
@receiver(post_delete, sender=AttributionTemplate, dispatch_uid="dragoman-attribution-pages-gone")
def _attribution_changed(sender, instance: AttributionTemplate, raw: bool = False, **kwargs) -> None:
    """The operator's attribution words for a language changed (or went back to the shipped ones): every page
    that shows them, the pages of the translations into that language (and the feeds that carry them), is marked
    for the next pass."""
    if raw:
        return
    into = Translation.objects.filter(state=Translation.State.PUBLISHED).select_related("article__entry__source")
    affected = [
        t
        for t in into.only("pk", "slug", "target_language", "article", "article__tags", "article__published_at",
                           "article__entry", "article__entry__source", "article__entry__source__slug")  # fmt: skip
        if base_language(t.target_language) == instance.language
    ]
    mark([path for t in affected for path in [*addresses.own_pages(t), *addresses.shared_pages(t)]])
