"""`dragoman budgets`: character limits per engine (or engine and source), per day and per month: set, list.
How they are enforced: docs/budgets.md."""

from __future__ import annotations

from dragoman.budgets.limits import BudgetError, all_left, set_budget
from dragoman.cli.common import CommandError, write_table
from dragoman.cli.engines import known_engine
from dragoman.sources.models import Source

COLUMNS = ("engine", "source_id", "source", "daily_chars", "spent_today", "left_today", "monthly_chars",
           "spent_this_month", "left_this_month")  # fmt: skip


def set_(args) -> int:
    known_engine(args.engine)
    if args.clear and (args.daily_chars is not None or args.monthly_chars is not None):
        raise CommandError("--clear removes both limits; give it alone, or set a limit to 0 to remove only that one")
    if not args.clear and args.daily_chars is None and args.monthly_chars is None:
        raise CommandError("give --daily-chars N, --monthly-chars N (0 removes a limit) or --clear")
    source = None
    if args.source is not None:
        source = Source.objects.filter(pk=args.source).first()
        if source is None:
            raise CommandError(f"no source with id {args.source}; see: dragoman sources list")
    daily = None if args.clear else (False if args.daily_chars is None else args.daily_chars)
    monthly = None if args.clear else (False if args.monthly_chars is None else args.monthly_chars)
    try:
        budget = set_budget(args.engine, source, daily=daily, monthly=monthly)
    except BudgetError as exc:
        raise CommandError(str(exc)) from None
    scope = args.engine if source is None else f"{args.engine} for source {source.pk} ({source})"
    if budget is None:
        print(f"no budget for {scope}: no limit")
        return 0
    limits = [f"{name} {limit:,} characters" for name, limit in (("daily", budget.daily_chars), ("monthly", budget.monthly_chars)) if limit]
    print(f"budget of {scope}: {', '.join(limits)} (spent today {budget.spent_today:,}, this month {budget.spent_this_month:,})")
    return 0


def list_(args) -> int:
    rows = [vars(row) for row in all_left()]
    write_table(rows, COLUMNS, args.format,
                empty_hint="no budgets; set one with: dragoman budgets set ENGINE --daily-chars N")  # fmt: skip
    return 0



def _chars(n: int) -> str:
    return f"{n:,} characters"


def _cost(value: str | None, currency: str | None) -> str:
    return "" if value is None else f" = {value} {currency}"


def _period(name: str, period, currency: str | None) -> str:
    saved = f", memory saved {_chars(period.memory_characters)}{_cost(period.memory_cost, currency)}" if period.memory_characters else ""
    return f"{name} {_chars(period.characters)} in {period.requests} requests{_cost(period.cost, currency)}{saved}"


def spending_text(spending) -> None:
    """The part of `dragoman status` about what the engines cost: characters and costs per engine and per
    source, today and this month, what the memory saved, the budgets and what is left, waiting translations."""
    if spending is None:
        return
    print(f"spending (days and months in {spending.time_zone}; today {spending.today}, month {spending.month}):"
          if spending.engines else "spending: nothing sent to an engine this month")  # fmt: skip
    for e in spending.engines:
        price = f" at {e.price_per_million} {e.currency} per million" if e.price_per_million is not None else " (no price set)"
        print(f"  {e.engine}{price}\t{_period('today', e.today, e.currency)}; {_period('this month', e.month, e.currency)}")
    for s in spending.sources:
        print(f"  source {s.source_id} {s.source}\t{s.engine}\t{_period('today', s.today, s.currency)}; "
              f"{_period('this month', s.month, s.currency)}")  # fmt: skip
    print("budgets:" if spending.budgets else "budgets: none")
    for b in spending.budgets:
        scope = b.engine if b.source_id is None else f"{b.engine} for source {b.source_id} ({b.source})"
        limits = [
            f"{name} {limit:,}: spent {spent:,}, left {left:,}"
            for name, limit, spent, left in (("daily", b.daily_chars, b.spent_today, b.left_today),
                                             ("monthly", b.monthly_chars, b.spent_this_month, b.left_this_month))
            if limit is not None
        ]  # fmt: skip
        print(f"  {scope}\t{'; '.join(limits)}")
    w = spending.waiting
    if w.count:
        last = "" if w.last_resume == w.next_resume else f", the last at {w.last_resume:%Y-%m-%d %H:%M %Z}"
        print(f"waiting for a budget: {w.count} translation{'' if w.count == 1 else 's'}, the first resume at {w.next_resume:%Y-%m-%d %H:%M %Z}{last}")
    else:
        print("waiting for a budget: none")
