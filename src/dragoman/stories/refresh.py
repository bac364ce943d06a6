"""What a story shows, made again from its members: counts, dates, title and extractive summary."""

from __future__ import annotations

from django.utils import timezone

from dragoman.stories.models import Story, StoryMember
from dragoman.stories.summaries import extractive_rows, next_summary_at

#: What of a member its story's refresh reads: what the counts, the title and the summary (member_doc) need, not
#: the grouping's features (``state``) nor the article's other columns.
SUMMARISED = ("article", "story", "joined_at", "published", "duplicate_of", "compared", "language", "source_name",
              "title", "text", "article__title", "article__text")  # fmt: skip

#: Members whose title is the story's first: compared on a whole text in the site's language.
_WHOLE = (StoryMember.Compared.ORIGINAL, StoryMember.Compared.FULL)


def refresh_story(story: Story, *, corrected: bool = False) -> Story | None:
    """Counts, first seen, last update, title (unless an editor wrote it) and the extractive summary, from the
    members; a story left without members is deleted (None). A machine-written summary stays while members only
    joined and the story has not grown by half since it was written (the model is asked again then:
    :func:`dragoman.stories.summaries.write_machine_summary`); not after an editor's correction (``corrected``)."""
    members = list(story.members.select_related("article").only(*SUMMARISED).order_by("published", "pk"))
    if not members:
        story.delete()
        return None
    story.size = len(members)
    story.sources = len({member.source_name for member in members})
    story.first_seen = min(member.published for member in members)
    story.last_update = max(member.joined_at for member in members)
    if not story.title_by_editor:
        story.title = story_title(members)
    if not corrected and _machine_summary_holds(story, members):
        story.save()
        return story
    story.summary = extractive_rows(members)
    story.summary_kind = Story.SummaryKind.EXTRACTIVE
    story.summary_engine = ""
    story.summary_members = story.size
    story.summary_at = timezone.now()
    story.save()
    return story


def _machine_summary_holds(story: Story, members: list[StoryMember]) -> bool:
    """Whether the story's machine-written summary still stands for ``members``: made from as many or fewer of
    them, and the story not yet grown enough to ask again."""
    if story.summary_kind != Story.SummaryKind.MACHINE or not story.summary_members:
        return False
    return story.summary_members <= len(members) < next_summary_at(story.summary_members)


def story_title(members: list[StoryMember]) -> str:
    """The title of the earliest member that is no near-duplicate, compared on a whole text if one was."""
    originals = [m for m in members if m.duplicate_of_id is None] or members
    whole = [m for m in originals if m.compared in _WHOLE] or originals
    return min(whole, key=lambda m: (m.published, m.pk)).title
