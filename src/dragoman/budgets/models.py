"""Prices, budgets and usage of the translation engines.

EnginePrice (per engine: a price per million characters, in a currency); Budget (per engine, or per engine
and source: daily and/or monthly character limits, with the characters spent in the current day and month,
counted by :func:`dragoman.budgets.spending.reserve` before each batch is sent); Usage (per engine, source and
day: characters sent, requests, and characters the translation memory saved). Days and months are those of
``settings.TIME_ZONE`` (UTC unless set otherwise), as for ``articles.EngineUsage``.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from dragoman.sources.models import Source


class EnginePrice(models.Model):
    """What an engine costs: a price per million characters sent."""

    engine = models.CharField(max_length=50, unique=True)
    per_million = models.DecimalField(
        max_digits=12, decimal_places=4, validators=[MinValueValidator(0)],
        help_text="Price per million characters sent to the engine.",
    )  # fmt: skip
    currency = models.CharField(max_length=8, default="USD", help_text="A label: USD, EUR...")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["engine"]

    def __str__(self) -> str:
        return f"{self.engine}: {self.per_million} {self.currency} per million characters"


class Budget(models.Model):
    """Characters an engine may be sent per day and per month, for every source (``source`` empty) or for one
    source. The spent counters belong to the day and month they name; a new period starts them at zero."""

    engine = models.CharField(max_length=50)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="budgets",
        help_text="Only this source's articles; empty: every source's.",
    )  # fmt: skip
    daily_chars = models.PositiveBigIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Characters per day; empty: no daily limit."
    )
    monthly_chars = models.PositiveBigIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Characters per month; empty: no monthly limit."
    )
    day = models.DateField(null=True, blank=True, help_text="The day spent_today counts.")
    spent_today = models.PositiveBigIntegerField(default=0)
    month = models.DateField(null=True, blank=True, help_text="The first day of the month spent_this_month counts.")
    spent_this_month = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["engine", "source_id"]
        constraints = [
            models.UniqueConstraint(fields=["engine"], condition=Q(source__isnull=True), name="budget_one_per_engine"),
            models.UniqueConstraint(fields=["engine", "source"], name="budget_one_per_engine_source"),
        ]

    def __str__(self) -> str:
        return f"budget of {self.scope}"

    @property
    def scope(self) -> str:
        """"deepl", or "deepl for source 3 (Example News)"."""
        return self.engine if self.source_id is None else f"{self.engine} for source {self.source_id} ({self.source})"


class Usage(models.Model):
    """What one engine was sent for one source on one day, and what the translation memory saved it.
    ``source_pk`` is the source's id, 0 for work outside the pipeline (``dragoman translate``); kept as a
    number, not a foreign key, so the bill of a deleted source stays."""

    engine = models.CharField(max_length=50)
    source_pk = models.PositiveIntegerField(default=0, help_text="The source's id; 0: outside the pipeline.")
    day = models.DateField()
    characters = models.PositiveBigIntegerField(default=0, help_text="Characters sent to the engine.")
    requests = models.PositiveIntegerField(default=0)
    memory_characters = models.PositiveBigIntegerField(
        default=0, help_text="Characters of the units the translation memory served instead of the engine."
    )

    class Meta:
        verbose_name_plural = "usage per engine, source and day"
        ordering = ["-day", "engine", "source_pk"]
        constraints = [models.UniqueConstraint(fields=["engine", "source_pk", "day"], name="budget_usage_unique_per_day")]

    def __str__(self) -> str:
        return f"{self.engine} source {self.source_pk} {self.day}: {self.characters}"
