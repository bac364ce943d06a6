"""Stories as the site stores them: the grouping's decisions (:mod:`dragoman.stories.grouping`, plain Python)
kept in the database, so that every worker, process and page sees one grouping.

Story 1-n StoryMember 1-1 Article (a member may be a near-duplicate of another article: a wire copy);
KeptApart records an editor's split (two stories never merged again); StoryClock is the one row every
placement takes (the lock that serialises them, and the counters that keep each process's index in step:
:mod:`dragoman.stories.placing`).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from dragoman.articles.models import Article


def new_token() -> str:
    return uuid.uuid4().hex


class Story(models.Model):
    """Articles about the same event, from any source and in any language."""

    class SummaryKind(models.TextChoices):
        EXTRACTIVE = "extractive", "Sentences of the members"
        MACHINE = "machine", "Machine-written"

    key = models.CharField(max_length=100, unique=True, help_text="The grouping's key for the story.")
    title = models.TextField(blank=True, help_text="Shown on the site, in the site's language.")
    title_by_editor = models.BooleanField(
        default=False, help_text="An editor wrote the title: it is kept when members join."
    )
    first_seen = models.DateTimeField(help_text="The earliest publication among the members.")
    last_update = models.DateTimeField(db_index=True, help_text="When the latest member joined.")
    size = models.PositiveIntegerField(default=0, help_text="Members, near-duplicates included.")
    sources = models.PositiveIntegerField(default=0, help_text="Distinct sources among the members.")
    summary = models.JSONField(
        default=list,
        blank=True,
        help_text='The summary, sentence by sentence: [{"text", "article" (id or null), "source"}].',
    )
    summary_kind = models.CharField(max_length=12, choices=SummaryKind.choices, blank=True)
    summary_engine = models.CharField(
        max_length=200, blank=True, help_text="What wrote the summary: the model, for a machine-written one."
    )
    summary_members = models.PositiveIntegerField(default=0, help_text="Members the summary was made from.")
    summary_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    shown_head = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="What its members' pages last showed of it (dragoman.stories.pages.box_head): while it holds, a "
        "new member changes no other member's page.",
    )

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-last_update", "-pk"]

    def __str__(self) -> str:
        return self.title or self.key

    @property
    def machine_written(self) -> bool:
        return self.summary_kind == self.SummaryKind.MACHINE


class StoryMember(models.Model):
    """One article's place in a story, as the grouping decided it (or an editor corrected it)."""

    class Action(models.TextChoices):
        STARTED = "started"
        JOINED = "joined"
        MERGED = "merged"  # it joined two or more stories, merged into one
        MOVED = "moved", "Moved by an editor"

    class Compared(models.TextChoices):
        ORIGINAL = "original", "The original (written in the site's language)"
        FULL = "full", "The whole translation"
        LEAD = "lead", "The translated title and standfirst"
        TITLE = "title", "The translated title"

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="story_member")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="members")
    joined_at = models.DateTimeField(default=timezone.now)
    published = models.DateTimeField(db_index=True, help_text="The article's publication (the grouping's clock).")
    action = models.CharField(max_length=8, choices=Action.choices)
    score = models.FloatField(default=0.0, help_text="The similarity that decided it.")
    duplicate_of = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="The article this one is a near-duplicate of (a wire copy), if any.",
    )
    compared = models.CharField(max_length=8, choices=Compared.choices, help_text="What it was compared on.")
    language = models.CharField(max_length=12, help_text="The original's language.")
    source_name = models.CharField(max_length=300, blank=True)
    title = models.TextField(blank=True, help_text="In the site's language, as compared.")
    text = models.TextField(blank=True, help_text="In the site's language, as compared: lead and body, plain text.")
    state = models.JSONField(default=dict, blank=True, help_text="The grouping's features of the article.")
    pinned = models.BooleanField(default=False, help_text="An editor put it in this story: it stays there.")
    seq = models.PositiveBigIntegerField(default=0, db_index=True, help_text="The placement's number (StoryClock).")

    class Meta:
        ordering = ["published", "pk"]

    def __str__(self) -> str:
        return f"{self.title or self.article_id} in {self.story_id}"


class KeptApart(models.Model):
    """An editor's split: the two stories are never merged again."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="kept_apart")
    other = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    editor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "stories kept apart"
        verbose_name_plural = "stories kept apart"
        constraints = [models.UniqueConstraint(fields=["story", "other"], name="kept_apart_once")]

    def __str__(self) -> str:
        return f"{self.story_id} apart from {self.other_id}"


class StoryClock(models.Model):
    """The one row (pk 1) that every placement and every editor's correction takes first: it serialises them
    across threads and processes, and counts them, so that each process's index knows what it has missed.

    ``seq`` goes up with each placement (the members it stored carry it); ``generation`` goes up when stories
    change otherwise (a merge, an editor's split or merge, a member removed): an index of an older generation is
    rebuilt from the database."""

    seq = models.PositiveBigIntegerField(default=0)
    generation = models.PositiveBigIntegerField(default=0)
    token = models.CharField(
        max_length=32, default=new_token, help_text="Made with the row: another token is another database (restored, replaced)."
    )

    def __str__(self) -> str:
        return f"placement {self.seq}, generation {self.generation}"
