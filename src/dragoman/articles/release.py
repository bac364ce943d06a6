"""Releasing an entry an editor wants after all: one that a filter rule held back (``filtered``) gets its
translations planned, and one older than its source's import window (``archived``) goes back to ``discovered``,
for the normal steps to fetch, extract and translate. Each release is recorded (:class:`dragoman.rules.models.Release`):
a released entry is not filtered again, even when it is extracted again.

One function for the admin's action and for `dragoman entries release`.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from dragoman.articles.models import Article, Entry
from dragoman.rules.models import Release

RELEASABLE = (Entry.State.FILTERED, Entry.State.ARCHIVED)


class ReleaseError(ValueError):
    """An entry that cannot be released: not found, or neither filtered nor archived (the message says which)."""


def release(entry_id: int, *, by: str = "", pipeline=None) -> str:
    """Release the entry ``entry_id``; returns what was done, in one line. ``pipeline`` plans a filtered entry's
    translations (a :class:`~dragoman.articles.pipeline.Pipeline`; one is made, and closed, when not given).
    Raises :class:`ReleaseError`."""
    entry = Entry.objects.select_related("source").filter(pk=entry_id).first()
    if entry is None:
        raise ReleaseError(f"no entry {entry_id}")
    if entry.state not in RELEASABLE:
        raise ReleaseError(f"entry {entry_id} is {entry.state}, not filtered or archived: there is nothing to release")
    if entry.state == Entry.State.ARCHIVED:
        return _release_archived(entry, by)
    if pipeline is None:
        from dragoman.articles.pipeline import Pipeline

        with Pipeline() as made:
            return _release_filtered(entry, by, made)
    return _release_filtered(entry, by, pipeline)


def _record(entry: Entry, by: str) -> None:
    Release.objects.update_or_create(
        entry=entry,
        defaults={"from_state": entry.state, "reason": entry.error, "released_by": by[:150], "released_at": timezone.now()},
    )


def _moved(entry: Entry, state: str, was: str) -> bool:
    """Move the entry on to ``state`` if it is still ``was`` (one conditional statement: of two editors releasing
    it at once, one does), free of any claim."""
    fields = {"state": state, "error": "", "failed_step": "", "attempts": 0, "claimed_by": "", "lease_until": None,
              "updated_at": timezone.now()}  # fmt: skip
    return Entry.objects.filter(pk=entry.pk, state=was).update(**fields) == 1


def _release_archived(entry: Entry, by: str) -> str:
    with transaction.atomic():
        _record(entry, by)
        if not _moved(entry, Entry.State.DISCOVERED, Entry.State.ARCHIVED):
            raise ReleaseError(f"entry {entry.pk} changed while it was being released; try again")
    return f"entry {entry.pk} released from archived: it will be fetched ({entry.url})"


def _release_filtered(entry: Entry, by: str, pipeline) -> str:
    article = Article.objects.select_related("entry__source").filter(entry=entry).first()
    # the routes first: an engine may ask its service for its pairs (outside the transaction)
    routes = article and pipeline.routes(entry.source, article.source_language, declared=article.declared_language)
    with transaction.atomic():
        _record(entry, by)
        # no article (stored before it was: it cannot be, but then): extracted again, and not filtered
        moved = _moved(entry, Entry.State.EXTRACTED if article else Entry.State.FETCHED, Entry.State.FILTERED)
        if not moved:
            raise ReleaseError(f"entry {entry.pk} changed while it was being released; try again")
        if article is None:
            return f"entry {entry.pk} released from filtered: it will be extracted again ({entry.url})"
        planned = pipeline.plan_translations(article, routes=routes)
    return f"entry {entry.pk} released from filtered: {planned} translation(s) planned ({entry.url})"
