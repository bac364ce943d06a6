"""An editor's corrections to the grouping, which hold when new articles arrive.

**Split**: members moved out of a story into a new one; the two are kept apart from then on
(:class:`~dragoman.stories.models.KeptApart`, given to every index as :meth:`StoryIndex.keep_apart`), and the moved
members are pinned to their new story. **Merge**: the members of several stories moved into one, each pinned
(:meth:`StoryIndex.pin`). Both take the placements' locks (:func:`dragoman.stories.placing.take_clock`) and raise
the clock's generation, so every process rebuilds its index from what the editor left.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dragoman.stories import placing
from dragoman.stories.models import KeptApart, Story, StoryMember
from dragoman.stories.refresh import refresh_story


class CorrectionError(ValueError):
    """A split or merge that cannot be made (said in one line)."""


def editor_key() -> str:
    """A key for a story an editor made (never one the grouping makes: its own have no ``editor-`` prefix)."""
    return f"editor-{uuid.uuid4().hex[:16]}"


def split(story: Story, article_ids, *, editor=None) -> Story:
    """Move the members of ``story`` whose articles are ``article_ids`` into a new story, kept apart from
    ``story`` from now on; returns the new story."""
    wanted = {int(pk) for pk in article_ids}
    with placing.lock(), transaction.atomic():
        clock = placing.take_clock()
        story = Story.objects.get(pk=story.pk)
        moving = list(story.members.filter(article_id__in=wanted))
        if not moving:
            raise CorrectionError(f"none of the articles {sorted(wanted)} is a member of story {story.pk}")
        if len(moving) == story.members.count():
            raise CorrectionError(f"a split must leave story {story.pk} at least one member")
        now = timezone.now()
        new = Story.objects.create(key=editor_key(), first_seen=now, last_update=now, created_at=now)
        StoryMember.objects.filter(pk__in=[m.pk for m in moving]).update(
            story=new, pinned=True, action=StoryMember.Action.MOVED
        )
        KeptApart.objects.create(story=story, other=new, editor=editor)
        refresh_story(story, corrected=True)
        refresh_story(new, corrected=True)
        placing.bump_generation(clock)
    return new


def merge(stories, *, editor=None) -> Story:
    """Move the members of ``stories`` into one of them (the one with most members, then the oldest), each
    pinned there; the others are removed. Returns the story kept."""
    with placing.lock(), transaction.atomic():
        clock = placing.take_clock()
        found = list(Story.objects.filter(pk__in=[s.pk for s in stories]))
        if len(found) < 2:
            raise CorrectionError("a merge needs two stories or more")
        kept = max(found, key=lambda s: (s.members.count(), -s.first_seen.timestamp(), -s.pk))
        others = [s for s in found if s.pk != kept.pk]
        StoryMember.objects.filter(story__in=others).update(story=kept, action=StoryMember.Action.MOVED)
        kept.members.update(pinned=True)
        gone = {s.pk for s in others}
        # what was kept apart from a merged story is kept apart from the story it went into
        for row in KeptApart.objects.filter(Q(story__in=others) | Q(other__in=others)):
            mine = kept.pk if row.story_id in gone else row.story_id
            other = kept.pk if row.other_id in gone else row.other_id
            if mine != other:
                KeptApart.objects.get_or_create(story_id=mine, other_id=other, defaults={"editor": row.editor})
        KeptApart.objects.filter(story=kept, other=kept).delete()
        Story.objects.filter(pk__in=gone).delete()
        refresh_story(kept, corrected=True)
        placing.bump_generation(clock)
    return kept


def remove(stories) -> int:
    """Delete stories (their members with them: their articles are placed again by the next pass)."""
    with placing.lock(), transaction.atomic():
        clock = placing.take_clock()
        count, _ = Story.objects.filter(pk__in=[s.pk for s in stories]).delete()
        placing.bump_generation(clock)
    return count
