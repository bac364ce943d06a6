"""An article as the grouping compares it (:class:`~dragoman.stories.grouping.StoryDoc`): in the comparison
language, the site's (``settings.SITE_LANGUAGE``).

An article written in the site's language is compared on itself; any other on its translation into the site's
language once that is published. A partial translation (:attr:`Translation.mode` "lead" or "title") gives its
title and standfirst, or its title alone, and the article is compared on what it has. The originals' title and
text travel along: near-duplicates are found on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from lxml import html as lxml_html

from dragoman.articles.models import Article, Translation
from dragoman.stories.grouping import StoryDoc
from dragoman.stories.models import StoryMember

#: The elements whose text is a paragraph of the plain text.
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd", "td", "th", "figcaption"})
#: Which translation an article is compared on when it has several into the site's language: the fullest.
_FULLEST = {Translation.Mode.FULL: 0, Translation.Mode.LEAD: 1, Translation.Mode.TITLE: 2}


@dataclass(frozen=True)
class Comparable:
    doc: StoryDoc
    compared: str  # StoryMember.Compared: what the doc's title and text are


def base_language(code: str) -> str:
    """``es-ES`` -> ``es``."""
    return (code or "").split("-")[0].split("_")[0].lower()


def in_site_language(code: str) -> bool:
    return base_language(code) == base_language(settings.SITE_LANGUAGE)


def site_language_articles() -> Q:
    """Articles written in the site's language (``es``, ``es-ES``...), as a filter on :class:`Article`."""
    site = base_language(settings.SITE_LANGUAGE)
    return Q(language__iexact=site) | Q(language__istartswith=f"{site}-")


def comparable(article: Article) -> Comparable | None:
    """The article as the grouping compares it, or None while it has nothing in the site's language."""
    if in_site_language(article.language):
        text = _paragraphs(article.subtitle, article.text)
        return Comparable(_doc(article, article.title, text), StoryMember.Compared.ORIGINAL)
    translation = site_translation(article)
    if translation is None:
        return None
    if translation.mode == Translation.Mode.FULL:
        text = _paragraphs(translation.subtitle, plain_text(translation.body_html))
    elif translation.mode == Translation.Mode.LEAD:
        text = _paragraphs(translation.subtitle)
    else:
        text = ""
    return Comparable(_doc(article, translation.title or article.title, text), translation.mode)


def site_translation(article: Article) -> Translation | None:
    """The article's published translation into the site's language, the fullest first."""
    found = list(
        Translation.objects.filter(article=article, target_language=settings.SITE_LANGUAGE, state=Translation.State.PUBLISHED)
    )
    found.sort(key=lambda t: (_FULLEST.get(t.mode, 3), -(t.pk or 0)))
    return found[0] if found else None


def member_doc(member: StoryMember) -> StoryDoc:
    """The doc a stored member was placed with (its original's title and text read from its article)."""
    article = member.article
    return StoryDoc(
        id=str(member.article_id),
        language=member.language,
        title=member.title,
        text=member.text,
        published=member.published,
        original_title=article.title,
        original_text=article.text,
        source=member.source_name,
    )


def plain_text(html: str) -> str:
    """The text of an HTML body, a paragraph per block element, paragraphs separated by blank lines."""
    if not html or not html.strip():
        return ""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    paragraphs = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if any(isinstance(a.tag, str) and a.tag in _BLOCKS for a in element.iterancestors()):
            continue  # its text is in its block ancestor's
        text = " ".join(element.text_content().split())
        if text:
            paragraphs.append(text)
    if not paragraphs:
        text = " ".join(root.text_content().split())
        return text
    return "\n\n".join(paragraphs)


def source_name(article: Article) -> str:
    return article.site_name or str(article.entry.source)


def _doc(article: Article, title: str, text: str) -> StoryDoc:
    return StoryDoc(
        id=str(article.pk),
        language=base_language(article.language) or base_language(article.entry.source.source_language),
        title=title,
        text=text,
        published=article.published_at or article.extracted_at,
        original_title=article.title,
        original_text=article.text,
        source=source_name(article),
    )


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())
