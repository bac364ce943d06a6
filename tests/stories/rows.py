"""Rows for the stories' site tests: sources, extracted articles and their published translations into the
site's language (English here: conftest.py), made directly in the database (the pipeline itself runs in
test_placing_pipeline.py). An article is in Spanish, its translation the English text given; the original's
title and text are stored as given too (the near-duplicates are found on them)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from html import escape

from django.utils import timezone

from dragoman.articles.models import Article, Entry, Translation
from dragoman.sources.models import Source
from tests.stories.articles import MONDAY


def source(name: str, language: str = "es", targets=("en",)) -> Source:
    slug = name.lower().replace(" ", "-")
    return Source.objects.create(
        url=f"https://{slug}.example/feed.xml", name=name, source_language=language, target_languages=list(targets),
        engine="test-upper",
    )  # fmt: skip


def html(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def article(
    src: Source,
    title: str,
    text: str,
    *,
    hours: float = 0,
    language: str = "es",
    translated: str | None = "full",
    translated_title: str | None = None,
    translated_text: str | None = None,
    target: str = "en",
) -> Article:
    """An extracted article of ``src``; with ``translated`` ("full", "lead", "title"), its translation into
    ``target``, published (its title and text those given, else the original's)."""
    url = f"{src.url.rsplit('/', 1)[0]}/{hashlib.sha256(title.encode()).hexdigest()[:10]}.html"
    entry = Entry.objects.create(
        source=src, key=hashlib.sha256(url.encode()).hexdigest(), url=url, title=title, state=Entry.State.EXTRACTED
    )
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    made = Article.objects.create(
        entry=entry, url=url, title=title, subtitle=paragraphs[0] if paragraphs else "", body_html=html(text),
        text=text, language=language, site_name=src.name, published_at=MONDAY + timedelta(hours=hours),
    )  # fmt: skip
    if translated:
        body = translated_text if translated_text is not None else text
        lead = [p.strip() for p in body.split("\n\n") if p.strip()]
        Translation.objects.create(
            article=made, target_language=target, engine="test-upper", state=Translation.State.PUBLISHED,
            title=translated_title or title, subtitle=lead[0] if lead else "",
            body_html=html(body) if translated == "full" else "", mode=translated, slug=f"t-{made.pk}",
            published_at=timezone.now(),
        )  # fmt: skip
    return made


def translation_of(made: Article, target: str = "en") -> Translation:
    return made.translations.get(target_language=target)


def article_translation(made: Article, target: str, title: str, text: str) -> Translation:
    """Another published translation of ``made``, into ``target``."""
    return Translation.objects.create(
        article=made, target_language=target, engine="test-ar", state=Translation.State.PUBLISHED, title=title,
        subtitle=text, body_html=html(text), slug=f"t-{made.pk}-{target}", published_at=timezone.now(),
    )  # fmt: skip


def report(story, hours: float, *, duplicate_of: Article | None = None):
    """A new member of ``story``: an article of an outlet of its own, published ``hours`` after Monday 08:00 and
    translated, stored as a placement stores its member (the story itself is not refreshed)."""
    from dragoman.stories.models import StoryMember

    told = f"What happened, as told at {hours:g}."
    made = article(source(f"Outlet {hours:g}"), f"Report at {hours:g}", told, hours=hours)
    return StoryMember.objects.create(
        article=made, story=story, published=made.published_at, action=StoryMember.Action.JOINED,
        compared=StoryMember.Compared.FULL, language="es", source_name=made.site_name, title=made.title,
        text=made.text, duplicate_of=duplicate_of,
    )  # fmt: skip
