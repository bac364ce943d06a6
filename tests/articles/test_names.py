"""Names across articles, in the database: the names memory of a pair, the names an article gives
(JSON-LD about/mentions), and the forms each translation used."""

from __future__ import annotations

import re

import pytest

from dragoman.articles.models import Article, Entry, Translation
from dragoman.articles.pipeline import Pipeline, article_names
from dragoman.runtime.passes import run_once
from dragoman.names.memory import DatabaseNames
from dragoman.names.models import ArticleNames, KnownName, TranslationNames
from dragoman.sources.models import Source
from tests.support.engines import UpperCaseEngine, VaryingNamesEngine

pytestmark = pytest.mark.django_db

BODIES = [
    "<p>Officials from Seoul arrived in Pyongyang on Monday, and Kim Yong met them at the airport.</p>"
    "<p>The talks in Pyongyang lasted two days; Kim Yong said Pyongyang wanted peace.</p>",
    "<p>A week later, Kim Yong flew from Pyongyang to Seoul.</p><p>Seoul said the envoys of Pyongyang would come.</p>",
]


def article(source: Source, n: int, body: str, title: str = "Talks go on") -> Article:
    entry = Entry.objects.create(source=source, key=f"k{n}", url=f"http://news.example/{n}", state="extracted")
    return Article.objects.create(entry=entry, url=entry.url, title=title, language="en", body_html=body)


def translate(pipeline: Pipeline, a: Article, target: str, engine: str) -> Translation:
    t = Translation.objects.create(article=a, target_language=target, engine=engine)
    assert pipeline.translate(t.pk), Translation.objects.get(pk=t.pk).error
    t.refresh_from_db()
    return t


def test_a_name_is_spelled_one_way_across_articles_in_another_script():
    source = Source.objects.create(url="http://news.example/feed", target_languages=["ar"], engine="test-ar-varying")
    pipeline = Pipeline(engines={"test-ar-varying": VaryingNamesEngine()})
    try:
        first = translate(pipeline, article(source, 1, BODIES[0]), "ar", "test-ar-varying")
        second = translate(pipeline, article(source, 2, BODIES[1]), "ar", "test-ar-varying")
    finally:
        pipeline.close()
    remembered = {row.name: row.form for row in KnownName.objects.filter(source_language="en", target_language="ar")}
    assert {"Pyongyang", "Seoul", "Kim Yong"} <= set(remembered)
    for name in ("Pyongyang", "Seoul", "Kim Yong"):
        form = remembered[name]
        assert not re.search(r"[A-Za-z]", form)
        for t in (first, second):
            assert t.name_forms.forms[name] == form
            assert t.body_html.count(form) == t.article.body_html.count(name)
        assert KnownName.objects.get(target_language="ar", name=name).origin == "engine"
    for t in (first, second):
        assert not re.search(r"[A-Za-z]", re.sub(r"<[^>]+>", "", t.title + t.body_html))
    assert KnownName.objects.get(target_language="ar", name="Pyongyang").seen == 2


def test_names_the_article_gives_and_the_names_memory_reach_the_translation():
    source = Source.objects.create(url="http://news.example/feed", target_languages=["es"], engine="test-upper")
    a = article(source, 1, "<p>Reading welcomed the plan on Monday.</p>")
    ArticleNames.objects.create(article=a, names=["Reading"])
    names = article_names(a)
    assert "Reading" in names.known and isinstance(names.memory, DatabaseNames)
    pipeline = Pipeline(engines={"test-upper": UpperCaseEngine()})
    try:
        t = translate(pipeline, a, "es", "test-upper")
        assert t.body_html == "<p>Reading WELCOMED THE PLAN ON MONDAY.</p>"
        assert TranslationNames.objects.get(translation=t).forms == {"Reading": "Reading"}
        # a later article that only says "Reading said ..." at a sentence's start: the memory knows the name
        later = translate(pipeline, article(source, 2, "<p>Reading said yes.</p>"), "es", "test-upper")
        assert later.body_html == "<p>Reading SAID YES.</p>"
    finally:
        pipeline.close()


def test_the_extraction_keeps_what_the_page_says_it_is_about(small_feed):
    Source.objects.create(url=small_feed, target_languages=["es"], engine="test-upper")
    pipeline = Pipeline(engines={"test-upper": UpperCaseEngine()})
    try:
        run_once(pipeline)
    finally:
        pipeline.close()
    assert Article.objects.count() == 3  # the demo pages have no about/mentions: nothing stored, nothing broken
    assert all(t.state in ("published", "translated") for t in Translation.objects.all())
