from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify


def default_poll_interval() -> int:
    return settings.POLL_INTERVAL_MINUTES


class Source(models.Model):
    """A news source: for now an RSS/Atom feed, polled on its own schedule."""

    class Kind(models.TextChoices):
        FEED = "feed", "Feed (RSS, Atom, RDF)"

    url = models.URLField("feed URL", max_length=2000, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FEED)
    name = models.CharField(max_length=300, blank=True, help_text="The source site's name, shown in attributions.")
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    site_url = models.URLField(max_length=2000, blank=True)
    source_language = models.CharField(max_length=12, default="en")
    target_languages = models.JSONField(default=list, help_text='Languages to translate into, e.g. ["es"].')
    engine = models.CharField(
        max_length=200,
        default="apertium",
        help_text="An engine, or a fallback chain tried in order, comma-separated: e.g. deepl,apertium.",
    )
    enabled = models.BooleanField(default=True)

    poll_interval_minutes = models.PositiveIntegerField(default=default_poll_interval)
    next_check_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "url"]

    def __str__(self) -> str:
        return self.name or self.url

    @property
    def engine_chain(self) -> list[str]:
        return [name.strip() for name in self.engine.split(",") if name.strip()]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        base = slugify(self.name or self.url.split("//", 1)[-1], allow_unicode=True)[:100] or "source"
        slug, n = base, 2
        while Source.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def schedule_next_check(self, *, failed: bool) -> None:
        """Next poll after the interval, backing off exponentially (capped at a day) while polls fail."""
        now = timezone.now()
        self.last_checked_at = now
        if failed:
            self.error_count += 1
            delay = min(self.poll_interval_minutes * 2 ** min(self.error_count, 10), 24 * 60)
        else:
            self.error_count = 0
            self.last_error = ""
            delay = self.poll_interval_minutes
        self.next_check_at = now + timedelta(minutes=delay)
