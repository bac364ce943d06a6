"""Placing articles into stories as they arrive, one at a time, with one grouping for every worker.

An article is placed once it can be compared in the site's language (:mod:`dragoman.stories.documents`): right
after its extraction when it is written in that language (the articles app's ``extracted`` signal, heard here),
else when its translation into it is published (:func:`dragoman.publish.publishing.publish` calls
:func:`place_quietly`). Both run after their step's transaction has committed, in their own transaction: a
failure to place is logged and never fails the step; :func:`place_pending`, run by each pass of ``dragoman run
--once`` and by each worker's dispatcher, places what is comparable and not placed yet (a failure, a worker
killed in between).

**One grouping.** Placements are serialised: a thread takes this process's lock, then the one row of
:class:`~dragoman.stories.models.StoryClock` in a transaction (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite
the transaction itself takes the database's write lock as it begins). Under both, the process's
:class:`~dragoman.stories.grouping.StoryIndex` is brought in step with what other processes stored, the article is
added to it, and its membership is stored with the clock's next number (``seq``).

**In step.** Each process keeps one index, built on first use from the members of the window
(:meth:`StoryIndex.restore`: stored features, nothing decided again), with the editors' pins and splits. Before
each placement it restores the members stored since the last number it saw (``seq`` greater than its own).
Whatever else changes stories (a placement that merged stories, an editor's split or merge, a member removed)
raises the clock's ``generation``, and an index of an older generation is rebuilt, as is one that has seen more
placements than the clock counts or another clock (its ``token``: the database was restored or replaced under
it). An index that may hold what the database does not (a placement whose transaction failed) is dropped and rebuilt on next use; it is also
rebuilt every :data:`REBUILD_SECONDS`, which drops what has left the window.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.dispatch import receiver
from django.utils import timezone

from dragoman.articles.models import Article, Entry, Translation
from dragoman.articles.signals import extracted
from dragoman.stories.documents import (
    Comparable,
    base_language,
    comparable,
    in_site_language,
    member_doc,
    site_language_articles,
)
from dragoman.stories.grouping import Placement, StoryIndex, features
from dragoman.stories.models import KeptApart, Story, StoryClock, StoryMember
from dragoman.stories.refresh import refresh_story
from dragoman.stories.summaries import write_machine_summary

log = logging.getLogger(__name__)

#: An index older than this is rebuilt from the database (what has left the window goes).
REBUILD_SECONDS = 6 * 3600
#: Articles :func:`place_pending` places at most in one call.
PENDING_BATCH = 500

#: The attribute of a story, as a placement saves it, that holds the member just placed into it (the rendered
#: pages' signal marks that member's pages, not every member's, while the story's box stays the same).
PLACED = "placed_member"

#: One placement at a time in this process (the clock's row does it across processes).
_lock = threading.RLock()


@dataclass
class LiveIndex:
    """This process's index, and how far it has followed the clock."""

    index: StoryIndex
    token: str
    generation: int
    seq: int
    built: float


_live: LiveIndex | None = None


def window_days() -> float:
    return float(settings.STORY_WINDOW_DAYS)


def index_language() -> str:
    """The comparison language of every index: the site's."""
    return base_language(settings.SITE_LANGUAGE)


def new_index() -> StoryIndex:
    return StoryIndex(window_days=window_days(), language=index_language())


# --- placing ---------------------------------------------------------------------------------------------------


def place(article_id: int, article: Article | None = None) -> StoryMember | None:
    """Place the article into a story (it joins one, starts one or merges some) and store it; its membership
    if it is placed (now or before), None while it has nothing to be compared on. Raises what went wrong.
    ``article``: the row as the caller has it, with its entry and source (else read)."""
    member, story_id = _place(article_id, article)
    if story_id is not None and settings.STORY_SUMMARY_ENGINE == "openai":
        write_machine_summary(story_id)  # outside the lock: a model takes seconds; its failure is logged
    return member


def place_quietly(article_id: int, article: Article | None = None) -> StoryMember | None:
    """:func:`place`, its failure logged rather than raised (a step's caller: the next pass tries again)."""
    try:
        return place(article_id, article)
    except Exception:
        log.exception("article %s not placed into a story (tried again on the next pass)", article_id)
        return None


def place_pending(limit: int = PENDING_BATCH) -> int:
    """Place the articles of the window that can be compared and are not placed yet, oldest first; returns how
    many were placed. One that fails is logged and left for the next call."""
    placed = 0
    for article_id in pending(limit):
        if place_quietly(article_id) is not None:
            placed += 1
    return placed


def pending(limit: int = PENDING_BATCH) -> list[int]:
    """Articles extracted in the last two windows, comparable in the site's language and not placed yet."""
    since = timezone.now() - timedelta(days=2 * window_days())
    translated = Translation.objects.filter(
        article=OuterRef("pk"), target_language=settings.SITE_LANGUAGE, state=Translation.State.PUBLISHED
    )
    written = site_language_articles() & Q(entry__state__in=[Entry.State.EXTRACTED, Entry.State.SET_ASIDE])
    articles = (
        Article.objects.filter(extracted_at__gte=since, story_member__isnull=True)
        .filter(written | Q(Exists(translated)))
        .order_by("published_at", "pk")
    )
    return list(articles.values_list("pk", flat=True)[:limit])


def _place(article_id: int, article: Article | None = None) -> tuple[StoryMember | None, int | None]:
    """The placement, its features computed first and the rest under both locks; (membership, story to write a
    summary for, if it changed)."""
    global _live
    # what the article is compared on, and its features: read and computed before the locks, which every
    # placement of every process waits for (they depend on the article alone, not on the stories)
    if article is None:
        article = Article.objects.select_related("entry__source").filter(pk=article_id).first()
    found = comparable(article) if article is not None else None
    computed = features(found.doc, index_language()) if found is not None else None
    with _lock:
        try:
            with transaction.atomic():
                clock = take_clock()
                stored = StoryMember.objects.select_related("story").filter(article_id=article_id).first()
                if stored is not None:
                    return stored, None
                if found is None:
                    return None, None
                live = synced(clock)
                placement = live.index.add(found.doc, computed)
                member = _store(article, found, placement, clock, live.index)
                clock.save(update_fields=["seq", "generation"])
                setattr(member.story, PLACED, member)
                refresh_story(member.story)
                live.seq, live.generation = clock.seq, clock.generation
        except BaseException:
            _live = None  # it may hold the article, which the database does not: rebuilt on next use
            raise
    log.info(
        "article %s %s story %s",
        article_id,
        placement.action,
        member.story.key,
        extra={"event": "story", "id": article_id, "story": member.story.key, "action": placement.action},
    )
    return member, member.story_id


def _store(article: Article, found: Comparable, placement: Placement, clock: StoryClock, index: StoryIndex) -> StoryMember:
    now = timezone.now()
    doc = found.doc
    story, created = Story.objects.get_or_create(
        key=placement.story, defaults={"first_seen": doc.published, "last_update": now, "created_at": now}
    )
    merged = [key for key in placement.merged if key != placement.story]
    if merged:
        gone = Story.objects.filter(key__in=merged)
        StoryMember.objects.filter(story__in=gone).update(story=story)
        _move_kept_apart(gone, story)
        gone.delete()
        story.shown_head = []  # members moved in: every member's page shows the story again
        clock.generation += 1  # the other processes' indexes do not know of the merge: rebuilt
    duplicate_of = None
    if placement.duplicate_of and Article.objects.filter(pk=int(placement.duplicate_of)).exists():
        duplicate_of = int(placement.duplicate_of)
    clock.seq += 1
    return StoryMember.objects.create(
        article=article,
        story=story,
        joined_at=now,
        published=doc.published,
        action=placement.action,
        score=placement.score,
        duplicate_of_id=duplicate_of,
        compared=found.compared,
        language=doc.language,
        source_name=doc.source[:300],
        title=doc.title,
        text=doc.text,
        state=index.state(doc.id),
        seq=clock.seq,
    )


def _move_kept_apart(gone, story: Story) -> None:
    for row in KeptApart.objects.filter(Q(story__in=gone) | Q(other__in=gone)):
        mine = story.pk if row.story_id in {s.pk for s in gone} else row.story_id
        other = story.pk if row.other_id in {s.pk for s in gone} else row.other_id
        if mine != other:
            KeptApart.objects.get_or_create(story_id=mine, other_id=other, defaults={"editor": row.editor})


# --- the clock and the index -----------------------------------------------------------------------------------


def take_clock() -> StoryClock:
    """The clock's row, held until the transaction ends (call inside one): on PostgreSQL a row lock; on
    SQLite the transaction holds the database's write lock from its start (``transaction_mode``
    IMMEDIATE in the settings), so the insert that makes the row the first time is safe too."""
    clock = StoryClock.objects.select_for_update().filter(pk=1).first()
    if clock is None:
        StoryClock.objects.bulk_create([StoryClock(pk=1)], ignore_conflicts=True)
        clock = StoryClock.objects.select_for_update().get(pk=1)
    return clock


def synced(clock: StoryClock) -> LiveIndex:
    """This process's index, brought in step with the database (under the clock's lock)."""
    global _live
    live = _live
    if (
        live is None
        or (live.token, live.generation) != (clock.token, clock.generation)
        or live.seq > clock.seq  # the database went back (restored): what the index holds may not be there
        or time.monotonic() - live.built > REBUILD_SECONDS
    ):
        live = _live = rebuild(clock)
    elif live.seq != clock.seq:
        for member in _stored().filter(seq__gt=live.seq).order_by("seq", "pk"):
            restore(live.index, member)
        live.seq = clock.seq
    return live


def rebuild(clock: StoryClock) -> LiveIndex:
    """A new index from the members of the window (two windows back from the latest member's publication, so
    that a late article still meets the ones it may join), with the editors' pins and splits."""
    index = new_index()
    newest = StoryMember.objects.aggregate(latest=Max("published"))["latest"]
    if newest is not None:
        since = newest - timedelta(days=2 * window_days())
        for member in _stored().filter(published__gte=since).order_by("seq", "pk"):
            restore(index, member)
    for story, other in KeptApart.objects.values_list("story__key", "other__key"):
        index.keep_apart(story, other)
    return LiveIndex(index, clock.token, clock.generation, clock.seq, time.monotonic())


def restore(index: StoryIndex, member: StoryMember) -> None:
    """A stored member back into the index, as stored (an editor's pin with it)."""
    index.restore(member_doc(member), member.story.key, member.state or {}, pinned=member.pinned)


def _stored():
    return StoryMember.objects.select_related("story", "article").only(
        "article", "story", "story__key", "state", "pinned", "published", "language", "title", "text", "source_name",
        "article__title", "article__text",
    )


def lock() -> threading.RLock:
    """This process's placement lock (an editor's correction takes it too, before the clock)."""
    return _lock


def invalidate_index() -> None:
    """Forget this process's index (rebuilt on next use): for the tests, and after a restore of the database."""
    global _live
    with _lock:
        _live = None


def bump_generation(clock: StoryClock) -> None:
    """Stories changed otherwise than by a placement (in the clock's transaction): every index is rebuilt."""
    clock.generation += 1
    clock.save(update_fields=["generation"])


# --- the hooks -------------------------------------------------------------------------------------------------


@receiver(extracted, dispatch_uid="dragoman-stories-place-extracted")
def _placed_when_extracted(sender, article_id: int, language: str, **kwargs) -> None:
    """An article written in the site's language is compared as soon as it is extracted (sent after the
    extraction's transaction committed)."""
    if in_site_language(language):
        place_quietly(article_id)


def place_after_commit(article_id: int, article: Article | None = None) -> None:
    """Place the article once the current transaction commits (at once outside one); ``article``: the row as
    the caller has it, with its entry and source (else read then)."""
    transaction.on_commit(lambda: place_quietly(article_id, article))

