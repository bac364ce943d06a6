"""Where translations go out: the built-in site, and the operator's WordPress sites."""

from __future__ import annotations

import os
import secrets
import string

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dragoman.articles.models import Translation
from dragoman.publish.languages import base_language
from dragoman.publish.phrases import attribution_defaults
from dragoman.sources.models import Source


def _new_key() -> str:
    return secrets.token_hex(6)


class WordPressTarget(models.Model):
    """A WordPress site that translations are published to, through its REST API with an application password
    (Users → Profile → Application Passwords in WordPress). The site needs Dragoman's must-use plugin, which
    lets Dragoman find a post again instead of duplicating it (``dragoman publish wordpress --plugin``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Pending review"
        PUBLISH = "publish", "Published"

    name = models.SlugField(max_length=60, unique=True, help_text="What the command line calls this target.")
    site_url = models.URLField(max_length=500, help_text="The WordPress site's address, e.g. https://news.example.")
    username = models.CharField(max_length=150, help_text="The WordPress user the application password belongs to.")
    application_password = models.CharField(
        max_length=200, blank=True, help_text="Stored here, or leave empty and name an environment variable below."
    )
    password_env = models.CharField(
        "password environment variable",
        max_length=100,
        blank=True,
        help_text="An environment variable holding the application password (preferred over storing it).",
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, help_text="Status given to the posts."
    )
    sources = models.ManyToManyField(
        Source, blank=True, related_name="wordpress_targets", help_text="Sources whose translations go here."
    )
    languages = models.JSONField(
        default=list, blank=True, help_text='Target languages published here, e.g. ["ar"]; empty: all of them.'
    )
    default_author = models.PositiveIntegerField(
        null=True, blank=True, help_text="WordPress user id of the posts' author (empty: the user above)."
    )
    author_map = models.JSONField(
        default=dict,
        blank=True,
        help_text='Original byline or source slug → WordPress user id, e.g. {"Maren Holloway": 3, "harbour-ledger": 5}.',
    )
    default_categories = models.JSONField(default=list, blank=True, help_text='Category names, e.g. ["World"].')
    category_map = models.JSONField(
        default=dict, blank=True, help_text='Source slug → category names, e.g. {"harbour-ledger": ["Europe"]}.'
    )
    tag_map = models.JSONField(
        default=dict,
        blank=True,
        help_text='Original tag → tag on WordPress, e.g. {"Economy": "اقتصاد"}; unmapped tags are used as they are.',
    )
    enabled = models.BooleanField(default=True)
    key = models.CharField(
        max_length=12, default=_new_key, editable=False, help_text="Marks this installation's posts on the site."
    )

    class Meta:
        verbose_name = "WordPress target"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.site_url})"

    def clean(self) -> None:
        if not self.application_password and not self.password_env:
            raise ValidationError("Give the application password, or the environment variable that holds it.")

    @property
    def password(self) -> str:
        """The application password: the environment variable's when one is named, else the stored one."""
        if self.password_env:
            return os.environ.get(self.password_env, "") or self.application_password
        return self.application_password

    def takes(self, translation: Translation) -> bool:
        """Whether this target publishes the translation: its source is linked here, its language wanted."""
        if not self.enabled:
            return False
        if self.languages and translation.target_language not in self.languages:
            return False
        return self.sources.filter(pk=translation.article.entry.source_id).exists()

    @classmethod
    def for_translation(cls, translation: Translation) -> list["WordPressTarget"]:
        targets = cls.objects.filter(enabled=True, sources=translation.article.entry.source_id)
        return [t for t in targets if t.takes(translation)]


class Publication(models.Model):
    """A translation put out on one target: the built-in site, or one WordPress site (then ``external_id`` is
    the post's id). One row per (translation, target): publishing again updates, never duplicates."""

    class Target(models.TextChoices):
        SITE = "site", "Built-in site"
        WORDPRESS = "wordpress", "WordPress"

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="publications")
    target = models.CharField(max_length=32, choices=Target.choices, default=Target.SITE)
    wordpress = models.ForeignKey(
        WordPressTarget, null=True, blank=True, on_delete=models.CASCADE, related_name="publications"
    )
    external_id = models.CharField(max_length=200, blank=True)
    media_id = models.CharField(max_length=200, blank=True, help_text="The featured image's id on the target.")
    url = models.URLField(max_length=2000, blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "target"], condition=Q(wordpress=None), name="publication_unique_per_target"
            ),
            models.UniqueConstraint(
                fields=["translation", "wordpress"], condition=~Q(wordpress=None), name="publication_unique_per_wordpress"
            ),
        ]

    def __str__(self) -> str:
        where = self.wordpress.name if self.wordpress_id else self.target
        return f"{self.translation} on {where}"


class AttributionTemplate(models.Model):
    """The words of the attribution block in one target language, editable by the operator.

    ``translated_by`` and ``disclaimer`` are sentences with fields in braces: ``{site}`` (the source site's
    name), ``{original_link}`` (that name, linked to the original article), ``{author}``, ``{published}``
    (the original's date and time, in this language's conventions), ``{source_language}``,
    ``{target_language}`` and ``{engine}``. The text is escaped and each field's value is escaped and
    isolated (``<bdi>``), so neither the operator's words nor a source's name can inject markup.
    Defaults ship for English, Spanish, Arabic and French (see :mod:`dragoman.publish.phrases`).
    """

    FIELDS = ("site", "original_link", "author", "published", "source_language", "target_language", "engine")

    language = models.CharField(max_length=12, unique=True, help_text="Target language code, e.g. ar.")
    heading = models.CharField(max_length=200)
    source_label = models.CharField(max_length=100)
    author_label = models.CharField(max_length=100)
    unknown_author = models.CharField(max_length=200, help_text="Shown when the original names no author.")
    published_label = models.CharField(max_length=100)
    original_link = models.CharField(max_length=200, help_text="The text of the link to the original article.")
    translated_by = models.TextField(help_text="e.g. Machine-translated from {source_language} by {engine}.")
    disclaimer = models.TextField(help_text="e.g. This is a translation of an article published by {site}.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]

    def __str__(self) -> str:
        return f"Attribution [{self.language}]"

    def clean(self) -> None:
        errors = {}
        for name in ("translated_by", "disclaimer"):
            try:
                unknown = unknown_fields(getattr(self, name))
            except ValueError as exc:
                errors[name] = f"Not a valid template: {exc}. Write a literal brace as {{{{ or }}}}."
                continue
            if unknown:
                errors[name] = (
                    f"Unknown field(s) {', '.join('{' + f + '}' for f in unknown)}; "
                    f"the fields are {', '.join('{' + f + '}' for f in self.FIELDS)}."
                )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_language(cls, language: str) -> "AttributionTemplate":
        """The operator's template for the language; else the shipped default (English when none ships)."""
        code = base_language(language)
        found = cls.objects.filter(language=code).first()
        return found or cls(language=code, **attribution_defaults(code))


def unknown_fields(phrase: str) -> list[str]:
    """Fields used in ``phrase`` that the attribution does not have (ValueError if it is not a template)."""
    used = [field for _, field, _, _ in string.Formatter().parse(phrase) if field is not None]
    return [field for field in used if field not in AttributionTemplate.FIELDS]


class SearchEntry(models.Model):
    """One published translation as the search finds it: its text and its original's, normalized (see
    :func:`dragoman.publish.search.normalize`). On SQLite an FTS5 table indexes these rows (kept in step by
    triggers); on PostgreSQL a GIN full-text index does. Kept in step with translations by
    :mod:`dragoman.publish.search`."""

    translation = models.OneToOneField(Translation, on_delete=models.CASCADE, related_name="search_entry")
    language = models.CharField(max_length=12, db_index=True)
    title = models.TextField()
    body = models.TextField()
    original_title = models.TextField()
    original_body = models.TextField()
    tags = models.TextField(blank=True, help_text="The original's tags as slugs, each between bars: |economy|budget|.")

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return self.title[:80]
