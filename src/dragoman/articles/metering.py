"""Counting what is sent to an engine: calls and characters, stored per engine per day."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from dragoman.articles.models import EngineUsage
from dragoman.translate.engines.base import Engine


class MeteredEngine(Engine):
    """Wraps an engine; every batch it sends is counted here and in EngineUsage."""

    def __init__(self, inner: Engine):
        self.inner = inner
        self.calls = 0
        self.characters = 0

    # The wrapper presents itself as the engine it wraps.
    @property
    def name(self) -> str:  # type: ignore[override]
        return self.inner.name

    @property
    def label(self) -> str:  # type: ignore[override]
        return self.inner.label

    @property
    def handles_markup(self) -> bool:  # type: ignore[override]
        return self.inner.handles_markup

    def version(self) -> str:
        return self.inner.version()

    def availability(self) -> tuple[bool, str]:
        return self.inner.availability()

    def pairs(self) -> set[tuple[str, str]]:
        return self.inner.pairs()

    def translate_batch(self, texts: list[str], source: str, target: str, *, markup: bool) -> list[str]:
        chars = sum(len(t) for t in texts)
        self.calls += 1
        self.characters += chars
        usage, _ = EngineUsage.objects.get_or_create(engine=self.inner.name, day=timezone.localdate())
        EngineUsage.objects.filter(pk=usage.pk).update(characters=F("characters") + chars, requests=F("requests") + 1)
        return self.inner.translate_batch(texts, source, target, markup=markup)
