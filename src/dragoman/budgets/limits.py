"""Setting budgets (for ``dragoman budgets set`` and the admin) and reading what is left of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from dragoman.budgets import periods
from dragoman.budgets.models import Budget, Usage


class BudgetError(ValueError):
    """A budget that cannot be set as asked; the message says what was wrong."""


def set_budget(engine: str, source=None, *, daily: int | None | bool = False, monthly: int | None | bool = False) -> Budget | None:
    """Set the daily and/or monthly limit of ``engine``'s budget (for ``source``, when given). For each limit:
    ``False`` leaves it as it is, ``None`` or 0 removes it, a positive number sets it. A budget left with no
    limit is deleted (returns None). Its counters start from what was already sent today and this month."""
    for name, value in (("daily", daily), ("monthly", monthly)):
        if value is not False and value is not None and (isinstance(value, bool) or value < 0):
            raise BudgetError(f"the {name} limit must be a whole number of characters, 0 or more (got {value})")
    with transaction.atomic():
        _hold_usage()
        budget = Budget.objects.select_for_update().filter(engine=engine, source=source).first() or Budget(engine=engine, source=source)
        if daily is not False:
            budget.daily_chars = daily or None
        if monthly is not False:
            budget.monthly_chars = monthly or None
        if budget.daily_chars is None and budget.monthly_chars is None:
            if budget.pk is not None:
                budget.delete()
            return None
        recount(budget)
        budget.save()
    return budget


def save_budget(budget: Budget) -> None:
    """Save ``budget`` (the admin's), its counters recounted from the usage."""
    with transaction.atomic():
        _hold_usage()
        recount(budget)
        budget.save()


def _hold_usage() -> None:
    """For the rest of the transaction, no engine counts a batch as unbudgeted (the first statement of
    :func:`dragoman.budgets.spending.reserve`): what was sent is all in a recount, and whatever is sent after
    sees the budget. SQLite's transactions hold the whole database already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(Usage._meta.db_table)} IN EXCLUSIVE MODE")


def recount(budget: Budget, now: datetime | None = None) -> None:
    """Set ``budget``'s counters (not saved) to what its engine was sent today and this month, for its source
    or for all: a budget set in the middle of a day counts the day's characters already sent."""
    day = periods.today(now)
    month = periods.month_of(day)
    usage = Usage.objects.filter(engine=budget.engine)
    if budget.source_id is not None:
        usage = usage.filter(source_pk=budget.source_id)
    budget.day, budget.spent_today = day, usage.filter(day=day).aggregate(n=Sum("characters"))["n"] or 0
    budget.month = month
    budget.spent_this_month = usage.filter(day__gte=month, day__lte=day).aggregate(n=Sum("characters"))["n"] or 0


@dataclass
class Left:
    """A budget's limits, what was spent and what is left, in the current day and month (None: no limit)."""

    engine: str
    source_id: int | None
    source: str
    daily_chars: int | None
    spent_today: int
    left_today: int | None
    monthly_chars: int | None
    spent_this_month: int
    left_this_month: int | None


def spent(budget: Budget, now: datetime | None = None) -> tuple[int, int]:
    """What ``budget`` counted today and this month (its counters of an earlier period count 0)."""
    return spent_on(budget, periods.today(now))


def spent_on(budget: Budget, day: date) -> tuple[int, int]:
    """What ``budget`` counted on ``day`` and in its month."""
    return (
        budget.spent_today if budget.day == day else 0,
        budget.spent_this_month if budget.month == periods.month_of(day) else 0,
    )


def left(budget: Budget, now: datetime | None = None) -> Left:
    today, month = spent(budget, now)
    return Left(
        engine=budget.engine,
        source_id=budget.source_id,
        source=str(budget.source) if budget.source_id else "",
        daily_chars=budget.daily_chars,
        spent_today=today,
        left_today=None if budget.daily_chars is None else max(budget.daily_chars - today, 0),
        monthly_chars=budget.monthly_chars,
        spent_this_month=month,
        left_this_month=None if budget.monthly_chars is None else max(budget.monthly_chars - month, 0),
    )


def all_left(now: datetime | None = None) -> list[Left]:
    return [left(budget, now) for budget in Budget.objects.select_related("source").order_by("engine", "source_id")]


def period_days(now: datetime | None = None) -> tuple[date, date]:
    """Today and the first day of this month."""
    day = periods.today(now or timezone.now())
    return day, periods.month_of(day)
