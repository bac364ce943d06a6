"""Counting what is sent to an engine: calls and characters, stored per engine per day (and, with the budgets,
per engine, source and day), and the time the engine took (for the worker's logs and the benchmarks).

Every batch is first reserved against the engine's budgets (:func:`dragoman.budgets.spending.reserve`): a
batch that would exceed one is not sent (:class:`~dragoman.budgets.spending.BudgetReached`)."""

from __future__ import annotations

import time

from django.db import connection
from django.utils import timezone

from dragoman.articles.models import EngineUsage
from dragoman.budgets.spending import count_saved, reserve
from dragoman.translate.engines.base import EngineWrapper


class MeteredEngine(EngineWrapper):
    """Wraps an engine; every batch it sends is reserved against its budgets and counted here, in EngineUsage
    and in the budgets' usage (for the source the current context works for)."""

    def __init__(self, inner):
        super().__init__(inner)
        self.calls = 0
        self.characters = 0
        self.seconds = 0.0  # spent inside the engine

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool, **options) -> list[str]:
        chars = sum(len(t) for t in texts)
        # all counted in one transaction, or (a budget spent) nothing counted and nothing sent
        reserve(self.inner.name, chars, also=lambda: count_usage(self.inner.name, chars))
        self.calls += 1
        self.characters += chars
        started = time.perf_counter()
        try:
            return super().translate_batch(texts, source, target, markup=markup, **options)
        finally:
            self.seconds += time.perf_counter() - started

    def count_saved(self, characters: int) -> None:
        """Count ``characters`` the translation memory served instead of this engine."""
        count_saved(self.inner.name, characters)


def count_usage(engine: str, characters: int) -> None:
    """Add one request of ``characters`` to the engine's row for today, in one statement (an upsert: two
    workers counting at once both count), committed at once: what was sent is counted even if the step fails."""
    table = connection.ops.quote_name(EngineUsage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (engine, day, characters, requests) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (engine, day) DO UPDATE SET characters = {table}.characters + excluded.characters, "
            f"requests = {table}.requests + 1",
            [engine, timezone.localdate().isoformat(), characters],
        )
