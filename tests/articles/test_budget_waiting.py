"""Budgets in the pipeline: a daily budget reached in the middle of a run leaves the rest of the articles
waiting, with the budget and the moment they resume, and the next day they are translated and published,
each once, the engine never sent more than its budget in a day."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from dragoman.articles.models import Article, Entry, Translation
from dragoman.articles.pipeline import Pipeline, article_names, compose
from dragoman.budgets.limits import set_budget
from dragoman.budgets.models import Usage
from dragoman.publish.models import Publication
from dragoman.runtime.passes import run_once
from dragoman.sources.models import Source
from dragoman.translate.document import translate_html
from dragoman.translate.engines.base import EngineWrapper
from tests.support.engines import ManglingEngine, RecordingEngine, UpperCaseEngine

pytestmark = pytest.mark.django_db

DAY_ONE = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
DAY_TWO = datetime(2026, 12, 8, 0, 5, tzinfo=UTC)


class DayRecorder(EngineWrapper):
    """Records the characters it receives on each day (the day as the clock says it)."""

    def __init__(self, inner):
        super().__init__(inner)
        self.by_day: Counter = Counter()
        self.texts: list[str] = []

    def translate_batch(self, texts, source, target, *, markup, **options):
        self.by_day[timezone.now().date()] += sum(len(text) for text in texts)
        self.texts.extend(texts)
        return super().translate_batch(texts, source, target, markup=markup, **options)


class LowerCaseEngine(UpperCaseEngine):
    name = "test-lower"
    label = "Test engine (lower case)"

    def translate_batch(self, texts, source, target, *, markup):
        return [text.lower() for text in texts]


def articles(source: Source, count: int, *, start: int = 0) -> list[Translation]:
    """``count`` extracted articles of the same length, each with a pending translation into Spanish."""
    made = []
    for number in range(start, start + count):
        entry = Entry.objects.create(source=source, key=f"{source.pk}-{number:04d}", url=f"https://news.example/{source.pk}/{number:04d}",
                                     state=Entry.State.EXTRACTED)  # fmt: skip
        body = "".join(f"<p>Paragraph {p} of story {number:04d} says what the council decided on the road.</p>" for p in range(3))
        article = Article.objects.create(entry=entry, url=entry.url, title=f"Story {number:04d} of the week", language="en",
                                         body_html=body)  # fmt: skip
        made.append(Translation.objects.create(article=article, target_language="es", engine=source.engine_chain[0]))
    return made


def chars_per_article(translation: Translation) -> int:
    """What one article sends to the engine (translated aside, without the memory)."""
    recorder = RecordingEngine(UpperCaseEngine())
    translate_html(compose(translation.article), "en", "es", recorder, memory=None, names=article_names(translation.article))
    return recorder.chars


def source(url: str, engine: str = "test-upper", priority: int = 0) -> Source:
    return Source.objects.create(url=url, target_languages=["es"], engine=engine, enabled=False, priority=priority)


def test_a_daily_budget_reached_mid_run_waits_for_the_next_day_and_nothing_is_lost_or_doubled():
    news = source("https://news.example/feed.xml")
    planned = articles(news, 5)
    size = chars_per_article(planned[0])
    budget = set_budget("test-upper", daily=size * 2 + size // 2)  # two articles a day, and half of a third
    waiting_reason = f"budget of test-upper reached (daily {budget.daily_chars:,} characters), resumes 2026-12-08 00:00 UTC"
    engine = DayRecorder(UpperCaseEngine())
    pipeline = Pipeline(engines={"test-upper": engine})
    try:
        with time_machine.travel(DAY_ONE, tick=True):
            first = run_once(pipeline, poll=False)
            again = run_once(pipeline, poll=False)  # the same day: the waiting ones are not tried
        assert first.translated == first.published == 2 and first.failures == []
        assert [reason for _, reason in first.waiting] == [waiting_reason] * 3 and first.as_dict()["waiting"] == 3
        assert again.translated == 0 and again.engine_chars == 0
        waiting = Translation.objects.filter(state=Translation.State.WAITING)
        assert waiting.count() == 3
        for t in waiting:
            assert t.error == waiting_reason
            assert t.lease_until == datetime(2026, 12, 8, tzinfo=UTC)
            assert t.attempts == 0 and t.claimed_by == ""
        assert engine.by_day[DAY_ONE.date()] == 2 * size <= budget.daily_chars

        with time_machine.travel(DAY_TWO, tick=True):
            second = run_once(pipeline, poll=False)
            with time_machine.travel(datetime(2026, 12, 9, 0, 5, tzinfo=UTC), tick=True):
                third = run_once(pipeline, poll=False)
    finally:
        pipeline.close()
    assert second.translated == second.published == 2
    assert third.translated == third.published == 1
    assert set(Translation.objects.values_list("state", flat=True)) == {Translation.State.PUBLISHED}
    assert Publication.objects.count() == 5  # each article once
    assert Counter(Publication.objects.values_list("translation_id", flat=True)) == {t.pk: 1 for t in planned}
    for day, sent in engine.by_day.items():  # never more than the budget in a day
        assert sent <= budget.daily_chars, day
    assert sum(engine.by_day.values()) == 5 * size  # nothing sent twice
    assert len(engine.texts) == len(set(engine.texts))
    usage = {row.day: row.characters for row in Usage.objects.filter(engine="test-upper", source_pk=news.pk)}
    assert usage == dict(engine.by_day)


def test_a_source_budget_holds_that_source_back_and_not_the_others():
    kept, free = source("https://kept.example/feed.xml"), source("https://free.example/feed.xml")
    articles(kept, 3)
    articles(free, 3, start=10)
    size = chars_per_article(Translation.objects.first())
    set_budget("test-upper", daily=100 * size)  # the engine's budget: plenty
    set_budget("test-upper", kept, daily=size + size // 2)  # one of the kept source's articles a day
    pipeline = Pipeline(engines={"test-upper": UpperCaseEngine()})
    try:
        with time_machine.travel(DAY_ONE, tick=True):
            summary = run_once(pipeline, poll=False)
    finally:
        pipeline.close()
    assert summary.published == 4
    states = Counter(Translation.objects.values_list("article__entry__source", "state"))
    assert states == {(free.pk, "published"): 3, (kept.pk, "published"): 1, (kept.pk, "waiting"): 2}
    reason = Translation.objects.filter(state="waiting").first().error
    assert reason.startswith(f"budget of test-upper for source {kept.pk} ({kept}) reached (daily ")


def test_an_engine_budget_spent_hands_the_work_to_the_next_engine_of_the_chain():
    news = source("https://chain.example/feed.xml", engine="test-upper,test-lower")
    articles(news, 3)
    size = chars_per_article(Translation.objects.first())
    set_budget("test-upper", daily=size)
    lower = RecordingEngine(LowerCaseEngine())
    pipeline = Pipeline(engines={"test-upper": UpperCaseEngine(), "test-lower": lower})
    try:
        with time_machine.travel(DAY_ONE, tick=True):
            summary = run_once(pipeline, poll=False)
    finally:
        pipeline.close()
    assert summary.published == 3
    assert Counter(Translation.objects.values_list("engine", flat=True)) == {"test-upper": 1, "test-lower": 2}
    assert lower.chars == 2 * size


def test_waiting_translations_resume_by_their_source_priority():
    low, high = source("https://low.example/feed.xml", priority=0), source("https://high.example/feed.xml", priority=5)
    articles(low, 2)
    articles(high, 2, start=10)
    size = chars_per_article(Translation.objects.first())
    set_budget("test-upper", daily=2 * size)
    pipeline = Pipeline(engines={"test-upper": UpperCaseEngine()})
    try:
        with time_machine.travel(DAY_ONE, tick=True):
            run_once(pipeline, poll=False)
    finally:
        pipeline.close()
    published = Translation.objects.filter(state="published").values_list("article__entry__source", flat=True)
    assert sorted(published) == [high.pk, high.pk]  # the important source first, though added later


def test_what_the_memory_saved_is_counted_per_source():
    news = source("https://memory.example/feed.xml")
    [first] = articles(news, 1)
    pipeline = Pipeline(engines={"test-upper": UpperCaseEngine()})
    try:
        with time_machine.travel(DAY_ONE, tick=True):
            run_once(pipeline, poll=False)
            # the same article again, found at another address of the same source
            entry = Entry.objects.create(source=news, key="copy", url="https://news.example/copy", state=Entry.State.EXTRACTED)
            article = first.article
            copy = Article.objects.create(entry=entry, url=entry.url, title=article.title, language="en", body_html=article.body_html)
            second = Translation.objects.create(article=copy, target_language="es", engine="test-upper")
            run_once(pipeline, poll=False)
    finally:
        pipeline.close()
    second.refresh_from_db()
    assert second.state == "published" and second.engine_chars == 0 and second.cache_hits == second.units
    row = Usage.objects.get(engine="test-upper", source_pk=news.pk, day=DAY_ONE.date())
    assert row.memory_characters == row.characters > 0  # the copy cost nothing: everything came from the memory


def test_units_translated_before_a_refusal_stay_in_the_memory_and_are_not_sent_again():
    news = source("https://keep.example/feed.xml")
    [planned] = articles(news, 1)
    article = planned.article
    article.body_html = article.body_html.replace("the council", '<a href="https://news.example/council">the council</a>', 1)
    article.save()
    size = chars_per_article(planned)
    set_budget("test-upper", daily=size)  # the whole first batch, and not a character more
    engine = DayRecorder(ManglingEngine(UpperCaseEngine(), times=1))  # the linked unit fails its checks once
    pipeline = Pipeline(engines={"test-upper": engine})
    try:
        with time_machine.travel(DAY_ONE, tick=True):
            run_once(pipeline, poll=False)  # the linked unit's retry is refused: the budget is spent
            planned.refresh_from_db()
            assert planned.state == Translation.State.WAITING
            first_day = list(engine.texts)
        with time_machine.travel(DAY_TWO, tick=True):
            run_once(pipeline, poll=False)
    finally:
        pipeline.close()
    planned.refresh_from_db()
    assert planned.state == Translation.State.PUBLISHED and 'href="https://news.example/council"' in planned.body_html
    second_day = engine.texts[len(first_day):]
    assert len(second_day) == 1 and "council" in second_day[0]  # only the unit that had failed
    assert planned.cache_hits == planned.units - 1  # the others came from the memory: paid once
