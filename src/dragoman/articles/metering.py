"""Counting what is sent to an engine: calls and characters, stored per engine per day, and the time the
engine took (for the worker's logs and the benchmarks)."""

from __future__ import annotations

import time

from django.db.models import F
from django.utils import timezone

from dragoman.articles.models import EngineUsage
from dragoman.translate.engines.base import EngineWrapper


class MeteredEngine(EngineWrapper):
    """Wraps an engine; every batch it sends is counted here and in EngineUsage."""

    def __init__(self, inner):
        super().__init__(inner)
        self.calls = 0
        self.characters = 0
        self.seconds = 0.0  # spent inside the engine

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool, **options) -> list[str]:
        chars = sum(len(t) for t in texts)
        self.calls += 1
        self.characters += chars
        usage, _ = EngineUsage.objects.get_or_create(engine=self.inner.name, day=timezone.localdate())
        EngineUsage.objects.filter(pk=usage.pk).update(characters=F("characters") + chars, requests=F("requests") + 1)
        started = time.perf_counter()
        try:
            return super().translate_batch(texts, source, target, markup=markup, **options)
        finally:
            self.seconds += time.perf_counter() - started
