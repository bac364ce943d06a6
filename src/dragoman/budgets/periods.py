"""The days and months budgets count in: those of ``settings.TIME_ZONE`` (UTC unless set otherwise), the same
days ``articles.EngineUsage`` counts in."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def zone():
    return timezone.get_default_timezone()


def today(now: datetime | None = None) -> date:
    """The day it is at ``now`` (default: now) in the budgets' time zone."""
    return timezone.localtime(now or timezone.now(), zone()).date()


def month_of(day: date) -> date:
    """The first day of ``day``'s month: how a month is named."""
    return day.replace(day=1)


def next_day(day: date) -> date:
    return day + timedelta(days=1)


def next_month(day: date) -> date:
    first = month_of(day)
    return first.replace(year=first.year + 1, month=1) if first.month == 12 else first.replace(month=first.month + 1)


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the budgets' time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time()), zone())


def moment(when: datetime) -> str:
    """"2026-12-08 00:00 UTC": a moment as the budgets' messages write it."""
    local = timezone.localtime(when, zone())
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
