"""What the engines were sent and what it cost, today and this month, per engine and per source; what the
translation memory saved; the budgets and what is left of them (for ``dragoman status``, ``/metrics`` and the
admin's activity page). Costs are strings of decimals (JSON has no decimal type), in each engine's currency."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from dragoman.budgets import periods
from dragoman.budgets.limits import Left, all_left
from dragoman.budgets.models import Usage
from dragoman.budgets.prices import cost, prices
from dragoman.sources.models import Source


@dataclass
class Period:
    """Usage in one period (today, or this month)."""

    characters: int = 0
    requests: int = 0
    cost: str | None = None  # None: the engine has no price
    memory_characters: int = 0  # served by the translation memory instead of the engine
    memory_cost: str | None = None  # what they would have cost


@dataclass
class EngineSpending:
    engine: str
    currency: str | None
    price_per_million: str | None
    today: Period
    month: Period


@dataclass
class SourceSpending:
    source_id: int  # 0: outside the pipeline (dragoman translate)
    source: str
    engine: str
    currency: str | None
    today: Period
    month: Period


@dataclass
class Waiting:
    """Translations waiting for a budget, and when the first and the last resume."""

    count: int = 0
    next_resume: datetime | None = None
    last_resume: datetime | None = None


@dataclass
class Spending:
    time_zone: str
    today: str
    month: str
    engines: list[EngineSpending]
    sources: list[SourceSpending]
    budgets: list[Left]
    waiting: Waiting = field(default_factory=Waiting)

    def as_json(self) -> dict:
        return asdict(self)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def spending(now: datetime | None = None, waiting: Waiting | None = None) -> Spending:
    """The figures, read in a few queries (usage of this month, grouped)."""
    now = now or timezone.now()
    day = periods.today(now)
    month = periods.month_of(day)
    known = prices()
    rows = (
        Usage.objects.filter(day__gte=month, day__lte=day)
        .values_list("engine", "source_pk", "day")
        .annotate(c=Sum("characters"), r=Sum("requests"), m=Sum("memory_characters"))
        .order_by()
    )
    by_engine: dict[str, tuple[Period, Period]] = {}
    by_source: dict[tuple[int, str], tuple[Period, Period]] = {}
    for engine, source_pk, row_day, chars, requests, saved in rows:
        for key, table in ((engine, by_engine), ((source_pk, engine), by_source)):
            today_period, month_period = table.setdefault(key, (Period(), Period()))
            for period in (month_period, today_period) if row_day == day else (month_period,):
                period.characters += chars or 0
                period.requests += requests or 0
                period.memory_characters += saved or 0
    for engine in known:
        by_engine.setdefault(engine, (Period(), Period()))
    for engine, periods_ in [*by_engine.items(), *((key[1], value) for key, value in by_source.items())]:
        for period in periods_:
            period.cost = _money(cost(engine, period.characters, known=known))
            period.memory_cost = _money(cost(engine, period.memory_characters, known=known))
    names = {source.pk: str(source) for source in Source.objects.filter(pk__in={pk for pk, _ in by_source})}
    engines = [
        EngineSpending(engine, known[engine].currency if engine in known else None,
                       str(known[engine].per_million) if engine in known else None, *by_engine[engine])
        for engine in sorted(by_engine)
    ]  # fmt: skip
    sources = [
        SourceSpending(pk, names.get(pk, "outside the pipeline" if pk == 0 else f"source {pk} (deleted)"), engine,
                       known[engine].currency if engine in known else None, *value)
        for (pk, engine), value in sorted(by_source.items())
    ]  # fmt: skip
    return Spending(
        time_zone=settings.TIME_ZONE, today=day.isoformat(), month=f"{month:%Y-%m}", engines=engines, sources=sources,
        budgets=all_left(now), waiting=waiting or Waiting(),
    )  # fmt: skip
