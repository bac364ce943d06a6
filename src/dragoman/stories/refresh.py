"""What a story shows, made again from its members: counts, dates, title and extractive summary."""

from __future__ import annotations

import math

from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone

from dragoman.stories.models import Story, StoryMember
from dragoman.stories.summaries import extractive_rows, next_summary_at

#: What of a member its story's refresh reads: what the counts, the title and the summary (member_doc) need, not
#: the grouping's features (``state``) nor the article's other columns.
SUMMARISED = ("article", "story", "joined_at", "published", "duplicate_of", "compared", "language", "source_name",
              "title", "text", "article__title", "article__text")  # fmt: skip

#: A story's extractive summary is made again at every join up to this many members (then as it grows by a fifth).
EVERY_JOIN_UP_TO = 10

#: Members whose title is the story's first: compared on a whole text in the site's language.
_WHOLE = (StoryMember.Compared.ORIGINAL, StoryMember.Compared.FULL)


def refresh_story(story: Story, *, corrected: bool = False) -> Story | None:
    """Counts, first seen, last update, title (unless an editor wrote it) and the extractive summary, from the
    members; a story left without members is deleted (None). The counts, dates and title are read with a few
    aggregate queries, whatever the story's size; the extractive summary, which reads every member's text, is
    made again at every join while the story is small, then as it grows by a fifth (:func:`next_extractive_at`),
    and at an editor's correction (``corrected``), so that a story of n members costs about log(n) summaries, not n.
    A machine-written summary stays while members only joined and the story has not grown by half since it was
    written (the model is asked again then: :func:`dragoman.stories.summaries.write_machine_summary`); not after
    an editor's correction."""
    members = story.members.all()
    counts = members.aggregate(
        size=Count("pk"), sources=Count("source_name", distinct=True), first=Min("published"), last=Max("joined_at")
    )
    if not counts["size"]:
        story.delete()
        return None
    story.size, story.sources = counts["size"], counts["sources"]
    story.first_seen, story.last_update = counts["first"], counts["last"]
    if not story.title_by_editor:
        story.title = story_title(members)
    if corrected:
        story.shown_head = []  # members moved by an editor: every member's page shows the story again
    elif _summary_holds(story):
        story.save()
        return story
    rows = list(members.select_related("article").only(*SUMMARISED).order_by("published", "pk"))
    story.summary = extractive_rows(rows)
    story.summary_kind = Story.SummaryKind.EXTRACTIVE
    story.summary_engine = ""
    story.summary_members = story.size
    story.summary_at = timezone.now()
    story.save()
    return story


def next_extractive_at(members: int) -> int:
    """The story's size at which its extractive summary, last made from ``members``, is made again: at every join
    up to :data:`EVERY_JOIN_UP_TO` members, then grown by a fifth."""
    return members + 1 if members < EVERY_JOIN_UP_TO else math.ceil(members * 1.2)


def _summary_holds(story: Story) -> bool:
    """Whether the story's summary still stands: made from as many or fewer members than it has now, and the story
    not yet grown enough to make it again (an extractive one: :func:`next_extractive_at`; a machine-written one:
    :func:`~dragoman.stories.summaries.next_summary_at`)."""
    again_at = {Story.SummaryKind.EXTRACTIVE: next_extractive_at, Story.SummaryKind.MACHINE: next_summary_at}
    if story.summary_kind not in again_at or not story.summary_members:
        return False
    return story.summary_members <= story.size < again_at[story.summary_kind](story.summary_members)


def story_title(members: QuerySet) -> str:
    """The title of the earliest member that is no near-duplicate, compared on a whole text if one was."""
    originals = members.filter(duplicate_of__isnull=True)
    for chosen in (originals.filter(compared__in=_WHOLE), originals, members.filter(compared__in=_WHOLE), members):
        first = chosen.order_by("published", "pk").values_list("title", flat=True).first()
        if first is not None:
            return first
    return ""
