"""The rows the pipeline moves forward. Each carries its own state, so any worker can pick work up again.

Entry (discovered -> fetched -> extracted, or failed; or set_aside: extracted, in a language that no engine
of its source translates into any of its targets; or filtered: extracted, and a filter rule kept it from
translation; or archived: older than its source's first-import window, never fetched until released) 1-1
Page, 1-1 Article 1-n Translation (pending -> translated -> published, or failed; held for an editor:
translated -> review -> published or rejected; set_aside when no engine here translates the article's
language into the target; waiting while a budget of its engine or source is spent; its ``mode`` says
whether the whole article, its title and standfirst, or its title alone is translated) 1-n Revision (an
editor's corrections, kept).
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from dragoman.leases import Leased
from dragoman.sources.models import Source


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Entry(Leased):
    """One item seen in a source, seen once: unique per source by GUID (or URL)."""

    class State(models.TextChoices):
        DISCOVERED = "discovered"
        FETCHED = "fetched"
        EXTRACTED = "extracted"
        FAILED = "failed"
        # extracted, and every translation set aside (see Translation.State.SET_ASIDE): "error" says why
        SET_ASIDE = "set_aside", "Set aside"
        # extracted, and a filter rule (dragoman.rules) said it is not worth translating: "error" names the
        # rule that matched; an editor may release it
        FILTERED = "filtered"
        # older than the source's import window (Source.since_days) when it was found: stored, never
        # fetched nor translated unless an editor releases it; "error" says why
        ARCHIVED = "archived"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=64, help_text="SHA-256 of the GUID, or of the URL when there is none.")
    guid = models.CharField(max_length=2000, blank=True)
    url = models.URLField(max_length=2000)
    title = models.TextField(blank=True, help_text="As the feed gives it.")
    feed_published_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DISCOVERED, db_index=True)
    failed_step = models.CharField(max_length=16, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "entries"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="entry_unique_per_source")]

    def __str__(self) -> str:
        return self.title or self.url


class Page(models.Model):
    """The fetched article page, as the server sent it."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="page")
    final_url = models.URLField(max_length=2000)
    status_code = models.PositiveSmallIntegerField()
    headers = models.JSONField(default=dict)
    content = models.BinaryField()
    fetched_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.final_url


class Article(models.Model):
    """What extraction found on the page: the original, in its own language."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="article")
    url = models.URLField(max_length=2000, help_text="The original article's address.")
    canonical_url = models.URLField(max_length=2000, blank=True)
    title = models.TextField()
    subtitle = models.TextField(blank=True)
    authors = models.JSONField(default=list)
    published_at = models.DateTimeField(null=True, blank=True)
    published_offset = models.IntegerField(
        null=True, blank=True, help_text="The original's UTC offset in minutes, to show its own local time."
    )
    modified_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=12, blank=True, help_text="What the text is written in: the text's verdict, or the page's declaration."
    )
    declared_language = models.CharField(
        max_length=12, blank=True, help_text="What the page declares (<html lang>, inLanguage...), kept for the record."
    )
    site_name = models.CharField(max_length=300, blank=True)
    image_url = models.URLField(max_length=2000, blank=True)
    image_caption = models.TextField(blank=True)
    image_file = models.CharField(max_length=300, blank=True, help_text="Local copy under MEDIA_ROOT.")
    image_credit = models.CharField(
        max_length=300, blank=True, help_text="Who the lead image is by, as the original credits it (shown with it)."
    )
    tags = models.JSONField(default=list, blank=True, help_text="The original's tags (keywords), as it gives them.")
    section = models.CharField(max_length=200, blank=True, help_text="The original's section (World, Economy...).")
    body_html = models.TextField()
    text = models.TextField(blank=True)
    rewrites = models.JSONField(
        default=list,
        blank=True,
        help_text="The rewrite rules that changed the extracted article before translation, in the order applied.",
    )
    extracted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-extracted_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def author(self) -> str:
        return ", ".join(self.authors)

    @property
    def published_local(self):
        """The publication time as the original gave it, in its own offset."""
        if self.published_at is None or self.published_offset is None:
            return self.published_at
        from datetime import timedelta, timezone as dt_timezone

        return self.published_at.astimezone(dt_timezone(timedelta(minutes=self.published_offset)))

    @property
    def original_url(self) -> str:
        return self.canonical_url or self.url

    @property
    def source_language(self) -> str:
        """The language the article is written in: as the page declares it, else as its source says."""
        return self.language or self.entry.source.source_language


class Translation(Leased):
    """An article in one target language by one engine. Published only when every unit passed its checks."""

    class State(models.TextChoices):
        PENDING = "pending"
        TRANSLATED = "translated"
        REVIEW = "review"  # held for an editor (the source does not auto-publish)
        PUBLISHED = "published"
        REJECTED = "rejected"  # an editor refused it: never published
        FAILED = "failed"
        # the article is in a language no engine of its source translates into the target (a German page
        # in an English source): never translated, never published, and no failure ("error" says why)
        SET_ASIDE = "set_aside", "Set aside"
        # a budget of its engine or source is spent: not translated before ``lease_until`` (the budget's
        # next period), "error" says which budget and when the work resumes; nothing is lost
        WAITING = "waiting", "Waiting for budget"

    class Mode(models.TextChoices):
        FULL = "full", "Full article"
        LEAD = "lead", "Title and standfirst only"
        TITLE = "title", "Title only"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    target_language = models.CharField(max_length=12)
    engine = models.CharField(max_length=50)
    engine_label = models.CharField(max_length=100, blank=True)
    engine_version = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING, db_index=True)
    error = models.TextField(blank=True, help_text="Why it failed, or why it was set aside.")
    attempts = models.PositiveIntegerField(default=0)

    title = models.TextField(blank=True)
    subtitle = models.TextField(blank=True)
    image_caption = models.TextField(blank=True)
    image_alt = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    tags = models.JSONField(
        default=list, blank=True, help_text="The original's tags translated, in the same order (links use the original's)."
    )
    slug = models.SlugField(max_length=120, allow_unicode=True, blank=True)

    mode = models.CharField(
        max_length=8,
        choices=Mode.choices,
        default=Mode.FULL,
        help_text="What is translated: the whole article, its title and standfirst, or its title alone.",
    )
    units = models.PositiveIntegerField(default=0)
    cache_hits = models.PositiveIntegerField(default=0)
    engine_chars = models.PositiveIntegerField(default=0, help_text="Characters sent to the engine.")
    degraded_units = models.PositiveIntegerField(
        default=0, help_text="Units that failed their checks twice and were published in a safer form."
    )
    degradations = models.JSONField(
        default=list,
        blank=True,
        help_text="Each degraded unit: its number, its label, the checks it failed, the form used.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    translated_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "target_language", "engine"], name="translation_unique_per_engine"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title or self.article.title} [{self.target_language}]"

    def make_slug(self) -> str:
        return slugify(self.title, allow_unicode=True)[:100] or f"article-{self.pk}"

    @property
    def degraded_share(self) -> float:
        """The share of the units that were degraded (0 when there are none)."""
        return self.degraded_units / self.units if self.units else 0.0

    @property
    def degradation_reasons(self) -> list[str]:
        """Each degraded unit, why, and the form it took: one line each."""
        from dragoman.translate.degrade import FORMS

        reasons = []
        for d in self.degradations or []:
            form = FORMS.get(d.get("form"), d.get("form"))
            reasons.append(f"{d.get('label', d.get('unit'))}: {'; '.join(d.get('problems', []))}; {form}")
        return reasons

    @property
    def path_slug(self) -> str:
        """The slug of the translation's address: never empty (an empty one would make no address)."""
        return self.slug or f"article-{self.pk}"

    @property
    def shown_tags(self) -> list[tuple[str, str, bool]]:
        """(name to show, original tag, translated?) for each tag: the translation's name where the
        translation has the tags, else the original's."""
        tags = list(self.article.tags)
        translated = self.tags if isinstance(self.tags, list) and len(self.tags) == len(tags) else []
        return [(str(shown or tag) if translated else tag, tag, bool(translated and shown)) for tag, shown in zip(tags, translated or tags)]


class TranslationMemoryEntry(models.Model):
    """A unit already translated: same engine, version and pair is never sent again."""

    engine = models.CharField(max_length=50)
    engine_version = models.CharField(max_length=200)
    source_language = models.CharField(max_length=12)
    target_language = models.CharField(max_length=12)
    source_hash = models.CharField(max_length=64)
    source_text = models.TextField()
    target_text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "translation memory entry"
        verbose_name_plural = "translation memory"
        constraints = [
            models.UniqueConstraint(
                fields=["engine", "engine_version", "source_language", "target_language", "source_hash"],
                name="memory_unique_segment",
            )
        ]

    def __str__(self) -> str:
        return self.source_text[:80]


class EngineUsage(models.Model):
    """Characters sent to each engine per day: what the operator pays for."""

    engine = models.CharField(max_length=50)
    day = models.DateField()
    characters = models.PositiveBigIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "engine usage"
        ordering = ["-day", "engine"]
        constraints = [models.UniqueConstraint(fields=["engine", "day"], name="usage_unique_per_day")]

    def __str__(self) -> str:
        return f"{self.engine} {self.day}: {self.characters}"


class GlossaryTerm(models.Model):
    """A forced translation of a name for one language pair: it comes out the same way in every article."""

    class Kind(models.TextChoices):
        PERSON = "person"
        PLACE = "place"
        ORGANISATION = "organisation"
        OTHER = "other"

    source_language = models.CharField(max_length=12)
    target_language = models.CharField(max_length=12)
    source_term = models.CharField(max_length=300)
    target_term = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source_language", "target_language", "source_term"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_term"], name="glossary_unique_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_term} -> {self.target_term} ({self.source_language}->{self.target_language})"

    @classmethod
    def terms_for(cls, source_language: str, target_language: str) -> dict[str, str]:
        return dict(
            cls.objects.filter(source_language=source_language, target_language=target_language).values_list(
                "source_term", "target_term"
            )
        )


class Revision(models.Model):
    """One state of a translation's text: the engine's output (kept when an editor first changes it), then
    each editor's correction. The translation itself always holds the latest revision's text."""

    class Kind(models.TextChoices):
        MACHINE = "machine", "Machine translation"
        EDIT = "edit", "Editor's correction"

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.EDIT)
    title = models.TextField(blank=True)
    subtitle = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    editor = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="translation_revisions"
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["translation", "created_at", "pk"]
        permissions = [("review_translation", "Can review, correct, approve and reject translations")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.translation_id} at {self.created_at:%Y-%m-%d %H:%M}"
