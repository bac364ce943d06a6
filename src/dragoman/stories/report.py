"""The stories' figures, for ``dragoman status`` (text and ``--json``), ``/metrics`` and the admin."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from dragoman.stories.models import KeptApart, Story, StoryMember
from dragoman.stories.placing import pending


@dataclass
class StoryCounts:
    stories: int  # every story, one article alone included
    grouped: int  # stories of two articles or more (those the site lists)
    articles: int  # articles placed into a story
    near_duplicates: int  # of them, near-duplicates of another article (wire copies)
    machine_summaries: int  # stories whose summary a model wrote
    pinned: int  # members an editor put where they are
    kept_apart: int  # editors' splits
    unplaced: int  # comparable articles not placed yet (a failure; the next pass tries again)

    def as_json(self) -> dict:
        return asdict(self)


def story_counts() -> StoryCounts:
    return StoryCounts(
        stories=Story.objects.count(),
        grouped=Story.objects.filter(size__gte=2).count(),
        articles=StoryMember.objects.count(),
        near_duplicates=StoryMember.objects.filter(duplicate_of__isnull=False).count(),
        machine_summaries=Story.objects.filter(summary_kind=Story.SummaryKind.MACHINE).count(),
        pinned=StoryMember.objects.filter(pinned=True).count(),
        kept_apart=KeptApart.objects.count(),
        unplaced=len(pending()),
    )
