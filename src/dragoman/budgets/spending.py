"""Spending against the budgets: before a batch goes to an engine, :func:`reserve` counts its characters
against every budget that applies (the engine's, and the engine's for the article's source) and in the usage
of the engine, the source and the day, all in one transaction, or refuses the batch (:class:`BudgetReached`).

Atomic, so two workers never both pass the last characters of a budget: the budgets are read with
``SELECT ... FOR UPDATE`` (PostgreSQL locks the rows until the transaction ends; SQLite's transactions take
the write lock when they begin, so they run one after the other), checked, and raised in the same
transaction; a worker waiting on the lock sees the other's count when it gets it. A refused batch counts
nothing and is not sent.

The source an engine works for is the current context's (:func:`working_for`): the pipeline sets it around
the translation of an article; each thread (each worker thread) has its own.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from dragoman.budgets import periods
from dragoman.budgets.limits import spent_on
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
        # not retryable: trying again at once (as the translation core does with a retryable error) is refused
        # again; the work resumes at ``resume_at``
        super().__init__(message, retryable=False)
        self.resume_at = resume_at
        self.budget = budget


def applicable(engine: str, source_pk: int):
    """The budgets that apply to ``engine`` working for source ``source_pk`` (0: the engine's alone)."""
    scope = Q(source__isnull=True) | Q(source_id=source_pk) if source_pk else Q(source__isnull=True)
    return Budget.objects.filter(scope, engine=engine)


def reserve(
    engine: str, characters: int, *, source_pk: int | None = None, now: datetime | None = None, also: Callable[[], None] | None = None
) -> None:
    """Count one request of ``characters`` to ``engine`` against its budgets and in its usage, or raise
    :class:`BudgetReached` (counting nothing) when a budget would be exceeded; an ``EngineError`` that is not
    retryable when the batch alone is larger than a budget's limit (it could never be sent). ``also``: more
    writes to make with the count (the engine's daily count), not made with a refusal.

    An engine without a budget costs one statement: the usage is counted unless a budget applies. Otherwise,
    in one transaction (a savepoint inside the caller's): the budgets locked in the order of their ids (two
    workers never wait for each other crosswise), checked, raised, and the usage counted."""
    source_pk = current_source() if source_pk is None else source_pk
    now = now or timezone.now()
    day = periods.today(now)
    if _count(engine, source_pk, day, characters=characters, requests=1, unless_budgeted=True):
        if also is not None:
            also()
        return
    month = periods.month_of(day)
    with transaction.atomic():
        budgets = list(applicable(engine, source_pk).select_related("source").select_for_update(of=("self",)).order_by("pk"))
        over = [refusal for budget in budgets if (refusal := _refusal(budget, characters, day))]
        if over:  # a batch that can never pass says so first; else the budget that frees up last
            never = [refusal for refusal in over if not isinstance(refusal, BudgetReached)]
            raise never[0] if never else max(over, key=lambda refusal: refusal.resume_at)
        Budget.objects.filter(pk__in=[budget.pk for budget in budgets]).update(
            spent_today=Case(When(day=day, then=F("spent_today") + characters), default=Value(characters)),
            day=Value(day),
            spent_this_month=Case(When(month=month, then=F("spent_this_month") + characters), default=Value(characters)),
            month=Value(month),
            updated_at=Value(now),
        )
        _count(engine, source_pk, day, characters=characters, requests=1)
        if also is not None:
            also()


def _refusal(budget: Budget, characters: int, day) -> EngineError | None:
    """Why ``budget`` refuses ``characters`` more on ``day``; None when it does not."""
    today, month = spent_on(budget, day)
    for period, limit, used, starts in (
        ("daily", budget.daily_chars, today, periods.next_day(day)),
        ("monthly", budget.monthly_chars, month, periods.next_month(day)),
    ):
        if limit is None or used + characters <= limit:
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


def _count(
    engine: str, source_pk: int, day, *, characters: int = 0, requests: int = 0, memory_characters: int = 0,
    unless_budgeted: bool = False,
) -> bool:
    """Add to the usage row of (engine, source, day), in one statement (an upsert: two workers counting at
    once both count); ``unless_budgeted``: only when no budget applies. Whether it counted."""
    table = connection.ops.quote_name(Usage._meta.db_table)
    values = [engine, source_pk, day.isoformat(), characters, requests, memory_characters]
    condition = "WHERE true"
    if unless_budgeted:
        budgets = connection.ops.quote_name(Budget._meta.db_table)
        condition = (f"WHERE NOT EXISTS (SELECT 1 FROM {budgets} WHERE engine = %s "
                     f"AND (source_id IS NULL OR source_id = %s))")  # fmt: skip
        values += [engine, source_pk]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (engine, source_pk, day, characters, requests, memory_characters) "
            f"SELECT %s, %s, %s, %s, %s, %s {condition} ON CONFLICT (engine, source_pk, day) DO UPDATE SET "
            f"characters = {table}.characters + excluded.characters, requests = {table}.requests + excluded.requests, "
            f"memory_characters = {table}.memory_characters + excluded.memory_characters",
            values,
        )
        return cursor.rowcount > 0
