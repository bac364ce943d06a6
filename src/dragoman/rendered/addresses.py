"""Which public pages show a translation: its own (the article and its bilingual view), rendered as soon as it
is published or corrected, and those it shares with others (listings, feeds, sitemaps), rendered once for a
burst of publications by the next pass (:mod:`dragoman.rendered.pages`)."""

from __future__ import annotations

from urllib.parse import unquote

from django.urls import reverse as django_reverse
from django.utils import timezone
from django.utils.text import slugify

from dragoman.articles.models import Translation

FEEDS = ("atom", "rss", "json")


def reverse(name: str, **kwargs) -> str:
    """The address of a page as a server hands it to the application (and as the folder names its file):
    decoded, ``/articles/3/después/``, not ``/articles/3/despu%C3%A9s/``."""
    return unquote(django_reverse(name, **kwargs))


def own_pages(translation: Translation) -> list[str]:
    """The article's page and its bilingual view."""
    kwargs = {"pk": translation.pk, "slug": translation.path_slug}
    return [reverse("dragoman:article", kwargs=kwargs), reverse("dragoman:bilingual", kwargs=kwargs)]


def article_folder(translation_id: int) -> str:
    """The folder that holds every page of a translation, under any slug it had (relative to the root)."""
    return reverse("dragoman:article", kwargs={"pk": translation_id, "slug": "x"})[1:].rsplit("/", 2)[0] + "/"


def site_pages() -> list[str]:
    """The pages every published translation is on: home, the site's feeds, the sitemaps."""
    return [
        reverse("dragoman:home"),
        *(reverse(f"dragoman:feed-{kind}") for kind in FEEDS),
        reverse("dragoman:sitemap"),
        reverse("dragoman:news-sitemap"),
    ]


def shared_pages(translation: Translation) -> list[str]:
    """The listings, feeds and sitemaps that list the translation (or listed it)."""
    article = translation.article
    source = article.entry.source
    language = translation.target_language
    pages = [
        *site_pages(),
        reverse("dragoman:source", kwargs={"slug": source.slug}),
        *(reverse(f"dragoman:source-feed-{kind}", kwargs={"slug": source.slug}) for kind in FEEDS),
    ]
    if language and "/" not in language:
        pages += [
            reverse("dragoman:language", kwargs={"language": language}),
            *(reverse(f"dragoman:language-feed-{kind}", kwargs={"language": language}) for kind in FEEDS),
        ]
    for tag in article.tags or []:
        if slug := slugify(tag, allow_unicode=True):
            pages.append(reverse("dragoman:tag", kwargs={"slug": slug}))
    if article.published_at is not None:
        day = timezone.localtime(article.published_at)
        pages.append(reverse("dragoman:day", kwargs={"year": day.year, "month": day.month, "day": day.day}))
    return pages


def story_pages(story_id: int | None) -> list[str]:
    """The pages of the stories: their list, its feeds, and the one story."""
    pages = [reverse("dragoman:stories"), *(reverse(f"dragoman:stories-{kind}") for kind in FEEDS)]
    if story_id is not None:
        pages.append(story_page(story_id))
    return pages


def story_page(story_id: int) -> str:
    return reverse("dragoman:story", kwargs={"pk": story_id})
