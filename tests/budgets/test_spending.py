"""Reserving characters against budgets: periods, limits, what is counted and what is not, costs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from dragoman.budgets import periods
from dragoman.budgets.limits import set_budget, spent
from dragoman.budgets.models import Budget, EnginePrice, Usage
from dragoman.budgets.prices import cost
from dragoman.budgets.spending import BudgetReached, count_saved, reserve, working_for
from dragoman.sources.models import Source
from dragoman.translate.engines.base import EngineError

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_a_daily_budget_refuses_the_batch_that_would_exceed_it_and_counts_nothing_of_it():
    set_budget("deepl", daily=1000)
    reserve("deepl", 600, now=NOON)
    with pytest.raises(BudgetReached) as refused:
        reserve("deepl", 500, now=NOON)
    assert str(refused.value) == "budget of deepl reached (daily 1,000 characters), resumes 2026-12-08 00:00 UTC"
    assert refused.value.resume_at == datetime(2026, 12, 8, tzinfo=UTC) and not refused.value.retryable
    reserve("deepl", 400, now=NOON)  # what is left still goes
    budget = Budget.objects.get()
    assert spent(budget, NOON) == (1000, 1000)
    assert Usage.objects.get().characters == 1000 and Usage.objects.get().requests == 2
    reserve("deepl", 1000, now=datetime(2026, 12, 8, 0, 0, tzinfo=UTC))  # a new day, a new budget
    assert Budget.objects.get().spent_this_month == 2000


def test_a_monthly_budget_resumes_on_the_first_of_the_next_month():
    set_budget("google", monthly=1000)
    reserve("google", 900, now=datetime(2026, 12, 30, tzinfo=UTC))
    with pytest.raises(BudgetReached) as refused:
        reserve("google", 200, now=datetime(2026, 12, 31, 23, 0, tzinfo=UTC))
    assert "monthly 1,000 characters" in str(refused.value) and refused.value.resume_at == datetime(2027, 1, 1, tzinfo=UTC)
    reserve("google", 1000, now=datetime(2027, 1, 1, 0, 1, tzinfo=UTC))


def test_a_batch_larger_than_the_limit_itself_fails_for_good():
    set_budget("deepl", daily=100)
    with pytest.raises(EngineError) as failed:
        reserve("deepl", 101, now=NOON)
    assert not isinstance(failed.value, BudgetReached) and not failed.value.retryable
    assert "larger than the daily budget of deepl" in str(failed.value)


def test_the_source_budget_and_the_engine_budget_both_apply():
    a = Source.objects.create(url="https://a.example/feed", target_languages=["es"])
    b = Source.objects.create(url="https://b.example/feed", target_languages=["es"])
    set_budget("deepl", daily=1000)
    set_budget("deepl", a, daily=300)
    with working_for(a.pk):
        reserve("deepl", 300, now=NOON)
        with pytest.raises(BudgetReached, match=f"budget of deepl for source {a.pk}"):
            reserve("deepl", 1, now=NOON)
    reserve("deepl", 700, source_pk=b.pk, now=NOON)  # the engine's budget: 300 + 700
    with pytest.raises(BudgetReached, match=r"budget of deepl reached \(daily"):
        reserve("deepl", 1, source_pk=b.pk, now=NOON)
    assert dict(Usage.objects.values_list("source_pk", "characters")) == {a.pk: 300, b.pk: 700}
    assert Budget.objects.get(source=a).spent_today == 300  # the refused ones rolled back everywhere
    reserve("apertium", 10_000, source_pk=a.pk, now=NOON)  # another engine: no budget


def test_a_budget_set_during_the_day_counts_what_was_already_sent():
    reserve("deepl", 700)
    count_saved("deepl", 50)
    budget = set_budget("deepl", daily=1000)
    assert budget.spent_today == 700
    with pytest.raises(BudgetReached):
        reserve("deepl", 301)
    assert Usage.objects.get().memory_characters == 50


def test_periods_in_the_configured_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    late = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)  # still the 7th in New York
    assert periods.today(late) == date(2026, 12, 7)
    assert periods.moment(periods.start_of(periods.next_day(periods.today(late)))) == "2026-12-08 00:00 EST"
    assert periods.next_month(date(2026, 12, 15)) == date(2027, 1, 1)


def test_cost_of_characters():
    EnginePrice.objects.create(engine="deepl", per_million=Decimal("20"))
    assert cost("deepl", 500_000) == Decimal("10.0000")
    assert cost("deepl", 1) == Decimal("0.0000")
    assert cost("apertium", 500_000) is None  # no price
