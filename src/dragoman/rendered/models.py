"""What is left to render: one row per public page that a change made out of date."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class StalePage(models.Model):
    """A public page to render again, by its address (``/``, ``/sources/ledger/``, ``/feeds/atom.xml``; a
    listing's address stands for its pages too). Written in the transaction that changed what the page shows,
    and deleted in the one that wrote the page, so a page is never left out of date for good: a crash in
    between leaves the row, and the next pass renders it (:mod:`dragoman.rendered.pages`)."""

    path = models.CharField(max_length=1000, unique=True)
    marked_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["marked_at", "pk"]

    def __str__(self) -> str:
        return self.path


class RenderPass(models.Model):
    """When a worker last began a pass over the marked pages (one row): every worker process of every machine asks
    it before a pass, so that the shared pages are rendered at most every ``DRAGOMAN_RENDER_SECONDS`` by all of them
    together, not by each (:func:`dragoman.rendered.pages.take_pass`)."""

    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"last pass at {self.started_at:%Y-%m-%d %H:%M:%S}"
