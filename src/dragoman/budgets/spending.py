"""Spending against the budgets: before a batch goes to an engine, :func:`reserve` counts its characters
against every budget that applies (the engine's, and the engine's for the article's source) and in the usage
of the engine, the source and the day, all in one transaction, or refuses the batch (:class:`BudgetReached`).

Atomic, so two workers never both pass the last characters of a budget: the budgets' counters are raised
by one ``UPDATE`` first (PostgreSQL locks the rows until the transaction ends; SQLite's transactions take
the write lock when they begin), then read back; if one now exceeds its limit, the transaction rolls back,
nothing is counted and nothing is sent. A worker waiting on the lock sees the other's count when it gets it.

The source an engine works for is the current context's (:func:`working_for`): the pipeline sets it around
the translation of an article; each thread (each worker thread) has its own.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from dragoman.budgets import periods
from dragoman.budgets.models import Budget, Usage
from dragoman.translate.engines.base import EngineError

_source: contextvars.ContextVar[int] = contextvars.ContextVar("dragoman_budget_source", default=0)


@contextlib.contextmanager
def working_for(source_pk: int) -> Iterator[None]:
    """Within this block, what the engines are sent is counted for source ``source_pk`` (its budgets apply)."""
    token = _source.set(source_pk or 0)
    try:
        yield
    finally:
        _source.reset(token)


def current_source() -> int:
    """The source the current context works for; 0 for none (``dragoman translate``)."""
    return _source.get()


class BudgetReached(EngineError):
    """A budget would be exceeded by the batch: nothing was sent. The work resumes at ``resume_at``, the start
    of the budget's next period."""

    def __init__(self, message: str, *, resume_at: datetime, budget: str):
        super().__init__(message, retryable=True)
        self.resume_at = resume_at
        self.budget = budget


def applicable(engine: str, source_pk: int):
    """The budgets that apply to ``engine`` working for source ``source_pk`` (0: the engine's alone)."""
    scope = Q(source__isnull=True) | Q(source_id=source_pk) if source_pk else Q(source__isnull=True)
    return Budget.objects.filter(scope, engine=engine)


def reserve(engine: str, characters: int, *, source_pk: int | None = None, now: datetime | None = None) -> None:
    """Count one request of ``characters`` to ``engine`` against its budgets and in its usage, or raise
    :class:`BudgetReached` (counting nothing) when a budget would be exceeded; an ``EngineError`` that is not
    retryable when the batch alone is larger than a budget's limit (it could never be sent). Joins the
    caller's transaction, if any (then the caller's writes roll back with a refusal)."""
    source_pk = current_source() if source_pk is None else source_pk
    now = now or timezone.now()
    day = periods.today(now)
    month = periods.month_of(day)
    budgets = applicable(engine, source_pk)
    with transaction.atomic(savepoint=False):
        raised = budgets.update(
            spent_today=Case(When(day=day, then=F("spent_today") + characters), default=Value(characters)),
            day=Value(day),
            spent_this_month=Case(When(month=month, then=F("spent_this_month") + characters), default=Value(characters)),
            month=Value(month),
            updated_at=Value(now),
        )
        if raised:  # budgets apply (else no other statement): read back under the lock
            over = [refusal for budget in budgets.select_related("source").order_by("pk") if (refusal := _refusal(budget, characters))]
            if over:  # a batch that can never pass says so first; else the budget that frees up last
                never = [refusal for refusal in over if not isinstance(refusal, BudgetReached)]
                raise never[0] if never else max(over, key=lambda refusal: refusal.resume_at)
        _count(engine, source_pk, day, characters=characters, requests=1)


def _refusal(budget: Budget, characters: int) -> EngineError | None:
    """Why ``budget``, its counters raised by ``characters``, refuses them; None when it does not."""
    for period, limit, spent, starts in (
        ("daily", budget.daily_chars, budget.spent_today, periods.next_day(budget.day)),
        ("monthly", budget.monthly_chars, budget.spent_this_month, periods.next_month(budget.month)),
    ):
        if limit is None or spent <= limit:
            continue
        if characters > limit:
            return EngineError(
                f"a batch of {characters:,} characters is larger than the {period} budget of {budget.scope} "
                f"({limit:,} characters): it can never be sent"
            )
        resume_at = periods.start_of(starts)
        return BudgetReached(
            f"budget of {budget.scope} reached ({period} {limit:,} characters), resumes {periods.moment(resume_at)}",
            resume_at=resume_at,
            budget=budget.scope,
        )
    return None


def count_saved(engine: str, characters: int, *, source_pk: int | None = None) -> None:
    """Count ``characters`` the translation memory served for ``engine`` instead of sending them."""
    if characters > 0:
        source_pk = current_source() if source_pk is None else source_pk
        _count(engine, source_pk, periods.today(), memory_characters=characters)


def _count(engine: str, source_pk: int, day, *, characters: int = 0, requests: int = 0, memory_characters: int = 0) -> None:
    """Add to the usage row of (engine, source, day), in one statement (an upsert: two workers counting at
    once both count)."""
    table = connection.ops.quote_name(Usage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (engine, source_pk, day, characters, requests, memory_characters) "
            f"VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (engine, source_pk, day) DO UPDATE SET "
            f"characters = {table}.characters + excluded.characters, requests = {table}.requests + excluded.requests, "
            f"memory_characters = {table}.memory_characters + excluded.memory_characters",
            [engine, source_pk, day.isoformat(), characters, requests, memory_characters],
        )
