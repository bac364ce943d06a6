"""A queued unit carries its article on (``work.carry``): the same thread runs the next steps, each claimed and
committed as a unit of its own, and only what else became ready goes to the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from dragoman.runtime import work
from dragoman.articles.models import Entry, Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.leases import QUEUED
from dragoman.publish.models import Publication
from dragoman.sources.models import Source
from tests.support.engines import UpperCaseEngine

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline(small_feed):
    p = Pipeline(engines={"test-upper": UpperCaseEngine()})
    yield p
    p.close()


def queued_entry(pipeline, feed_url: str, languages: list[str]) -> tuple[Entry, list[tuple[str, int]]]:
    """A polled source's first entry, queued for its fetch as the dispatcher queues it."""
    source = Source.objects.create(url=feed_url, target_languages=languages, engine="test-upper")
    pipeline.poll(source.pk)
    entry = Entry.objects.order_by("pk").first()
    messages: list[tuple[str, int]] = []
    assert work.queue_ready("fetch", Q(pk=entry.pk), lambda step, pk: messages.append((step, pk))) == 1
    assert messages == [("fetch", entry.pk)]
    return entry, messages


def test_a_fetch_carries_its_article_to_publication_without_the_queue(pipeline, small_feed):
    entry, _ = queued_entry(pipeline, small_feed, ["es"])
    messages: list[tuple[str, int]] = []

    outcome = work.carry("fetch", entry.pk, pipeline, "w1", lambda s, pk: messages.append((s, pk)), go_on=lambda: True)

    assert (outcome.step, outcome.status) == ("publish", "done")
    assert messages == []  # nothing went through the queue
    translation = Translation.objects.get(article__entry=entry)
    assert translation.state == Translation.State.PUBLISHED
    assert Publication.objects.filter(translation=translation).count() == 1
    entry.refresh_from_db()
    assert (entry.claimed_by, translation.claimed_by) == ("", "")  # every row freed


def test_an_article_s_other_languages_go_to_the_queue(pipeline, small_feed):
    entry, _ = queued_entry(pipeline, small_feed, ["es", "fr"])
    messages: list[tuple[str, int]] = []

    outcome = work.carry("fetch", entry.pk, pipeline, "w1", lambda s, pk: messages.append((s, pk)), go_on=lambda: True)

    first, second = Translation.objects.filter(article__entry=entry).order_by("pk")
    assert (outcome.step, outcome.pk) == ("publish", first.pk)
    assert messages == [("translate", second.pk)]  # for any worker
    second.refresh_from_db()
    assert (second.state, second.claimed_by) == (Translation.State.PENDING, QUEUED)
    # the queued unit runs as any other, and publishes the second language
    assert work.carry("translate", second.pk, pipeline, "w2", messages.append, go_on=lambda: True).done
    assert Publication.objects.filter(translation__article__entry=entry).count() == 2


def test_a_stopping_worker_queues_the_next_step_instead_of_starting_it(pipeline, small_feed):
    entry, _ = queued_entry(pipeline, small_feed, ["es"])
    messages: list[tuple[str, int]] = []

    outcome = work.carry("fetch", entry.pk, pipeline, "w1", lambda s, pk: messages.append((s, pk)), go_on=lambda: False)

    assert (outcome.step, outcome.status) == ("fetch", "done")
    assert messages == [("extract", entry.pk)]
    entry.refresh_from_db()
    assert (entry.state, entry.claimed_by) == (Entry.State.FETCHED, QUEUED)


def test_a_unit_queued_twice_is_done_once(pipeline, small_feed):
    entry, _ = queued_entry(pipeline, small_feed, ["es"])
    work.carry("fetch", entry.pk, pipeline, "w1", lambda s, pk: None, go_on=lambda: True)

    again = work.carry("fetch", entry.pk, pipeline, "w2", lambda s, pk: None, go_on=lambda: True)

    assert again.status == "skipped"
    assert Publication.objects.count() == 1


def test_a_step_hands_its_row_over_to_the_next_under_a_new_claim(pipeline, small_feed):
    entry, _ = queued_entry(pipeline, small_feed, ["es"])

    outcome = work.perform("fetch", entry.pk, pipeline, "w1", queued=True, hand_over=True)

    assert outcome.done and outcome.next is not None
    entry.refresh_from_db()
    assert (entry.state, entry.claimed_by) == (Entry.State.FETCHED, outcome.next.token)
    assert outcome.next.token.startswith("w1/")  # renewed by the worker's heartbeat while it lives
    assert work.queue_ready("extract", Q(), lambda s, pk: None) == 0  # held: not queued for anyone else
    translated = work.perform("extract", entry.pk, pipeline, "w1", lease=outcome.next, hand_over=True)
    assert translated.done and translated.next.model is Translation


def test_a_worker_killed_between_two_steps_loses_the_row_only_until_its_lease_runs_out(pipeline, small_feed):
    entry, _ = queued_entry(pipeline, small_feed, ["es"])
    assert work.perform("fetch", entry.pk, pipeline, "w1", queued=True, hand_over=True).next is not None
    # w1 dies here: nobody releases the row, and its lease runs out
    Entry.objects.filter(pk=entry.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    messages: list[tuple[str, int]] = []

    assert work.queue_ready("extract", Q(), lambda s, pk: messages.append((s, pk))) == 1  # as the dispatcher does
    assert messages == [("extract", entry.pk)]
    assert work.carry("extract", entry.pk, pipeline, "w2", messages.append, go_on=lambda: True).done
    assert Publication.objects.filter(translation__article__entry=entry).count() == 1


def test_a_worker_that_starts_stopping_during_a_step_queues_the_row_it_was_handed(pipeline, small_feed):
    entry, _ = queued_entry(pipeline, small_feed, ["es"])
    messages: list[tuple[str, int]] = []
    answers = iter([True])  # go on before the fetch, stop after it

    outcome = work.carry("fetch", entry.pk, pipeline, "w1", lambda s, pk: messages.append((s, pk)),
                         go_on=lambda: next(answers, False))  # fmt: skip

    assert (outcome.step, outcome.status) == ("fetch", "done")
    assert messages == [("extract", entry.pk)]
    entry.refresh_from_db()
    assert (entry.state, entry.claimed_by) == (Entry.State.FETCHED, QUEUED)
