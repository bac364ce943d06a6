"""The built-in site: the latest translations, one page per article, one page per source."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from dragoman.articles.models import Translation
from dragoman.publish.attribution import attribution_for
from dragoman.publish.languages import direction
from dragoman.publish.phrases import phrases, powered_by
from dragoman.sources.models import Source

PAGE_SIZE = 24


def published():
    return Translation.objects.filter(state=Translation.State.PUBLISHED).select_related("article__entry__source")


def home(request):
    page = Paginator(published().order_by("-article__published_at", "-published_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "dragoman/home.html", {"page": page, "sources": Source.objects.filter(enabled=True)})


def article(request, pk: int, slug: str):
    translation = get_object_or_404(published(), pk=pk)
    if slug != translation.slug:
        return redirect("dragoman:article", pk=pk, slug=translation.slug, permanent=True)
    language = translation.target_language
    return render(
        request,
        "dragoman/article.html",
        {
            "translation": translation,
            "original": translation.article,
            "attribution": attribution_for(translation),
            "lang": language,
            "dir": direction(language),
            "words": phrases(language),
            "powered": powered_by(language),
            "image_url": _image_url(translation),
        },
    )


def source(request, slug: str):
    src = get_object_or_404(Source, slug=slug)
    page = Paginator(
        published().filter(article__entry__source=src).order_by("-article__published_at"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "dragoman/source.html", {"source": src, "page": page})


def _image_url(translation: Translation) -> str:
    article = translation.article
    if article.image_file:
        return settings.MEDIA_URL + article.image_file
    return article.image_url
