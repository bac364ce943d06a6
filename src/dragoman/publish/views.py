"""The built-in site: the latest translations (a wire copy listed once, by its original) with the latest stories;
one page per article (with the other articles of its story, "also reported by", and the copies of it that ran
elsewhere, "also published by") and its bilingual view; one page per story (:mod:`dragoman.stories.pages`); pages
per source, tag, day and language; search; sitemaps and robots.txt. Feeds are in :mod:`dragoman.publish.feeds`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import slugify
from django.views.static import serve

from dragoman.articles.models import Translation
from dragoman.publish.blocks import paired_blocks
from dragoman.publish.attribution import attribution_for, image_credit
from dragoman.publish.languages import direction, format_day, language_name
from dragoman.publish.partial import is_partial, partial_context
from dragoman.publish.phrases import phrases, powered_by
from dragoman.publish.search import search as run_search
from dragoman.rendered.rendering import shared_read, translation_key
from dragoman.sanitize import safe_url
from dragoman.sources.models import Source
from dragoman.stories import pages as story_pages
from dragoman.stories.models import Story

PAGE_SIZE = 20
#: A news sitemap lists the articles of the last two days (what news search engines read).
NEWS_SITEMAP_DAYS = 2
#: What a card (dragoman/_card.html) shows of a translation and its original: all that a listing reads.
CARD_FIELDS = ("target_language", "title", "subtitle", "slug", "article__site_name", "article__authors",
               "article__published_at")  # fmt: skip
#: What a sitemap shows of a translation (a news sitemap, its title too).
SITEMAP_FIELDS = ("target_language", "slug", "published_at")


def published():
    return Translation.objects.filter(state=Translation.State.PUBLISHED).select_related("article__entry__source")


def listed():
    """The published translations as the listings show them: what their cards show of them and of their
    originals, and no more (not the bodies, nor the pipeline's bookkeeping, nor the entry and source rows)."""
    return published().select_related(None).select_related("article").only(*CARD_FIELDS)


def newest_first(translations):
    return translations.order_by("-article__published_at", "-published_at", "-pk")


class ArticleAddresses:
    """The addresses of translations' pages, as ``reverse("dragoman:article", ...)`` makes them, for the pages
    that list many (listings, feeds, sitemaps), without a reverse() each: the address of a model translation,
    reversed once, is cut where its pk and its slug go, and a translation's address is the model's with its own
    pk and slug put in, the slug quoted as reverse() quotes the whole address (quoting is character by
    character: quoting the parts is quoting the whole). This holds for the route's ``<int:pk>`` and
    ``<str:slug>`` (tests/publish/test_shared_page_reads.py checks it); a slug the ``str`` converter refuses
    (empty, or with a "/") goes through reverse() itself, which refuses it as before. One for each request: the
    script prefix is the request's."""

    _MODEL_PK, _MODEL_SLUG = "987654321", "model-slug"
    _SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted (django.urls.resolvers)

    def __init__(self):
        model = reverse("dragoman:article", kwargs={"pk": int(self._MODEL_PK), "slug": self._MODEL_SLUG})
        head, _, rest = model.partition(self._MODEL_PK)
        middle, _, tail = rest.partition(self._MODEL_SLUG)
        cut = model.count(self._MODEL_PK) == rest.count(self._MODEL_SLUG) == 1  # once each, the pk first
        self._parts = (head, middle, tail) if cut else None  # else a reverse() for each

    def __call__(self, translation: Translation) -> str:
        slug = translation.path_slug
        if self._parts is None or not slug or "/" in slug:
            return reverse("dragoman:article", kwargs={"pk": translation.pk, "slug": slug})
        head, middle, tail = self._parts
        return f"{head}{translation.pk}{middle}{quote(slug, safe=self._SAFE)}{tail}"

    def each(self, translations):
        """(translation, its address) of each of ``translations``."""
        return ((translation, self(translation)) for translation in translations)


def _page(request, translations):
    return Paginator(translations, PAGE_SIZE).get_page(request.GET.get("page"))


def _listing(request, translations, *, heading: str, feeds: dict | None = None, extra: dict | None = None):
    """A page of cards: home, source, tag, day, language and search pages all look alike. ``cards``: each
    translation of the page with its address."""
    page = _page(request, translations)
    cards = ArticleAddresses().each(page.object_list)
    return render(
        request,
        "dragoman/listing.html",
        {"page": page, "cards": cards, "heading": heading, "feeds": feeds or _feeds(), **(extra or {})},
    )


def _feeds(scope: str = "site", **kwargs) -> dict:
    """The Atom, RSS and JSON Feed addresses of a scope (the site, a source or a language)."""
    names = {"site": "feed", "source": "source-feed", "language": "language-feed"}[scope]
    return {kind: reverse(f"dragoman:{names}-{kind}", kwargs=kwargs) for kind in ("atom", "rss", "json")}


def home(request):
    words = phrases(settings.SITE_LANGUAGE)
    codes = published().order_by().values_list("target_language", flat=True).distinct()
    languages = sorted(code for code in codes if _addressable(code))
    first_page = request.GET.get("page") in (None, "", "1")
    return _listing(
        request,
        story_pages.without_duplicates(newest_first(listed())),  # a wire copy is listed once: its original
        heading=words["latest"],
        extra={
            "is_home": True,
            "sources": Source.objects.filter(enabled=True).only("name", "url", "slug"),
            "languages": [(code, language_name(code, settings.SITE_LANGUAGE)) for code in languages],
            "stories": list(story_pages.listed_stories()[: story_pages.HOME_STORIES]) if first_page else [],
        },
    )


def stories(request):
    """The stories of two articles or more, the latest update first."""
    return render(
        request,
        "dragoman/stories.html",
        {"page": _page(request, story_pages.listed_stories()), "feeds": _story_feeds()},
    )


def story(request, pk: int):
    """A story: its summary (each sentence with its source), and its members by source and language."""
    found = get_object_or_404(Story, pk=pk)
    language = settings.SITE_LANGUAGE
    shown = story_pages.shown_members(found, language)
    by_article = {member.article_id: member for member in shown}
    summary = [
        {"text": sentence.get("text", ""), "source": sentence.get("source", ""), "member": by_article.get(sentence.get("article"))}
        for sentence in found.summary or []
        if isinstance(sentence, dict) and sentence.get("text")
    ]
    groups = [
        {"source": g.source, "language": g.language, "language_name": language_name(g.language, language), "members": g.members}
        for g in story_pages.grouped(shown)
    ]
    return render(
        request,
        "dragoman/story.html",
        {"story": found, "summary": summary, "groups": groups, "feeds": _story_feeds(), "noindex": found.size < 2},
    )


def _story_feeds() -> dict:
    return {kind: reverse(f"dragoman:stories-{kind}") for kind in ("atom", "rss", "json")}


def _translation(request, pk: int, slug: str):
    translation = shared_read(request, translation_key(pk), lambda: get_object_or_404(published(), pk=pk))
    return translation, slug != translation.path_slug


def _attribution(request, translation: Translation):
    return shared_read(request, ("attribution", translation.pk), lambda: attribution_for(translation))


def _language_context(language: str) -> dict:
    return {"lang": language, "dir": direction(language), "words": phrases(language), "powered": powered_by(language)}


def article(request, pk: int, slug: str):
    translation, moved = _translation(request, pk, slug)
    if moved:
        return redirect("dragoman:article", pk=pk, slug=translation.path_slug, permanent=True)
    source = translation.article.entry.source
    page_url = request.build_absolute_uri(reverse("dragoman:article", kwargs={"pk": pk, "slug": translation.path_slug}))
    canonical = translation.article.original_url if source.canonical == Source.Canonical.ORIGINAL else page_url
    return render(
        request,
        "dragoman/article.html",
        {
            **_language_context(translation.target_language),
            "translation": translation,
            "original": translation.article,
            "source": source,
            "attribution": _attribution(request, translation),
            "image_url": _image_url(translation),
            "image_credit": image_credit(translation.article),
            "canonical": canonical,
            "noindex": source.noindex,
            "structured_data": structured_data(request, translation, page_url),
            "feeds": _feeds("language", language=translation.target_language),
            "tags": _tags(translation),
            "day": _day(translation),
            "partial": partial_context(translation),  # a headline-only translation: no body shown (publish.partial)
            **_story_context(translation),
        },
    )


def _story_context(translation: Translation) -> dict:
    """The article's story (when it has other members), the story's other articles and the article's copies."""
    box = story_pages.article_box(translation.article_id, translation.target_language)
    return {"story": box.story, "also_reported": box.also_reported, "also_published": box.also_published}


def bilingual(request, pk: int, slug: str):
    translation, moved = _translation(request, pk, slug)
    if moved:
        return redirect("dragoman:bilingual", pk=pk, slug=translation.path_slug, permanent=True)
    if is_partial(translation):  # no body was translated: nothing to set side by side
        return redirect("dragoman:article", pk=pk, slug=translation.path_slug)
    original = translation.article
    source_language = original.source_language
    return render(
        request,
        "dragoman/bilingual.html",
        {
            **_language_context(translation.target_language),
            "translation": translation,
            "original": original,
            "source": original.entry.source,
            "source_language": source_language,
            "source_dir": direction(source_language),
            "pairs": paired_blocks(original.body_html, translation.body_html),
            "attribution": _attribution(request, translation),
            "article_url": reverse("dragoman:article", kwargs={"pk": pk, "slug": translation.path_slug}),
            "canonical": request.build_absolute_uri(reverse("dragoman:article", kwargs={"pk": pk, "slug": translation.path_slug})),
            "noindex": original.entry.source.noindex,
            "feeds": _feeds("language", language=translation.target_language),
        },
    )


def source(request, slug: str):
    src = get_object_or_404(Source, slug=slug)
    words = phrases(settings.SITE_LANGUAGE)
    return _listing(
        request,
        newest_first(listed().filter(article__entry__source=src)),
        heading=words["from_source"].format(site=src),
        feeds=_feeds("source", slug=src.slug),
        extra={"source": src, "noindex": src.noindex},
    )


def tag(request, slug: str):
    translations = newest_first(listed().filter(search_entry__tags__contains=f"|{slug}|"))
    first = translations.only("article__tags").first()
    if first is None:
        raise Http404("no translation carries this tag")
    name = next((t for t in first.article.tags if slugify(t, allow_unicode=True) == slug), slug)  # the original's
    return _listing(request, translations, heading=phrases(settings.SITE_LANGUAGE)["tag"].format(tag=name))


def day(request, year: int, month: int, day: int):
    try:
        wanted = date(year, month, day)
    except ValueError:
        raise Http404("no such day") from None
    start = timezone.make_aware(datetime(wanted.year, wanted.month, wanted.day))
    translations = newest_first(
        listed().filter(article__published_at__gte=start, article__published_at__lt=start + timedelta(days=1))
    )
    words = phrases(settings.SITE_LANGUAGE)
    return _listing(request, translations, heading=words["day"].format(day=format_day(wanted, settings.SITE_LANGUAGE)))


def language(request, language: str):
    translations = newest_first(listed().filter(target_language=language))
    if not translations.exists():
        raise Http404("nothing is published in this language")
    return _listing(
        request,
        translations,
        heading=phrases(language)["language"].format(language=language_name(language, language)),
        feeds=_feeds("language", language=language),
        extra=_language_context(language),
    )


def search(request):
    query = (request.GET.get("q") or "").strip()[:200]
    language = request.GET.get("lang") or None
    words = phrases(settings.SITE_LANGUAGE)
    results = run_search(query, language=language) if query else []
    heading = words["results"].format(query=query) if query else words["search"]
    return _listing(request, results, heading=heading, extra={"query": query, "noindex": True, "is_search": True})


# --- machine-readable pages ----------------------------------------------------------------------------------


def structured_data(request, translation: Translation, page_url: str) -> str:
    """schema.org NewsArticle JSON-LD for a translation, naming the original it translates."""
    original = translation.article
    source = original.entry.source
    authors = [{"@type": "Person", "name": name} for name in original.authors]
    image = _image_url(translation)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": page_url,
        "mainEntityOfPage": page_url,
        "url": page_url,
        "headline": translation.title[:110],
        "description": translation.subtitle,
        "inLanguage": translation.target_language,
        "datePublished": (translation.published_at or timezone.now()).isoformat(),
        "dateModified": _modified(translation).isoformat(),
        "author": authors or [{"@type": "Organization", "name": original.site_name or str(source)}],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": request.build_absolute_uri("/")},
        "translator": {"@type": "Organization", "name": translation.engine_label or translation.engine},
        "isBasedOn": original.original_url,
        "translationOfWork": {
            "@type": "NewsArticle",
            "@id": original.original_url,
            "url": original.original_url,
            "headline": original.title,
            "inLanguage": original.source_language,
            "datePublished": original.published_local.isoformat() if original.published_at else None,
            "author": authors or None,
            "publisher": {"@type": "Organization", "name": original.site_name or str(source)},
        },
    }
    if image:
        data["image"] = [request.build_absolute_uri(image)]
    return json.dumps(_without_empty(data), ensure_ascii=False)


def _without_empty(value):
    if isinstance(value, dict):
        return {k: _without_empty(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value


def _modified(translation: Translation):
    latest = translation.revisions.order_by("-created_at").values_list("created_at", flat=True).first()
    candidates = [m for m in (latest, translation.published_at) if m is not None]
    return max(candidates) if candidates else timezone.now()


def sitemap(request):
    """Every published translation that may be indexed, with its alternates in other languages."""
    translations = newest_first(_indexable().only(*SITEMAP_FIELDS))[:50000]
    context = {"translations": ArticleAddresses().each(translations), "base": _base(request)}
    return render(request, "dragoman/sitemap.xml", context, content_type="application/xml; charset=utf-8")


def news_sitemap(request):
    """Google News sitemap: the translations published in the last two days."""
    since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
    translations = newest_first(_indexable().only(*SITEMAP_FIELDS, "title").filter(published_at__gte=since))[:1000]
    with_addresses = ArticleAddresses().each(translations)
    context = {"translations": with_addresses, "base": _base(request), "publication": settings.SITE_NAME}
    return render(request, "dragoman/news_sitemap.xml", context, content_type="application/xml; charset=utf-8")


def _indexable():
    """The published translations a sitemap may list (their source lets them be indexed), without their rows'
    joined: a sitemap reads :data:`SITEMAP_FIELDS` of them."""
    return published().filter(article__entry__source__noindex=False).select_related(None)


def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /review/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('dragoman:sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('dragoman:news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def media(request, path: str):
    """A lead image from MEDIA_ROOT (read at each request, so a changed setting takes effect at once)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _image_url(translation: Translation) -> str:
    article = translation.article
    if article.image_file:
        return settings.MEDIA_URL + article.image_file
    return safe_url(article.image_url)  # checked where it entered; and here, for rows that came another way


def _tags(translation: Translation) -> list[tuple[str, str, bool]]:
    """(name shown, slug of the original tag, translated?) of each tag that has a slug: the name in the page's
    language where the translation has it, the link and the search by the original's slug."""
    slugged = ((name, slugify(tag, allow_unicode=True), translated) for name, tag, translated in translation.shown_tags)
    return [(name, slug, translated) for name, slug, translated in slugged if slug]


def _addressable(code: str) -> bool:
    """Whether a language code can be part of an address (a path segment that is not empty)."""
    return bool(code) and "/" not in code


def _day(translation: Translation):
    moment = translation.article.published_at
    if moment is None:
        return None
    local = timezone.localtime(moment)
    return {"year": local.year, "month": local.month, "day": local.day, "label": format_day(local, translation.target_language)}
