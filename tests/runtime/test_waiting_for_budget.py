"""The workers' dispatcher and a pass of `dragoman run` with translations waiting for a budget: not taken
before the budget's next period, then taken like pending ones; translations go by source priority."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from dragoman.articles.models import Translation
from dragoman.articles.pipeline import Pipeline
from dragoman.runtime import work
from dragoman.runtime.steps import Status
from tests.articles.test_budget_waiting import articles, source
from tests.support.engines import UpperCaseEngine

pytestmark = pytest.mark.django_db

BEFORE = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
RESUME = datetime(2026, 12, 8, tzinfo=UTC)
AFTER = datetime(2026, 12, 8, 0, 1, tzinfo=UTC)


def test_waiting_translations_are_dispatched_when_their_budget_resumes_and_by_priority():
    low, high = source("https://low.example/feed.xml", priority=1), source("https://high.example/feed.xml", priority=9)
    [low_pending] = articles(low, 1)
    [high_pending, high_waiting] = articles(high, 2, start=10)
    Translation.objects.filter(pk=high_waiting.pk).update(state=Translation.State.WAITING, lease_until=RESUME,
                                                          error="budget of test-upper reached")  # fmt: skip
    with time_machine.travel(BEFORE, tick=True):
        assert work.pending("translate") == [high_pending.pk, low_pending.pk]  # a pass: by priority, not the waiting one
        sent = []
        work.dispatch(lambda step, pk: sent.append((step, pk)))
        assert sent == [("translate", high_pending.pk), ("translate", low_pending.pk)]
        with Pipeline(engines={"test-upper": UpperCaseEngine()}) as pipeline:  # not even a pass takes it early
            assert work.perform("translate", high_waiting.pk, pipeline, "pass", queued=False).status == Status.SKIPPED
    with time_machine.travel(AFTER, tick=True):
        sent = []
        work.dispatch(lambda step, pk: sent.append((step, pk)))
        # the others' queue marks ran out meanwhile (messages taken as lost): all three, by priority
        assert sent == [("translate", high_pending.pk), ("translate", high_waiting.pk), ("translate", low_pending.pk)]
        with Pipeline(engines={"test-upper": UpperCaseEngine()}) as pipeline:
            outcome = work.perform("translate", high_waiting.pk, pipeline, "w", queued=True)
    assert outcome.status == Status.DONE
    high_waiting.refresh_from_db()
    assert high_waiting.state == Translation.State.TRANSLATED and high_waiting.error == ""
