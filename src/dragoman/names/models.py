"""Names kept across articles (see :mod:`dragoman.translate.names` for how they are found and protected).

* :class:`KnownName`: the names memory of a language pair: a name seen in an article, and the one form it
  takes in the target language (as written, a CLDR name, the engine's rendering for a target in another
  script, or an editor's). Later articles find their names with it and spell them the same way.
* :class:`ArticleNames`: the names an article gives about itself (JSON-LD ``about`` and ``mentions``), read
  at extraction.
* :class:`TranslationNames`: the names of one translation and the forms they took (so an editor's change
  of a form can be recognised).
* :class:`NameCorrection`: an editor's change of a name's form in the review queue, offered for the
  glossary; accepted, it becomes a glossary term and the memory's form, and holds everywhere.
"""

from __future__ import annotations

from django.db import models


class KnownName(models.Model):
    class Origin(models.TextChoices):
        WRITTEN = "written", "As written"
        CLDR = "cldr", "Established name (CLDR)"
        ENGINE = "engine", "The engine's rendering"
        EDITOR = "editor", "An editor's form"

    source_language = models.CharField(max_length=12)
    target_language = models.CharField(max_length=12)
    name = models.CharField(max_length=300, help_text="The name as the source writes it.")
    form = models.CharField(max_length=300, help_text="What it becomes in the target language.")
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.WRITTEN)
    seen = models.PositiveIntegerField(default=1, help_text="Translations it was found in.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source_language", "target_language", "name"]
        constraints = [
            models.UniqueConstraint(fields=["source_language", "target_language", "name"], name="known_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} -> {self.form} ({self.source_language}->{self.target_language})"


class ArticleNames(models.Model):
    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="given_names")
    names = models.JSONField(default=list, help_text="JSON-LD about and mentions, by name.")

    class Meta:
        verbose_name_plural = "article names"

    def __str__(self) -> str:
        return ", ".join(self.names)


class TranslationNames(models.Model):
    translation = models.OneToOneField("articles.Translation", on_delete=models.CASCADE, related_name="name_forms")
    forms = models.JSONField(default=dict, help_text="Each name of the original -> the form it took.")

    class Meta:
        verbose_name_plural = "translation names"

    def __str__(self) -> str:
        return ", ".join(f"{k} -> {v}" for k, v in self.forms.items())


class NameCorrection(models.Model):
    class State(models.TextChoices):
        OFFERED = "offered"
        ACCEPTED = "accepted"
        DISMISSED = "dismissed"

    translation = models.ForeignKey("articles.Translation", on_delete=models.CASCADE, related_name="name_corrections")
    name = models.CharField(max_length=300, help_text="The name in the original.")
    old_form = models.CharField(max_length=300)
    new_form = models.CharField(max_length=300)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OFFERED)
    editor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}: {self.old_form} -> {self.new_form} ({self.state})"
